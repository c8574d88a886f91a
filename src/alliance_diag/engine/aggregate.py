"""Group results: several respondents of one organisation or region, dimension by dimension."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from alliance_diag.engine.levels import round1
from alliance_diag.engine.questionnaire import PARTNER_TYPE, Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.engine.scoring import scorer_for

# A range this wide between respondents is a point for the workshop to discuss.
DIVERGENCE = 25.0


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Spread(Frozen):
    """Mean, extremes and standard deviation of the scores that exist (None ones left out)."""

    mean: float | None
    min: float | None
    max: float | None
    sd: float | None
    n: int


class GroupDimension(Spread):
    id: str
    label: str
    divergent: bool


class GroupResult(Frozen):
    """The contract's ``group`` section: one line per dimension, plus the overall score."""

    label: str | None
    respondents: int
    overall: Spread
    dimensions: list[GroupDimension]

    def dimension(self, dimension_id: str) -> GroupDimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    @property
    def divergent(self) -> list[str]:
        return [d.id for d in self.dimensions if d.divergent]


class RunningStat:
    """Count, mean, spread and extremes kept up to date one value at a time (Welford).

    Batches add rows as they stream by, so nothing but these five numbers is kept.
    The standard deviation is the population one: it describes these respondents,
    it does not estimate a wider population.
    """

    __slots__ = ("m2", "max", "mean", "min", "n")

    def __init__(self) -> None:
        self.n = 0
        self.mean = 0.0
        self.m2 = 0.0
        self.min = math.inf
        self.max = -math.inf

    def add(self, value: float) -> None:
        self.n += 1
        delta = value - self.mean
        self.mean += delta / self.n
        self.m2 += delta * (value - self.mean)
        if value < self.min:
            self.min = value
        if value > self.max:
            self.max = value

    def spread(self) -> Spread:
        if not self.n:
            return Spread(mean=None, min=None, max=None, sd=None, n=0)
        return Spread(
            mean=round1(self.mean),
            min=self.min,
            max=self.max,
            sd=round1(math.sqrt(max(self.m2, 0.0) / self.n)),
            n=self.n,
        )


class ValueCounts:
    """How often each value was seen: exact mean and spread, in little memory when the
    values repeat, as scores to one decimal do (at most 1,001 of them on 0–100)."""

    __slots__ = ("counts",)

    def __init__(self) -> None:
        self.counts: dict[float, int] = {}

    def add(self, value: float) -> None:
        self.counts[value] = self.counts.get(value, 0) + 1

    def spread(self) -> Spread:
        n = sum(self.counts.values())
        if not n:
            return Spread(mean=None, min=None, max=None, sd=None, n=0)
        mean = math.fsum(value * count for value, count in self.counts.items()) / n
        variance = math.fsum(count * (value - mean) ** 2 for value, count in self.counts.items())
        return Spread(
            mean=round1(mean),
            min=min(self.counts),
            max=max(self.counts),
            sd=round1(math.sqrt(variance / n)),
            n=n,
        )


class GroupAccumulator:
    """Adds respondents' dimension scores one by one; ``result`` gives the group view."""

    def __init__(self, dimension_ids: Sequence[str], labels: Sequence[str]) -> None:
        self.dimension_ids = tuple(dimension_ids)
        self.labels = tuple(labels)
        self.respondents = 0
        self.overall = RunningStat()
        self.dimensions = [RunningStat() for _ in dimension_ids]

    def add(self, scores: Sequence[float | None], overall: float | None) -> None:
        self.respondents += 1
        if overall is not None:
            self.overall.add(overall)
        for stat, value in zip(self.dimensions, scores, strict=True):
            if value is not None:
                stat.add(value)

    def result(self, label: str | None = None) -> GroupResult:
        dimensions = []
        for dimension_id, dimension_label, stat in zip(
            self.dimension_ids, self.labels, self.dimensions, strict=True
        ):
            spread = stat.spread()
            divergent = (
                spread.n > 1
                and spread.max is not None
                and spread.min is not None
                and spread.max - spread.min >= DIVERGENCE - 1e-9
            )
            dimensions.append(
                GroupDimension(
                    id=dimension_id,
                    label=dimension_label,
                    divergent=divergent,
                    **spread.model_dump(),
                )
            )
        return GroupResult(
            label=label,
            respondents=self.respondents,
            overall=self.overall.spread(),
            dimensions=dimensions,
        )


def aggregate(results: Iterable[Result], label: str | None = None) -> GroupResult:
    """The group view of several results for one questionnaire (one organisation, say)."""
    accumulator: GroupAccumulator | None = None
    for result in results:
        if accumulator is None:
            accumulator = GroupAccumulator(
                [d.id for d in result.dimensions], [d.label for d in result.dimensions]
            )
        accumulator.add([d.score for d in result.dimensions], result.overall.score)
    if accumulator is None:
        return GroupResult(
            label=label,
            respondents=0,
            overall=Spread(mean=None, min=None, max=None, sd=None, n=0),
            dimensions=[],
        )
    return accumulator.result(label)


def group_level(
    questionnaire: Questionnaire, group: GroupResult, partner_type: str | None
) -> tuple[float | None, str | None, tuple[str, ...]]:
    """The group's overall score, level and the dimensions whose gate lowered it: the
    engine's own level rule, applied to the dimension means (the only place it is called
    for a group)."""
    means = [group.dimension(d.id).mean for d in questionnaire.dimensions]
    decision = scorer_for(questionnaire).decide(means, {PARTNER_TYPE: partner_type})
    return decision.score, decision.level, decision.capped_by
