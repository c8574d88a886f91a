"""What ``Scorer.measure`` returns: the numbers of one respondent's answers, and the
pattern of applicable questions they follow."""

from __future__ import annotations

from dataclasses import dataclass

from alliance_diag.engine.levels import LevelDecision
from alliance_diag.engine.questionnaire import Gate
from alliance_diag.engine.result import Status


@dataclass(frozen=True, slots=True)
class Pattern:
    """What applies for one set of the values that conditions read.

    Per dimension: the applicable question ids in order and their weight; the gates whose
    condition holds; and the scored questions that do not apply.
    """

    ids: tuple[tuple[str, ...], ...]
    applicable_weight: tuple[float, ...]
    gates: tuple[tuple[int, Gate], ...]
    skipped: tuple[str, ...]
    # the same questions flat, as a table's columns; each dimension's slice of them, how
    # many apply and whether any does
    ids_flat: tuple[str, ...]
    bounds: tuple[tuple[int, int], ...]
    counts: tuple[int, ...]
    applicable: tuple[bool, ...]
    # per flat question: its weight, and whether its « not yet » comes too late at this
    # stage (it counts as the lowest answer for the level, instead of leaving the question
    # out); then the positions of the questions that declare critical answers
    weight_flat: tuple[float, ...]
    late_flat: tuple[bool, ...]
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
