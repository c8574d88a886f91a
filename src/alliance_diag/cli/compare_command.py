"""The compare command: two sides of an alliance, two groups, or one organisation over time."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from alliance_diag.cli.app import LangOption, language, user_errors, write_output
from alliance_diag.report.comparison import CompareFormat

SIDE_HELP = "Fichiers d'un côté, répétable / one side's files, repeatable."


def compare_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE...",
            help="Fichiers de réponses ou résultats JSON (score --format json) / answer files "
            "or JSON results.",
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
        str | None, typer.Option("--label-a", help="Nom du premier côté / first side's name.")
    ] = None,
    label_b: Annotated[
        str | None, typer.Option("--label-b", help="Nom du second côté / second side's name.")
    ] = None,
    fmt: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="Format / output format.")
    ] = CompareFormat.terminal,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="PATH|-", help="Fichier ou - / file or -."),
    ] = None,
    lang: LangOption = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            help="Dossier de gabarits qui remplacent les nôtres / templates overriding ours.",
        ),
    ] = None,
) -> None:
    """Compare deux regards ou plusieurs dates / compare two views or several dates.

    \b
    compare A B          deux côtés d'une alliance (ou une organisation à deux dates)
    compare A B C ...    une organisation à plusieurs dates, rangées par date
    compare --a F1 --a F2 --b F3 --b F4   deux groupes, chacun moyenné comme la vue de groupe

    \b
    compare A B          two sides of an alliance (or one organisation at two dates)
    compare A B C ...    one organisation at several dates, in date order
    compare --a F1 --a F2 --b F3 --b F4   two groups, each averaged as in the group view
    """
    with user_errors(lang):
        from alliance_diag.compare_files import compare_files
        from alliance_diag.report.comparison import render_comparison

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
            fmt,
            template_dir=template_dir,
            color=output in (None, "-") and sys.stdout.isatty(),
        )
        write_output(text, output)
