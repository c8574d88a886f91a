"""The level rule, written once: dimension scores to an overall score, a level and its gates."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from alliance_diag.engine.questionnaire import Gate, Questionnaire
from alliance_diag.engine.result import AppliedCap, AppliedGate, CapKind

# a cap that holds, before the rule ranks it: (kind, id, level id, the answer given)
Cap = tuple[CapKind, str, str, Any]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def round1(value: float) -> float:
    """One decimal place, halves rounded up as people expect (56.25 → 56.3), not to even."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def round1_array(values: Floats) -> Floats:
    """``round1`` of every value, with the same float operations in the same order."""
    return np.floor(values * 10 + 0.5 + 1e-9) / 10


def optional(value: float) -> float | None:
    """A table's number as a report holds it: None for NaN."""
    return None if value != value else float(value)


# the notices that, enough of them, cap the level
NOTICES = ("checks", "acquiescence")


@dataclass(frozen=True)
class Held:
    """The caps beyond the gates over a table, as level positions (``len(levels)``: the
    cap does not hold): per row and ceiling, per row and critical question, for the
    notices (and which kinds fired); and the lowest of them per row."""

    ceilings: Ints
    criticals: Ints
    fired: Bools
    notices: Ints
    position: Ints


@dataclass(frozen=True)
class Levels:
    """The level rule over a table: per row the overall score (NaN: none), the level's
    position before gates and after them (-1: none), the unscored applicable dimensions;
    per gate that applies, the dimensions under its threshold and whether it holds."""

    scores: Floats
    overall: Floats
    before: Ints
    position: Ints
    unscored: Bools
    below: list[Bools]
    held: list[Bools]


@dataclass(frozen=True, slots=True)
class LevelDecision:
    """The overall score and level, and why: every gate that held, and what is missing."""

    score: float | None
    level: str | None
    before_gates: str | None
    # every gate that held, one entry per dimension holding it
    gates: tuple[AppliedGate, ...]
    capped_by: tuple[str, ...]
    provisional: bool
    unscored: tuple[str, ...]
    # when "don't know" answers counted as the lowest answer give a lower level, that
    # level is the verdict, and this is the level the known answers alone would give
    known_answers_level: str | None = None
    # the dimensions whose "don't know" answers made the difference
    doubtful: tuple[str, ...] = ()
    # the caps beyond the dimension gates that hold
    caps: tuple[AppliedCap, ...] = ()


