"""The network view of a batch: levels, dimension spreads, weakest dimensions, kept as it goes."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from alliance_diag.batch.blocks import Block
from alliance_diag.engine.aggregate import GroupAccumulator, GroupResult, Spread, ValueCounts
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import DimensionResult, Overall, RecommendationResult, Status
from alliance_diag.engine.scoring import QuickScore, QuickScorer, recommendations_for, status_for
from alliance_diag.i18n import pick

# A heat map of 100,000 members is unreadable: the report shows this many rows and says so.
HEATMAP_LIMIT = 100
WEAKEST = 3
NEXT_STEPS = 6
STATUSES: tuple[Status, ...] = ("strength", "to_watch", "concern", "insufficient")


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HeatRow(Frozen):
    """One line of the heat map: a member (or a group), its scores per dimension."""

    label: str
    row: int | None
    respondents: int
    overall: float | None
    # how many of its respondents reached each level ("" for no level): a group's level is
    # its respondents', not one recomputed from averages that mix partner types
    levels: dict[str, int]
    scores: list[float | None]
    statuses: list[Status]
    divergent: list[bool]


class DimensionSpread(Frozen):
    id: str
    label: str
    spread: Spread
    statuses: dict[str, int]
    coverage: float


class NetworkSummary(Frozen):
    """Every number of the network report, computed in Python; templates only lay it out."""

    questionnaire: str
    rows_scored: int
    levels: dict[str, int]
    no_level: int
    overall: Spread
    dimensions: list[DimensionSpread]
    weakest: list[str]
    next_steps: list[RecommendationResult]
    network_level: str | None
    network_score: float | None
    heatmap: list[HeatRow]
    heatmap_total: int
    grouped_by: str | None
    by_organisation: bool
    groups: list[GroupResult]


class NetworkAccumulator:
    """Takes scored rows one at a time and keeps only running totals.

    Memory does not grow with the number of rows: per dimension how often each score
    was seen (scores have one decimal, so at most 1,001 of them) and a coverage total,
    the first ``heatmap_limit`` rows, and one accumulator per group when rows are
    grouped (so it grows with the number of groups, not of rows).
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        scorer: QuickScorer,
        lang: str,
        *,
        grouped_by: str | None = None,
        by_organisation: bool = False,
        heatmap_limit: int | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.scorer = scorer
        self.lang = lang
        self.dimension_ids = [d.id for d in questionnaire.dimensions]
        self.labels = [pick(d.label, lang) for d in questionnaire.dimensions]
        self.grouped_by = grouped_by
        self.by_organisation = by_organisation
        self.heatmap_limit = HEATMAP_LIMIT if heatmap_limit is None else heatmap_limit
        self.rows = 0
        self.levels: dict[str | None, int] = dict.fromkeys([*self.scorer_levels(), None], 0)
        self.overall = ValueCounts()
        self.dimensions = [ValueCounts() for _ in self.dimension_ids]
        # coverages have three decimals: counted like scores, summed exactly at the end, so
        # that totals kept in two processes and merged are the very same
        self.coverage: list[dict[float, int]] = [{} for _ in self.dimension_ids]
        self.heatmap: list[HeatRow] = []
        self.groups: dict[str, GroupAccumulator] = {}
        self.group_levels: dict[str, dict[str, int]] = {}

    def add(self, row: int, label: str, quick: QuickScore, group: str | None = None) -> None:
        self.rows += 1
        self.levels[quick.level] += 1
        if quick.overall is not None:
            self.overall.add(quick.overall)
        for stat, value in zip(self.dimensions, quick.dimensions, strict=True):
            if value is not None:
                counts = stat.counts
                counts[value] = counts.get(value, 0) + 1
        for counts, value in zip(self.coverage, quick.coverage, strict=True):
            counts[value] = counts.get(value, 0) + 1
        if self.grouped_by is not None:
            key = group or ""
            accumulator = self.groups.get(key)
            if accumulator is None:
                accumulator = self.groups[key] = GroupAccumulator(self.dimension_ids, self.labels)
            accumulator.add(quick.dimensions, quick.overall)
            levels = self.group_levels.setdefault(key, {})
            levels[quick.level or ""] = levels.get(quick.level or "", 0) + 1
        elif len(self.heatmap) < self.heatmap_limit:
            self.heatmap.append(
                HeatRow(
                    label=label,
                    row=row,
                    respondents=1,
                    overall=quick.overall,
                    levels={quick.level or "": 1},
                    scores=list(quick.dimensions),
                    statuses=list(quick.statuses),
                    divergent=[False] * len(quick.dimensions),
                )
            )

    def add_block(
        self, rows: list[int], block: Block, part: slice, unnamed: Callable[[int], str]
    ) -> None:
        """``add`` for rows of a block, ungrouped: the same totals, column by column.

        ``unnamed`` names a heat-map row without an organisation.
        """
        assert self.grouped_by is None
        self.rows += len(rows)
        for level, count in Counter(block.levels[part]).items():
            self.levels[level] += count
        _count(self.overall.counts, block.overall[part])
        for stat, scores in zip(self.dimensions, block.scores, strict=True):
            _count(stat.counts, scores[part])
        for counts, coverage in zip(self.coverage, block.coverage, strict=True):
            _count(counts, coverage[part])
        room = self.heatmap_limit - len(self.heatmap)
        start = part.start or 0
        for offset, row in enumerate(rows[:room]):
            i = start + offset
            scores = [column[i] for column in block.scores]
            self.heatmap.append(
                HeatRow(
                    label=block.labels[i] or unnamed(row),
                    row=row,
                    respondents=1,
                    overall=block.overall[i],
                    levels={block.levels[i] or "": 1},
                    scores=scores,
                    statuses=[column[i] for column in block.statuses],
                    divergent=[False] * len(scores),
                )
            )

    def part(self) -> NetworkPart:
        """The running totals, for a batch that scores part of the rows in another process."""
        assert self.grouped_by is None
        return NetworkPart(
            rows=self.rows,
            levels=self.levels,
            overall=self.overall.counts,
            dimensions=[stat.counts for stat in self.dimensions],
            coverage=self.coverage,
            heatmap=self.heatmap,
        )

    def merge(self, part: NetworkPart, offset: int, unnamed: Callable[[int], str]) -> None:
        """Add the totals of the rows that come after these ones; their row numbers are
        ``offset`` short of the right ones, and heat-map rows without a label get
        ``unnamed``'s."""
        self.rows += part.rows
        for level, count in part.levels.items():
            self.levels[level] = self.levels.get(level, 0) + count
        _add(self.overall.counts, part.overall)
        for stat, counts in zip(self.dimensions, part.dimensions, strict=True):
            _add(stat.counts, counts)
        for mine, counts in zip(self.coverage, part.coverage, strict=True):
            _add(mine, counts)
        for heat in part.heatmap[: self.heatmap_limit - len(self.heatmap)]:
            row = (heat.row or 0) + offset
            update = {"row": row, "label": heat.label or unnamed(row)}
            self.heatmap.append(heat.model_copy(update=update))

    def summary(self) -> NetworkSummary:
        spreads = [stat.spread() for stat in self.dimensions]
        dimensions = [
            DimensionSpread(
                id=dimension_id,
                label=label,
                spread=spread,
                statuses=self._statuses(stat),
                coverage=round(_total(self.coverage[d]) / self.rows, 3) if self.rows else 0.0,
            )
            for d, (dimension_id, label, spread, stat) in enumerate(
                zip(self.dimension_ids, self.labels, spreads, self.dimensions, strict=True)
            )
        ]
        scored = [d for d in dimensions if d.spread.mean is not None]
        weakest = [d.id for d in sorted(scored, key=lambda d: d.spread.mean or 0.0)[:WEAKEST]]
        means = [spread.mean for spread in spreads]
        overall, level, capped_by = self.scorer.level_of(means, None)
        next_steps = self._next_steps(dimensions, means, overall, level, capped_by)
        groups = [accumulator.result(label) for label, accumulator in sorted(self.groups.items())]
        heatmap = self.heatmap
        total = self.rows
        if self.grouped_by is not None:
            total = len(groups)
            heatmap = [self._group_row(g) for g in groups[: self.heatmap_limit]]
        levels = {level_id: self.levels.get(level_id, 0) for level_id in self.scorer_levels()}
        return NetworkSummary(
            questionnaire=self.questionnaire.id,
            rows_scored=self.rows,
            levels=levels,
            no_level=self.levels.get(None, 0),
            overall=self.overall.spread(),
            dimensions=dimensions,
            weakest=weakest,
            next_steps=next_steps,
            network_level=level,
            network_score=overall,
            heatmap=heatmap,
            heatmap_total=total,
            grouped_by=self.grouped_by,
            by_organisation=self.by_organisation,
            groups=groups,
        )

    def _statuses(self, stat: ValueCounts) -> dict[str, int]:
        """How many rows have each status: a score's status follows from the score."""
        counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for value, count in stat.counts.items():
            counts[status_for(self.questionnaire, value)] += count
        counts["insufficient"] = self.rows - sum(stat.counts.values())
        return counts

    def scorer_levels(self) -> list[str]:
        return [level.id for level in self.questionnaire.levels]

    def _group_row(self, group: GroupResult) -> HeatRow:
        scores = [d.mean for d in group.dimensions]
        return HeatRow(
            label=group.label or "",
            row=None,
            respondents=group.respondents,
            overall=group.overall.mean,
            levels=dict(self.group_levels.get(group.label or "", {})),
            scores=scores,
            statuses=[status_for(self.questionnaire, value) for value in scores],
            divergent=[d.divergent for d in group.dimensions],
        )

    def _next_steps(
        self,
        dimensions: list[DimensionSpread],
        means: list[float | None],
        overall: float | None,
        level: str | None,
        capped_by: tuple[str, ...],
    ) -> list[RecommendationResult]:
        """The recommendations that hold for the network's averages: collective next steps."""
        if not self.rows:
            return []
        results = [
            DimensionResult(
                id=d.id,
                label=d.label,
                family=dimension.family,
                score=mean,
                coverage=d.coverage,
                status=status_for(self.questionnaire, mean),
                answered=0,
                applicable=0,
                weight=dimension.weight_for(None),
                pulled_down_by=[],
            )
            for d, dimension, mean in zip(
                dimensions, self.questionnaire.dimensions, means, strict=True
            )
        ]
        level_label = pick(self.questionnaire.level(level).label, self.lang) if level else None
        network_overall = Overall(
            score=overall,
            level=level,
            level_label=level_label,
            capped_by=list(capped_by),
            level_before_gates=None,
            gates=[],
            coverage=0.0,
            answered=0,
            applicable=0,
        )
        chosen = recommendations_for(self.questionnaire, results, network_overall, self.lang)
        return chosen[:NEXT_STEPS]


@dataclass(frozen=True)
class NetworkPart:
    """What NetworkAccumulator keeps, sent from the process that scored part of a batch."""

    rows: int
    levels: dict[str | None, int]
    overall: dict[float, int]
    dimensions: list[dict[float, int]]
    coverage: list[dict[float, int]]
    heatmap: list[HeatRow]


def _add(counts: dict[Any, int], more: dict[Any, int]) -> None:
    for value, count in more.items():
        counts[value] = counts.get(value, 0) + count


def _total(counts: dict[float, int]) -> float:
    # fsum rounds once, so the total does not depend on the order the values came in
    return math.fsum(value * count for value, count in counts.items())


def _count(counts: dict[float, int], values: Iterable[float | None]) -> None:
    """Add how often each value that is not None occurs."""
    for value, count in Counter(values).items():
        if value is not None:
            counts[value] = counts.get(value, 0) + count
