"""The network view of a batch: levels, dimension spreads, weakest dimensions, kept as it goes."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from alliance_diag.core.i18n import pick
from alliance_diag.core.model import Frozen
from alliance_diag.engine.aggregate import GroupAccumulator, GroupResult, Spread, ValueCounts
from alliance_diag.engine.explanation import recommendations_for
from alliance_diag.engine.levels import Floats
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import DimensionResult, Overall, RecommendationResult, Status
from alliance_diag.engine.scoring import scorer_for, status_for
from alliance_diag.engine.table import STATUS_NAMES, TableMeasure

# A heat map of 100,000 members is unreadable: the report shows this many rows and says so.
HEATMAP_LIMIT = 100
WEAKEST = 3
NEXT_STEPS = 6
STATUSES: tuple[Status, ...] = ("strength", "to_watch", "concern", "insufficient")


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
        lang: str,
        *,
        grouped_by: str | None = None,
        by_organisation: bool = False,
        heatmap_limit: int | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.scorer = scorer_for(questionnaire)
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

    def add(
        self,
        rows: Sequence[int],
        labels: Sequence[str],
        measured: TableMeasure,
        groups: Sequence[str | None] | None = None,
    ) -> None:
        """Take a table of scored rows: their spreadsheet numbers, labels and groups."""
        self.rows += measured.rows
        level_ids = self.scorer.rule.level_ids
        found, counts = np.unique(measured.level, return_counts=True)
        for position, count in zip(found.tolist(), counts.tolist(), strict=True):
            self.levels[level_ids[position] if position >= 0 else None] += count
        _count(self.overall.counts, measured.overall)
        for d, stat in enumerate(self.dimensions):
            _count(stat.counts, measured.scores[:, d])
            _count(self.coverage[d], measured.coverage[:, d])
        if self.grouped_by is not None:
            assert groups is not None
            for r, group in enumerate(groups):
                self._add_to_group(group or "", measured.row(r))
            return
        for r in range(min(measured.rows, self.heatmap_limit - len(self.heatmap))):
            scores, overall, level = measured.row(r)
            self.heatmap.append(
                HeatRow(
                    label=labels[r],
                    row=rows[r],
                    respondents=1,
                    overall=overall,
                    levels={level or "": 1},
                    scores=scores,
                    statuses=[STATUS_NAMES[s] for s in measured.statuses[r].tolist()],
                    divergent=[False] * len(scores),
                )
            )

    def _add_to_group(
        self, key: str, row: tuple[list[float | None], float | None, str | None]
    ) -> None:
        scores, overall, level = row
        accumulator = self.groups.get(key)
        if accumulator is None:
            accumulator = self.groups[key] = GroupAccumulator(
                self.dimension_ids, self.labels, self.scorer_levels()
            )
        accumulator.add(scores, overall, level)
        levels = self.group_levels.setdefault(key, {})
        levels[level or ""] = levels.get(level or "", 0) + 1

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
        decision = self.scorer.decide(means)
        overall, level, capped_by = decision.score, decision.level, decision.capped_by
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


def _count(counts: dict[float, int], values: Floats) -> None:
    """Count each value but NaN (no score)."""
    found, times = np.unique(values[~np.isnan(values)], return_counts=True)
    for value, count in zip(found.tolist(), times.tolist(), strict=True):
        counts[value] = counts.get(value, 0) + count


def _total(counts: dict[float, int]) -> float:
    # fsum rounds once, so the total does not depend on the order the values came in
    return math.fsum(value * count for value, count in counts.items())
