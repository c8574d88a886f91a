"""The engine scores a table: many answer sets at once give each the very numbers and
level it gets alone (``Scorer.measure`` is a table of one row), in any order."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from test_verdicts import FULL, SCORER, SETTINGS, answer_sets

from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.table import STATUS_NAMES, AnswerTable, measure_table


def _rows(sets: list[AnswerSet], dropped: list[set[str]]) -> tuple[list[Any], list[Any]]:
    profiles = [s.profile_values() for s in sets]
    answers = [
        {k: v for k, v in s.answers.items() if k not in gone}
        for s, gone in zip(sets, dropped, strict=True)
    ]
    return profiles, answers


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[Any], list[Any]]:
    """A few answer sets, some with questions left unanswered, some repeated."""
    sets = draw(st.lists(answer_sets(), min_size=1, max_size=6))
    sets += draw(st.lists(st.sampled_from(sets), max_size=2))  # the same answers twice
    ids = [item.question.id for item in SCORER.items]
    dropped = [draw(st.sets(st.sampled_from(ids), max_size=8)) for _ in sets]
    return _rows(sets, dropped)


@SETTINGS
@given(tables(), st.randoms(use_true_random=False))
def test_a_table_gives_each_row_what_it_gets_alone(
    table: tuple[list[Any], list[Any]], random: Any
) -> None:
    profiles, answers = table
    measured = measure_table(SCORER, AnswerTable(profiles, answers))
    alone = [SCORER.measure(p, a) for p, a in zip(profiles, answers, strict=True)]
    assert [measured.measure(r) for r in range(len(answers))] == alone
    # the arrays a batch writes from say the same
    for r, measure in enumerate(alone):
        scores, overall, level = measured.row(r)
        assert scores == list(measure.dimensions)
        assert (overall, level) == (measure.overall, measure.level)
        statuses = tuple(STATUS_NAMES[s] for s in measured.statuses[r].tolist())
        assert statuses == measure.statuses
        assert tuple(measured.coverage[r].tolist()) == measure.coverage
    # in another order, each row still gets its own
    order = list(range(len(answers)))
    random.shuffle(order)
    shuffled = measure_table(
        SCORER, AnswerTable([profiles[i] for i in order], [answers[i] for i in order])
    )
    assert [shuffled.measure(k) for k in range(len(order))] == [alone[i] for i in order]


def test_an_empty_table_measures_nothing() -> None:
    measured = measure_table(SCORER, AnswerTable([], []))
    assert measured.rows == 0
    assert measured.scores.shape == (0, len(FULL.dimensions))


def test_the_table_counts_a_hand_computed_row() -> None:
    """Every trust statement at its best, nothing else answered: trust scores 100 (its
    reverse-worded statements are counted reversed), and no other dimension is scored."""
    best: dict[str, Any] = {}
    for item in SCORER.items:
        if item.question.dimension != "trust" or item.condition is not None:
            continue
        scored = {o: v for o, v in item.values.items() if v is not None}
        if scored:
            best[item.question.id] = (min if item.question.reverse else max)(
                scored, key=scored.__getitem__
            )
    profile = {"partner_type": "peer", "stage": "experimenting"}
    measured = measure_table(SCORER, AnswerTable([profile, profile], [best, {}]))
    trust = [d.id for d in FULL.dimensions].index("trust")
    assert measured.scores[0, trust] == 100.0
    assert np.isnan(np.delete(measured.scores[0], trust)).all()
    assert np.isnan(measured.scores[1]).all()
    assert measured.measure(1).level is None
