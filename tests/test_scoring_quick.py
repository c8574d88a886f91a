"""The batch fast path: QuickScorer gives exactly what score() gives, on many answer sets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_diag.engine.answers import AnswerSet, AnswerValue
from alliance_diag.engine.questionnaire import (
    Question,
    Questionnaire,
    QuestionType,
    load_questionnaire,
)
from alliance_diag.engine.scoring import QuickScorer, score

DATA = Path(__file__).parent / "data" / "questionnaires"
QUESTIONNAIRES = {
    "alliance-readiness": load_questionnaire("alliance-readiness"),
    "alliance-readiness-quick": load_questionnaire("alliance-readiness-quick"),
    "mini": load_questionnaire(DATA / "mini.yaml"),
    "batch": load_questionnaire(DATA / "batch.yaml"),
}
SCORERS = {name: QuickScorer(q) for name, q in QUESTIONNAIRES.items()}


def possible_answers(question: Question) -> list[AnswerValue]:
    if question.type is QuestionType.number:
        assert question.min is not None and question.max is not None
        low, high = question.min, question.max
        return [low, high, (low + high) / 3, low + (high - low) * 0.7, int((low + high) / 2), None]
    ids = [o.id for o in question.options or []]
    if question.type is QuestionType.multiple:
        return [[], ids[:1], ids[-2:], ids, [ids[1], ids[0]], None]
    return [*ids, None]


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, dict[str, AnswerValue], dict[str, AnswerValue]]:
    name = draw(st.sampled_from(sorted(QUESTIONNAIRES)))
    questionnaire = QUESTIONNAIRES[name]
    profile: dict[str, AnswerValue] = {"organisation": "Asso"}
    for question in questionnaire.profile:
        if question.options and draw(st.integers(0, 5)) > 0:
            profile[question.id] = draw(st.sampled_from([o.id for o in question.options]))
    answers: dict[str, AnswerValue] = {}
    # sometimes nearly everything answered, sometimes little: both sides of min_coverage
    density = draw(st.sampled_from([0.2, 0.6, 0.9, 1.0]))
    for question in questionnaire.questions:
        if draw(st.floats(0, 1)) < density:
            answers[question.id] = draw(st.sampled_from(possible_answers(question)))
    return name, profile, answers


def full_score(
    questionnaire: Questionnaire, profile: dict[str, AnswerValue], answers: dict[str, AnswerValue]
) -> tuple[object, ...]:
    respondent = {k: v for k, v in profile.items() if k in ("organisation", "name", "role")}
    rest = {k: v for k, v in profile.items() if k not in respondent}
    result = score(
        questionnaire,
        AnswerSet(
            questionnaire=questionnaire.id,
            questionnaire_version=questionnaire.version,
            respondent=respondent,
            profile=rest,
            answers=answers,
        ),
    )
    return (
        tuple(d.score for d in result.dimensions),
        tuple(d.coverage for d in result.dimensions),
        tuple(d.status for d in result.dimensions),
        result.overall.score,
        result.overall.level,
        tuple(result.overall.capped_by),
    )


@settings(max_examples=400, deadline=None)
@given(cases())
def test_quick_score_equals_score(
    case: tuple[str, dict[str, AnswerValue], dict[str, AnswerValue]],
) -> None:
    name, profile, answers = case
    quick = SCORERS[name].score(profile, answers)
    expected = full_score(QUESTIONNAIRES[name], profile, answers)
    assert (
        quick.dimensions,
        quick.coverage,
        quick.statuses,
        quick.overall,
        quick.level,
        quick.capped_by,
    ) == expected


def test_a_condition_on_an_earlier_answer_is_memoised_on_that_answer() -> None:
    questionnaire = QUESTIONNAIRES["batch"]
    scorer = SCORERS["batch"]
    profile: dict[str, AnswerValue] = {"organisation": "A", "partner_type": "peer"}
    base: dict[str, AnswerValue] = {
        "meet": "often",
        "quarrel": "never",
        "channels": ["email"],
        "budget": 20,
        "hours": 5,
    }
    for signed in ("yes", "no"):
        answers = {**base, "signed": signed, "signed_recent": "no"}
        quick = scorer.score(profile, answers)
        assert quick.dimensions == full_score(questionnaire, profile, answers)[0]
    # "no" to signed_recent only counts when the agreement is signed
    yes = scorer.score(profile, {**base, "signed": "yes", "signed_recent": "no"})
    no = scorer.score(profile, {**base, "signed": "no", "signed_recent": "no"})
    assert yes.coverage[0] == no.coverage[0] == 1.0
    assert yes.dimensions[0] != no.dimensions[0]


@pytest.mark.parametrize("partner_type", [None, "peer", "private"])
def test_level_of_network_means_uses_partner_weights(partner_type: str | None) -> None:
    scorer = SCORERS["batch"]
    overall, level, capped_by = scorer.level_of([80.0, 10.0], partner_type)
    weights = {None: (1, 2), "peer": (1, 0.5), "private": (3, 2)}[partner_type]
    expected = (80 * weights[0] + 10 * weights[1]) / (weights[0] + weights[1])
    assert overall == pytest.approx(expected, abs=0.05)
    # 'means' is below 20, so the 'any' gate caps the level at 'low'
    assert level == "low"
    assert capped_by == (("means",) if overall >= 45 else ())
