"""A comparison's content, worded and formatted once for every format to lay out."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from alliance_diag.compare.model import FLAG_AT, ITEM_STEPS, Comparison, ItemPair, ItemSide, Side
from alliance_diag.core.dates import format_date
from alliance_diag.core.i18n import Catalog, format_number

_ = Catalog(
    {
        "title_sides": {"fr": "Deux regards sur l'alliance", "en": "Two views of the alliance"},
        "title_dates": {"fr": "Évolution dans le temps", "en": "Progress over time"},
        "colon": {"fr": "\u00a0:", "en": ":"},
        "level": {"fr": "Niveau", "en": "Level"},
        "overall_score": {"fr": "Score global", "en": "Overall score"},
        "no_level": {"fr": "Pas de niveau", "en": "No level"},
        "what_caps": {"fr": "Ce qui plafonne le niveau", "en": "What caps the level"},
        "no_cap": {"fr": "Aucun verrou n'abaisse ce niveau.", "en": "No gate lowers this level."},
        "respondents": {
            "fr": "{n} répondants, scores moyens par dimension",
            "en": "{n} respondents, mean scores per dimension",
        },
        "dimensions": {"fr": "Dimensions", "en": "Dimensions"},
        "dimension": {"fr": "Dimension", "en": "Dimension"},
        "delta": {"fr": "Écart", "en": "Difference"},
        "to_discuss": {"fr": "à discuter", "en": "to discuss"},
        "not_scored": {"fr": "non noté", "en": "not scored"},
        "items_title": {"fr": "Affirmations en miroir", "en": "Mirrored statements"},
        "items_title_dates": {
            "fr": "Les réponses qui ont le plus bougé",
            "en": "The answers that moved most",
        },
        "next_steps_dates": {"fr": "Ce que l'évolution appelle", "en": "What the trend calls for"},
        "to_discuss_dates": {"fr": "changement marqué", "en": "marked change"},
        "quote_open": {"fr": "\u00ab\u202f", "en": "“"},
        "quote_close": {"fr": "\u202f\u00bb", "en": "”"},
        "items_none": {
            "fr": "Aucune affirmation en miroir n'a reçu des réponses écartées de deux crans "
            "ou plus.",
            "en": "No mirrored statement got answers two steps or more apart.",
        },
        "items_unavailable": {
            "fr": "Les affirmations ne sont comparées qu'entre fichiers de réponses\u00a0: un "
            "résultat JSON ne garde que les scores.",
            "en": "Statements are compared only between answer files: a JSON result keeps "
            "only the scores.",
        },
        "negative": {
            "fr": "formulée en négatif\u00a0: «\u202fd'accord\u202f» y est défavorable",
            "en": "phrased negatively: agreeing counts against",
        },
        "steps_apart": {"fr": "{steps} crans d'écart", "en": "{steps} steps apart"},
        "side_by_side": {
            "fr": "côte à côte : les deux réponses ne sont pas sur la même échelle, sans écart "
            "chiffré",
            "en": "side by side: the two answers are not on the same scale, no gap figure",
        },
        "provisional": {"fr": "provisoire", "en": "provisional"},
        "next_steps": {"fr": "Ce que les écarts appellent", "en": "What the gaps call for"},
        "no_steps": {
            "fr": "Aucun écart de {flag} points ou plus\u00a0: vos regards se rejoignent.",
            "en": "No difference of {flag} points or more: your views converge.",
        },
        "no_drops": {
            "fr": "Aucune dimension n'a perdu {flag} points ou plus.",
            "en": "No dimension lost {flag} points or more.",
        },
        "trend": {"fr": "Évolution", "en": "Trend"},
        "date": {"fr": "Date", "en": "Date"},
        "level_path": {"fr": "Parcours du niveau", "en": "The level's path"},
        "appeared": {"fr": "Points faibles apparus", "en": "Concerns that appeared"},
        "resolved": {"fr": "Points faibles levés", "en": "Concerns resolved"},
        "most_changed": {"fr": "Ce qui a le plus changé", "en": "What changed most"},
        "most_changed_text": {
            "fr": "{label}, de {a} à {b} ({delta} points)",
            "en": "{label}, from {a} to {b} ({delta} points)",
        },
        "nothing_changed": {
            "fr": "aucune dimension notée n'a bougé",
            "en": "no scored dimension moved",
        },
        "none": {"fr": "aucun", "en": "none"},
        "warnings": {"fr": "Avertissements", "en": "Warnings"},
        "method": {"fr": "Méthode", "en": "Method"},
        "method_delta": {
            "fr": "Écart = {b} moins {a}, en points sur 100\u202f; signalé "
            "«\u202fà discuter\u202f» à partir de {flag} points, dans un sens comme dans l'autre.",
            "en": "Difference = {b} minus {a}, in points out of 100; marked “to discuss” from "
            "{flag} points, either way.",
        },
        "method_items": {
            "fr": "Deux affirmations en miroir posent la même question de chaque côté. Elles "
            "sont citées quand leurs réponses s'écartent de {steps} crans ou plus sur "
            "l'échelle, une fois les affirmations négatives retournées.",
            "en": "Two mirrored statements ask the same thing from each side. They are quoted "
            "when their answers are {steps} steps or more apart on the scale, once negative "
            "statements are turned round.",
        },
        "method_levels": {
            "fr": "Chaque niveau est celui du moteur de diagnostic, avec ses "
            "verrous\u202f; pour un groupe, celui de ses scores moyens.",
            "en": "Each level is the one the diagnostic engine gives, with its gates; for a "
            "group, that of its mean scores.",
        },
        "radar_title": {"fr": "Les deux profils", "en": "Both profiles"},
        "lines_title": {"fr": "Chaque dimension dans le temps", "en": "Each dimension over time"},
        "questionnaire": {"fr": "Questionnaire", "en": "Questionnaire"},
        "generated_on": {"fr": "Comparaison faite le {date}", "en": "Comparison made on {date}"},
    }
)

LABEL_KEYS = (
    "colon", "level", "overall_score", "what_caps", "dimensions", "dimension", "delta",
    "to_discuss", "items_title", "quote_open", "quote_close", "next_steps", "trend", "date",
    "level_path", "appeared", "resolved", "most_changed", "warnings", "method", "radar_title",
    "lines_title", "questionnaire", "none",
)  # fmt: skip


@functools.cache
def labels(lang: str, kind: str = "sides") -> dict[str, str]:
    """Headings and short words; over time, a few say "change" where two sides say "gap"."""
    found = {key: _(key, lang) for key in LABEL_KEYS}
    if kind == "dates":
        for key in ("items_title", "next_steps", "to_discuss"):
            found[key] = _(f"{key}_dates", lang)
    return found


def number(value: float | None, lang: str) -> str:
    return format_number(value, lang) if value is not None else "—"


def signed(value: float | None, lang: str) -> str:
    """A difference with its sign: ``+32,1``, ``−20,7``, ``0,0``; a dash when unknown."""
    if value is None:
        return "—"
    text = format_number(abs(value), lang)
    return ("+" if value > 0 else "\u2212" if value < 0 else "") + text


@dataclass(frozen=True, slots=True)
class SideView:
    label: str
    level: str | None
    level_label: str
    score_text: str
    questionnaire: str
    caps: list[str]
    respondents_text: str
    date_text: str


@dataclass(frozen=True, slots=True)
class DimensionRow:
    id: str
    label: str
    a: float | None
    b: float | None
    a_text: str
    b_text: str
    status_a: str
    status_b: str
    delta_text: str
    flagged: bool


@dataclass(frozen=True, slots=True)
class ItemSideView:
    text: str
    answers: str
    negative: str


@dataclass(frozen=True, slots=True)
class ItemView:
    dimension_label: str
    a: ItemSideView
    b: ItemSideView
    steps_text: str


@dataclass(frozen=True, slots=True)
class SeriesRow:
    """One line of the trend table: a heading, then its value at each date."""

    label: str
    cells: list[str]


@dataclass(frozen=True, slots=True)
class TrendView:
    dates: list[str]
    rows: list[SeriesRow]
    path: str
    appeared: str
    resolved: str
    most_changed: str


@dataclass(frozen=True, slots=True)
class CompareContext:
    """Everything a comparison template lays out; every number already formatted."""

    lang: str
    t: dict[str, str]
    kind: str
    title: str
    subtitle: str
    a: SideView
    b: SideView
    dimensions: list[DimensionRow]
    items: list[ItemView]
    items_note: str
    next_steps: list[str]
    no_steps: str
    trend: TrendView | None
    warnings: list[str]
    method: list[str]
    generated_on_text: str

    def variables(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def build(comparison: Comparison, generated_on: date) -> CompareContext:
    """The context of a comparison report, in the comparison's language."""
    c, lang = comparison, comparison.language
    title = _("title_sides" if c.kind == "sides" else "title_dates", lang)
    subtitle = (
        f"{c.a.label} · {c.b.label}" if c.kind == "sides" else (c.a.organisation or c.a.label)
    )
    return CompareContext(
        lang=lang,
        t=labels(lang, c.kind),
        kind=c.kind,
        title=title,
        subtitle=subtitle,
        a=_side(c.a, c.kind, lang),
        b=_side(c.b, c.kind, lang),
        dimensions=[_row(d, lang) for d in c.dimensions],
        # the gaps first; then the mirrors on scales of different kinds, with no figure
        items=[_item(i, lang) for i in c.items] + [_apart(i, lang) for i in c.side_by_side],
        items_note=_items_note(c, lang),
        next_steps=[s.text for s in c.next_steps],
        no_steps=_("no_steps" if c.kind == "sides" else "no_drops", lang, flag=f"{FLAG_AT:g}"),
        trend=_trend(c, lang) if c.kind == "dates" else None,
        warnings=list(c.warnings),
        method=[
            _("method_delta", lang, a=c.a.label, b=c.b.label, flag=f"{FLAG_AT:g}"),
            _("method_items", lang, steps=f"{ITEM_STEPS:g}"),
            _("method_levels", lang),
        ],
        generated_on_text=_("generated_on", lang, date=format_date(generated_on, lang)),
    )


