"""The group view of several respondents (contract: "Group results"): terminal, Markdown."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from alliance_diag.engine.aggregate import DIVERGENCE, GroupResult, Spread
from alliance_diag.i18n import Catalog, format_number
from alliance_diag.report.console import capture
from alliance_diag.report.templating import markdown_escape

_ = Catalog(
    {
        "title": {
            "fr": "Vue de groupe : {n} répondants",
            "en": "Group view: {n} respondents",
        },
        "title_of": {
            "fr": "Vue de groupe — {label} : {n} répondants",
            "en": "Group view — {label}: {n} respondents",
        },
        "dimension": {"fr": "Dimension", "en": "Dimension"},
        "mean": {"fr": "Moyenne", "en": "Mean"},
        "range": {"fr": "Min – max", "en": "Min – max"},
        "sd": {"fr": "Écart-type", "en": "Std. dev."},
        "n": {"fr": "Notés", "en": "Scored"},
        "overall": {"fr": "Score global", "en": "Overall score"},
        "divergent": {"fr": "à discuter", "en": "to discuss"},
        "divergent_note": {
            "fr": "« à discuter » : les réponses s'écartent de {gap} points ou plus ; un point "
            "à mettre sur la table en atelier.",
            "en": "'to discuss': answers are {gap} points or more apart; a point to put on the "
            "table in the workshop.",
        },
    }
)


def _rows(group: GroupResult, lang: str) -> list[list[str]]:
    def num(value: float | None) -> str:
        return format_number(value, lang) or "–"

    def line(label: str, spread: Spread, divergent: bool) -> list[str]:
        extremes = "–" if spread.min is None else f"{num(spread.min)} – {num(spread.max)}"
        flag = _("divergent", lang) if divergent else ""
        return [label, num(spread.mean), extremes, num(spread.sd), str(spread.n), flag]

    rows = [line(d.label, d, d.divergent) for d in group.dimensions]
    rows.append(line(_("overall", lang), group.overall, False))
    return rows


def _title(group: GroupResult, lang: str) -> str:
    if group.label:
        return _("title_of", lang, label=group.label, n=group.respondents)
    return _("title", lang, n=group.respondents)


def terminal(
    group: GroupResult,
    lang: str,
    *,
    color: bool = False,
    width: int | None = None,
    headline: str = "",
) -> str:
    """The group table; ``headline`` (the group's level) under it."""
    table = Table(box=box.SIMPLE_HEAD, title=_title(group, lang), title_justify="left")
    table.add_column(_("dimension", lang))
    for key in ("mean", "range", "sd", "n"):
        table.add_column(_(key, lang), justify="right")
    table.add_column("")
    for *cells, flag in _rows(group, lang):
        table.add_row(*cells, Text(flag, style="bold yellow") if flag else "")
    note = _("divergent_note", lang, gap=f"{DIVERGENCE:g}")
    if headline:
        return capture(table, note, "", Text(headline, style="bold"), color=color, width=width)
    return capture(table, note, color=color, width=width)


def markdown(group: GroupResult, lang: str, headline: str = "") -> str:
    header = [_(k, lang) for k in ("dimension", "mean", "range", "sd", "n")] + [""]
    lines = [
        f"## {markdown_escape(_title(group, lang))}",
        "",
        "| " + " | ".join(header) + " |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in _rows(group, lang):
        lines.append("| " + " | ".join(markdown_escape(cell) for cell in row) + " |")
    lines += ["", markdown_escape(_("divergent_note", lang, gap=f"{DIVERGENCE:g}")), ""]
    if headline:
        lines += [f"**{markdown_escape(headline)}**", ""]
    return "\n".join(lines)
