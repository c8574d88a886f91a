"""The network report (HTML and Markdown): the batch's summary worded and laid out for people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from alliance_diag.core.dates import format_date
from alliance_diag.core.i18n import Catalog, format_number, pick
from alliance_diag.engine.network_totals import NetworkSummary
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.scoring import status_for
from alliance_diag.report.messages import horizon_label, status_label
from alliance_diag.report.templating import format_percent, get_template, render_template

HTML_TEMPLATE = "network.html.j2"
MARKDOWN_TEMPLATE = "network.md.j2"

_ = Catalog(
    {
        "title": {"fr": "Rapport réseau", "en": "Network report"},
        "subtitle": {
            "fr": "Préparation à l'alliance des membres du réseau",
            "en": "Alliance readiness across the network's members",
        },
        "source": {"fr": "Export", "en": "Export"},
        "generated": {"fr": "Édité le", "en": "Produced on"},
        "questionnaire": {"fr": "Questionnaire", "en": "Questionnaire"},
        "rows_read": {"fr": "Lignes lues", "en": "Rows read"},
        "rows_scored": {"fr": "Lignes notées", "en": "Rows scored"},
        "rows_rejected": {"fr": "Lignes rejetées", "en": "Rows rejected"},
        "rejected_note": {
            "fr": "Les lignes rejetées sont listées, avec la raison, dans errors.csv.",
            "en": "Rejected rows are listed, with the reason, in errors.csv.",
        },
        "members": {"fr": "Membres", "en": "Members"},
        "respondents": {"fr": "Répondants", "en": "Respondents"},
        "organisations": {"fr": "Organisations", "en": "Organisations"},
        "colon": {"fr": "\u00a0:", "en": ":"},
        "levels": {"fr": "Niveaux atteints", "en": "Levels reached"},
        "levels_of_respondents": {
            "fr": "Niveau de chaque réponse (un répondant par ligne).",
            "en": "Level of each response (one respondent per row).",
        },
        "level": {"fr": "Niveau", "en": "Level"},
        "count": {"fr": "Nombre", "en": "Count"},
        "share": {"fr": "Part", "en": "Share"},
        "no_level": {
            "fr": "Pas de niveau (trop peu de réponses)",
            "en": "No level (too few answers)",
        },
        "network_average": {"fr": "Moyenne du réseau", "en": "Network average"},
        "overall_score": {"fr": "Score global", "en": "Overall score"},
        "network_level": {
            "fr": "Niveau correspondant aux moyennes du réseau",
            "en": "Level matching the network's averages",
        },
        "dimensions": {
            "fr": "Les dimensions dans le réseau",
            "en": "Dimensions across the network",
        },
        "dimension": {"fr": "Dimension", "en": "Dimension"},
        "mean": {"fr": "Moyenne", "en": "Mean"},
        "sd": {"fr": "Écart-type", "en": "Std. dev."},
        "range": {"fr": "Min – max", "en": "Min – max"},
        "scored": {"fr": "Notés", "en": "Scored"},
        "coverage": {"fr": "Taux de réponse moyen", "en": "Mean response rate"},
        "distribution": {"fr": "Répartition des statuts", "en": "Status distribution"},
        "weakest": {"fr": "Les dimensions les plus fragiles", "en": "The weakest dimensions"},
        "weakest_line": {
            "fr": "{label} : moyenne {mean}, {concern} en point faible",
            "en": "{label}: mean {mean}, {concern} at concern",
        },
        "next_steps": {"fr": "Prochaines étapes collectives", "en": "Collective next steps"},
        "next_steps_intro": {
            "fr": "Les recommandations du questionnaire qui s'appliquent aux moyennes du réseau : "
            "des chantiers à ouvrir ensemble, au-delà de chaque rapport individuel.",
            "en": "The questionnaire's recommendations that apply to the network's averages: "
            "work to take up together, beyond each member's own report.",
        },
        "no_steps": {
            "fr": "Aucune recommandation ne s'applique aux moyennes du réseau.",
            "en": "No recommendation applies to the network's averages.",
        },
        "priority": {"fr": "priorité {n}", "en": "priority {n}"},
        "heatmap": {"fr": "Carte de chaleur", "en": "Heat map"},
        "heatmap_members": {
            "fr": "Chaque ligne est une réponse, chaque colonne une dimension.",
            "en": "Each row is one response, each column a dimension.",
        },
        "heatmap_groups": {
            "fr": "Chaque ligne est un groupe (« {column} »), avec la moyenne de ses réponses ; "
            "▲ signale des réponses divergentes (écart de 25 points ou plus).",
            "en": "Each row is a group ('{column}'), with the mean of its responses; ▲ flags "
            "divergent responses (a range of 25 points or more).",
        },
        "heatmap_cut": {
            "fr": "Les {shown} premières lignes sur {total} : summary.csv les donne toutes.",
            "en": "The first {shown} rows of {total}: summary.csv has them all.",
        },
        "heatmap_cut_groups": {
            "fr": "Les {shown} premiers groupes sur {total} : groups.csv les donne tous.",
            "en": "The first {shown} groups of {total}: groups.csv has them all.",
        },
        "member": {"fr": "Membre", "en": "Member"},
        "group": {"fr": "Groupe", "en": "Group"},
        "row": {"fr": "Ligne", "en": "Row"},
        "n": {"fr": "Réponses", "en": "Responses"},
        "divergent": {"fr": "réponses divergentes", "en": "divergent responses"},
        "unmapped": {"fr": "Colonnes non utilisées", "en": "Columns not used"},
        "unmapped_intro": {
            "fr": "Ces colonnes de l'export ne correspondent à aucune question : vérifiez-les, ou "
            "décrivez-les dans un fichier de correspondance (--mapping).",
            "en": "These export columns match no question: check them, or describe them in a "
            "mapping file (--mapping).",
        },
        "legend": {"fr": "Légende", "en": "Legend"},
        "no_rows": {
            "fr": "Aucune ligne n'a pu être notée.",
            "en": "No row could be scored.",
        },
        "method": {
            "fr": "Les moyennes ne comptent que les réponses où la dimension a pu être notée ; "
            "l'écart type décrit les réponses reçues.",
            "en": "Means count only the responses where the dimension could be scored; the "
            "standard deviation describes the responses received.",
        },
    }
)


@dataclass(frozen=True, slots=True)
class BatchFacts:
    """What the batch knows beside the scores: the file, the counts, the columns left out."""

    source: str
    rows_read: int
    rows_rejected: int
    unmapped: list[str]
    generated_on: date


@dataclass(frozen=True, slots=True)
class LevelLine:
    id: str
    label: str
    count: int
    share: str
    width: float


@dataclass(frozen=True, slots=True)
class StatusPart:
    status: str
    label: str
    count: int
    width: float


@dataclass(frozen=True, slots=True)
class DimensionLine:
    id: str
    label: str
    mean: str
    sd: str
    range: str
    scored: int
    coverage: str
    status: str
    status_label: str
    parts: list[StatusPart]


@dataclass(frozen=True, slots=True)
class HeatCell:
    text: str
    status: str
    title: str
    divergent: bool


@dataclass(frozen=True, slots=True)
class HeatLine:
    label: str
    row: str
    respondents: int
    overall: str
    level: str
    cells: list[HeatCell]


@dataclass(frozen=True, slots=True)
class StepLine:
    text: str
    dimension: str
    priority: str
    horizon: str


@dataclass(frozen=True, slots=True)
class NetworkView:
    lang: str
    t: dict[str, str]
    title: str
    source: str
    questionnaire: str
    generated_on: str
    rows_read: int
    rows_scored: int
    rows_rejected: int
    members_label: str
    members: int
    overall_mean: str
    network_level: str
    levels: list[LevelLine]
    no_level: LevelLine | None
    dimensions: list[DimensionLine]
    weakest: list[str]
    steps: list[StepLine]
    heat_columns: list[str]
    heat: list[HeatLine]
    heat_intro: str
    heat_note: str
    grouped_by: str | None
    unmapped: list[str]
    statuses: list[StatusPart]

    def variables(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def build(
    summary: NetworkSummary, questionnaire: Questionnaire, facts: BatchFacts, lang: str
) -> NetworkView:
    """Every text and number the network report shows, formatted for one language."""
    t = {key: _(key, lang) for key in _KEYS}
    total = summary.rows_scored or 1
    level_labels = {level.id: pick(level.label, lang) for level in questionnaire.levels}
    level_labels[""] = "–"
    network_level = level_labels.get(summary.network_level or "", "–")
    if summary.network_score is not None:
        network_level += f" ({_num(summary.network_score, lang)})"
    heat = _heat(summary, questionnaire, level_labels, t, lang)
    grouped = summary.grouped_by is not None
    heat_note = ""
    if len(heat) < summary.heatmap_total:
        key = "heatmap_cut_groups" if grouped else "heatmap_cut"
        heat_note = _(key, lang, shown=len(heat), total=summary.heatmap_total)
    members_label, members = _members(summary, t)
    return NetworkView(
        lang=lang,
        t=t,
        title=t["title"],
        source=facts.source,
        questionnaire=f"{pick(questionnaire.title, lang)} ({questionnaire.id}, "
        f"{questionnaire.version})",
        generated_on=format_date(facts.generated_on, lang),
        rows_read=facts.rows_read,
        rows_scored=summary.rows_scored,
        rows_rejected=facts.rows_rejected,
        members_label=members_label,
        members=members,
        overall_mean=_num(summary.overall.mean, lang),
        network_level=network_level,
        levels=[
            _level_line(
                level.id, pick(level.label, lang), summary.levels.get(level.id, 0), total, lang
            )
            for level in questionnaire.levels
        ],
        no_level=_level_line("none", t["no_level"], summary.no_level, total, lang)
        if summary.no_level
        else None,
        dimensions=_dimension_lines(summary, questionnaire, total, lang),
        weakest=_weakest(summary, total, lang),
        steps=_steps(summary, lang),
        heat_columns=[d.label for d in summary.dimensions],
        heat=heat,
        heat_intro=_("heatmap_groups", lang, column=summary.grouped_by)
        if grouped
        else _("heatmap_members", lang),
        heat_note=heat_note,
        grouped_by=summary.grouped_by,
        unmapped=facts.unmapped,
        statuses=[
            StatusPart(status=name, label=status_label(name, lang), count=0, width=0.0)
            for name in ("strength", "to_watch", "concern", "insufficient")
        ],
    )


def _num(value: float | None, lang: str) -> str:
    return format_number(value, lang) if value is not None else "–"


def _level_line(level_id: str, label: str, count: int, total: int, lang: str) -> LevelLine:
    """A level's bar: how many rows reached it, and their share."""
    return LevelLine(
        id=level_id,
        label=label,
        count=count,
        share=format_percent(count / total, lang),
        width=round(100 * count / total, 1),
    )


