"""The command line: parses options, calls the library, maps errors to exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from alliance_diag import __version__
from alliance_diag.i18n import Catalog, set_language
from alliance_diag.report import Format

_ = Catalog(
    {
        "interrupted": {"fr": "Interrompu.", "en": "Interrupted."},
        "valid": {
            "fr": "{path} : valide ({questions} questions, {dimensions} dimensions)",
            "en": "{path}: valid ({questions} questions, {dimensions} dimensions)",
        },
        "written": {"fr": "Écrit : {path}", "en": "Written: {path}"},
        "several_outputs": {
            "fr": "avec plusieurs fichiers de réponses, --output doit être un dossier (ou -)",
            "en": "with several answer files, --output must be a folder (or -)",
        },
        "pdf_stdout": {
            "fr": "un PDF ne s'écrit pas dans le terminal : donnez --output FICHIER.pdf",
            "en": "a PDF is not written to the terminal: give --output FILE.pdf",
        },
    }
)

app = typer.Typer(
    name="alliance-diag",
    help="Diagnostic de préparation à l'alliance pour les associations / "
    "Alliance-readiness diagnostic for associations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # plain help: rich's help formatter would double the start-up time of --help
    rich_markup_mode=None,
)
questionnaire_app = typer.Typer(
    help="Questionnaires: list, show, validate, schema.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(questionnaire_app, name="questionnaire")


class Lang(StrEnum):
    fr = "fr"
    en = "en"


class ShowFormat(StrEnum):
    terminal = "terminal"
    json = "json"


LangOption = Annotated[
    Lang | None,
    typer.Option("--lang", help="Langue / language (défaut : celle du questionnaire, puis LANG)."),
]
QuestionnaireOption = Annotated[
    str | None,
    typer.Option(
        "--questionnaire",
        "-q",
        help="Identifiant intégré ou chemin d'un fichier YAML / built-in id or YAML path.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alliance-diag {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Diagnostic de préparation à l'alliance / alliance-readiness diagnostic."""


def fail(problems_text: str, code: int = 1) -> NoReturn:
    typer.echo(problems_text, err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors(lang: Lang | None = None) -> Iterator[None]:
    """Turn our errors into located messages on stderr and the contract's exit codes."""
    from alliance_diag.errors import AllianceDiagError

    set_language(lang.value if lang else None)
    try:
        yield
    except AllianceDiagError as error:
        fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        fail(_("interrupted"), 130)


def write_output(content: str | bytes, output: str | None) -> None:
    """Write a rendered report to a file, or to standard output for ``-`` or nothing."""
    if output in (None, "-"):
        if isinstance(content, bytes):
            fail(_("pdf_stdout"), 2)
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    from alliance_diag.files import write_atomically

    write_atomically(Path(output), content)
    typer.echo(_("written", path=output), err=True)


@questionnaire_app.command("list")
def questionnaire_list(lang: LangOption = None) -> None:
    """Les questionnaires intégrés / the built-in questionnaires."""
    with user_errors(lang):
        from alliance_diag.report.questionnaire_view import render_list

        typer.echo(render_list(lang.value if lang else None, color=sys.stdout.isatty()), nl=False)


@questionnaire_app.command("show")
def questionnaire_show(
    ref: Annotated[str, typer.Argument(help="Identifiant ou chemin / id or path.")],
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.terminal,
    lang: LangOption = None,
) -> None:
    """Affiche un questionnaire / show a questionnaire."""
    with user_errors(lang):
        from alliance_diag.questionnaire import load_questionnaire

        questionnaire = load_questionnaire(ref)
        if fmt is ShowFormat.json:
            typer.echo(questionnaire.model_dump_json(indent=2))
            return
        from alliance_diag.report.questionnaire_view import render_questionnaire

        text = render_questionnaire(
            questionnaire, lang.value if lang else None, color=sys.stdout.isatty()
        )
        typer.echo(text, nl=False)


@questionnaire_app.command("validate")
def questionnaire_validate(
    paths: Annotated[list[Path], typer.Argument(help="Fichiers YAML / YAML files.")],
    lang: LangOption = None,
) -> None:
    """Vérifie des questionnaires, tous les problèmes d'un coup / check questionnaires."""
    with user_errors(lang):
        from alliance_diag.errors import InputError
        from alliance_diag.questionnaire import load_questionnaire

        problems = []
        for path in paths:
            try:
                questionnaire = load_questionnaire(path)
            except InputError as error:
                problems.extend(error.problems)
                continue
            typer.echo(
                _(
                    "valid",
                    path=path,
                    questions=len(questionnaire.questions),
                    dimensions=len(questionnaire.dimensions),
                )
            )
        if problems:
            raise InputError(problems)


@questionnaire_app.command("schema")
def questionnaire_schema() -> None:
    """Le JSON Schema du format / the JSON Schema of the questionnaire format."""
    with user_errors():
        from alliance_diag.questionnaire import json_schema

        typer.echo(json_schema())


@app.command("score")
def score_command(
    answer_files: Annotated[list[Path], typer.Argument(help="Fichiers de réponses YAML.")],
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.terminal,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Fichier, dossier, ou - (sortie standard).")
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", help="Dossier de gabarits qui remplacent les nôtres."),
    ] = None,
) -> None:
    """Note des fichiers de réponses / score answer files."""
    with user_errors(lang):
        from alliance_diag.errors import InputError
        from alliance_diag.report import EXTENSIONS, render
        from alliance_diag.service import load_many, score_files

        if len(answer_files) > 1 and output not in (None, "-") and not Path(output).is_dir():
            raise InputError(_("several_outputs"))
        loaded = load_many(answer_files, questionnaire)
        code_lang = lang.value if lang else None
        color = output in (None, "-") and sys.stdout.isatty()
        for path, (result, questionnaire_model) in zip(
            answer_files, score_files(loaded, code_lang), strict=True
        ):
            content = render(
                result, questionnaire_model, fmt, template_dir=template_dir, color=color
            )
            target = output
            if output not in (None, "-") and Path(output).is_dir():
                target = str(Path(output) / (path.stem + EXTENSIONS[fmt]))
            write_output(content, target)


def main() -> None:
    app()
