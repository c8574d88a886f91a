"""One organisation at several dates: the trend of each dimension and of the level."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from alliance_diag.compare.model import (
    FALL_AT,
    Comparison,
    DimensionScore,
    Entry,
    Fall,
    SeriesPoint,
)
from alliance_diag.compare.sides import assemble, pair, side_scores
from alliance_diag.compare.steps import drop_steps
from alliance_diag.core.dates import format_date
from alliance_diag.core.i18n import Catalog

_ = Catalog(
    {
        "undated": {
            "fr": "sans date dans {names} (ni updated_at, ni started_at, ni date dans le nom "
            "du fichier)\u00a0: les fichiers sont pris dans l'ordre donné",
            "en": "no date in {names} (no updated_at, no started_at, no date in the file "
            "name): the files are taken in the order given",
        },
        "versions": {
            "fr": "Les dates ne répondent pas au même questionnaire ({versions}) : comparez "
            "les réponses plus que les niveaux.",
            "en": "The dates do not answer the same questionnaire ({versions}): compare the "
            "answers more than the levels.",
        },
        "carried": {
            "fr": "Les réponses du {dates} ont été données avec une version antérieure du "
            "questionnaire ({versions}) ; toutes les dates sont lues ici avec les règles de "
            "la version {current}. Une partie de l'évolution peut venir des questions "
            "ajoutées et des règles changées depuis : comparez les réponses autant que les "
            "niveaux.",
            "en": "The answers of {dates} were given for an earlier version of the "
            "questionnaire ({versions}); every date is read here under the rules of version "
            "{current}. Part of the trend may come from the questions added and the rules "
            "changed since: compare the answers as much as the levels.",
        },
    }
)


def in_date_order(entries: Sequence[Entry], lang: str) -> tuple[list[Entry], list[str]]:
    """Oldest first; when a file has no date, the order given, with a warning naming it."""
    undated = [e.source for e in entries if e.date is None]
    if undated:
        return list(entries), [_("undated", lang, names=", ".join(undated))]
    return sorted(entries, key=lambda e: e.date.toordinal() if e.date else 0), []


def point_label(entry: Entry, lang: str) -> str:
    return format_date(entry.date, lang) if entry.date else entry.source


def compare_dates(
    entries: Sequence[Entry],
    lang: str,
    *,
    label_a: str | None = None,
    label_b: str | None = None,
) -> Comparison:
    """The oldest against the newest, with every date in between as ``series``."""
    ordered, warnings = in_date_order(entries, lang)
    first, last = ordered[0], ordered[-1]
    pairing = pair(
        [first],
        [last],
        lang,
        label_a or point_label(first, lang),
        label_b or point_label(last, lang),
    )
    labels = {d.id: d.label for d in pairing.gaps}
    changed = [g for g in pairing.gaps if g.delta]
    separator = " ; " if lang == "fr" else "; "
    if len({_ref(e) for e in ordered}) > 1:
        versions = separator.join(dict.fromkeys(f"{e.source} : {_ref(e)}" for e in ordered))
        warnings.append(_("versions", lang, versions=versions))
    warnings.extend(_carried(ordered, lang))
    a, b = pairing.a, pairing.b
    series = [_point(entry, labels, lang) for entry in ordered]
    falls = consecutive_falls(series, labels)
    return assemble(
        "dates",
        lang,
        pairing,
        drop_steps(pairing.gaps, falls, a.label, b.label, lang),
        warnings,
        series=series,
        falls=falls,
        appeared=[d for d in b.concerns if d not in a.concerns],
        resolved=[d for d in a.concerns if d not in b.concerns],
        most_changed=max(changed, key=lambda g: abs(g.delta or 0)).id if changed else None,
    )


def consecutive_falls(series: list[SeriesPoint], labels: dict[str, str]) -> list[Fall]:
    """Every dimension that fell by FALL_AT points or more from one date to the next: a
    path that looks fine from first to last can hide a recent fall."""
    falls = []
    for before, after in itertools.pairwise(series):
        scores = {d.id: d.score for d in before.dimensions}
        for dimension in after.dimensions:
            old = scores.get(dimension.id)
            if old is None or dimension.score is None:
                continue
            points = round(old - dimension.score, 1)
            if points + 1e-9 >= FALL_AT:
                falls.append(
                    Fall(
                        dimension=dimension.id,
                        label=labels[dimension.id],
                        points=points,
                        before=before.label,
                        after=after.label,
                    )
                )
    return falls


def _carried(ordered: Sequence[Entry], lang: str) -> list[str]:
    """A sentence when some dates' answers were given for an earlier version."""
    earlier = [
        (point_label(e, lang), version)
        for e in ordered
        if e.answers is not None and (version := e.answers.carried_from[0]) is not None
    ]
    if not earlier:
        return []
    word = " et " if lang == "fr" else " and "
    dates = word.join(label for label, _version in earlier)
    versions = ", ".join(dict.fromkeys(version for _label, version in earlier))
    current = ordered[-1].result.questionnaire.version
    return [_("carried", lang, dates=dates, versions=versions, current=current)]


def _ref(entry: Entry) -> str:
    return f"{entry.result.questionnaire.id} {entry.result.questionnaire.version}"


def _point(entry: Entry, labels: dict[str, str], lang: str) -> SeriesPoint:
    side = side_scores([entry], None, lang).side
    scores = {d.id: d.score for d in entry.result.dimensions}
    return SeriesPoint(
        label=point_label(entry, lang),
        date=entry.date,
        source=entry.source,
        overall=side.overall,
        level=side.level,
        level_label=side.level_label,
        dimensions=[DimensionScore(id=d, score=scores.get(d)) for d in labels],
        concerns=side.concerns,
    )
