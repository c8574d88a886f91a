"""The paper form's content, for the HTML and Markdown versions: numbered questions in words."""

from __future__ import annotations

from dataclasses import dataclass

from alliance_diag.engine.questionnaire import Question, Questionnaire
from alliance_diag.forms.common import expected, pages
from alliance_diag.forms.relevance import relevance
from alliance_diag.i18n import NARROW_NBSP, Catalog, pick

_ = Catalog(
    {
        "only_if": {"fr": "Seulement si {condition}", "en": "Only if {condition}"},
        "and": {"fr": "et", "en": "and"},
        "or": {"fr": "ou", "en": "or"},
        "not": {"fr": "non ({text})", "en": "not ({text})"},
        "neither": {"fr": "{ref} n'est ni {values}", "en": "{ref} is neither {values}"},
        "neither_join": {"fr": ", ni ", "en": " nor "},
        "none_of": {"fr": "{ref} n'est ni {values}", "en": "{ref} is none of {values}"},
        "none_of_join": {"fr": ", ni ", "en": ", "},
        "page_only_if": {
            "fr": "Cette partie seulement si {condition}.",
            "en": "This part only if {condition}.",
        },
        "empty": {"fr": "{ref} est sans réponse", "en": "{ref} is unanswered"},
        "selected": {"fr": "{ref} comprend {value}", "en": "{ref} includes {value}"},
        "intro": {
            "fr": "Cochez une case par question, sauf indication contraire. « Je ne sais pas » "
            "est une réponse légitime.",
            "en": "Tick one box per question unless told otherwise. “Don't know” is a "
            "legitimate answer.",
        },
    }
)
_SYMBOLS = {"eq": "=", "ne": "≠", "gt": ">", "gteq": "≥", "lt": "<", "lteq": "≤"}


@dataclass(frozen=True)
class PaperQuestion:
    number: int
    id: str
    text: str
    help: str
    expected: str
    condition: str  # "Only if…", unless the page says it for all its questions
    options: list[str]
    lines: int  # blank lines to write on, for text and number answers
    when: str  # when it is asked, in words ("" when always)


@dataclass(frozen=True)
class PaperPage:
    id: str
    title: str
    questions: list[PaperQuestion]
    condition: str = ""  # "This part only if…", for a partner type's module


@dataclass(frozen=True)
class PaperForm:
    lang: str
    title: str
    description: str
    intro: str
    pages: list[PaperPage]


class _Words:
    """Conditions as a person reads them: question numbers and answer labels."""

    tool = "paper"

    def __init__(self, numbers: dict[str, int], lang: str) -> None:
        self.numbers = numbers
        self.lang = lang

    def ref(self, question: Question) -> str:
        return f"Q{self.numbers[question.id]}"

    def value(self, question: Question | None, value: object) -> str:
        option = question.option(str(value)) if question is not None else None
        text = pick(option.label, self.lang) if option is not None else str(value)
        return f"«{NARROW_NBSP}{text}{NARROW_NBSP}»" if self.lang == "fr" else f"“{text}”"

    def compare(self, left: str, op: str, right: str) -> str:
        return f"{left} {_SYMBOLS[op]} {right}"

    def selected(self, question: Question, option: str) -> str:
        return _("selected", self.lang, ref=self.ref(question), value=self.value(question, option))

    def empty(self, question: Question) -> str:
        return _("empty", self.lang, ref=self.ref(question))

    def join(self, word: str, parts: list[str]) -> str:
        return f" {_(word, self.lang)} ".join(parts)

    def negate(self, text: str) -> str:
        return _("not", self.lang, text=text)

    def one_of(self, question: Question, values: list[str], negated: bool) -> str:
        ref = self.ref(question)
        if not negated:
            return f"{ref} = " + f" {_('or', self.lang)} ".join(values)
        if len(values) == 1:
            return self.compare(ref, "ne", values[0])
        form = "neither" if len(values) == 2 else "none_of"
        return _(form, self.lang, ref=ref, values=_(f"{form}_join", self.lang).join(values))


def paper_form(questionnaire: Questionnaire, lang: str) -> PaperForm:
    """Every question numbered, with its help, the answers to tick and when it is asked."""
    numbers: dict[str, int] = {}
    for page in pages(questionnaire):
        for question in page.questions:
            numbers[question.id] = len(numbers) + 1
    words = _Words(numbers, lang)
    paper_pages = []
    for page in pages(questionnaire):
        items = []
        for question in page.questions:
            condition = relevance(questionnaire, question, words)
            options = [pick(o.label, lang) for o in question.options or []]
            shown = condition and page.partner_type is None
            items.append(
                PaperQuestion(
                    number=numbers[question.id],
                    id=question.id,
                    text=pick(question.text, lang),
                    help=pick(question.help, lang),
                    expected=expected(question, lang),
                    condition=_("only_if", lang, condition=condition) if shown else "",
                    options=options,
                    lines=0 if options else 1,
                    when=condition,
                )
            )
        page_condition = ""
        if page.partner_type is not None and items:
            page_condition = _("page_only_if", lang, condition=items[0].when)
        paper_pages.append(PaperPage(page.id, pick(page.label, lang), items, page_condition))
    return PaperForm(
        lang=lang,
        title=pick(questionnaire.title, lang),
        description=pick(questionnaire.description, lang),
        intro=_("intro", lang),
        pages=paper_pages,
    )


def only_if(when: str, lang: str) -> str:
    """ "Only if …" for a condition in words, "" when there is none."""
    return _("only_if", lang, condition=when) if when else ""
