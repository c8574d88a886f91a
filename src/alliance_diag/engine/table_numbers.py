"""A table's numbers that follow from the answers' values: unknown answers, and each
dimension's score, coverage and status, added in the order one row adds them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from alliance_diag.engine.items import Item
from alliance_diag.engine.levels import Bools, Floats, Ints, round1_array
from alliance_diag.engine.measure import UNKNOWN_KINDS, Pattern
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Status

if TYPE_CHECKING:
    from alliance_diag.engine.scoring import Scorer

from alliance_diag.engine.answer_columns import Codes, Column, nan_of

STATUS_NAMES: tuple[Status, ...] = ("insufficient", "not_yet", "concern", "to_watch", "strength")


@dataclass
class Group:
    """The rows of a table that follow one pattern: their answers' codes per flat
    question (rows × questions), and each question's code for its lowest answer."""

    pattern: Pattern
    rows: Ints
    columns: list[Column]
    codes: Codes
    lowest: Codes
    # the flat questions compiled for scoring
    items: list[Item]
    # each flat question's position; the answers' values, unknowns, and codes with each
    # unknown replaced by its lowest answer (``prepare``)
    position: dict[str, int] = field(default_factory=dict)
    values: Floats = field(default_factory=lambda: np.zeros((0, 0)))
    unknowns: Unknowns | None = None
    low_codes: Codes = field(default_factory=lambda: np.zeros((0, 0), np.int32))

    def prepare(self) -> None:
        self.position = {qid: j for j, qid in enumerate(self.pattern.ids_flat)}
        self.values = per_cell(self, "worth", _worth, float)
        self.unknowns = Unknowns(self, self.values)
        low = np.where(self.unknowns.cells, self.lowest[None, :], self.codes)
        self.low_codes = low.astype(np.int32)


def per_cell(
    group: Group,
    name: str,
    found: Callable[[Item, Any], Any],
    dtype: Any,
    codes: Codes | None = None,
    only: Sequence[int] | None = None,
) -> npt.NDArray[Any]:
    """``found(item, value)`` for every cell of the group (of ``codes``, the group's own
    by default; of the flat questions ``only``, all by default), run once per distinct
    value of a column and kept with it under ``name``."""
    codes = group.codes if codes is None else codes
    positions = range(len(group.columns)) if only is None else only
    out = np.empty((codes.shape[0], len(positions)), dtype=dtype)
    for k, j in enumerate(positions):
        answers = group.columns[j]
        table = answers.found.get(name)
        if table is None or len(table) < len(answers.values):
            item = group.items[j]
            table = np.array([found(item, value) for value in answers.values], dtype=dtype)
            answers.found[name] = table
        out[:, k] = table[codes[:, j]]
    return out


def _not_yet(item: Item, value: Any) -> bool:
    return isinstance(value, str) and value in item.not_applicable


def _dont_know(item: Item, value: Any) -> bool:
    return isinstance(value, str) and value in item.dont_know


def _worth(item: Item, value: Any) -> float:
    return nan_of(item.worth(value))


class Unknowns:
    """The group's unanswered cells: real "not yet" answers, left out of what applies
    (``excluded``), and unknown ones (``cells``), worth the lowest answer for the level;
    ``kinds``: per row, which kinds of unknown it has (``UNKNOWN_KINDS``' order)."""

    def __init__(self, group: Group, values: Floats) -> None:
        pattern = group.pattern
        answered = ~np.isnan(values)

        not_yet = per_cell(group, "not_yet", _not_yet, bool)
        # per flat question, whether « not yet » is late at this stage: it should be known
        late_here = np.array(pattern.late_flat, dtype=bool)
        real = not_yet & ~late_here[None, :]
        dont_know = per_cell(group, "dont_know", _dont_know, bool) & ~answered & ~real
        late = not_yet & late_here[None, :] & ~answered & ~dont_know
        skipped = group.codes == 0
        self.excluded = real & ~answered
        self.cells = dont_know | skipped | late
        self.kinds = np.stack([k.any(axis=1) for k in (dont_know, skipped, late)], axis=1)
        self.any = self.cells.any(axis=1)

    def of(self, row: int) -> tuple[str, ...]:
        return tuple(
            kind for kind, found in zip(UNKNOWN_KINDS, self.kinds[row], strict=True) if found
        )