def _dimension_lines(
    summary: NetworkSummary, questionnaire: Questionnaire, total: int, lang: str
) -> list[DimensionLine]:
    """Each dimension's mean, spread, coverage and the bar of its statuses."""
    lines = []
    for d in summary.dimensions:
        status = status_for(questionnaire, d.spread.mean)
        parts = [
            StatusPart(
                status=name,
                label=status_label(name, lang),
                count=count,
                width=round(100 * count / total, 1),
            )
            for name, count in d.statuses.items()
        ]
        spread = d.spread
        lines.append(
            DimensionLine(
                id=d.id,
                label=d.label,
                mean=_num(spread.mean, lang),
                sd=_num(spread.sd, lang),
                range=f"{_num(spread.min, lang)} – {_num(spread.max, lang)}" if spread.n else "–",
                scored=spread.n,
                coverage=format_percent(d.coverage, lang),
                status=status,
                status_label=status_label(status, lang),
                parts=parts,
            )
        )
    return lines


def _weakest(summary: NetworkSummary, total: int, lang: str) -> list[str]:
    """The weakest dimensions, a sentence each."""
    by_id = {d.id: d for d in summary.dimensions}
    return [
        _(
            "weakest_line",
            lang,
            label=by_id[i].label,
            mean=_num(by_id[i].spread.mean, lang),
            concern=format_percent(by_id[i].statuses.get("concern", 0) / total, lang),
        )
        for i in summary.weakest
    ]


