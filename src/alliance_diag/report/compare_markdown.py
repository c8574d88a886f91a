"""The comparison in Markdown, to paste in an email or a wiki."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alliance_diag.compare.model import Comparison
from alliance_diag.report.compare_context import build
from alliance_diag.report.templating import get_template, render_template

TEMPLATE = "compare.md.j2"


def render(comparison: Comparison, *, template_dir: Path | None = None, generated_on: date) -> str:
    context = build(comparison, generated_on)
    template = get_template(template_dir, TEMPLATE, html=False)
    return render_template(template, **context.variables())
