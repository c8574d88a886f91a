"""Report renderers, one module per output format, behind one ``render`` function."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, assert_never

if TYPE_CHECKING:
    from alliance_diag.engine.questionnaire import Questionnaire
    from alliance_diag.engine.result import Result


class Format(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    json = "json"
    pdf = "pdf"


class AnalysisFormat(StrEnum):
    """The formats of ``questionnaire analyze`` (report/analysis_view.py renders them)."""

    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    json = "json"


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
    width: int | None = None,
    generated_on: date,
) -> str | bytes:
    """The report in one format: text for every format but PDF, which is bytes.

    ``generated_on`` is the date printed on the report, decided once by the caller (the
    CLI's ``report_day``), so that a batch stamps all its reports alike.
    """
    match fmt:
        case Format.json:
            from alliance_diag.report import json_report

            return json_report.render(result)
        case Format.terminal:
            from alliance_diag.report import terminal

            return terminal.render(
                result, questionnaire, color=color, width=width, generated_on=generated_on
            )
        case Format.markdown:
            from alliance_diag.report import markdown

            return markdown.render(
                result, questionnaire, template_dir=template_dir, generated_on=generated_on
            )
        case Format.html:
            from alliance_diag.report import html

            return html.render(
                result, questionnaire, template_dir=template_dir, generated_on=generated_on
            )
        case Format.pdf:
            from alliance_diag.report import pdf

            return pdf.render(
                result, questionnaire, template_dir=template_dir, generated_on=generated_on
            )
        case _:
            assert_never(fmt)
