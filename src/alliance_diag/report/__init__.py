"""Report renderers, one module per output format, behind one ``render`` function."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, assert_never

if TYPE_CHECKING:
    from alliance_diag.questionnaire import Questionnaire
    from alliance_diag.result import Result


class Format(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    json = "json"
    pdf = "pdf"


EXTENSIONS = {
    Format.terminal: ".txt",
    Format.markdown: ".md",
    Format.html: ".html",
    Format.json: ".json",
    Format.pdf: ".pdf",
}


def render(
    result: Result,
    questionnaire: Questionnaire,
    fmt: Format,
    *,
    template_dir: Path | None = None,
    color: bool = False,
    width: int = 100,
) -> str | bytes:
    """The report in one format: text for every format but PDF, which is bytes."""
    match fmt:
        case Format.json:
            from alliance_diag.report import json_report

            return json_report.render(result)
        case Format.terminal:
            from alliance_diag.report import terminal

            return terminal.render(result, questionnaire, color=color, width=width)
        case Format.markdown:
            from alliance_diag.report import markdown

            return markdown.render(result, questionnaire, template_dir=template_dir)
        case Format.html:
            from alliance_diag.report import html

            return html.render(result, questionnaire, template_dir=template_dir)
        case Format.pdf:
            from alliance_diag.report import pdf

            return pdf.render(result, questionnaire, template_dir=template_dir)
        case _:
            assert_never(fmt)
