"""What every form shares: the questionnaire cut into pages, and the texts in each language."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import nodes

from alliance_diag.engine.questionnaire import PARTNER_TYPE, Question, Questionnaire, QuestionType
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
        "module": {
            "fr": "Questions propres à votre partenaire : {partner}",
            "en": "Questions for your type of partner: {partner}",
        },
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
    """A group of questions shown together: the profile, one page per dimension, then one
    per partner-type module (asked only of ``partner_type``)."""

    id: str
    label: dict[str, str]
    questions: list[Question]
    partner_type: str | None = None


def pages(questionnaire: Questionnaire) -> list[Page]:
    """The profile first, then each dimension's general questions in the questionnaire's
    order, then each partner type's module in its own page: a survey tool that branches
    between sections only (Google Forms) can then skip a whole module."""
    result = []
    if questionnaire.profile:
        label = {lang: _("profile", lang) for lang in questionnaire.languages}
        result.append(Page("profile", label, list(questionnaire.profile)))
    modules: dict[str, list[Question]] = {}
    general: list[Question] = []
    for question in questionnaire.questions:
        partner_type = module_of(questionnaire, question)
        if partner_type is None:
            general.append(question)
        else:
            modules.setdefault(partner_type, []).append(question)
    for dimension in questionnaire.dimensions:
        questions = [q for q in general if q.dimension == dimension.id]
        result.append(Page(dimension.id, dict(dimension.label), questions))
    asked = questionnaire.question(PARTNER_TYPE)
    for partner_type, questions in modules.items():
        option = asked.option(partner_type) if asked is not None else None
        name = texts(option.label if option else {"fr": partner_type}, questionnaire.languages)
        label = {lang: _("module", lang, partner=name[lang]) for lang in questionnaire.languages}
        result.append(Page(f"module_{partner_type}", label, questions, partner_type))
    return result


def module_of(questionnaire: Questionnaire, question: Question) -> str | None:
    """The partner type whose module a question belongs to: its condition is exactly
    ``profile.partner_type == 'X'``."""
    condition = questionnaire.condition(question.id)
    if condition is None:
        return None
    node = condition.expression()
    if not (isinstance(node, nodes.Compare) and len(node.ops) == 1 and node.ops[0].op == "eq"):
        return None
    left, right = node.expr, node.ops[0].expr
    if isinstance(left, nodes.Const):
        left, right = right, left
    named = (
        isinstance(left, nodes.Getattr)
        and isinstance(left.node, nodes.Name)
        and left.node.name == "profile"
        and left.attr == PARTNER_TYPE
    )
    if named and isinstance(right, nodes.Const) and isinstance(right.value, str):
        return right.value
    return None


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
