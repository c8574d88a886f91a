"""How many questions a respondent is asked, and how many they answered: one count for all.

The questions asked are the profile questions and the statements whose condition holds
for this respondent's answers; a question answered "skip" (recorded as null) is asked
but not answered. The interview header, the reports, ``questionnaire list`` and the
README all give this count.
"""

from __future__ import annotations

from dataclasses import dataclass

from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.questionnaire import PARTNER_TYPE, Question, Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.engine.scoring import applicable_questions


@dataclass(frozen=True)
class QuestionCount:
    asked: int
    answered: int
    skipped: int


def asked_questions(questionnaire: Questionnaire, answers: AnswerSet) -> list[Question]:
    """The questions this respondent is asked, given the answers so far."""
    return list(applicable_questions(questionnaire, answers))


def count_questions(questionnaire: Questionnaire, answers: AnswerSet) -> QuestionCount:
    asked = asked_questions(questionnaire, answers)
    given = [q for q in asked if answers.has_answer(q)]
    answered = sum(1 for q in given if answers.value(q.id) is not None)
    return QuestionCount(
        asked=len(asked),
        answered=answered,
        skipped=len(given) - answered,
    )


def asked_in_result(questionnaire: Questionnaire, result: Result) -> tuple[int, int]:
    """For a scored result: the questions asked, and how many of them about the profile
    (the others are the statements the engine counted as applicable)."""
    # the statements asked: those that apply, and those answered "not yet" where that is
    # a real answer, which the engine leaves out of what applies
    statements = result.overall.applicable + sum(d.not_yet for d in result.dimensions)
    if all(questionnaire.condition(q.id) is None for q in questionnaire.profile):
        # every profile question is asked: no need to rebuild the answers to find out
        return len(questionnaire.profile) + statements, len(questionnaire.profile)
    profile_answers = AnswerSet(
        questionnaire=questionnaire.id,
        questionnaire_version=questionnaire.version,
        respondent={k: v for k, v in result.respondent.items() if v is not None},
        profile=result.profile,
    )
    asked = asked_questions(questionnaire, profile_answers)
    profile = sum(1 for q in asked if q.dimension is None)
    return profile + statements, profile


def asked_by_partner_type(questionnaire: Questionnaire) -> dict[str | None, int]:
    """How many questions a respondent is asked for each partner type they may choose
    (None: a questionnaire without partner types), the rest of the profile unanswered."""
    types: list[str | None] = list(questionnaire.partner_types()) or [None]
    counts: dict[str | None, int] = {}
    for partner_type in types:
        answers = AnswerSet(questionnaire=questionnaire.id, questionnaire_version="")
        if partner_type is not None:
            answers.profile[PARTNER_TYPE] = partner_type
        counts[partner_type] = len(asked_questions(questionnaire, answers))
    return counts


def asked_range(questionnaire: Questionnaire) -> str:
    """``57``, or ``55–57`` when the number of questions asked depends on the partner type."""
    counts = asked_by_partner_type(questionnaire).values()
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}–{high}"
