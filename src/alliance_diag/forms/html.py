"""The member's form: one self-contained HTML file to fill in alone in a browser, offline.

It prints as the paper form (forms/paper.py gives the words); on screen, the questions
follow the questionnaire's conditions (compiled to JavaScript by forms/script.py from the
engine's parsed conditions), and "Save" downloads the answer file `score` reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from alliance_diag.engine.answers import section_of
from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.forms.paper import PaperForm, paper_form
from alliance_diag.forms.script import conditions_script
from alliance_diag.i18n import Catalog, pick
from alliance_diag.report.templating import get_template, render_template

TEMPLATE = "form.html.j2"

_ = Catalog(
    {
        "how": {
            "fr": "Remplissez ce formulaire dans votre navigateur, sans connexion : seules les "
            "questions qui vous concernent s'affichent. « Enregistrer mes réponses » télécharge "
            "votre fichier de réponses ; pour reprendre plus tard, ouvrez ce formulaire et "
            "chargez ce fichier. Imprimé, il sert de formulaire papier.",
            "en": "Fill in this form in your browser, offline: only the questions that concern "
            "you are shown. “Save my answers” downloads your answer file; to go on later, open "
            "this form and load that file. Printed, it is a paper form.",
        },
        "save": {"fr": "Enregistrer mes réponses", "en": "Save my answers"},
        "save_draft": {
            "fr": "Enregistrer quand même (à compléter)",
            "en": "Save anyway (to be completed)",
        },
        "load": {
            "fr": "Reprendre un fichier de réponses enregistré",
            "en": "Go on with a saved answer file",
        },
        "note": {"fr": "Note (facultative)", "en": "Note (optional)"},
        "missing": {
            "fr": "Il manque des réponses obligatoires :",
            "en": "Some required answers are missing:",
        },
        "invalid": {
            "fr": "Ces réponses attendent un nombre (dans les limites indiquées) :",
            "en": "These answers expect a number (within the limits shown):",
        },
        "saved": {
            "fr": "Réponses enregistrées dans {file} (dossier des téléchargements). Pour le "
            "rapport : alliance-diag score {file}",
            "en": "Answers saved to {file} (your downloads folder). For the report: "
            "alliance-diag score {file}",
        },
        "loaded": {"fr": "Réponses reprises de {file}.", "en": "Answers loaded from {file}."},
        "other": {
            "fr": "Ce fichier répond à un autre questionnaire ({found}) : rien n'a été changé.",
            "en": "This file answers another questionnaire ({found}): nothing was changed.",
        },
        "unreadable": {
            "fr": "{file} n'est pas un fichier de réponses lisible : rien n'a été changé.",
            "en": "{file} is not a readable answer file: nothing was changed.",
        },
    }
)


_WORDS = [
    *("how", "save", "save_draft", "load", "note", "missing", "invalid", "saved"),
    *("loaded", "other", "unreadable"),
]


@dataclass(frozen=True)
class Field:
    """How one question is answered on screen."""

    kind: str  # choice, multiple, number, text
    options: list[tuple[str, str]]  # (option id, label)
    required: bool
    min: float | None
    max: float | None


@dataclass(frozen=True)
class MemberForm:
    paper: PaperForm
    fields: dict[str, Field]
    words: dict[str, str]
    data: Markup  # the questions as JSON, for the script
    conditions: Markup  # the conditions as JavaScript


def _kind(question: Question) -> str:
    if question.type is QuestionType.multiple:
        return "multiple"
    if question.type in (QuestionType.number, QuestionType.text):
        return question.type.value
    return "choice"


def member_form(questionnaire: Questionnaire, lang: str) -> MemberForm:
    paper = paper_form(questionnaire, lang)
    numbers = {q.id: q.number for page in paper.pages for q in page.questions}
    ordered = list(questionnaire.all_questions())
    fields = {
        q.id: Field(
            kind=_kind(q),
            options=[(o.id, pick(o.label, lang)) for o in q.options or []],
            required=q.required,
            min=q.min,
            max=q.max,
        )
        for q in ordered
    }
    # {file} and {found} stay for the script to fill in
    words = {key: _(key, lang, file="{file}", found="{found}") for key in _WORDS}
    data = {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "lang": lang,
        "words": words,
        # the engine's order: profile, then the statements as the questionnaire lists them
        "questions": [
            {
                "id": q.id,
                "section": section_of(q),
                "kind": fields[q.id].kind,
                "required": q.required,
                "number": numbers[q.id],
                "text": pick(q.text, lang),
                "min": q.min,
                "max": q.max,
            }
            for q in ordered
        ],
    }
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return MemberForm(
        paper=paper,
        fields=fields,
        words=words,
        data=Markup(text),
        conditions=Markup(conditions_script(questionnaire)),
    )


def render(questionnaire: Questionnaire, lang: str, template_dir: Path | None = None) -> str:
    template = get_template(template_dir, TEMPLATE, html=True)
    member = member_form(questionnaire, lang)
    return render_template(template, form=member.paper, member=member)
