"""The level rule, written once: dimension scores to an overall score, a level and its gates."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from alliance_diag.engine.questionnaire import Gate, Questionnaire
from alliance_diag.engine.result import AppliedCap, AppliedGate, CapKind

# a cap that holds, before the rule ranks it: (kind, id, level id, the answer given)
Cap = tuple[CapKind, str, str, Any]


def round1(value: float) -> float:
    """One decimal place, halves rounded up as people expect (56.25 → 56.3), not to even."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


@dataclass(frozen=True, slots=True)
class LevelDecision:
    """The overall score and level, and why: every gate that held, and what is missing."""

    score: float | None
    level: str | None
    before_gates: str | None
    # every gate that held, one entry per dimension holding it (empty unless explained)
    gates: tuple[AppliedGate, ...]
    capped_by: tuple[str, ...]
    provisional: bool
    unscored: tuple[str, ...]
    # when "don't know" answers counted as the lowest answer give a lower level, that
    # level is the verdict, and this is the level the known answers alone would give
    known_answers_level: str | None = None
    # the dimensions whose "don't know" answers made the difference
    doubtful: tuple[str, ...] = ()
    # the caps beyond the dimension gates that hold (empty unless explained)
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
        ceilings: Sequence[str],
        criticals: Sequence[tuple[str, Any, str | None]],
        checks: int,
        acquiescence: int,
    ) -> tuple[Cap, ...]:
        """The caps beyond the gates, from what holds in the answers: the ceilings whose
        condition holds, the critical answers (question, answer, its own cap), and how
        many consistency checks and acquiescence notices fired.

        One critical answer caps the level at the questionnaire's cap for one, two or
        more at the cap for their number; an answer's own cap applies when lower.
        """
        caps: list[Cap] = [("ceiling", c, self.ceiling_caps[c], None) for c in ceilings]
        by_count = [cap for count, cap in self.critical_caps if count <= len(criticals)]
        for question, answer, own in criticals:
            candidates = [c for c in (own, by_count[-1] if by_count else None) if c]
            cap = min(candidates, key=self.level_ids.index, default=self.level_ids[-1])
            caps.append(("critical", question, cap, answer))
        rule = self.notice_cap
        if rule is not None:
            fired = [
                name
                for name, count, needed in (
                    ("checks", checks, rule.checks),
                    ("acquiescence", acquiescence, rule.acquiescence),
                )
                if count >= needed
            ]
            if fired:
                caps.append(("notices", "_and_".join(fired), rule.cap, None))
        return tuple(caps)

    def decide(
        self,
        scores: Sequence[float | None],
        weights: Sequence[float],
        gates: Sequence[tuple[int, Gate]],
        applicable: Sequence[bool],
        unscored_as: Sequence[str] | None = None,
        *,
        caps: Sequence[Cap] = (),
        explain: bool = True,
    ) -> LevelDecision:
        """The level from dimension scores (questionnaire order), under the gates that apply
        and the ``caps`` beyond them that hold (``holding``).

        ``weights`` are the dimensions' weights for the respondent's partner type,
        ``gates`` those whose condition holds, ``applicable`` whether each dimension had
        questions to answer. No overall score when the scored dimensions weigh less than
        the questionnaire's minimum coverage of the total weight. ``explain=False`` gives
        the level alone, without the gates that held (the same rule, for a level that
        only bounds another).
        """
        unscored = tuple(
            i for i, s, a in zip(self.ids, scores, applicable, strict=True) if a and s is None
        )
        if unscored_as is not None:
            unscored = tuple(unscored_as)
        banded = self._band(scores, weights, applicable)
        if banded is None:
            return LevelDecision(None, None, None, (), (), bool(unscored), unscored)
        overall, before = banded
        position = before
        hits: list[AppliedGate] = []
        lowest = min([s for s in scores if s is not None], default=100.0)
        for index, gate in gates:
            named = self.named[index]
            if not named and lowest >= gate.below:
                continue  # the common case: no scored dimension is under this threshold
            found = self._hits(gate, named, scores)
            if found:
                position = min(position, self.caps[index])
                if explain:
                    self._record(gate.cap, found, before, hits, index)
        if self.unscored_cap is not None and unscored:
            position = min(position, self.level_ids.index(self.unscored_cap))
            if explain:
                missing = [(d, None, None, 1) for d in unscored]
                self._record(self.unscored_cap, missing, before, hits, None)
        position, held = self._capped(caps, position, before, explain=explain)
        return LevelDecision(
            score=overall,
            level=self.level_ids[position],
            before_gates=self.level_ids[before],
            gates=tuple(hits),
            capped_by=tuple(dict.fromkeys(hit.dimension for hit in hits if hit.lowered)),
            provisional=bool(unscored),
            unscored=unscored,
            caps=held,
        )

    def _capped(
        self, caps: Sequence[Cap], position: int, before: int, *, explain: bool
    ) -> tuple[int, tuple[AppliedCap, ...]]:
        """The level's position under the caps beyond the gates, and (when explained)
        each cap, with whether it lowered the level the overall score gave."""
        held: list[AppliedCap] = []
        for kind, cap_id, cap, answer in caps:
            at = self.level_ids.index(cap)
            position = min(position, at)
            if explain:
                held.append(AppliedCap(kind=kind, id=cap_id, cap=cap, lowered=at < before,
                                       answer=answer))  # fmt: skip
        return position, tuple(held)

    def _band(
        self, scores: Sequence[float | None], weights: Sequence[float], applicable: Sequence[bool]
    ) -> tuple[float, int] | None:
        """The overall score (the weighted mean of the scored dimensions) and the position
        of its level before gates; None when too little of the applicable weight is
        scored (a dimension with nothing to measure yet is not applicable)."""
        total = weight = 0.0
        for dim_score, dim_weight in zip(scores, weights, strict=True):
            if dim_score is not None and dim_weight > 0:
                total += dim_weight * dim_score
                weight += dim_weight
        expected = sum(w for w, a in zip(weights, applicable, strict=True) if a)
        if weight <= 0 or weight + 1e-9 < self.min_coverage * expected:
            return None
        overall = round1(total / weight)
        for i, (low, high) in enumerate(self.bounds):
            if low <= overall < high:
                return overall, i
        return overall, len(self.bounds) - 1

    def decide_without_doubt(
        self,
        scores: Sequence[float | None],
        low_scores: Sequence[float | None],
        weights: Sequence[float],
        gates: Sequence[tuple[int, Gate]],
        applicable: Sequence[bool],
        *,
        caps: Sequence[Cap] = (),
        low_caps: Sequence[Cap] = (),
        explain: bool = True,
    ) -> LevelDecision:
        """The level, where an uncertainty can never raise it.

        An unknown answer ("don't know", a skipped question, a "not yet" at a stage where
        the answer should be known) stays out of a dimension's score; but the level is at
        most the one that the same answers give with every unknown replaced by its lowest
        answer: ``low_scores``, and the caps that then hold (``low_caps``: a critical
        answer, a ceiling, a contradiction the unknown may hide), the dimensions unscored
        here staying unscored there. So replacing an answer with an unknown never raises
        the level. ``low_scores`` is ``scores`` itself when no answer is unknown.
        """
        known = self.decide(scores, weights, gates, applicable, caps=caps, explain=explain)
        if low_scores is scores or known.level is None:
            return known
        low = self.decide(
            low_scores, weights, gates, applicable, known.unscored, caps=low_caps, explain=False
        )
        if low.level is None or self.level_ids.index(low.level) >= self.level_ids.index(
            known.level
        ):
            return known
        doubtful = tuple(d for d, s, x in zip(self.ids, scores, low_scores, strict=True) if s != x)
        return LevelDecision(
            score=known.score,
            level=low.level,
            before_gates=known.before_gates,
            gates=known.gates,
            capped_by=known.capped_by,
            provisional=known.provisional,
            unscored=known.unscored,
            known_answers_level=known.level,
            doubtful=doubtful,
            caps=known.caps,
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

    def _hits(
        self, gate: Gate, named: list[int], scores: Sequence[float | None]
    ) -> list[tuple[str, float | None, float | None, int]]:
        """The dimensions that hold a gate, when enough of them do.

        A dimension the gate names holds it when unscored too: it cannot be confirmed
        above the cap without its answers. A gate on any dimension reads the scored ones.
        """
        below_of = gate.below
        if named:
            below = [i for i in named if (s := scores[i]) is None or s < below_of]
        else:
            below = [i for i, s in enumerate(scores) if s is not None and s < below_of]
        if len(below) < gate.count:
            return []
        return [(self.ids[i], scores[i], below_of, gate.count) for i in below]
