"""Comparison renderers, one module per output format, behind one ``render_comparison``."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, assert_never

if TYPE_CHECKING:
    # the CLI imports this module for its formats: the models wait until a comparison is made
    from alliance_diag.compare.model import Comparison


class CompareFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    json = "json"


def render_comparison(
    comparison: Comparison,
    fmt: CompareFormat,
    *,
    template_dir: Path | None = None,
    color: bool = False,
    width: int | None = None,
    generated_on: date,
) -> str:
    """The comparison in one format; ``generated_on`` is the date printed."""
    day = generated_on
    match fmt:
        case CompareFormat.json:
            from alliance_diag.report import compare_json

            return compare_json.render(comparison)
        case CompareFormat.terminal:
            from alliance_diag.report import compare_terminal

            return compare_terminal.render(comparison, color=color, width=width, generated_on=day)
        case CompareFormat.markdown:
            from alliance_diag.report import compare_markdown

            return compare_markdown.render(comparison, template_dir=template_dir, generated_on=day)
        case CompareFormat.html:
            from alliance_diag.report import compare_html

            return compare_html.render(comparison, template_dir=template_dir, generated_on=day)
        case _:
            assert_never(fmt)
