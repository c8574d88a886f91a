"""The engine on hand-computed answer sets: scores, coverage, levels, gates, recommendations."""

from __future__ import annotations

import pytest
from conftest import answer_set, extreme_answers

from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.scoring import score
from alliance_diag.io.questionnaire_files import builtin_ids, load_questionnaire


def test_hand_computed_mini(mini: Questionnaire) -> None:
    answers = answer_set(
        mini,
        {
            "trust_a": "agree",  # (4-1)/4 = 0.75
            "trust_b": "disagree",  # reversed: 1 - 0.25 = 0.75
            "trust_c": "yes",  # 1.0, weight 2
            "demand_a": "dont_know",  # unanswered
            "demand_b": 5,  # 5/10 = 0.5
            "demand_private": "strongly_agree",  # 1.0
        },
    )
    result = score(mini, answers, "en")
    trust, demand = result.dimensions
    assert trust.score == 87.5  # (0.75 + 0.75 + 2 × 1) / 4
    assert trust.coverage == 1.0
    assert trust.status == "strength"
    assert demand.score == 75.0  # (0.5 + 1) / 2
    assert demand.coverage == pytest.approx(0.667)
    assert (demand.answered, demand.applicable) == (2, 3)
    # private weights trust 2, demand 1: (2 × 87.5 + 75) / 3
    assert result.overall.score == 83.3
    # the known answers give alliance_ready; counted as the lowest answer, the "don't know"
    # puts demand at (0 + 0.5 + 1) / 3 = 50, under the gate at 60: a doubt cannot lift it
    assert result.overall.known_answers_level == "alliance_ready"
    assert result.overall.level == "experimenting"
    assert result.overall.doubtful == ["demand"]
    assert result.overall.capped_by == []
    assert [r.id for r in result.recommendations] == ["general"]


def test_partner_type_changes_weights_and_applicable_questions(mini: Questionnaire) -> None:
    answers = answer_set(
        mini,
        {
            "trust_a": "agree",
            "trust_c": "yes",
            "demand_a": "neutral",
            "demand_b": 10,
            "demand_private": "agree",
        },
        partner_type="peer",
    )
    result = score(mini, answers, "en")
    demand = result.dimension("demand")
    # the private-only question is not applicable to a peer alliance, so ignored with a warning
    assert (demand.answered, demand.applicable) == (2, 2)
    assert any("demand_private" in w for w in result.warnings)
    trust = result.dimension("trust")
    assert trust.score == 91.7  # (0.75 + 2 × 1) / 3 over the answered weight
    assert trust.coverage == 0.75  # 3 of 4 weight answered (trust_b skipped)
    assert demand.score == 75.0  # (0.5 + 1) / 2
    # peer weights are 1 and 1, where private ones were 2 and 1
    assert result.overall.score == 83.4  # (91.67 + 75) / 2, halves up


def test_insufficient_coverage_is_not_zero(mini: Questionnaire) -> None:
    result = score(mini, answer_set(mini, {"trust_a": "agree"}), "fr")
    trust = result.dimension("trust")
    assert trust.score is None
    assert trust.status == "insufficient"
    assert trust.coverage == 0.25
    assert any("pas assez de réponses" in w for w in result.warnings)
    assert result.overall.score is None
    assert result.overall.level is None


def test_trust_gate_caps_level(mini: Questionnaire) -> None:
    answers = answer_set(
        mini,
        {
            "trust_a": "disagree",
            "trust_b": "agree",
            "trust_c": "no",
            "demand_a": "strongly_agree",
            "demand_b": 10,
            "demand_private": "strongly_agree",
        },
        partner_type="peer",
    )
    result = score(mini, answers, "en")
    assert result.dimension("trust").score == 12.5
    # (12.5 + 100) / 2 = 56.25 → emerging by range; the trust gate caps at emerging too
    assert result.overall.score == 56.3  # halves round up
    assert result.overall.level == "emerging"
    assert result.overall.capped_by == []
    assert [g.dimension for g in result.overall.gates] == ["trust", "trust"]
    assert result.recommendations[0].id == "trust_meet"


