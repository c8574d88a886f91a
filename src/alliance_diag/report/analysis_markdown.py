"""The item analysis in Markdown, laid out by a template."""

from __future__ import annotations

from alliance_diag.report.analysis_view import AnalysisView
from alliance_diag.report.templating import get_template, render_template

TEMPLATE = "analysis.md.j2"


def render(view: AnalysisView) -> str:
    template = get_template(None, TEMPLATE, html=False)
    return render_template(template, **view.variables())