def _side(side: Side, kind: str, lang: str) -> SideView:
    return SideView(
        label=side.label,
        level=side.level,
        level_label=(side.level_label or _("no_level", lang))
        + (f" ({_('provisional', lang)})" if side.provisional else ""),
        score_text=number(side.overall, lang),
        questionnaire=f"{side.questionnaire.id} {side.questionnaire.version}",
        caps=side.caps or [_("no_cap", lang)],
        respondents_text=_("respondents", lang, n=side.respondents) if side.respondents > 1 else "",
        # over time a side is named after its date: no need to say it twice
        date_text=format_date(side.date, lang) if side.date and kind == "sides" else "",
    )


def _row(d: Any, lang: str) -> DimensionRow:
    return DimensionRow(
        id=d.id,
        label=d.label,
        a=d.a,
        b=d.b,
        a_text=number(d.a, lang) if d.a is not None else _("not_scored", lang),
        b_text=number(d.b, lang) if d.b is not None else _("not_scored", lang),
        status_a=d.status_a or "insufficient",
        status_b=d.status_b or "insufficient",
        delta_text=signed(d.delta, lang),
        flagged=d.flagged,
    )


def _item_side(side: ItemSide, lang: str) -> ItemSideView:
    return ItemSideView(
        text=side.text,
        answers=", ".join(side.answers),
        negative=_("negative", lang) if side.reverse else "",
    )