def test_recommendations_ordered_by_priority_then_weakest(mini: Questionnaire) -> None:
    answers = answer_set(
        mini,
        {"trust_a": "strongly_disagree", "trust_c": "no", "trust_b": "strongly_agree"},
        partner_type="peer",
    )
    result = score(mini, answers, "en")
    assert [r.priority for r in result.recommendations] == sorted(
        r.priority for r in result.recommendations
    )
    assert result.recommendations[0].dimension == "trust"


def test_pull_downs_name_the_lowest_answers(mini: Questionnaire) -> None:
    answers = answer_set(
        mini,
        {"trust_a": "strongly_disagree", "trust_b": "agree", "trust_c": "yes"},
        partner_type="peer",
    )
    pulled = score(mini, answers, "en").dimension("trust").pulled_down_by
    assert [p.question for p in pulled] == ["trust_a", "trust_b"]
    assert pulled[0].value == 0.0
    assert pulled[0].answer_label == "Strongly disagree"


BUILTINS = builtin_ids()


@pytest.mark.parametrize("questionnaire_id", BUILTINS)
@pytest.mark.parametrize("partner_type", ["peer", "public", "private"])
def test_builtin_all_best_is_100_and_alliance_ready(
    questionnaire_id: str, partner_type: str
) -> None:
    questionnaire = load_questionnaire(questionnaire_id)
    result = score(
        questionnaire, extreme_answers(questionnaire, best=True, partner_type=partner_type)
    )
    assert all(d.score == 100 for d in result.dimensions)
    assert result.overall.score == 100
    assert result.overall.level == "alliance_ready"
    assert result.overall.capped_by == []


@pytest.mark.parametrize("questionnaire_id", BUILTINS)
@pytest.mark.parametrize("partner_type", ["peer", "public", "private"])
def test_builtin_all_worst_is_0_and_not_ready(questionnaire_id: str, partner_type: str) -> None:
    questionnaire = load_questionnaire(questionnaire_id)
    result = score(
        questionnaire, extreme_answers(questionnaire, best=False, partner_type=partner_type)
    )
    assert all(d.score == 0 for d in result.dimensions)
    assert result.overall.score == 0
    assert result.overall.level == "not_ready"
    assert set(result.concerns) == {d.id for d in questionnaire.dimensions}
    assert result.recommendations, "a struggling association gets next steps"


@pytest.mark.parametrize("questionnaire_id", BUILTINS)
def test_builtin_trust_at_worst_caps_at_emerging(questionnaire_id: str) -> None:
    questionnaire = load_questionnaire(questionnaire_id)
    best = extreme_answers(questionnaire, best=True)
    worst = extreme_answers(questionnaire, best=False)
    for question in questionnaire.questions:
        if question.dimension == "trust" and question.id in worst.answers:
            best.answers[question.id] = worst.answers[question.id]
    result = score(questionnaire, best)
    assert result.dimension("trust").score == 0
    assert result.overall.level == "emerging"
    assert result.overall.capped_by == ["trust"]
    assert result.overall.level_before_gates in {"experimenting", "alliance_ready"}


def test_unscored_trust_still_caps_through_its_gate() -> None:
    questionnaire = load_questionnaire("alliance-readiness")
    answers = extreme_answers(questionnaire, best=True)
    for question in questionnaire.questions:
        if question.dimension == "trust":
            answers.answers[question.id] = "dont_know" if question.option("dont_know") else None
    result = score(questionnaire, answers)
    assert result.dimension("trust").status == "insufficient"
    assert result.overall.score == 100
    assert result.overall.level == "emerging"
    assert result.overall.capped_by == ["trust"]
    assert result.overall.gates[0].score is None


def test_too_few_dimensions_scored_gives_no_level() -> None:
    questionnaire = load_questionnaire("alliance-readiness")
    best = extreme_answers(questionnaire, best=True)
    only_trust = {
        qid: value
        for qid, value in best.answers.items()
        if (q := questionnaire.question(qid)) and q.dimension == "trust"
    }
    result = score(questionnaire, answer_set(questionnaire, only_trust), "en")
    assert result.dimension("trust").score == 100
    assert result.overall.score is None
    assert result.overall.level is None
    assert "Too few dimensions scored (1 of 7)" in " ".join(result.warnings)
