"""Rows whose conditions read a number: each can have its own pattern of applicable items."""

from __future__ import annotations

import random
from pathlib import Path

from alliance_diag.batch.mapping import map_columns
from alliance_diag.batch.rows import RowReader, RowScorer
from alliance_diag.engine.questionnaire import load_questionnaire
from alliance_diag.engine.scoring import QuickScorer

QUESTIONNAIRE = Path(__file__).parent / "data" / "questionnaires" / "numeric-condition.yaml"


class _Forgetful(dict[object, object]):
    """A pattern memo that keeps nothing, as the scorer's does once it is full."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def test_patterns_the_scorer_no_longer_keeps_never_borrow_another_rows_program() -> None:
    questionnaire = load_questionnaire(QUESTIONNAIRE)
    header = ["organisation", "staff", "a", "b"]
    reader = RowReader(map_columns([(1, header)], questionnaire), questionnaire, None, "en")
    fast = RowScorer(reader, QuickScorer(questionnaire))
    fast.scorer._patterns = _Forgetful()  # type: ignore[assignment]
    reference = QuickScorer(questionnaire)
    rng = random.Random(1)
    # a few hundred staff counts, each met many times: the fast path learns them
    counts = [str(rng.randrange(1_000_000)) for _ in range(300)] * 10
    rng.shuffle(counts)
    fast_rows = 0
    for number, staff in enumerate(counts):
        # 'b' applies above 500,000 staff: freed patterns' ids get reused by the other kind
        cells = [f"org{number}", staff, rng.choice(["never", "often"]), "never"]
        scored = fast.score(cells)
        values, problems = reader.read(number + 2, cells)
        assert not problems
        if scored is None:
            fast.learn(cells, values)
            continue
        fast_rows += 1
        assert scored[1] == reference.score(values, values), cells
    assert fast_rows > 2000
