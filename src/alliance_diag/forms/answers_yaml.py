"""A blank answer file for `score`: every question with its text, help and answers as comments."""

from __future__ import annotations

import json
import textwrap

from alliance_diag.engine.answers import section_of
from alliance_diag.engine.questionnaire import Question, Questionnaire
from alliance_diag.forms.common import expected, pages
from alliance_diag.forms.paper import only_if, paper_form
from alliance_diag.i18n import Catalog, pick

_ = Catalog(
    {
        "head": {
            "fr": "Fichier de réponses vierge : écrivez chaque réponse après les deux-points "
            "(l'identifiant d'une réponse, un nombre ou un texte entre guillemets), laissez null "
            "pour ne pas répondre, puis : alliance-diag score {file}",
            "en": "Blank answer file: write each answer after the colon (an answer's id, a "
            "number, or a text in quotes), leave null to skip, then: alliance-diag score {file}",
        },
    }
)
WIDTH = 96


def _comment(text: str, indent: str) -> list[str]:
    return (
        [f"{indent}# {line}" for line in textwrap.wrap(text, WIDTH - len(indent) - 2)]
        if text
        else []
    )


def _question_lines(question: Question, lang: str, condition: str, indent: str) -> list[str]:
    lines = _comment(pick(question.text, lang) + f" ({expected(question, lang)})", indent)
    lines += _comment(pick(question.help, lang), indent)
    lines += _comment(condition, indent)
    for option in question.options or []:
        lines.append(f"{indent}#   {option.id}: {pick(option.label, lang)}")
    lines.append(f"{indent}{question.id}: null")
    return lines


def render(questionnaire: Questionnaire, lang: str) -> str:
    """The file, ready for `score` once the nulls are replaced by answers."""
    conditions = {
        q.id: only_if(q.when, lang)
        for page in paper_form(questionnaire, lang).pages
        for q in page.questions
    }
    lines = _comment(_("head", lang, file=f"{questionnaire.id}-answers.yaml"), "")
    lines += [
        f"questionnaire: {questionnaire.id}",
        f"questionnaire_version: {json.dumps(questionnaire.version)}",
        f"language: {lang}",
    ]
    for section in ("respondent", "profile", "answers"):
        lines.append(f"{section}:")
        for page in pages(questionnaire):
            chosen = [q for q in page.questions if section_of(q) == section]
            if not chosen:
                continue
            if section == "answers":
                lines += _comment(pick(page.label, lang).upper(), "  ")
            for question in chosen:
                lines += _question_lines(question, lang, conditions[question.id], "  ")
        if lines[-1] == f"{section}:":
            lines[-1] += " {}"
    return "\n".join(lines) + "\n"
