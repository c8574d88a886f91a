"""A blank spreadsheet to fill in by hand: question ids as headers, and a sheet explaining them."""

from __future__ import annotations

import csv
import io

from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.forms.common import expected, pages
from alliance_diag.forms.paper import paper_form
from alliance_diag.i18n import Catalog, pick

_ = Catalog(
    {
        "id": {"fr": "identifiant", "en": "id"},
        "page": {"fr": "partie", "en": "section"},
        "question": {"fr": "question", "en": "question"},
        "expected": {"fr": "réponse attendue", "en": "expected answer"},
        "answers": {
            "fr": "réponses possibles (à écrire telles quelles)",
            "en": "allowed answers (write them as shown)",
        },
        "help": {"fr": "aide", "en": "help"},
        "condition": {"fr": "posée seulement si", "en": "asked only if"},
    }
)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def template(questionnaire: Questionnaire) -> str:
    """One header row of question ids: one line per respondent goes below it."""
    ids = [q.id for page in pages(questionnaire) for q in page.questions]
    return _csv([ids])


def questions(questionnaire: Questionnaire, lang: str) -> str:
    """Each id with its text, the answers it accepts (option ids, then their labels) and
    when it is asked, in words."""
    keys = ("id", "page", "question", "expected", "answers", "help", "condition")
    rows = [[_(key, lang) for key in keys]]
    paper = paper_form(questionnaire, lang)
    conditions = {q.id: q.when for page in paper.pages for q in page.questions}
    for page in pages(questionnaire):
        for question in page.questions:
            allowed = " | ".join(f"{o.id} = {pick(o.label, lang)}" for o in question.options or [])
            rows.append(
                [
                    question.id,
                    pick(page.label, lang),
                    pick(question.text, lang),
                    expected(question, lang),
                    allowed,
                    pick(question.help, lang),
                    conditions[question.id],
                ]
            )
    return _csv(rows)
