"""Two sides of one alliance: each side's scores and level, and the gaps between them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal

from alliance_diag.compare.items import mirrored_gaps
from alliance_diag.compare.model import (
    FLAG_AT,
    Comparison,
    DimensionGap,
    Entry,
    GapStep,
    ItemGap,
    ItemPair,
    Side,
)
from alliance_diag.compare.steps import gap_steps
from alliance_diag.core.errors import InputError, Problem
from alliance_diag.core.i18n import Catalog, pick
from alliance_diag.engine.aggregate import aggregate, group_level
from alliance_diag.engine.level_reasons import gate_reasons
from alliance_diag.engine.result import Status
from alliance_diag.engine.scoring import status_for

_ = Catalog(
    {
        "mixed_side": {
            "fr": "les fichiers d'un même côté répondent à des questionnaires différents "
            "({ids})\u00a0: un côté, un questionnaire",
            "en": "the files of one side answer different questionnaires ({ids}): one side, "
            "one questionnaire",
        },
        "no_group_level": {
            "fr": "{label}\u00a0: pas de niveau pour ce groupe, son questionnaire "
            "«\u202f{id}\u202f» n'est pas intégré à alliance-diag",
            "en": "{label}: no level for this group, its questionnaire '{id}' is not built into "
            "alliance-diag",
        },
        "capped_by": {
            "fr": "Niveau plafonné par {dimensions}.",
            "en": "Level capped by {dimensions}.",
        },
        "versions": {
            "fr": "questionnaires différents\u00a0: {a} ({label_a}) et {b} ({label_b})\u202f; la "
            "comparaison porte sur les dimensions qu'ils partagent",
            "en": "different questionnaires: {a} ({label_a}) and {b} ({label_b}); the "
            "comparison covers the dimensions they share",
        },
    }
)


class SideScores:
    """A side's dimension scores and statuses, whether one respondent or a group."""

    def __init__(self, side: Side, scores: dict[str, float | None], statuses: dict[str, Status]):
        self.side = side
        self.scores = scores
        self.statuses = statuses


def delta(a: float | None, b: float | None) -> float | None:
    """b − a to one decimal, None when either is missing. ``round`` is symmetric about zero,
    so a against b is exactly the negation of b against a."""
    if a is None or b is None:
        return None
    return round(b - a, 1)


def flagged(value: float | None) -> bool:
    return value is not None and abs(value) >= FLAG_AT - 1e-9


def side_scores(entries: Sequence[Entry], label: str | None, lang: str) -> SideScores:
    """One side from its respondents: one result as scored, several averaged per dimension.

    A group's level is the engine's level of its averaged dimension scores, with the
    partner type its respondents share (none when they differ).
    """
    ids = sorted({e.result.questionnaire.id for e in entries})
    if len(ids) > 1:
        odd = next(
            e for e in entries if e.result.questionnaire.id != entries[0].result.questionnaire.id
        )
        raise InputError([Problem(odd.source, _("mixed_side", lang, ids=", ".join(ids)))])
    first = entries[0]
    result = first.result
    organisations = {e.result.respondent.get("organisation") for e in entries}
    organisation = organisations.pop() if len(organisations) == 1 else None
    name = label or organisation or ", ".join(e.source for e in entries)
    if len(entries) == 1:
        side = Side(
            label=name,
            organisation=organisation,
            questionnaire=result.questionnaire,
            sources=[first.source],
            respondents=1,
            date=first.date,
            overall=result.overall.score,
            level=result.overall.level,
            level_label=_level_label(first, result.overall.level, lang),
            capped_by=list(result.overall.capped_by),
            gates=list(result.overall.gates),
            caps=_caps(first, lang),
            concerns=list(result.concerns),
            provisional=result.overall.provisional,
        )
        return SideScores(
            side,
            {d.id: d.score for d in result.dimensions},
            {d.id: d.status for d in result.dimensions},
        )
    return _group(entries, name, organisation, lang)


def _group(entries: Sequence[Entry], name: str, organisation: str | None, lang: str) -> SideScores:
    questionnaire = next((e.questionnaire for e in entries if e.questionnaire), None)
    if questionnaire is None:
        message = _("no_group_level", lang, label=name, id=entries[0].result.questionnaire.id)
        raise InputError([Problem(entries[0].source, message)])
    group = aggregate([e.result for e in entries], questionnaire, name)
    scores = {d.id: d.mean for d in group.dimensions}
    overall, level = group_level(group)
    statuses = {dim: status_for(questionnaire, value) for dim, value in scores.items()}
    side = Side(
        label=name,
        organisation=organisation,
        questionnaire=entries[0].result.questionnaire,
        sources=[e.source for e in entries],
        respondents=len(entries),
        date=max((e.date for e in entries if e.date), default=None),
        overall=overall,
        level=level,
        level_label=pick(questionnaire.level(level).label, lang) if level else None,
        capped_by=[],
        gates=[],
        caps=[],
        concerns=[dim for dim, status in statuses.items() if status == "concern"],
        provisional=any(e.result.overall.provisional for e in entries),
    )
    return SideScores(side, scores, statuses)


