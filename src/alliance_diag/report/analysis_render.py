"""An item analysis in one format: the JSON itself, or its view laid out for a terminal,
Markdown or HTML. The renderers import the view; only this module imports them."""

from __future__ import annotations

from typing import assert_never

from alliance_diag.analysis.model import Analysis
from alliance_diag.report import AnalysisFormat
from alliance_diag.report.analysis_view import build


def render(analysis: Analysis, fmt: AnalysisFormat, *, color: bool = False) -> str:
    """The analysis as text in one format (the CLI decides where it goes)."""
    match fmt:
        case AnalysisFormat.json:
            return analysis.model_dump_json(indent=2) + "\n"
        case AnalysisFormat.terminal:
            from alliance_diag.report import analysis_terminal

            return analysis_terminal.render(build(analysis), color=color)
        case AnalysisFormat.markdown:
            from alliance_diag.report import analysis_markdown

            return analysis_markdown.render(build(analysis))
        case AnalysisFormat.html:
            from alliance_diag.report import analysis_html

            return analysis_html.render(build(analysis))
        case _:
            assert_never(fmt)
