"""What every form shares: the questionnaire cut into pages, and the texts in each language."""

from __future__ import annotations

from dataclasses import dataclass

from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.i18n import Catalog, pick

_ = Catalog(
    {
        "profile": {
            "fr": "Votre association et l'alliance",
            "en": "Your organisation and the alliance",
        },
        "choose_one": {"fr": "une réponse", "en": "one answer"},
        "choose_many": {"fr": "une ou plusieurs réponses", "en": "one or more answers"},
        "yes_no": {"fr": "oui ou non", "en": "yes or no"},
        "number": {"fr": "un nombre", "en": "a number"},
        "number_between": {
            "fr": "un nombre de {min} à {max}",
            "en": "a number from {min} to {max}",
        },
        "text": {"fr": "texte libre", "en": "free text"},
        "required": {"fr": "obligatoire", "en": "required"},
    }
)

# how survey tools name a language: "Français (fr)" is what XLSForm wants in column names
LANGUAGE_NAMES = {
    "fr": "Français",
    "en": "English",
    "de": "Deutsch",
    "es": "Español",
    "it": "Italiano",
    "nl": "Nederlands",
    "pt": "Português",
}


def language_name(code: str) -> str:
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"


@dataclass(frozen=True)
class Page:
    """A group of questions shown together: the profile, then one page per dimension."""

    id: str
    label: dict[str, str]
    questions: list[Question]


def pages(questionnaire: Questionnaire) -> list[Page]:
    """The profile first, then each dimension's questions in the questionnaire's order."""
    result = []
    if questionnaire.profile:
        label = {lang: _("profile", lang) for lang in questionnaire.languages}
        result.append(Page("profile", label, list(questionnaire.profile)))
    for dimension in questionnaire.dimensions:
        questions = [q for q in questionnaire.questions if q.dimension == dimension.id]
        result.append(Page(dimension.id, dict(dimension.label), questions))
    return result


def texts(text: dict[str, str] | None, languages: list[str]) -> dict[str, str]:
    """A text in every language of the form (one language stands in for a missing one)."""
    return {lang: pick(text, lang) for lang in languages}


def expected(question: Question, lang: str) -> str:
    """What kind of answer a question wants, in words: for paper forms and templates."""
    if question.type is QuestionType.multiple:
        kind = _("choose_many", lang)
    elif question.type is QuestionType.yes_no:
        kind = _("yes_no", lang)
    elif question.type is QuestionType.number:
        if question.min is not None and question.max is not None:
            kind = _("number_between", lang, min=_g(question.min), max=_g(question.max))
        else:
            kind = _("number", lang)
    elif question.type is QuestionType.text:
        kind = _("text", lang)
    else:
        kind = _("choose_one", lang)
    if question.required:
        kind += ", " + _("required", lang)
    return kind


def _g(value: float) -> str:
    return f"{value:g}"
