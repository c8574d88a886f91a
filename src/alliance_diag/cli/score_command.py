"""The score command: answer files scored, the report written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from alliance_diag.cli.common import (
    Command,
    H,
    LangOption,
    QuestionnaireOption,
    TemplateDirOption,
    language,
    report_day,
    report_format,
    user_errors,
    write_output,
)
from alliance_diag.core.i18n import Catalog

_ = Catalog({"warning": {"fr": "Attention : {text}", "en": "Warning: {text}"}})


def score_command(
    answer_files: Annotated[
        list[Path],
        typer.Argument(
            metavar="ANSWER_FILE", help=H("Fichiers de réponses YAML.", "YAML answer files.")
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="terminal|markdown|html|json|pdf",
            help=H("Format du rapport.", "Report format."),
        ),
    ] = "terminal",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH|-",
            help=H(
                "Fichier, dossier (sans extension, ou terminé par /, créé au besoin) ou - "
                "(sortie standard).",
                "File, folder (no extension, or ending with /, created when missing) or - "
                "(standard output).",
            ),
        ),
    ] = None,
    template_dir: TemplateDirOption = None,
) -> None:
    """The ``score`` command."""
    with user_errors(lang):
        from alliance_diag.cli.score_files import score_outputs

        outputs, warnings = score_outputs(
            answer_files,
            questionnaire,
            lang=language(lang),
            fmt=report_format("--format", fmt),
            output=output,
            template_dir=template_dir,
            color=output in (None, "-") and sys.stdout.isatty(),
            generated_on=report_day(),
        )
        for warning in warnings:
            typer.echo(_("warning", text=warning), err=True)
        for content, target in outputs:
            write_output(content, target)


SCORE = Command(
    "score",
    help=H(
        "Note des fichiers de réponses et écrit le rapport. Plusieurs fichiers : un seul "
        "document, la vue de groupe d'abord, puis chaque répondant.\n"
        "\n"
        "\b\n"
        "Exemples :\n"
        "  alliance-diag score reponses.yaml -f html -o rapport.html\n"
        "  alliance-diag score camille.yaml karim.yaml lea.yaml -f html -o groupe/",
        "Score answer files and write the report. Several files: one document, the group view "
        "first, then each respondent.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  alliance-diag score answers.yaml -f html -o report.html\n"
        "  alliance-diag score camille.yaml karim.yaml lea.yaml -f html -o group/",
    ),
    short_help=H("Note des fichiers de réponses.", "Score answer files."),
    run=score_command,
)
