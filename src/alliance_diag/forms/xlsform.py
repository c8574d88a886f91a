"""The questionnaire as an XLSForm workbook (survey, choices, settings) for KoboToolbox and ODK."""

from __future__ import annotations

import io

from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.forms.common import language_name, pages, texts
from alliance_diag.forms.relevance import any_equal, relevance
from alliance_diag.i18n import Catalog

_ = Catalog(
    {
        "between": {"fr": "Un nombre de {min} à {max}", "en": "A number from {min} to {max}"},
    }
)
_OPERATORS = {"eq": "=", "ne": "!=", "gt": ">", "gteq": ">=", "lt": "<", "lteq": "<="}


class XPath:
    """Conditions in XPath, as XLSForm's `relevant` column takes them."""

    tool = "XLSForm"

    def ref(self, question: Question) -> str:
        return "${" + question.id + "}"

    def value(self, question: Question | None, value: object) -> str:
        if isinstance(value, bool):
            return "true()" if value else "false()"
        if isinstance(value, int | float):
            return f"{value:g}"
        text = str(value)
        # XPath 1.0 strings have no escape: pick the quote the text does not hold
        return f'"{text}"' if "'" in text else f"'{text}'"

    def compare(self, left: str, op: str, right: str) -> str:
        return f"{left} {_OPERATORS[op]} {right}"

    def selected(self, question: Question, option: str) -> str:
        return f"selected({self.ref(question)}, {self.value(question, option)})"

    def empty(self, question: Question) -> str:
        return f"{self.ref(question)} = ''"

    def join(self, word: str, parts: list[str]) -> str:
        return "(" + f" {word} ".join(parts) + ")"

    def negate(self, text: str) -> str:
        return f"not({text})"

    def one_of(self, question: Question, values: list[str], negated: bool) -> str:
        return any_equal(self, question, values, negated)


def list_name(question: Question) -> str:
    """Questions on one scale share its list of choices; others have their own."""
    return question.scale or question.id


def _type(question: Question) -> str:
    match question.type:
        case QuestionType.multiple:
            return f"select_multiple {list_name(question)}"
        case QuestionType.number:
            return "decimal"
        case QuestionType.text:
            return "text"
        case _:
            return f"select_one {list_name(question)}"


def sheets(questionnaire: Questionnaire) -> dict[str, list[list[str]]]:
    """The three sheets as rows of cells, header first."""
    langs = questionnaire.languages
    names = [language_name(lang) for lang in langs]
    survey: list[list[str]] = [
        ["type", "name"]
        + [f"label::{n}" for n in names]
        + [f"hint::{n}" for n in names]
        + ["required", "relevant", "constraint"]
        + [f"constraint_message::{n}" for n in names]
    ]
    choices: list[list[str]] = [["list_name", "name"] + [f"label::{n}" for n in names]]
    listed: set[str] = set()
    xpath = XPath()
    for page in pages(questionnaire):
        label = texts(page.label, langs)
        survey.append(
            ["begin_group", page.id, *label.values()] + [""] * (len(survey[0]) - 2 - len(langs))
        )
        for question in page.questions:
            survey.append(_survey_row(questionnaire, question, xpath))
            name = list_name(question)
            if question.options and name not in listed:
                listed.add(name)
                for option in question.options:
                    choices.append([name, option.id, *texts(option.label, langs).values()])
        survey.append(["end_group", page.id] + [""] * (len(survey[0]) - 2))
    settings = [
        ["form_title", "form_id", "version", "default_language"],
        [
            texts(questionnaire.title, langs)[questionnaire.language],
            questionnaire.id.replace("-", "_"),
            questionnaire.version,
            language_name(questionnaire.language),
        ],
    ]
    return {"survey": survey, "choices": choices, "settings": settings}


def _survey_row(questionnaire: Questionnaire, question: Question, xpath: XPath) -> list[str]:
    langs = questionnaire.languages
    constraint = ""
    messages = [""] * len(langs)
    if (
        question.type is QuestionType.number
        and question.min is not None
        and question.max is not None
    ):
        constraint = f". >= {question.min:g} and . <= {question.max:g}"
        messages = [
            _("between", lang, min=f"{question.min:g}", max=f"{question.max:g}") for lang in langs
        ]
    hints = texts(question.help, langs).values() if question.help else [""] * len(langs)
    return [
        _type(question),
        question.id,
        *texts(question.text, langs).values(),
        *hints,
        "yes" if question.required else "",
        relevance(questionnaire, question, xpath),
        constraint,
        *messages,
    ]


def render(questionnaire: Questionnaire) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook()
    for index, (title, rows) in enumerate(sheets(questionnaire).items()):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