def _steps(summary: NetworkSummary, lang: str) -> list[StepLine]:
    labels = {d.id: d.label for d in summary.dimensions}
    return [
        StepLine(
            text=step.text,
            dimension=labels.get(step.dimension, "") if step.dimension else "",
            priority=_("priority", lang, n=step.priority),
            horizon=horizon_label(step.horizon, lang),
        )
        for step in summary.next_steps
    ]


def _heat(
    summary: NetworkSummary,
    questionnaire: Questionnaire,
    level_labels: dict[str, str],
    t: dict[str, str],
    lang: str,
) -> list[HeatLine]:
    """The heatmap's rows: a member or a group, its overall score and level, a cell per
    dimension."""
    order = [*[level.id for level in questionnaire.levels], ""]

    def levels_text(levels: dict[str, int]) -> str:
        if len(levels) == 1:
            return level_labels.get(next(iter(levels)), "–")
        counted = sorted(levels.items(), key=lambda item: order.index(item[0]))
        return " · ".join(f"{level_labels.get(k, k)} ×{n}" for k, n in counted)

    columns = [d.label for d in summary.dimensions]
    return [
        HeatLine(
            label=row.label,
            row=str(row.row) if row.row is not None else "",
            respondents=row.respondents,
            overall=_num(row.overall, lang),
            level=levels_text(row.levels),
            cells=[
                HeatCell(
                    text=_num(value, lang),
                    status=status,
                    title=f"{label}{t['colon']} {_num(value, lang)}",
                    divergent=divergent,
                )
                for label, value, status, divergent in zip(
                    columns, row.scores, row.statuses, row.divergent, strict=True
                )
            ],
        )
        for row in summary.heatmap
    ]


