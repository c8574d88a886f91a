"""The form command: a questionnaire written out for a survey tool, a spreadsheet or paper."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_diag.cli.app import LangOption, language, user_errors, write_output
from alliance_diag.forms import FormFormat
from alliance_diag.i18n import Catalog

_ = Catalog(
    {
        "not_to_stdout": {
            "fr": "--to {format} écrit {what} : donnez un nom de fichier avec --output",
            "en": "--to {format} writes {what}: give a file name with --output",
        },
        "binary": {"fr": "un classeur binaire", "en": "a binary workbook"},
        "two_files": {"fr": "deux fichiers", "en": "two files"},
    }
)


def form_command(
    ref: Annotated[
        str, typer.Argument(metavar="ID|PATH", help="Identifiant ou chemin / id or path.")
    ],
    to: Annotated[
        FormFormat,
        typer.Option("--to", "-t", help="Format du formulaire / form format."),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|-",
            help="Fichier (défaut : ID et suffixe du format) ou - / file (default: ID and "
            "the format's suffix) or -.",
        ),
    ] = None,
    lang: LangOption = None,
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", help="Gabarits qui remplacent les nôtres / templates."),
    ] = None,
) -> None:
    """Écrit le questionnaire pour un outil d'enquête ou pour le papier / write the
    questionnaire for a survey tool or paper (xlsform, limesurvey, csv, answers-yaml,
    html, markdown)."""
    with user_errors(lang):
        from alliance_diag.errors import UsageError
        from alliance_diag.forms import render_form
        from alliance_diag.i18n import choose_language
        from alliance_diag.io.questionnaire_files import load_questionnaire

        questionnaire = load_questionnaire(ref)
        chosen = choose_language(
            language(lang), questionnaire.languages, questionnaire.default_language
        )
        files = render_form(questionnaire, to, chosen, template_dir)
        main = files[0]
        if output == "-" and (len(files) > 1 or isinstance(main.content, bytes)):
            what = _("two_files") if len(files) > 1 else _("binary")
            raise UsageError(_("not_to_stdout", format=to.value, what=what))
        target = output or f"{questionnaire.id}{main.suffix}"
        write_output(main.content, target)
        for extra in files[1:]:
            path = Path(target)
            write_output(extra.content, str(path.with_name(path.stem + extra.suffix)))
