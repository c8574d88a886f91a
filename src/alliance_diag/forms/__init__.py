"""Forms made from a questionnaire, one module per format, behind one ``render_form`` function."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, assert_never

if TYPE_CHECKING:
    from alliance_diag.engine.questionnaire import Questionnaire


class FormFormat(StrEnum):
    xlsform = "xlsform"
    limesurvey = "limesurvey"
    csv = "csv"
    answers_yaml = "answers-yaml"
    html = "html"
    markdown = "markdown"


@dataclass(frozen=True)
class FormFile:
    """One file of a form: what its name ends with, and its content."""

    suffix: str
    content: str | bytes


def render_form(
    questionnaire: Questionnaire,
    fmt: FormFormat,
    lang: str,
    template_dir: Path | None = None,
) -> list[FormFile]:
    """The form's files, the main one first; pure (the caller writes them)."""
    match fmt:
        case FormFormat.xlsform:
            from alliance_diag.forms import xlsform

            return [FormFile(".xlsx", xlsform.render(questionnaire))]
        case FormFormat.limesurvey:
            from alliance_diag.forms import limesurvey

            return [FormFile("-limesurvey.txt", limesurvey.render(questionnaire))]
        case FormFormat.csv:
            from alliance_diag.forms import csv_template

            return [
                FormFile(".csv", csv_template.template(questionnaire)),
                FormFile("-questions.csv", csv_template.questions(questionnaire, lang)),
            ]
        case FormFormat.answers_yaml:
            from alliance_diag.forms import answers_yaml

            return [FormFile("-answers.yaml", answers_yaml.render(questionnaire, lang))]
        case FormFormat.html:
            from alliance_diag.forms import html

            return [FormFile("-form.html", html.render(questionnaire, lang, template_dir))]
        case FormFormat.markdown:
            from alliance_diag.forms import markdown

            return [FormFile("-form.md", markdown.render(questionnaire, lang, template_dir))]
        case _:
            assert_never(fmt)