def _caps(entry: Entry, lang: str) -> list[str]:
    """What caps a respondent's level, in the report's words when its questionnaire is known."""
    result = entry.result
    if entry.questionnaire is not None:
        return gate_reasons(result, entry.questionnaire, lang)
    return _capped_by(result.overall.capped_by, {d.id: d.label for d in result.dimensions}, lang)


def _capped_by(capped_by: list[str], labels: dict[str, str], lang: str) -> list[str]:
    if not capped_by:
        return []
    return [_("capped_by", lang, dimensions=", ".join(labels[d] for d in capped_by))]


def _who(entries: Sequence[Entry]) -> str:
    """Two sides from one organisation are told apart by respondent, else by file name."""
    names = [e.result.respondent.get("name") or PurePath(e.source).name for e in entries]
    return ", ".join(names)


def _level_label(entry: Entry, level: str | None, lang: str) -> str | None:
    if level is None:
        return None
    if entry.questionnaire is not None:
        return pick(entry.questionnaire.level(level).label, lang)
    return entry.result.overall.level_label


def dimension_gaps(a: SideScores, b: SideScores, labels: dict[str, str]) -> list[DimensionGap]:
    """Per dimension, both scores and b − a; dimensions of either side, a's order first."""
    ids = list(dict.fromkeys([*a.scores, *b.scores]))
    gaps = []
    for dimension in ids:
        score_a, score_b = a.scores.get(dimension), b.scores.get(dimension)
        difference = delta(score_a, score_b)
        gaps.append(
            DimensionGap(
                id=dimension,
                label=labels[dimension],
                a=score_a,
                b=score_b,
                delta=difference,
                flagged=flagged(difference),
                status_a=a.statuses.get(dimension),
                status_b=b.statuses.get(dimension),
            )
        )
    return gaps


def dimension_labels(entries: Sequence[Entry], lang: str) -> dict[str, str]:
    """Each dimension's label in ``lang`` when its questionnaire is known, else as scored."""
    labels: dict[str, str] = {}
    for entry in entries:
        for dimension in entry.result.dimensions:
            if dimension.id in labels:
                continue
            if entry.questionnaire is not None:
                labels[dimension.id] = pick(entry.questionnaire.dimension(dimension.id).label, lang)
            else:
                labels[dimension.id] = dimension.label
    return labels


def version_warning(a: Side, b: Side, lang: str) -> list[str]:
    """Names both questionnaires when they differ in id or version."""
    if a.questionnaire == b.questionnaire:
        return []
    return [
        _(
            "versions",
            lang,
            a=f"{a.questionnaire.id} {a.questionnaire.version}",
            b=f"{b.questionnaire.id} {b.questionnaire.version}",
            label_a=a.label,
            label_b=b.label,
        )
    ]


@dataclass(frozen=True)
class Pairing:
    """What any comparison of a against b shows: both sides, their gaps, mirrored answers."""

    a: Side
    b: Side
    gaps: list[DimensionGap]
    items: list[ItemGap]
    items_compared: bool
    warnings: list[str]
    side_by_side: list[ItemPair]


def pair(
    a: Sequence[Entry], b: Sequence[Entry], lang: str, label_a: str | None, label_b: str | None
) -> Pairing:
    """Side a against side b; two sides that would bear one name are named after who answered.

    Raises InputError when a side mixes questionnaires, or when a group's level cannot be
    computed because its questionnaire is unknown.
    """
    side_a = side_scores(a, label_a, lang)
    side_b = side_scores(b, label_b, lang)
    if side_a.side.label == side_b.side.label:
        side_a.side = side_a.side.model_copy(update={"label": label_a or _who(a)})
        side_b.side = side_b.side.model_copy(update={"label": label_b or _who(b)})
    labels = dimension_labels([*a, *b], lang)
    items, items_compared, warnings, side_by_side = mirrored_gaps(a, b, labels, lang)
    return Pairing(
        a=side_a.side,
        b=side_b.side,
        gaps=dimension_gaps(side_a, side_b, labels),
        items=items,
        items_compared=items_compared,
        warnings=warnings,
        side_by_side=side_by_side,
    )


def assemble(
    kind: Literal["sides", "dates"],
    lang: str,
    pairing: Pairing,
    next_steps: list[GapStep],
    warnings: list[str],
    **over_time: Any,
) -> Comparison:
    """The comparison of a pairing; ``over_time`` holds what only dates have (``series``…)."""
    return Comparison(
        kind=kind,
        language=lang,
        a=pairing.a,
        b=pairing.b,
        level_a=pairing.a.level,
        level_b=pairing.b.level,
        dimensions=pairing.gaps,
        items=pairing.items,
        items_compared=pairing.items_compared,
        side_by_side=pairing.side_by_side,
        next_steps=next_steps,
        warnings=warnings + pairing.warnings,
        **over_time,
    )


def compare_sides(
    a: Sequence[Entry],
    b: Sequence[Entry],
    lang: str,
    *,
    label_a: str | None = None,
    label_b: str | None = None,
) -> Comparison:
    """Side a against side b: scores, levels, mirrored answers and the steps gaps call for."""
    pairing = pair(a, b, lang, label_a, label_b)
    steps = gap_steps(pairing.gaps, len(pairing.items), pairing.a, pairing.b, lang)
    return assemble("sides", lang, pairing, steps, version_warning(pairing.a, pairing.b, lang))
