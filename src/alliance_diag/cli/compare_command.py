"""The compare command: two sides of an alliance, two groups, or one organisation over time."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from alliance_diag.cli.choices import choose
from alliance_diag.cli.common import (
    Command,
    H,
    LangOption,
    OutputOption,
    TemplateDirOption,
    language,
    report_day,
    user_errors,
    write_output,
)
from alliance_diag.report.comparison import CompareFormat

SIDE_HELP = H("Fichiers d'un côté, répétable.", "One side's files, repeatable.")
FORMATS = [f.value for f in CompareFormat]


FilesOption = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="FILE...",
        help=H(
            "Fichiers de réponses ou résultats JSON (score --format json).",
            "Answer files or JSON results (score --format json).",
        ),
        show_default=False,
    ),
]
LabelAOption = Annotated[
    str | None,
    typer.Option("--label-a", metavar="TEXT", help=H("Nom du premier côté.", "First side's name.")),
]
LabelBOption = Annotated[
    str | None,
    typer.Option("--label-b", metavar="TEXT", help=H("Nom du second côté.", "Second side's name.")),
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="|".join(FORMATS),
        help=H("Format de sortie.", "Output format."),
    ),
]


def compare_command(
    files: FilesOption = None,
    group_a: Annotated[
        list[Path] | None, typer.Option("--a", metavar="FILE", help=SIDE_HELP)
    ] = None,
    group_b: Annotated[
        list[Path] | None, typer.Option("--b", metavar="FILE", help=SIDE_HELP)
    ] = None,
    label_a: LabelAOption = None,
    label_b: LabelBOption = None,
    fmt: FormatOption = CompareFormat.terminal.value,
    output: OutputOption = None,
    lang: LangOption = None,
    template_dir: TemplateDirOption = None,
) -> None:
    """Two sides of an alliance, two groups, or one organisation at several dates."""
    with user_errors(lang):
        from alliance_diag.cli.compare_files import compare_files
        from alliance_diag.io.atomic import refuse_overwriting_inputs
        from alliance_diag.report.comparison import render_comparison

        inputs = [*(files or []), *(group_a or []), *(group_b or []), template_dir]
        refuse_overwriting_inputs([output], inputs)
        chosen = CompareFormat(choose("--format", fmt, FORMATS))
        comparison = compare_files(
            files or [],
            group_a or [],
            group_b or [],
            lang=language(lang),
            label_a=label_a,
            label_b=label_b,
        )
        text = render_comparison(
            comparison,
            chosen,
            template_dir=template_dir,
            color=output in (None, "-") and sys.stdout.isatty(),
            generated_on=report_day(),
        )
        write_output(text, output)


COMPARE = Command(
    "compare",
    help=H(
        "Compare deux regards sur une alliance, deux groupes, ou une organisation à "
        "plusieurs dates.\n\n"
        "\b\n"
        "Exemples :\n"
        "  alliance-diag compare nous.yaml partenaire.yaml -f html -o comparaison.html\n"
        "  alliance-diag compare bilan-2025.yaml bilan-2026.yaml bilan-2027.yaml\n"
        "  alliance-diag compare --a camille.yaml --a karim.yaml --b fondation.yaml",
        "Compares two views of one alliance, two groups, or one organisation at several "
        "dates.\n\n"
        "\b\n"
        "Examples:\n"
        "  alliance-diag compare ours.yaml partner.yaml -f html -o comparison.html\n"
        "  alliance-diag compare review-2025.yaml review-2026.yaml review-2027.yaml\n"
        "  alliance-diag compare --a camille.yaml --a karim.yaml --b foundation.yaml",
    ),
    short_help=H("Compare deux regards ou plusieurs dates.", "Two views or several dates."),
    run=compare_command,
)
