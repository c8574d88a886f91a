"""The form command: a questionnaire written out for a survey tool, a spreadsheet or paper."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_diag.cli.app import H, LangOption, language, user_errors, write_output
from alliance_diag.cli.choices import choose
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


FORMATS = [f.value for f in FormFormat]


def form_command(
    ref: Annotated[
        str,
        typer.Argument(
            metavar="ID|PATH",
            help=H("Identifiant intégré ou chemin d'un fichier YAML.", "Built-in id or YAML path."),
        ),
    ],
    to: Annotated[
        str,
        typer.Option(
            "--to",
            "-t",
            metavar="|".join(FORMATS),
            help=H("Format du formulaire.", "Form format."),
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|-",
            help=H(
                "Fichier (défaut : ID et suffixe du format) ou -.",
                "File (default: ID and the format's suffix) or -.",
            ),
        ),
    ] = None,
    lang: LangOption = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            metavar="DIR",
            help=H("Gabarits qui remplacent les nôtres.", "Templates overriding ours."),
        ),
    ] = None,
) -> None:
    """The questionnaire written out for a survey tool, a spreadsheet or paper."""
    with user_errors(lang):
        form_format = FormFormat(choose("--to", to, FORMATS))
        from alliance_diag.errors import UsageError
        from alliance_diag.forms import render_form
        from alliance_diag.i18n import choose_language
        from alliance_diag.io.atomic import refuse_overwriting_inputs
        from alliance_diag.io.questionnaire_files import load_questionnaire

        questionnaire = load_questionnaire(ref)
        chosen = choose_language(
            language(lang), questionnaire.languages, questionnaire.default_language
        )
        files = render_form(questionnaire, form_format, chosen, template_dir)
        main = files[0]
        if output == "-" and (len(files) > 1 or isinstance(main.content, bytes)):
            what = _("two_files") if len(files) > 1 else _("binary")
            raise UsageError(_("not_to_stdout", format=form_format.value, what=what))
        target = output or f"{questionnaire.id}{main.suffix}"
        path = Path(target)
        targets = [target, *(str(path.with_name(path.stem + f.suffix)) for f in files[1:])]
        refuse_overwriting_inputs(targets, [ref, template_dir])
        for form_file, written in zip(files, targets, strict=True):
            write_output(form_file.content, written)
