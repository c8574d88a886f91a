"""The level rule, written once: dimension scores to an overall score, a level and its gates."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from alliance_diag.engine.questionnaire import Gate, Questionnaire


def round1(value: float) -> float:
    """One decimal place, halves rounded up as people expect (56.25 → 56.3), not to even."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


@dataclass(frozen=True, slots=True)
class GateHit:
    """A gate that held for one dimension: it scored ``score`` (None: not enough answers),
    so the level is at most ``cap``; ``lowered`` when that cap changed the level.
    ``count`` is how many dimensions the gate needed below its threshold."""

    dimension: str
    score: float | None
    below: float | None
    cap: str
    lowered: bool
    count: int = 1


@dataclass(frozen=True, slots=True)
class LevelDecision:
    """The overall score and level, and why: every gate that held, and what is missing."""

    score: float | None
    level: str | None
    before_gates: str | None
    gates: tuple[GateHit, ...]
    capped_by: tuple[str, ...]
    provisional: bool
    unscored: tuple[str, ...]


def decide_level(
    questionnaire: Questionnaire,
    scores: Sequence[float | None],
    weights: Sequence[float],
    gates: Sequence[Gate],
    applicable: Sequence[bool],
) -> LevelDecision:
    """The level from dimension scores (questionnaire order), under the gates that apply.

    ``weights`` are the dimensions' weights for the respondent's partner type, ``gates``
    those whose condition holds, ``applicable`` whether each dimension had questions to
    answer. No overall score when the scored dimensions weigh less than the
    questionnaire's minimum coverage of the total weight.
    """
    ids = [d.id for d in questionnaire.dimensions]
    unscored = tuple(i for i, s, a in zip(ids, scores, applicable, strict=True) if a and s is None)
    total = weight = 0.0
    for dim_score, dim_weight in zip(scores, weights, strict=True):
        if dim_score is not None and dim_weight > 0:
            total += dim_weight * dim_score
            weight += dim_weight
    if weight <= 0 or weight + 1e-9 < questionnaire.min_coverage * sum(weights):
        return LevelDecision(None, None, None, (), (), bool(unscored), unscored)
    overall = round1(total / weight)
    level_ids = [level.id for level in questionnaire.levels]
    before = next(
        (i for i, level in enumerate(questionnaire.levels) if level.min <= overall < level.max),
        len(level_ids) - 1,
    )
    caps: list[tuple[str, float | None, float | None, str, int]] = []
    by_id = dict(zip(ids, scores, strict=True))
    for gate in gates:
        caps.extend(_hits(gate, ids, by_id))
    if questionnaire.unscored_cap is not None:
        caps.extend((d, None, None, questionnaire.unscored_cap, 1) for d in unscored)
    position = before
    hits = []
    for dimension, dim_score, below, cap, count in caps:
        cap_position = level_ids.index(cap)
        hits.append(GateHit(dimension, dim_score, below, cap, cap_position < before, count))
        position = min(position, cap_position)
    capped_by = tuple(dict.fromkeys(hit.dimension for hit in hits if hit.lowered))
    return LevelDecision(
        score=overall,
        level=level_ids[position],
        before_gates=level_ids[before],
        gates=tuple(hits),
        capped_by=capped_by,
        provisional=bool(unscored),
        unscored=unscored,
    )


def _hits(
    gate: Gate, ids: list[str], scores: dict[str, float | None]
) -> list[tuple[str, float | None, float | None, str, int]]:
    """The dimensions that hold a gate, when enough of them do.

    A dimension the gate names holds it when unscored too: it cannot be confirmed above
    the cap without its answers. A gate on any dimension reads the scored ones.
    """
    named = gate.named
    if named:
        below = [d for d in named if scores[d] is None or scores[d] < gate.below]  # type: ignore[operator]
    else:
        below = [d for d in ids if (s := scores[d]) is not None and s < gate.below]
    if len(below) < gate.count:
        return []
    return [(d, scores[d], gate.below, gate.cap, gate.count) for d in below]
