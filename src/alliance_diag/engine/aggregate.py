"""Group results: several respondents of one organisation or region, dimension by dimension."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from alliance_diag.engine.levels import round1
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Result

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


class GroupOverall(Spread):
    """The members' overall scores, and the group's level: the one most members reach
    (gates 1.2, point 13), never above it."""

    level: str | None = None


class GroupMember(Frozen):
    """A member of the group, with the level of their own answers."""

    name: str | None
    level: str | None
    score: float | None


class GroupResult(Frozen):
    """The contract's ``group`` section: one line per dimension, the members' overall
    scores and the group's level, and each member's level."""

    label: str | None
    respondents: int
    overall: GroupOverall
    dimensions: list[GroupDimension]
    members: list[GroupMember] = []

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

    def __init__(
        self, dimension_ids: Sequence[str], labels: Sequence[str], level_order: Sequence[str]
    ) -> None:
        self.dimension_ids = tuple(dimension_ids)
        self.labels = tuple(labels)
        self.level_order = tuple(level_order)
        self.respondents = 0
        self.overall = RunningStat()
        self.dimensions = [RunningStat() for _ in dimension_ids]
        self.levels: Counter[str | None] = Counter()

    def add(self, scores: Sequence[float | None], overall: float | None, level: str | None) -> None:
        self.respondents += 1
        self.levels[level] += 1
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
            overall=GroupOverall(
                **self.overall.spread().model_dump(),
                level=members_level(self.level_order, self.levels),
            ),
            dimensions=dimensions,
        )


def members_level(order: Sequence[str], levels: Counter[str | None]) -> str | None:
    """The level most members reach: the highest one that more than half of them reach
    or pass (the lower median). A member without a level reaches none, so when half or
    more have none the group has none. A group is never above most of its members."""
    ranks = sorted(
        (order.index(level) if level in order else -1 for level in levels.elements()),
    )
    if not ranks:
        return None
    rank = ranks[(len(ranks) - 1) // 2]
    return order[rank] if rank >= 0 else None


def aggregate(
    results: Iterable[Result], questionnaire: Questionnaire, label: str | None = None
) -> GroupResult:
    """The group view of several results for one questionnaire (one organisation, say),
    each member named with their own level."""
    accumulator: GroupAccumulator | None = None
    members = []
    for result in results:
        if accumulator is None:
            accumulator = GroupAccumulator(
                [d.id for d in result.dimensions],
                [d.label for d in result.dimensions],
                [level.id for level in questionnaire.levels],
            )
        accumulator.add(
            [d.score for d in result.dimensions], result.overall.score, result.overall.level
        )
        members.append(
            GroupMember(
                name=result.respondent.get("name"),
                level=result.overall.level,
                score=result.overall.score,
            )
        )
    if accumulator is None:
        return GroupResult(
            label=label,
            respondents=0,
            overall=GroupOverall(mean=None, min=None, max=None, sd=None, n=0),
            dimensions=[],
        )
    return accumulator.result(label).model_copy(update={"members": members})


def group_level(group: GroupResult) -> tuple[float | None, str | None]:
    """The group's one overall score (the mean of its members') and its level (the one
    most members reach): the only place a group's verdict is read."""
    return group.overall.mean, group.overall.level
