"""The questionnaire analyze command: which questions of a questionnaire hang together."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from alliance_diag.cli.common import (
    Command,
    H,
    LangOption,
    OutputOption,
    QuestionnaireOption,
    language,
    user_errors,
    write_output,
)
from alliance_diag.report import AnalysisFormat

AS_BATCH_FR, AS_BATCH_EN = "Comme pour batch.", "As for batch."
ANALYSIS_FORMATS = [f.value for f in AnalysisFormat]


def questionnaire_analyze(
    export_file: Annotated[
        Path, typer.Argument(help=H("Export d'enquête, comme batch.", "Survey export, as batch."))
    ],
    questionnaire: QuestionnaireOption = None,
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", "-m", metavar="MAP.yaml", help=H(AS_BATCH_FR, AS_BATCH_EN)),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="|".join(ANALYSIS_FORMATS),
            help=H("Format de sortie.", "Output format."),
        ),
    ] = AnalysisFormat.terminal.value,
    output: OutputOption = None,
    org_column: Annotated[
        str | None, typer.Option(metavar="COLUMN", help=H(AS_BATCH_FR, AS_BATCH_EN))
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(metavar="ENCODING", help=H(AS_BATCH_FR, AS_BATCH_EN))
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option(metavar="CHAR", help=H(AS_BATCH_FR, AS_BATCH_EN))
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(metavar="SHEET", help=H(AS_BATCH_FR, AS_BATCH_EN))
    ] = None,
    lang: LangOption = None,
) -> None:
    """Which questions of a questionnaire hang together, from an export of its answers."""
    with user_errors(lang):
        from alliance_diag.batch.read import ExportOptions
        from alliance_diag.cli.analyze_terminal import run
        from alliance_diag.cli.choices import choose
        from alliance_diag.io.atomic import refuse_overwriting_inputs

        chosen = AnalysisFormat(choose("--format", fmt, ANALYSIS_FORMATS))
        refuse_overwriting_inputs([output], [export_file, questionnaire, mapping])
        options = ExportOptions(
            export_file, questionnaire, mapping, org_column, encoding, delimiter, sheet,
            language(lang),
        )  # fmt: skip
        terminal = chosen is AnalysisFormat.terminal
        color = output in (None, "-") and terminal and sys.stdout.isatty()
        content, code = run(options, chosen, color=color, stderr=sys.stderr)
        write_output(content, output)
    raise typer.Exit(code)


ANALYZE = Command(
    "analyze",
    help=H(
        "Quelles questions fonctionnent ensemble : alpha de Cronbach par dimension, "
        "corrélation de chaque question avec le reste de sa dimension, « Je ne sais pas », "
        "erreurs de sens probables (docs/analysis.md). Code de sortie 1 si des lignes sont "
        "rejetées (l'analyse porte sur les autres).\n\n"
        "\b\n"
        "Exemple :\n"
        "  alliance-diag questionnaire analyze export.csv -q mon.yaml -f html -o analyse.html",
        "Which questions hang together: Cronbach's alpha per dimension, item-rest "
        'correlations, "don\'t know" shares, likely keying errors (docs/analysis.md). Exit '
        "code 1 when rows are rejected (the rest is analysed).\n\n"
        "\b\n"
        "Example:\n"
        "  alliance-diag questionnaire analyze export.csv -q my.yaml -f html -o analysis.html",
    ),
    short_help=H("Quelles questions fonctionnent ensemble.", "Which questions hang together."),
    run=questionnaire_analyze,
)
