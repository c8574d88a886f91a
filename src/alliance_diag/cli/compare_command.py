"""The compare command: two sides of an alliance, two groups, or one organisation over time."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from alliance_diag.cli.app import H, LangOption, language, user_errors, write_output
from alliance_diag.cli.choices import choose
from alliance_diag.report.comparison import CompareFormat

SIDE_HELP = H("Fichiers d'un côté, répétable.", "One side's files, repeatable.")
FORMATS = [f.value for f in CompareFormat]


def compare_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE...",
            help=H(
                "Fichiers de réponses ou résultats JSON (score --format json).",
                "Answer files or JSON results (score --format json).",
            ),
            show_default=False,
        ),
    ] = None,
    group_a: Annotated[
        list[Path] | None, typer.Option("--a", metavar="FILE", help=SIDE_HELP)
    ] = None,
    group_b: Annotated[
        list[Path] | None, typer.Option("--b", metavar="FILE", help=SIDE_HELP)
    ] = None,
    label_a: Annotated[
        str | None,
        typer.Option(
            "--label-a", metavar="TEXT", help=H("Nom du premier côté.", "First side's name.")
        ),
    ] = None,
    label_b: Annotated[
        str | None,
        typer.Option(
            "--label-b", metavar="TEXT", help=H("Nom du second côté.", "Second side's name.")
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="|".join(FORMATS),
            help=H("Format de sortie.", "Output format."),
        ),
    ] = CompareFormat.terminal.value,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="PATH|-", help=H("Fichier, ou - : la sortie.", "File or -.")
        ),
    ] = None,
    lang: LangOption = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            metavar="DIR",
            help=H("Dossier de gabarits qui remplacent les nôtres.", "Templates overriding ours."),
        ),
    ] = None,
) -> None:
    """Two sides of an alliance, two groups, or one organisation at several dates."""
    with user_errors(lang):
        from alliance_diag.cli.common import report_day
        from alliance_diag.compare_files import compare_files
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
