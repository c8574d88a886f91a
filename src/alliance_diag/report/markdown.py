"""The report in Markdown, to paste in an email or a wiki."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.report.context import build
from alliance_diag.report.templating import get_template, render_template

TEMPLATE = "report.md.j2"


def render(
    result: Result,
    questionnaire: Questionnaire,
    *,
    template_dir: Path | None = None,
    generated_on: date,
) -> str:
    context = build(result, questionnaire, generated_on)
    template = get_template(template_dir, TEMPLATE, html=False)
    return render_template(template, **context.variables())
