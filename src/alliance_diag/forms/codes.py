"""LimeSurvey codes for our ids (letters and digits only): one table for the form and batch."""

from __future__ import annotations

import re
from dataclasses import dataclass

from alliance_diag.engine.questionnaire import Question, Questionnaire

QUESTION_CODE_MAX = 20  # LimeSurvey's questions.title
ANSWER_CODE_MAX = 5  # LimeSurvey's answers.code
# the columns LimeSurvey writes around the answers: a question code must not take them
RESPONSE_COLUMNS = (
    "id",
    "token",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
    "interviewtime",
)
# ExpressionScript's own words: LimeSurvey renames a question coded so on import
EXPRESSION_WORDS = ("self", "that", "this")
RESERVED = frozenset(RESPONSE_COLUMNS + EXPRESSION_WORDS)
_NOT_CODE = re.compile(r"[^A-Za-z0-9]")


@dataclass(frozen=True)
class Codes:
    """Question id → question code, and per question, option id → answer code."""

    questions: dict[str, str]
    answers: dict[str, dict[str, str]]


def _unique(base: str, taken: set[str], limit: int) -> str:
    """``base`` cut to ``limit``, numbered when another code has it (codes are case-blind)."""
    code = base[:limit]
    number = 1
    while code.lower() in taken:
        number += 1
        suffix = str(number)
        code = base[: limit - len(suffix)] + suffix
    taken.add(code.lower())
    return code


def limesurvey_codes(questionnaire: Questionnaire) -> Codes:
    """Codes derived from the ids: ``trust_history`` → ``trusthistory``, ``dont_know`` → ``A6``.

    A question code is the id without what LimeSurvey refuses, starting with a letter,
    20 characters at most; an answer code is the option id when it fits in 5 letters and
    digits, else ``A`` and the option's position. Both writer and reader call this.
    """
    taken = set(RESERVED)
    questions: dict[str, str] = {}
    answers: dict[str, dict[str, str]] = {}
    for question in questionnaire.all_questions():
        base = _NOT_CODE.sub("", question.id) or "q"
        if not base[0].isalpha() or base.lower() in RESERVED:
            base = "q" + base
        questions[question.id] = _unique(base, taken, QUESTION_CODE_MAX)
        answers[question.id] = answer_codes(question)
    return Codes(questions, answers)


def answer_codes(question: Question) -> dict[str, str]:
    """Option id → answer code, for one question (codes are unique within a question)."""
    used: set[str] = set()
    table: dict[str, str] = {}
    for position, option in enumerate(question.options or [], start=1):
        plain = _NOT_CODE.sub("", option.id)
        short = 0 < len(plain) <= ANSWER_CODE_MAX and not re.fullmatch(r"[Aa]\d+", plain)
        table[option.id] = _unique(plain if short else f"A{position}", used, ANSWER_CODE_MAX)
    return table
