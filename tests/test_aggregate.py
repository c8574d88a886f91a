"""Group results: mean, extremes, spread and divergence, kept incrementally."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_diag.engine.aggregate import (
    DIVERGENCE,
    RunningStat,
    ValueCounts,
    aggregate,
    members_level,
)
from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.result import Result
from alliance_diag.engine.scoring import round1, score
from alliance_diag.io.questionnaire_files import load_questionnaire

MINI = load_questionnaire(Path(__file__).parent / "data" / "questionnaires" / "mini.yaml")


def result(trust_a: str, demand_a: str) -> Result:
    return score(
        MINI,
        AnswerSet(
            questionnaire="mini",
            questionnaire_version="1.0",
            respondent={"organisation": "Asso"},
            profile={"partner_type": "peer"},
            answers={"trust_a": trust_a, "trust_b": "disagree", "trust_c": "yes",
                     "demand_a": demand_a, "demand_b": 5},
        ),
    )  # fmt: skip


def test_aggregate_gives_the_contracts_group_view() -> None:
    results = [result("strongly_agree", "agree"), result("strongly_disagree", "agree")]
    group = aggregate(results, MINI, "Asso")
    assert group.label == "Asso" and group.respondents == 2
    trust = group.dimension("trust")
    scores = [r.dimension("trust").score for r in results]
    assert (trust.min, trust.max, trust.n) == (min(scores), max(scores), 2)
    assert trust.mean == round1(statistics.fmean(scores))
    assert trust.sd == round1(statistics.pstdev(scores))
    assert trust.divergent == (max(scores) - min(scores) >= DIVERGENCE)
    demand = group.dimension("demand")
    assert demand.sd == 0.0 and not demand.divergent
    assert group.divergent == (["trust"] if trust.divergent else [])
    assert aggregate([], MINI).respondents == 0


def test_one_respondent_is_never_divergent() -> None:
    group = aggregate([result("strongly_disagree", "disagree")], MINI)
    assert all(d.n == 1 and d.sd == 0.0 and not d.divergent for d in group.dimensions)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 100).map(lambda x: round(x, 1)), min_size=1, max_size=60))
def test_running_statistics_match_a_two_pass_computation(values: list[float]) -> None:
    running, counts = RunningStat(), ValueCounts()
    for value in values:
        running.add(value)
        counts.add(value)
    for spread in (running.spread(), counts.spread()):
        assert spread.n == len(values)
        assert (spread.min, spread.max) == (min(values), max(values))
        assert spread.mean == pytest.approx(round1(statistics.fmean(values)), abs=0.1)
        assert spread.sd == pytest.approx(round1(statistics.pstdev(values)), abs=0.1)


def test_the_group_level_is_the_one_most_members_reach_and_each_member_is_named() -> None:
    results = [result("strongly_agree", "agree"), result("strongly_disagree", "disagree")]
    group = aggregate(results, MINI, "Asso")
    levels = [r.overall.level for r in results]
    order = [level.id for level in MINI.levels]
    assert group.overall.level == min(levels, key=lambda x: order.index(x) if x else -1)
    assert [m.level for m in group.members] == levels
    assert group.overall.mean == round1(statistics.fmean(r.overall.score or 0 for r in results))
    # the group level and the members' levels are in the JSON results
    dumped = group.model_dump(mode="json")
    assert dumped["overall"]["level"] == group.overall.level
    assert [m["level"] for m in dumped["members"]] == levels


LEVELS = ["not_ready", "emerging", "experimenting", "alliance_ready"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*LEVELS, None]), min_size=1, max_size=30))
def test_a_group_is_never_above_most_of_its_members(levels: list[str | None]) -> None:
    group_level = members_level(LEVELS, Counter(levels))
    rank = LEVELS.index(group_level) if group_level else -1
    ranks = [LEVELS.index(level) if level else -1 for level in levels]
    # more than half of the members reach the group's level or pass it ...
    assert sum(r >= rank for r in ranks) * 2 > len(ranks)
    # ... and no higher level is reached by more than half
    if rank + 1 < len(LEVELS):
        assert sum(r >= rank + 1 for r in ranks) * 2 <= len(ranks)
