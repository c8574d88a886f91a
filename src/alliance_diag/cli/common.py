"""What every command shares: its help, its options, its errors, its output, its date.

Kept free of heavy imports: it runs on every start, ``--help`` included; each command
imports the library inside its function.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from alliance_diag.cli.usage import HelpCommand, requested_language
from alliance_diag.core.errors import UsageError
from alliance_diag.core.i18n import (
    Catalog,
    language_code,
    language_from_env,
    language_is_set,
    set_language,
    typeset_fr,
)
from alliance_diag.report import Format

_ = Catalog(
    {
        "bad_epoch": {
            "fr": "SOURCE_DATE_EPOCH doit être un nombre de secondes depuis le "
            "1er janvier 1970, entre 0 et {top} ; reçu « {value} ».",
            "en": "SOURCE_DATE_EPOCH must be a number of seconds since 1 January 1970, "
            "between 0 and {top}; got '{value}'.",
        },
        "interrupted": {"fr": "Interrompu.", "en": "Interrupted."},
        "written": {"fr": "Écrit : {path}", "en": "Written: {path}"},
    }
)

# --help speaks one language, the one --lang or LANG asks for, read before parsing
HELP_LANG = requested_language(sys.argv[1:])


def H(fr: str, en: str) -> str:
    """A help text in the language of this run; in French, no-break spaces before « : »
    and narrow ones before ; ? !, so that no line of the help starts with them."""
    return typeset_fr(fr) if HELP_LANG == "fr" else en


LANGUAGES = ("fr", "en")

LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="fr|en",
        help=H(
            "Langue des messages et des rapports (défaut : celle du questionnaire, puis LANG).",
            "Language of messages and reports (default: the questionnaire's, then LANG).",
        ),
    ),
]
QuestionnaireOption = Annotated[
    str | None,
    typer.Option(
        "--questionnaire",
        "-q",
        metavar="ID|PATH",
        help=H(
            "Identifiant d'un questionnaire intégré, ou chemin d'un fichier YAML.",
            "A built-in questionnaire's id, or the path of a YAML file.",
        ),
    ),
]
TemplateDirOption = Annotated[
    Path | None,
    typer.Option(
        "--template-dir",
        metavar="DIR",
        help=H("Dossier de gabarits qui remplacent les nôtres.", "Templates overriding ours."),
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="PATH|-",
        help=H("Fichier, ou - : la sortie standard.", "File, or -: standard output."),
    ),
]

# the --lang given before the command, for this run
BEFORE_COMMAND: list[str] = []


def fail(problems_text: str, code: int = 1) -> NoReturn:
    """Say what went wrong on stderr and leave with the contract's exit code."""
    from alliance_diag.core.textfold import printable

    # a file name or a value quoted from a file may hold an ESC sequence: never run it
    typer.echo(printable(problems_text), err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors(lang: str | None = None) -> Iterator[None]:
    """Turn our errors into located messages on stderr and the contract's exit codes."""
    from alliance_diag.core.errors import AllianceDiagError

    # the environment is read here, at the edge: the library only takes what it is given;
    # a --lang before the command has set it already
    if not language_is_set():
        set_language(language_from_env())
    try:
        if lang is not None:
            set_language(language(lang))
        yield
    except AllianceDiagError as error:
        fail(str(error), error.exit_code)
    except OSError as error:
        # a folder without permission, a path too long, wherever the library met it: the
        # file named, in the user's language, exit 1
        from alliance_diag.core.errors import InputError
        from alliance_diag.io.atomic import os_problem

        where = error.filename if error.filename is not None else "alliance-diag"
        fail(str(InputError([os_problem(where, error, writing=None)])), 1)
    except KeyboardInterrupt:
        fail(_("interrupted"), 130)


def language(lang: str | None) -> str | None:
    """``--lang`` checked, after the command or else before it: fr or en in any case, with
    or without a region (``fr_FR``, ``en-GB``); None when not given. The one rule of the
    language of a run: this, else the answers' or the questionnaire's language (for reports
    and for the messages said once they are read), else LANG."""
    if lang is None:
        return BEFORE_COMMAND[0] if BEFORE_COMMAND else None
    from alliance_diag.cli.choices import choose

    return language_code(lang) or choose("--lang", lang, LANGUAGES)


def report_format(option: str, value: str) -> Format:
    """A report format option checked against the formats there are."""
    from alliance_diag.cli.choices import choose

    return Format(choose(option, value, [f.value for f in Format]))


def write_output(content: str | bytes, output: str | None) -> None:
    """Write a rendered report to a file, or to standard output for ``-`` or nothing."""
    if output in (None, "-"):
        assert isinstance(content, str), "a PDF is refused for standard output before rendering"
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    from alliance_diag.io.atomic import write_atomically

    write_atomically(Path(output), content)
    typer.echo(_("written", path=output), err=True)


# 31 December 9999, the last day a date can hold
_LAST_EPOCH = 253402300799


def report_day() -> date:
    """The date every report of this run says it was generated: today, or the day the
    reproducible-builds ``SOURCE_DATE_EPOCH`` gives, so that the same answers give the
    same files. Decided once here; the renderers take it as an argument."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return date.today()
    value = epoch.strip()
    if not (value.isascii() and value.isdigit()) or int(value) > _LAST_EPOCH:
        raise UsageError(_("bad_epoch", value=epoch[:40], top=_LAST_EPOCH))
    return datetime.fromtimestamp(int(value), tz=UTC).date()


@dataclass(frozen=True)
class Command:
    """One command of the program: its name, its help, and the function that runs it."""

    name: str
    help: str
    short_help: str
    run: Callable[..., None]

    def register(self, group: typer.Typer) -> None:
        """Add this command to the program, or to a group of it (``questionnaire``)."""
        group.command(self.name, cls=HelpCommand, help=self.help, short_help=self.short_help)(
            self.run
        )
