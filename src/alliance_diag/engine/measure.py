"""What ``Scorer.measure`` returns: the numbers of one respondent's answers, and the
pattern of applicable questions they follow."""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass

from alliance_diag.engine.answers import AnswerValue
from alliance_diag.engine.items import ValueOf
from alliance_diag.engine.levels import LevelDecision
from alliance_diag.engine.questionnaire import Gate
from alliance_diag.engine.result import Status


@dataclass(frozen=True, slots=True)
class Pattern:
    """What applies for one set of the values that conditions read.

    Per dimension: the applicable question ids in order, their weights (None when all are
    1) and the applicable weight; the gates whose condition holds; and the scored
    questions that do not apply.
    """

    ids: tuple[tuple[str, ...], ...]
    weights: tuple[tuple[float, ...] | None, ...]
    applicable_weight: tuple[float, ...]
    gates: tuple[tuple[int, Gate], ...]
    skipped: tuple[str, ...]
    # the same questions flat, with their value functions, for the row's one pass; each
    # dimension's slice of them, how many apply and whether any does
    ids_flat: tuple[str, ...]
    value_flat: tuple[ValueOf, ...]
    bounds: tuple[tuple[int, int], ...]
    counts: tuple[int, ...]
    applicable: tuple[bool, ...]
    # per flat question: its dimension and weight; the "not yet" answers that leave it
    # out as not applicable (real at this stage), those that count as its lowest answer
    # for the level (once it should be known), and its "don't know" answers, which count
    # so too; then the positions of the questions that declare critical answers
    dimension_flat: tuple[int, ...]
    weight_flat: tuple[float, ...]
    real_not_yet_flat: tuple[frozenset[str], ...]
    late_not_yet_flat: tuple[frozenset[str], ...]
    dont_know_flat: tuple[frozenset[str], ...]
    critical_flat: tuple[int, ...]


# what an unknown answer was, for the level's reasons
UNKNOWN_KINDS = ("dont_know", "skipped", "late_not_yet")


@dataclass(frozen=True, slots=True)
class Acquiescence:
    """A sign of answers given too fast: ``same_answer`` (``share`` of the scored answers
    are ``answer``) or ``reverse_agreed`` (reverse-worded statements agreed with)."""

    id: str
    answer: str | None = None
    question: str | None = None
    share: float = 0.0


@dataclass(frozen=True, slots=True)
class Measure:
    """An answer set's numbers: per dimension (questionnaire order) and the level."""

    dimensions: tuple[float | None, ...]
    coverage: tuple[float, ...]
    statuses: tuple[Status, ...]
    answered: tuple[int, ...]
    applicable: tuple[int, ...]
    # answered weight over applicable weight, all dimensions together
    overall_coverage: float
    decision: LevelDecision
    # per dimension, the "not yet" answers that are real at this stage
    not_yet: tuple[int, ...] = ()
    # what the answers hold beyond the numbers: checks that fired (ids), signs of
    # answers given too fast, critical answers (question ids), ceilings that hold (ids)
    checks: tuple[str, ...] = ()
    acquiescence: tuple[Acquiescence, ...] = ()
    criticals: tuple[str, ...] = ()
    ceilings: tuple[str, ...] = ()
    # which kinds of unknown answers the level counted as the lowest
    unknown_kinds: tuple[str, ...] = ()

    @property
    def overall(self) -> float | None:
        return self.decision.score

    @property
    def level(self) -> str | None:
        return self.decision.level


DimensionOutcome = tuple[float | None, float, Status]


_not_none = functools.partial(operator.is_not, None)


def weighted_sums(
    found: Sequence[float | None], weights: tuple[float, ...] | None
) -> tuple[float, float]:
    """Answered weight and weighted sum of a dimension's item values, in order."""
    if weights is None:
        answered_weight = float(len(found) - found.count(None))
        return answered_weight, functools.reduce(operator.add, filter(_not_none, found), 0.0)
    answered_weight = weighted_sum = 0.0
    for weight, value in zip(weights, found, strict=True):
        if value is not None:
            answered_weight += weight
            weighted_sum += weight * value
    return answered_weight, weighted_sum


class Unknowns:
    """What a row's unanswered values are: real "not yet" answers, left out of what
    applies (``excluded`` weight and ``not_yet`` count per dimension), and unknown ones,
    worth the lowest answer for the level (``lowest``: the values with them at 0, or None
    when there is none; ``kinds``: which kinds were found)."""

    def __init__(
        self, pattern: Pattern, raws: list[AnswerValue | None], every: list[float | None]
    ) -> None:
        dims = len(pattern.bounds)
        self.excluded = [0.0] * dims
        self.not_yet: tuple[int, ...] = (0,) * dims
        self.lowest: list[float | None] | None = None
        self.kinds: tuple[str, ...] = ()
        # the positions of the unknown answers
        self.positions: tuple[int, ...] = ()
        if None not in every:
            return
        not_yet = [0] * dims
        lowest = list(every)
        kinds: set[str] = set()
        positions: list[int] = []
        for i, (raw, value) in enumerate(zip(raws, every, strict=True)):
            if value is not None:
                continue
            if raw is None:
                kinds.add("skipped")
            elif not isinstance(raw, str):
                continue  # a list or number worth nothing: an answer, not an unknown
            elif raw in pattern.real_not_yet_flat[i]:
                dimension = pattern.dimension_flat[i]
                self.excluded[dimension] += pattern.weight_flat[i]
                not_yet[dimension] += 1
                continue
            elif raw in pattern.dont_know_flat[i]:
                kinds.add("dont_know")
            elif raw in pattern.late_not_yet_flat[i]:
                kinds.add("late_not_yet")
            else:
                continue
            lowest[i] = 0.0
            positions.append(i)
        self.not_yet = tuple(not_yet)
        self.positions = tuple(positions)
        if kinds:
            self.lowest = lowest
            self.kinds = tuple(kind for kind in UNKNOWN_KINDS if kind in kinds)