def _item(item: Any, lang: str) -> ItemView:
    return ItemView(
        dimension_label=item.dimension_label,
        a=_item_side(item.a, lang),
        b=_item_side(item.b, lang),
        steps_text=_("steps_apart", lang, steps=format_number(abs(item.steps), lang, None)),
    )


def _apart(item: ItemPair, lang: str) -> ItemView:
    return ItemView(
        dimension_label=item.dimension_label,
        a=_item_side(item.a, lang),
        b=_item_side(item.b, lang),
        steps_text=_("side_by_side", lang),
    )


def _items_note(c: Comparison, lang: str) -> str:
    if not c.items_compared:
        return _("items_unavailable", lang)
    return "" if c.items else _("items_none", lang)


def _trend(c: Comparison, lang: str) -> TrendView:
    labels_by_id = {d.id: d.label for d in c.dimensions}
    names = ", ".join
    most = next((d for d in c.dimensions if d.id == c.most_changed), None)
    most_text = (
        _(
            "most_changed_text",
            lang,
            label=most.label,
            a=number(most.a, lang),
            b=number(most.b, lang),
            delta=signed(most.delta, lang),
        )
        if most is not None
        else _("nothing_changed", lang)
    )
    levels = [p.level_label or _("no_level", lang) for p in c.series]
    rows = [
        SeriesRow(label=_("level", lang), cells=levels),
        SeriesRow(
            label=_("overall_score", lang), cells=[number(p.overall, lang) for p in c.series]
        ),
    ]
    for index, dimension in enumerate(c.dimensions):
        cells = [number(p.dimensions[index].score, lang) for p in c.series]
        rows.append(SeriesRow(label=dimension.label, cells=cells))
    return TrendView(
        dates=[p.label for p in c.series],
        rows=rows,
        path=" \u2192 ".join(levels),
        appeared=names(labels_by_id[d] for d in c.appeared) or _("none", lang),
        resolved=names(labels_by_id[d] for d in c.resolved) or _("none", lang),
        most_changed=most_text,
    )
