"""How many questions a respondent is asked, and how many they answered: one count for all.

The questions asked are the profile questions and the statements whose condition holds
for this respondent's answers; a question answered "skip" (recorded as null) is asked
but not answered. The interview header, the reports, ``questionnaire list`` and the
README all give this count, and ``expected_length`` the one estimate of time.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.applicability import applicable_questions, asked_profile_questions
from alliance_diag.engine.questionnaire import Question, Questionnaire
from alliance_diag.engine.result import Result


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
    # the profile answers and respondent fields, as AnswerSet.profile_values gives them
    profile = sum(
        1 for _ in asked_profile_questions(questionnaire, {**result.profile, **result.respondent})
    )
    return profile + statements, profile


# The estimate of the time an interview takes: about 50 minutes for the 67 to 69
# questions of the full built-in questionnaire, as workshops measured it.
SECONDS_PER_QUESTION = 45


@dataclass(frozen=True)
class Length:
    """How many questions a respondent may be asked, and about how long that takes."""

    low: int
    high: int

    @property
    def questions(self) -> str:
        """``57``, or ``55–57`` when the number depends on answers not given yet."""
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"

    @property
    def minutes(self) -> int:
        """The time for the most questions, to the nearest five minutes (five at least)."""
        return max(5, round(self.high * SECONDS_PER_QUESTION / 60 / 5) * 5)


def expected_length(questionnaire: Questionnaire, answers: AnswerSet | None = None) -> Length:
    """The one count of questions to expect, for ``questionnaire list``, the first screen
    of the interview, the README and the descriptions: every answer the conditions read
    in the profile and not given yet (the partner type, the stage) is tried in turn."""
    given = answers or AnswerSet(questionnaire=questionnaire.id, questionnaire_version="")
    open_questions = [
        q
        for q in questionnaire.profile
        if q.id in _profile_read_by_conditions(questionnaire)
        and q.options
        and not given.has_answer(q)
    ]
    choices: list[list[str | None]] = [
        [o.id for o in q.options or ()] + ([] if q.required else [None]) for q in open_questions
    ]
    counts = []
    for values in itertools.product(*choices):
        trial = given.model_copy(deep=True)
        for question, value in zip(open_questions, values, strict=True):
            if value is not None:
                trial.set_value(question, value)
        counts.append(len(asked_questions(questionnaire, trial)))
    return Length(min(counts), max(counts))


def _profile_read_by_conditions(questionnaire: Questionnaire) -> set[str]:
    read = set()
    for question in [*questionnaire.profile, *questionnaire.questions]:
        condition = questionnaire.condition(question.id)
        for namespace, name in condition.refs if condition else ():
            if namespace == "profile" and name is not None:
                read.add(name)
    return read