def _members(summary: NetworkSummary, t: dict[str, str]) -> tuple[str, int]:
    """What the report counts: organisations, respondents in groups, or members."""
    if summary.by_organisation:
        return t["organisations"], len(summary.groups)
    if summary.grouped_by is not None:
        return t["respondents"], summary.rows_scored
    return t["members"], summary.rows_scored


_KEYS = (
    "title",
    "subtitle",
    "source",
    "generated",
    "questionnaire",
    "rows_read",
    "rows_scored",
    "rows_rejected",
    "rejected_note",
    "colon",
    "levels",
    "levels_of_respondents",
    "level",
    "count",
    "share",
    "no_level",
    "network_average",
    "overall_score",
    "network_level",
    "dimensions",
    "dimension",
    "mean",
    "sd",
    "range",
    "scored",
    "coverage",
    "distribution",
    "weakest",
    "next_steps",
    "next_steps_intro",
    "no_steps",
    "heatmap",
    "member",
    "group",
    "row",
    "n",
    "divergent",
    "unmapped",
    "unmapped_intro",
    "legend",
    "no_rows",
    "method",
    "members",
    "respondents",
    "organisations",
)


def render_html(view: NetworkView, template_dir: Path | None = None) -> str:
    template = get_template(template_dir, HTML_TEMPLATE, html=True)
    return render_template(template, **view.variables())


def render_markdown(view: NetworkView, template_dir: Path | None = None) -> str:
    template = get_template(template_dir, MARKDOWN_TEMPLATE, html=False)
    return render_template(template, **view.variables())