@dataclass(frozen=True)
class Outcomes:
    """Per row and dimension: score (NaN: none), coverage, status (``STATUS_NAMES``),
    answers counted, real "not yet" answers; per row, the overall coverage."""

    scores: Floats
    coverage: Floats
    statuses: Ints
    answered: Ints
    not_yet: Ints
    overall_coverage: Floats


def outcomes(scorer: Scorer, pattern: Pattern, values: Floats, excluded: Bools) -> Outcomes:
    """Each dimension's outcome from item values, the weight of its real "not yet"
    answers left out of what applies; sums in the questions' order, as one row adds them."""
    rows = values.shape[0]
    dims = len(pattern.bounds)
    known = ~np.isnan(values)
    weights = np.asarray(pattern.weight_flat, dtype=float)
    cells = {
        "answered": np.where(known, weights, 0.0),
        "weighted": np.where(known, weights * np.nan_to_num(values), 0.0),
        "left": np.where(excluded, weights, 0.0),
    }
    sums = {name: np.zeros((rows, dims)) for name in cells}
    count = np.zeros((rows, dims), dtype=np.int64)
    not_yet = np.zeros((rows, dims), dtype=np.int64)
    for d, (start, end) in enumerate(pattern.bounds):
        if end > start:
            # cumulative sums add left to right, one question after another, as a row does
            for name, found in cells.items():
                sums[name][:, d] = np.cumsum(found[:, start:end], axis=1)[:, -1]
            count[:, d] = known[:, start:end].sum(axis=1)
            not_yet[:, d] = excluded[:, start:end].sum(axis=1)
    answered, weighted, left = sums["answered"], sums["weighted"], sums["left"]
    applicable = np.asarray(pattern.applicable_weight, dtype=float)[None, :] - left
    nothing_yet = np.asarray(pattern.applicable, dtype=bool)[None, :] & (applicable <= 1e-9)
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(applicable != 0, answered / applicable, 0.0)
        scored = ~nothing_yet & (answered > 0)
        scored &= coverage + 1e-9 >= scorer.questionnaire.min_coverage
        scores = np.where(scored, round1_array(100 * weighted / answered), np.nan)
    statuses = np.where(
        nothing_yet, 1, np.where(scored, status_codes(scorer.questionnaire, scores), 0)
    )
    # all dimensions together, added dimension after dimension
    applicable_all = sum(pattern.applicable_weight) - _running_total(left)
    answered_all = _running_total(answered)
    with np.errstate(divide="ignore", invalid="ignore"):
        overall = np.where(applicable_all > 1e-9, round_to(answered_all / applicable_all, 3), 0.0)
    return Outcomes(
        scores=scores,
        coverage=np.where(nothing_yet, 0.0, round_to(coverage, 3)),
        statuses=statuses,
        answered=count,
        not_yet=not_yet,
        overall_coverage=overall,
    )


def _running_total(values: Floats) -> Floats:
    """Each row's values added left to right (the same bits as a loop adding them)."""
    if not values.shape[1]:
        return np.zeros(values.shape[0])
    total: Floats = np.cumsum(values, axis=1)[:, -1]
    return total


def status_codes(questionnaire: Questionnaire, scores: Floats) -> Ints:
    """The status (``STATUS_NAMES``) each dimension score gets under the questionnaire's
    bands; a NaN score is in concern here, for the caller to mark unscored."""
    bands = questionnaire.status_bands
    return np.where(scores >= bands.strength, 4, np.where(scores >= bands.to_watch, 3, 2))


def round_to(values: Floats, digits: int) -> Floats:
    """Python's ``round`` of every value (numpy rounds otherwise), once per distinct value."""
    distinct, inverse = np.unique(values, return_inverse=True)
    rounded = np.array([round(float(v), digits) if v == v else v for v in distinct])
    return rounded[inverse].reshape(values.shape)