class LevelRule:
    """The questionnaire's level rule, compiled once: levels, gates, minimum coverage."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.ids = [d.id for d in questionnaire.dimensions]
        self.index = {dimension_id: i for i, dimension_id in enumerate(self.ids)}
        self.level_ids = [level.id for level in questionnaire.levels]
        self.bounds = [(level.min, level.max) for level in questionnaire.levels]
        self.min_coverage = questionnaire.min_coverage
        self.unscored_cap = questionnaire.unscored_cap
        # each gate's named dimensions as positions, and its cap's position, found once
        self.named = [[self.index[d] for d in gate.named] for gate in questionnaire.gates]
        self.caps = [self.level_ids.index(gate.cap) for gate in questionnaire.gates]
        self.ceiling_caps = {c.id: c.cap for c in questionnaire.ceilings}
        # the fewest critical answers first: the last rule reached applies
        self.critical_caps = sorted((r.count, r.cap) for r in questionnaire.critical_caps)
        self.notice_cap = questionnaire.notice_cap

    def holding(
        self,
        ceilings: Bools,
        criticals: Bools,
        own: Sequence[str | None],
        checks: Ints,
        acquiescence: Ints,
    ) -> Held:
        """The caps beyond the gates over a table, from what holds in the answers: per row,
        the ceilings whose condition holds (a column per questionnaire ceiling), the
        critical answers given (a column per critical question, ``own`` its own cap), and
        how many consistency checks and acquiescence notices fired.

        One critical answer caps the level at the questionnaire's cap for one, two or
        more at the cap for their number; an answer's own cap applies when lower.
        """
        rows = len(checks)
        none = len(self.level_ids)
        index = self.level_ids.index
        ceiling_caps = np.array([index(cap) for cap in self.ceiling_caps.values()], dtype=np.int64)
        at_ceilings = np.where(ceilings, ceiling_caps[None, :], none)
        count = criticals.sum(axis=1)
        by_count = np.full(rows, none)
        for needed, cap in self.critical_caps:  # the last rule reached applies
            by_count = np.where(count >= needed, index(cap), by_count)
        owns = np.array([index(cap) if cap else none for cap in own], dtype=np.int64)
        each = np.minimum(owns[None, :], by_count[:, None])
        at_criticals = np.where(criticals, np.where(each == none, none - 1, each), none)
        rule = self.notice_cap
        fired = np.zeros((rows, 2), dtype=bool)
        at_notices = np.full(rows, none)
        if rule is not None:
            fired[:, 0] = checks >= rule.checks
            fired[:, 1] = acquiescence >= rule.acquiescence
            at_notices = np.where(fired.any(axis=1), index(rule.cap), none)
        position = np.minimum(
            np.minimum(
                at_ceilings.min(axis=1, initial=none), at_criticals.min(axis=1, initial=none)
            ),
            at_notices,
        )
        return Held(at_ceilings, at_criticals, fired, at_notices, position)

    def held_caps(
        self, held: Held, row: int, criticals: Sequence[tuple[str, Any]]
    ) -> tuple[Cap, ...]:
        """The caps that hold on a row, in words: (kind, id, level id, the answer given);
        ``criticals`` are the row's critical questions and answers, in column order."""
        caps: list[Cap] = [
            ("ceiling", ceiling, self.level_ids[at], None)
            for ceiling, at in zip(self.ceiling_caps, held.ceilings[row].tolist(), strict=True)
            if at < len(self.level_ids)
        ]
        given = [at for at in held.criticals[row].tolist() if at < len(self.level_ids)]
        for (question, answer), at in zip(criticals, given, strict=True):
            caps.append(("critical", question, self.level_ids[at], answer))
        fired = [name for name, on in zip(NOTICES, held.fired[row], strict=True) if on]
        if fired:
            caps.append(("notices", "_and_".join(fired), self.level_ids[held.notices[row]], None))
        return tuple(caps)

    def table(
        self,
        scores: Floats,
        weights: Floats,
        gates: Sequence[tuple[int, Gate]],
        applicable: Bools,
        caps: Ints,
        unscored: Bools | None = None,
    ) -> Levels:
        """The level of each row of dimension scores (rows × dimensions, NaN: unscored),
        under the gates that apply and the ``caps`` beyond them (a level position per
        row; ``len(levels)`` when none holds).

        ``weights`` are the dimensions' weights for each row's partner type, ``gates``
        those whose condition holds (the same for every row), ``applicable`` whether each
        dimension had questions to answer. No overall score when the scored dimensions
        weigh less than the questionnaire's minimum coverage of the total weight; a
        dimension the gate names holds it when unscored too (it cannot be confirmed
        above the cap without its answers), a gate on any dimension reads the scored ones.
        """
        rows, dims = scores.shape
        scored = ~np.isnan(scores)
        if unscored is None:
            unscored = applicable & ~scored
        counted = scored & (weights > 0)
        total = np.zeros(rows)
        weight = np.zeros(rows)
        expected = np.zeros(rows)
        for i in range(dims):  # in order, as a person adds them: the same rounding
            total = total + np.where(
                counted[:, i], weights[:, i] * np.nan_to_num(scores[:, i]), 0.0
            )
            weight = weight + np.where(counted[:, i], weights[:, i], 0.0)
            expected = expected + np.where(applicable[:, i], weights[:, i], 0.0)
        banded = (weight > 0) & ~(weight + 1e-9 < self.min_coverage * expected)
        with np.errstate(divide="ignore", invalid="ignore"):
            overall = np.where(banded, round1_array(total / weight), np.nan)
        before = np.full(rows, len(self.bounds) - 1)
        for i, (low, high) in reversed(list(enumerate(self.bounds))):
            before[(low <= overall) & (overall < high)] = i
        position = before.copy()
        below: list[Bools] = []
        held: list[Bools] = []
        for index, gate in gates:
            named = self.named[index]
            under = np.zeros((rows, dims), dtype=bool)
            if named:
                under[:, named] = ~scored[:, named] | (scores[:, named] < gate.below)
            else:
                under = scored & (scores < gate.below)
            holds = under.sum(axis=1) >= gate.count
            position = np.where(holds, np.minimum(position, self.caps[index]), position)
            below.append(under)
            held.append(holds)
        if self.unscored_cap is not None:
            cap = self.level_ids.index(self.unscored_cap)
            position = np.where(unscored.any(axis=1), np.minimum(position, cap), position)
        position = np.minimum(position, caps)
        before[~banded] = -1
        position[~banded] = -1
        return Levels(scores, overall, before, position, unscored, below, held)

    def decision(
        self, levels: Levels, row: int, gates: Sequence[tuple[int, Gate]], caps: Sequence[Cap] = ()
    ) -> LevelDecision:
        """A row's decision in words: every gate and cap that held."""
        unscored = tuple(self.ids[i] for i in np.flatnonzero(levels.unscored[row]))
        before = int(levels.before[row])
        if before < 0:
            return LevelDecision(None, None, None, (), (), bool(unscored), unscored)
        hits: list[AppliedGate] = []
        scores = [optional(s) for s in levels.scores[row]]
        for (index, gate), under, holds in zip(gates, levels.below, levels.held, strict=True):
            if holds[row]:
                order = self.named[index] or range(len(self.ids))
                found = [(self.ids[i], scores[i], gate.below, gate.count) for i in order
                         if under[row, i]]  # fmt: skip
                self._record(gate.cap, found, before, hits, index)
        if self.unscored_cap is not None and unscored:
            missing = [(d, None, None, 1) for d in unscored]
            self._record(self.unscored_cap, missing, before, hits, None)
        held = [
            AppliedCap(kind=kind, id=cap_id, cap=cap, lowered=self.level_ids.index(cap) < before,
                       answer=answer)
            for kind, cap_id, cap, answer in caps
        ]  # fmt: skip
        return LevelDecision(
            score=float(levels.overall[row]),
            level=self.level_ids[int(levels.position[row])],
            before_gates=self.level_ids[before],
            gates=tuple(hits),
            capped_by=tuple(dict.fromkeys(hit.dimension for hit in hits if hit.lowered)),
            provisional=bool(unscored),
            unscored=unscored,
            caps=tuple(held),
        )

    def decide(
        self,
        scores: Sequence[float | None],
        weights: Sequence[float],
        gates: Sequence[tuple[int, Gate]],
        applicable: Sequence[bool],
    ) -> LevelDecision:
        """The level of one row of scores (a group's or a network's means): a table of one."""
        levels = self.table(
            np.array([[np.nan if s is None else s for s in scores]], dtype=float),
            np.array([weights], dtype=float),
            gates,
            np.array([applicable], dtype=bool),
            np.array([len(self.level_ids)]),
        )
        return self.decision(levels, 0, gates)

    def lowered_by_doubt(self, known: Levels, low: Levels, unknown: Bools) -> Bools:
        """The rows whose level an uncertainty lowers.

        An unknown answer ("don't know", a skipped question, a "not yet" at a stage where
        the answer should be known) stays out of a dimension's score; but the level is at
        most the one that the same answers give with every unknown replaced by its lowest
        answer (``low``: its scores, and the caps that then hold: a critical answer, a
        ceiling, a contradiction the unknown may hide), the dimensions unscored in
        ``known`` staying unscored there. So replacing an answer with an unknown never
        raises the level. ``unknown``: the rows with an unknown answer.
        """
        return (
            unknown & (known.position >= 0) & (low.position >= 0) & (low.position < known.position)
        )

    def doubted(
        self, decision: LevelDecision, known: Levels, low: Levels, row: int
    ) -> LevelDecision:
        """A row's decision when its unknown answers lower its level: that level, and the
        dimensions whose unknowns made the difference."""
        pairs = zip(self.ids, known.scores[row], low.scores[row], strict=True)
        return replace(
            decision,
            level=self.level_ids[int(low.position[row])],
            known_answers_level=decision.level,
            doubtful=tuple(d for d, s, x in pairs if optional(s) != optional(x)),
        )

    def _record(
        self,
        cap: str,
        found: Sequence[tuple[str, float | None, float | None, int]],
        before: int,
        hits: list[AppliedGate],
        gate: int | None,
    ) -> None:
        """The dimensions that hold a gate, for the reasons a report gives."""
        lowered = self.level_ids.index(cap) < before
        hits.extend(
            AppliedGate(
                dimension=d, score=s, below=below, cap=cap, lowered=lowered, count=count, gate=gate
            )
            for d, s, below, count in found
        )
