"""Gates 1.2, one hand-built answer set per rule, at and around each threshold
(tests/data/questionnaires/caps.yaml: gates.yaml's dimensions, whose number items score
what is typed, with a stage, critical answers, "not yet" known from a stage, and checks)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DATA, answer_set

from alliance_diag.engine.result import Result
from alliance_diag.engine.scoring import score
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.report.context import gate_reasons

CAPS = load_questionnaire(DATA / "questionnaires" / "caps.yaml")
DIMENSIONS = [d.id for d in CAPS.dimensions]
# every statement at its best: each dimension scores 100
BEST: dict[str, Any] = {
    **{f"x_{d}": 100.0 for d in DIMENSIONS},
    "kept_word": "strongly_agree",
    "joint_plans": "strongly_agree",
    "doubts": "strongly_disagree",
    "funding_first": "strongly_disagree",
}


def scored(stage: str = "experimenting", **answers: Any) -> Result:
    """BEST with ``answers`` over it (None: left unanswered)."""
    given = {k: v for k, v in (BEST | answers).items() if v is not None}
    return score(CAPS, answer_set(CAPS, given, partner_type="peer", stage=stage), "en")


def caps_of(result: Result) -> list[tuple[str, str, str]]:
    return [(c.kind, c.id, c.cap) for c in result.overall.caps]


def test_all_best_is_alliance_ready_with_nothing_capping() -> None:
    result = scored()
    assert (result.overall.score, result.overall.level) == (100.0, "alliance_ready")
    assert result.overall.caps == [] and result.notices == []


# ---------------------------------------------------------------- stage ceilings


@pytest.mark.parametrize(
    ("stage", "level"), [("exploring", "experimenting"), ("first_project", "alliance_ready")]
)
def test_the_stage_ceiling_holds_at_its_stage_only(stage: str, level: str) -> None:
    # kept_word's "not yet" would not matter here: it is answered
    result = scored(stage, joint_plans="agree")
    assert result.overall.level == level
    ceilings = [c for c in caps_of(result) if c[0] == "ceiling"]
    assert ceilings == (
        [("ceiling", "stage_exploring", "experimenting")] if stage == "exploring" else []
    )


def test_the_stage_ceiling_is_one_whole_sentence() -> None:
    result = scored("exploring", joint_plans="agree")
    [reason] = [r for r in gate_reasons(result, CAPS, "en") if "exploring" in r]
    assert (
        reason
        == "At most “Ready to experiment”: at the exploring stage, nothing has been tested yet."
    )


# ---------------------------------------------------------------- critical answers


@pytest.mark.parametrize(
    ("answer", "level"),
    [
        ("strongly_disagree", "alliance_ready"),
        ("disagree", "alliance_ready"),
        ("agree", "experimenting"),
    ],
)
def test_one_critical_answer_caps_at_experimenting(answer: str, level: str) -> None:
    result = scored(doubts=answer)
    assert result.overall.level == level
    critical = [c for c in caps_of(result) if c[0] == "critical"]
    assert critical == ([("critical", "doubts", "experimenting")] if answer == "agree" else [])


def test_two_critical_answers_cap_at_emerging_and_each_is_named() -> None:
    result = scored(doubts="agree", kept_word="strongly_disagree")
    assert result.overall.level == "emerging"
    assert sorted(c[1] for c in caps_of(result) if c[0] == "critical") == ["doubts", "kept_word"]
    reasons = " ".join(gate_reasons(result, CAPS, "en"))
    assert "to “We doubt this partner.”, the answer is “Agree”. A doubt is cleared" in reasons
    assert "to “This partner kept its word.”, the answer is “Strongly disagree”." in reasons


def test_a_critical_answer_by_condition_with_its_own_cap() -> None:
    # funding first, strongly: its own cap ("emerging") is lower than one answer's
    assert scored("experimenting", funding_first="strongly_agree").overall.level == "emerging"
    assert scored("experimenting", funding_first="agree").overall.level == "alliance_ready"
    # ... and its condition does not hold while exploring
    exploring = scored("exploring", funding_first="strongly_agree", joint_plans="agree")
    assert exploring.overall.level == "experimenting"
    assert [c[0] for c in caps_of(exploring)] == ["ceiling"]


def test_a_critical_answer_above_the_level_is_still_named() -> None:
    # trust far down: the gate holds the level at "emerging"; the doubt, capping at
    # "experimenting", changes nothing but is named all the same
    result = scored(doubts="agree", x_trust=0.0, kept_word="agree")
    assert result.overall.level == "emerging"
    assert any(
        r.startswith("Also to note: to “We doubt this partner.”")
        for r in gate_reasons(result, CAPS, "en")
    )


# ---------------------------------------------------------------- unknown answers


@pytest.mark.parametrize("unknown", ["not_yet", "dont_know", None])
def test_an_unknown_counts_as_the_lowest_answer_for_the_level(unknown: str | None) -> None:
    # trust = (x_trust 0.7, kept_word, doubts 1.0): kept_word at its lowest gives
    # (0.7 + 0 + 1) / 3 = 56.7, below 60; known, (0.7 + 1) / 2 = 85
    lowest = scored("first_project", x_trust=70.0, kept_word="strongly_disagree")
    unknown_result = scored("first_project", x_trust=70.0, kept_word=unknown)
    best = scored("first_project", x_trust=70.0)
    assert best.overall.level == "alliance_ready"
    assert unknown_result.overall.level == "experimenting"
    assert unknown_result.overall.known_answers_level == "alliance_ready"
    # never better than the lowest real answer would be, critical cap apart
    order = [level.id for level in CAPS.levels]
    assert order.index(unknown_result.overall.level) <= order.index(best.overall.level)
    assert lowest.overall.level in ("experimenting", "emerging")
    kind = {"not_yet": "late_not_yet", "dont_know": "dont_know", None: "skipped"}[unknown]
    assert unknown_result.overall.unknown_kinds == [kind]


def test_a_real_not_yet_leaves_the_question_out() -> None:
    # joint_plans offers "not yet" at any stage: a real answer, not applicable
    result = scored("first_project", joint_plans="not_yet")
    framework = result.dimension("framework")
    assert (framework.score, framework.coverage, framework.not_yet) == (100.0, 1.0, 1)
    assert (framework.answered, framework.applicable) == (1, 1)
    assert result.overall.level == "alliance_ready"
    # while "don't know" there counts as its lowest answer for the level: (1 + 0) / 2 = 50,
    # under 60
    unknown = scored("first_project", joint_plans="dont_know")
    assert unknown.overall.level == "experimenting"


def test_kept_word_not_yet_is_real_while_exploring() -> None:
    result = scored("exploring", kept_word="not_yet", joint_plans="agree")
    trust = result.dimension("trust")
    assert trust.not_yet == 1 and trust.coverage == 1.0
    assert result.overall.known_answers_level is None


# ---------------------------------------------------------------- notices


def test_one_check_is_a_notice_two_cap_the_level() -> None:
    one = scored("exploring", x_trust=100.0)  # joint plans while exploring: one check
    assert [n.id for n in one.notices] == ["plans_while_exploring"]
    assert "notices" not in [c[0] for c in caps_of(one)]
    two = scored("exploring", x_trust=5.0)  # and no trust with joint plans: two
    assert sorted(n.id for n in two.notices) == ["low_trust_high_plans", "plans_while_exploring"]
    assert ("notices", "checks", "emerging") in caps_of(two)
    assert two.overall.level == "emerging"
    assert any(
        r.startswith("At most “Emerging”: answers to go through with you.")
        for r in gate_reasons(two, CAPS, "en")
    )


def test_the_method_lists_every_cap_and_says_which_held() -> None:
    from report_fixtures import REPORT_DATE

    from alliance_diag.report.context import build

    result = scored(doubts="agree")
    gates = build(result, CAPS, REPORT_DATE).method.gates
    assert "one critical answer: at most “Ready to experiment” — holds here" in gates
    assert "2 critical answers or more: at most “Emerging” — holds here" in gates
    assert any(g.startswith("At most “Ready to experiment”: at the exploring stage") for g in gates)


def test_no_level_says_so_against_every_gate_and_names_how_many_were_scored() -> None:
    from report_fixtures import REPORT_DATE

    from alliance_diag.report.context import build

    only_trust = {f"x_{d}": None for d in DIMENSIONS if d != "trust"}
    result = scored(joint_plans=None, funding_first=None, **only_trust)
    assert result.overall.level is None
    context = build(result, CAPS, REPORT_DATE)
    assert context.overall.reasons == [
        "Only one of 7 dimensions has enough answers: no overall score and no level."
    ]
    assert all(g.endswith("not applicable: no level computed") for g in context.method.gates[:6])
