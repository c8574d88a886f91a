"""The paper form in Markdown, through the report templates."""

from __future__ import annotations

from pathlib import Path

from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.forms.paper import paper_form
from alliance_diag.report.templating import get_template, render_template

TEMPLATE = "form.md.j2"


def render(questionnaire: Questionnaire, lang: str, template_dir: Path | None = None) -> str:
    template = get_template(template_dir, TEMPLATE, html=False)
    return render_template(template, form=paper_form(questionnaire, lang))
