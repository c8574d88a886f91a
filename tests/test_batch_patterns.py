"""Rows whose conditions read a number: each can have its own pattern of applicable items."""

from __future__ import annotations

import random
from pathlib import Path

from alliance_diag.batch.mapping import map_columns
from alliance_diag.batch.rows import RowReader
from alliance_diag.engine.scoring import Scorer
from alliance_diag.io.questionnaire_files import load_questionnaire

QUESTIONNAIRE = Path(__file__).parent / "data" / "questionnaires" / "numeric-condition.yaml"


class _Forgetful(dict[object, object]):
    """A pattern memo that keeps nothing, as the scorer's does once it is full."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def test_rows_score_the_same_whether_or_not_their_pattern_is_remembered() -> None:
    questionnaire = load_questionnaire(QUESTIONNAIRE)
    header = ["organisation", "staff", "a", "b"]
    reader = RowReader(map_columns([(1, header)], questionnaire), questionnaire, None, "en")
    forgetful = Scorer(questionnaire)
    forgetful._patterns = _Forgetful()  # type: ignore[assignment]
    remembering = Scorer(questionnaire)
    rng = random.Random(1)
    counts = [str(rng.randrange(1_000_000)) for _ in range(300)] * 3
    rng.shuffle(counts)
    applies_b = 0
    for number, staff in enumerate(counts):
        # 'b' applies above 500,000 staff: two patterns, met in any order
        cells = [f"org{number}", staff, rng.choice(["never", "often"]), "often"]
        values, problems = reader.read(number + 2, cells)
        assert not problems
        measure = remembering.measure(values, values)
        assert measure == forgetful.measure(values, values), cells
        applies_b += measure.applicable[0] == 2
    assert 0 < applies_b < len(counts)
