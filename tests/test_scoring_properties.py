"""Scoring invariants, proved with Hypothesis over the built-in questionnaire."""

from __future__ import annotations

import random

from conftest import answer_set
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_diag.engine.answers import AnswerValue
from alliance_diag.engine.questionnaire import Question, QuestionType
from alliance_diag.engine.scoring import score, scorer_for
from alliance_diag.io.questionnaire_files import load_questionnaire

QUESTIONNAIRE = load_questionnaire("alliance-readiness")
ITEMS = scorer_for(QUESTIONNAIRE).items
PARTNER_TYPES = QUESTIONNAIRE.partner_types()


def possible_answers(question: Question) -> list[AnswerValue]:
    if question.type is QuestionType.number:
        assert question.min is not None and question.max is not None
        return [question.min, (question.min + question.max) / 2, question.max, None]
    if question.type is QuestionType.multiple:
        ids = [o.id for o in question.options or []]
        return [[], ids[:1], ids, None]
    return [o.id for o in question.options or []] + [None]


@st.composite
def answer_sets(draw: st.DrawFn) -> tuple[str, dict[str, AnswerValue]]:
    partner_type = draw(st.sampled_from(PARTNER_TYPES))
    answers: dict[str, AnswerValue] = {}
    for item in ITEMS:
        if draw(st.booleans()):
            answers[item.question.id] = draw(st.sampled_from(possible_answers(item.question)))
    return partner_type, answers


@settings(max_examples=150, deadline=None)
@given(answer_sets())
def test_scores_stay_between_0_and_100(drawn: tuple[str, dict[str, AnswerValue]]) -> None:
    partner_type, answers = drawn
    result = score(QUESTIONNAIRE, answer_set(QUESTIONNAIRE, answers, partner_type=partner_type))
    for dimension in result.dimensions:
        assert 0 <= dimension.coverage <= 1
        if dimension.score is not None:
            assert 0 <= dimension.score <= 100
            assert dimension.coverage >= QUESTIONNAIRE.min_coverage
    if result.overall.score is not None:
        assert 0 <= result.overall.score <= 100
        assert result.overall.level in {level.id for level in QUESTIONNAIRE.levels}


@settings(max_examples=150, deadline=None)
@given(answer_sets(), st.data())
def test_raising_one_answer_never_lowers_its_dimension(
    drawn: tuple[str, dict[str, AnswerValue]], data: st.DataObject
) -> None:
    partner_type, answers = drawn
    item = data.draw(
        st.sampled_from([i for i in ITEMS if i.question.type is not QuestionType.multiple])
    )
    # only answers that carry a value: "don't know" is unanswered, not the lowest answer
    choices = [a for a in possible_answers(item.question) if item.value(a) is not None]
    values = sorted(choices, key=lambda a: item.value(a) or 0.0)
    low, high = data.draw(st.sampled_from(values)), data.draw(st.sampled_from(values))
    if (item.value(low) or 0) > (item.value(high) or 0):
        low, high = high, low
    dim = item.question.dimension
    assert dim is not None
    before = score(
        QUESTIONNAIRE,
        answer_set(QUESTIONNAIRE, {**answers, item.question.id: low}, partner_type=partner_type),
    )
    after = score(
        QUESTIONNAIRE,
        answer_set(QUESTIONNAIRE, {**answers, item.question.id: high}, partner_type=partner_type),
    )
    b, a = before.dimension(dim).score, after.dimension(dim).score
    if b is not None and a is not None:
        assert a >= b


@settings(max_examples=150, deadline=None)
@given(answer_sets(), st.data())
def test_dont_know_changes_coverage_never_score(
    drawn: tuple[str, dict[str, AnswerValue]], data: st.DataObject
) -> None:
    partner_type, answers = drawn
    unanswered = [i for i in ITEMS if answers.get(i.question.id) is None]
    if not unanswered:
        return
    item = data.draw(st.sampled_from(unanswered))
    options = item.question.options or []
    dont_know = next((o.id for o in options if o.unanswered_as == "dont_know"), None)
    before = score(QUESTIONNAIRE, answer_set(QUESTIONNAIRE, answers, partner_type=partner_type))
    after = score(
        QUESTIONNAIRE,
        answer_set(
            QUESTIONNAIRE, {**answers, item.question.id: dont_know}, partner_type=partner_type
        ),
    )
    assert [d.score for d in before.dimensions] == [d.score for d in after.dimensions]
    assert [d.coverage for d in before.dimensions] == [d.coverage for d in after.dimensions]
    assert before.overall.score == after.overall.score


@settings(max_examples=100, deadline=None)
@given(answer_sets(), st.randoms())
def test_order_of_answers_does_not_matter(
    drawn: tuple[str, dict[str, AnswerValue]], rng: random.Random
) -> None:
    partner_type, answers = drawn
    shuffled_items = list(answers.items())
    rng.shuffle(shuffled_items)
    first = score(QUESTIONNAIRE, answer_set(QUESTIONNAIRE, answers, partner_type=partner_type))
    second = score(
        QUESTIONNAIRE, answer_set(QUESTIONNAIRE, dict(shuffled_items), partner_type=partner_type)
    )
    assert first == second


LEVELS = [level.id for level in QUESTIONNAIRE.levels]


def _rank(level: str | None) -> int:
    return -1 if level is None else LEVELS.index(level)


@settings(max_examples=200, deadline=None)
@given(answer_sets(), st.data())
def test_replacing_an_answer_with_dont_know_never_raises_the_level(
    drawn: tuple[str, dict[str, AnswerValue]], data: st.DataObject
) -> None:
    partner_type, answers = drawn
    replaceable = [
        i
        for i in ITEMS
        if answers.get(i.question.id) is not None and i.dont_know and i.question.when is None
    ]
    if not replaceable:
        return
    item = data.draw(st.sampled_from(replaceable))
    before = score(QUESTIONNAIRE, answer_set(QUESTIONNAIRE, answers, partner_type=partner_type))
    doubt = {**answers, item.question.id: sorted(item.dont_know)[0]}
    after = score(QUESTIONNAIRE, answer_set(QUESTIONNAIRE, doubt, partner_type=partner_type))
    if before.overall.level is not None and after.overall.level is not None:
        assert _rank(after.overall.level) <= _rank(before.overall.level)


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_provisional_exactly_when_an_applicable_dimension_is_unscored(
    drawn: tuple[str, dict[str, AnswerValue]],
) -> None:
    partner_type, answers = drawn
    result = score(QUESTIONNAIRE, answer_set(QUESTIONNAIRE, answers, partner_type=partner_type))
    unscored = [d.id for d in result.dimensions if d.applicable and d.score is None]
    assert result.overall.provisional == bool(unscored)
    assert result.overall.unscored == unscored
    if _rank(result.overall.level) > _rank("experimenting"):
        assert not unscored


LIMITED = QUESTIONNAIRE.model_copy(
    update={"recommendation_limits": QUESTIONNAIRE.recommendation_limits.model_copy(
        update={"total": 6, "now": 2})}
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(answer_sets())
def test_next_steps_stay_within_the_budget(drawn: tuple[str, dict[str, AnswerValue]]) -> None:
    partner_type, answers = drawn
    result = score(LIMITED, answer_set(LIMITED, answers, partner_type=partner_type))
    steps = result.recommendations
    assert len(steps) <= 6
    assert sum(1 for s in steps if s.horizon == "now") <= 2
    ids = [s.id for s in steps]
    assert len(ids) == len(set(ids))
