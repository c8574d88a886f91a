"""The questionnaire in LimeSurvey's tab-separated survey structure (the .txt it imports)."""

from __future__ import annotations

import csv
import html
import io

from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.forms.codes import Codes, limesurvey_codes
from alliance_diag.forms.common import pages, texts
from alliance_diag.forms.relevance import any_equal, relevance

# the columns of LimeSurvey's own TSV export (tsvSurveyExport), then the attributes we set
COLUMNS = [
    "id",
    "related_id",
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "mandatory",
    "other",
    "default",
    "same_default",
    "min_num_value",
    "max_num_value",
]
_OPERATORS = {"eq": "==", "ne": "!=", "gt": ">", "gteq": ">=", "lt": "<", "lteq": "<="}


class Expression:
    """Conditions in LimeSurvey's ExpressionScript, on question and answer codes."""

    tool = "LimeSurvey"

    def __init__(self, codes: Codes) -> None:
        self.codes = codes

    def ref(self, question: Question) -> str:
        # .NAOK: a question hidden by its own condition still reads as unanswered
        return f"{self.codes.questions[question.id]}.NAOK"

    def value(self, question: Question | None, value: object) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{value:g}"
        text = str(value)
        if question is not None:
            text = self.codes.answers.get(question.id, {}).get(text, text)
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def compare(self, left: str, op: str, right: str) -> str:
        return f"{left} {_OPERATORS[op]} {right}"

    def selected(self, question: Question, option: str) -> str:
        code = self.codes.questions[question.id]
        return f'{code}_{self.codes.answers[question.id][option]}.NAOK == "Y"'

    def empty(self, question: Question) -> str:
        return f"is_empty({self.ref(question)})"

    def join(self, word: str, parts: list[str]) -> str:
        return "(" + f" {word} ".join(parts) + ")"

    def negate(self, text: str) -> str:
        return f"!({text})"

    def one_of(self, question: Question, values: list[str], negated: bool) -> str:
        return any_equal(self, question, values, negated)


def _type(question: Question) -> str:
    match question.type:
        case QuestionType.multiple:
            return "M"
        case QuestionType.number:
            return "N"
        case QuestionType.text:
            return "S"
        case _:
            return "L"  # a list of radio buttons, one answer code each


def _html(text: str) -> str:
    # LimeSurvey shows its texts as HTML, one line each
    return html.escape(" ".join(text.split()), quote=False)


def rows(questionnaire: Questionnaire) -> list[dict[str, str]]:
    """Every row of the structure file: survey, its languages, then groups, questions and
    answers once per language (ids tie the languages' rows together)."""
    langs = questionnaire.languages
    codes = limesurvey_codes(questionnaire)
    expression = Expression(codes)
    others = " ".join(lang for lang in langs if lang != questionnaire.language)
    out = [
        {"class": "S", "name": "language", "text": questionnaire.language},
        {"class": "S", "name": "additional_languages", "text": others},
        {"class": "S", "name": "format", "text": "G"},
        {"class": "S", "name": "datestamp", "text": "Y"},
    ]
    for lang in langs:
        title = texts(questionnaire.title, langs)[lang]
        description = texts(questionnaire.description, langs)[lang]
        out.append(
            {"class": "SL", "name": "surveyls_title", "text": _html(title), "language": lang}
        )
        out.append(
            {
                "class": "SL",
                "name": "surveyls_description",
                "text": _html(description),
                "language": lang,
            }
        )
    conditions = {
        q.id: relevance(questionnaire, q, expression) for q in questionnaire.all_questions()
    }
    numbers = {q.id: n for n, q in enumerate(questionnaire.all_questions(), start=1)}
    # subquestions get ids of their own after every question's, as tsvSurveyExport writes
    # them: without one, LimeSurvey numbers them 1, 2… onto the questions' ids
    multiple = [q for q in questionnaire.all_questions() if q.type is QuestionType.multiple]
    sub_ids = {
        (q.id, o.id): len(numbers) + n
        for n, (q, o) in enumerate(((q, o) for q in multiple for o in q.options or []), start=1)
    }
    for lang in langs:
        for order, page in enumerate(pages(questionnaire), start=1):
            label = texts(page.label, langs)[lang]
            out.append(
                {
                    "id": str(order),
                    "class": "G",
                    "type/scale": str(order),
                    "name": _html(label),
                    "language": lang,
                }
            )
            for question in page.questions:
                number = numbers[question.id]
                rows = _question_rows(question, codes, conditions, number, lang, langs)
                for row, option in zip(rows[1:], question.options or [], strict=True):
                    if (question.id, option.id) in sub_ids:
                        row["id"] = str(sub_ids[question.id, option.id])
                out.extend(rows)
    return out


def _question_rows(
    question: Question,
    codes: Codes,
    conditions: dict[str, str],
    number: int,
    lang: str,
    langs: list[str],
) -> list[dict[str, str]]:
    row = {
        "id": str(number),
        "class": "Q",
        "type/scale": _type(question),
        "name": codes.questions[question.id],
        "relevance": conditions[question.id] or "1",
        "text": _html(texts(question.text, langs)[lang]),
        "help": _html(texts(question.help, langs)[lang]) if question.help else "",
        "language": lang,
        "mandatory": "Y" if question.required else "N",
        "other": "N",
    }
    if question.type is QuestionType.number:
        row["min_num_value"] = "" if question.min is None else f"{question.min:g}"
        row["max_num_value"] = "" if question.max is None else f"{question.max:g}"
    result = [row]
    kind = "SQ" if question.type is QuestionType.multiple else "A"
    for option in question.options or []:
        result.append(
            {
                "class": kind,
                "type/scale": "0",
                "name": codes.answers[question.id][option.id],
                "text": _html(texts(option.label, langs)[lang]),
                "language": lang,
            }
        )
    return result


def render(questionnaire: Questionnaire) -> str:
    """The .txt LimeSurvey imports (Surveys → Import): tab-separated, UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows(questionnaire):
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return out.getvalue()
