"""One organisation at several dates: the trend of each dimension and of the level."""

from __future__ import annotations

from collections.abc import Sequence

from alliance_diag.compare.model import Comparison, DimensionScore, Entry, SeriesPoint
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
            "fr": "les dates ne répondent pas au même questionnaire\u00a0: {versions}",
            "en": "the dates do not answer the same questionnaire: {versions}",
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
    if len({_ref(e) for e in ordered}) > 1:
        versions = "; ".join(dict.fromkeys(f"{e.source}: {_ref(e)}" for e in ordered))
        warnings.append(_("versions", lang, versions=versions))
    a, b = pairing.a, pairing.b
    return assemble(
        "dates",
        lang,
        pairing,
        drop_steps(pairing.gaps, a.label, b.label, lang),
        warnings,
        series=[_point(entry, labels, lang) for entry in ordered],
        appeared=[d for d in b.concerns if d not in a.concerns],
        resolved=[d for d in a.concerns if d not in b.concerns],
        most_changed=max(changed, key=lambda g: abs(g.delta or 0)).id if changed else None,
    )


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
