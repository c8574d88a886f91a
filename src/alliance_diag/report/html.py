"""The report as one self-contained HTML page, with its charts drawn as inline SVG."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from alliance_diag.core.i18n import format_number
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.report.context import AVERAGE_PARTNERS, PARTNERS_COUNT, build
from alliance_diag.report.messages import labels
from alliance_diag.report.templating import get_template, render_template
from alliance_diag.report.views import DimensionView

TEMPLATE = "report.html.j2"
BODY_TEMPLATE = "report-body.html.j2"
# the parts every report of a questionnaire shares, rendered once (see _parts)
STYLE_TEMPLATE = "page-style.html.j2"
RADAR_GRID_TEMPLATE = "radar-grid.svg.j2"
BARS_GRID_TEMPLATE = "bars-grid.svg.j2"
METHOD_TEMPLATE = "report-method.html.j2"
# distinct parts kept: a method section differs by partner type, level and gates held
PARTS_KEPT = 2048

# Radar geometry, in SVG user units (the viewBox scales it to the page).
RADAR_WIDTH = 520
RADAR_HEIGHT = 400
RADAR_RADIUS = 128
RADAR_RINGS = (25, 50, 75, 100)
LABEL_GAP = 16
LABEL_LINE = 15
LABEL_CHARS = 16

# Bar chart geometry: each label on its own line above its bar, so the chart is as narrow
# as its track and a phone or a PDF column shows it near full size (labels at ~14 px).
BARS_TRACK = 340
BARS_VALUE = 56
BARS_ROW = 44
BARS_TOP = 20
# a label's baseline below the top of its row, then its bar under it
BARS_LABEL = 15
BARS_BAR_TOP = 20
BARS_BAR_HEIGHT = 14
# half the height of a capital letter at the chart's font size: centres text on a bar
TEXT_MIDDLE = 5


Frame = tuple[float, ...]
Rings = tuple[tuple[int, str], ...]
RingLabels = tuple[tuple[float, float, str], ...]
Points = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class RadarLabel:
    x: float
    y: float
    anchor: str
    lines: list[str]
    value: str
    scored: bool


@dataclass(frozen=True, slots=True)
class RadarDot:
    x: float
    y: float
    status: str
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class RadarGrid:
    """What every radar with as many axes shares: the rings, the axes, the ring values."""

    cx: float
    cy: float
    rings: Rings
    ring_labels: RingLabels
    axes: Points


@dataclass(frozen=True, slots=True)
class RadarView:
    width: int
    height: int
    cx: float
    cy: float
    line_height: int
    rings: Rings
    ring_labels: RingLabels
    axes: Points
    labels: list[RadarLabel]
    # the closed shape when every axis is scored ('' otherwise), else the lines between
    # neighbouring scored axes
    shape: str
    runs: list[str]
    dots: list[RadarDot]


@dataclass(frozen=True, slots=True)
class BarRow:
    label: str
    label_y: float
    bar_y: float
    text_y: float
    width: float
    score_text: str
    status: str
    insufficient: bool


@dataclass(frozen=True, slots=True)
class BarsGrid:
    """What every bar chart with as many rows shares: the threshold marks across the bars."""

    marks: tuple[tuple[float, str], ...]
    bar_ys: tuple[float, ...]
    bar_height: float


@dataclass(frozen=True, slots=True)
class BarsView:
    width: int
    height: int
    track_width: float
    bar_height: float
    rows: list[BarRow]
    marks: list[tuple[float, str]]


@dataclass(frozen=True, slots=True)
class PartnersView:
    """The partner count against the average, as two bars whose lengths are on one scale."""

    count: float
    count_text: str
    count_width: float
    average_text: str
    average_width: float


def render(
    result: Result,
    questionnaire: Questionnaire,
    *,
    template_dir: Path | None = None,
    generated_on: date,
) -> str:
    """The HTML page: no network, no script; everything a user typed is escaped."""
    variables = _variables(result, questionnaire, generated_on, "", template_dir)
    template = get_template(template_dir, TEMPLATE, html=True)
    return render_template(template, **variables)


def render_body(
    result: Result,
    questionnaire: Questionnaire,
    *,
    id_prefix: str,
    template_dir: Path | None = None,
    generated_on: date,
) -> Markup:
    """The report without its page, to follow others in one document; its ids start with
    ``id_prefix`` so that they stay unique there."""
    variables = _variables(result, questionnaire, generated_on, id_prefix, template_dir)
    template = get_template(template_dir, BODY_TEMPLATE, html=True)
    # rendered with autoescape: everything the user typed in it is escaped already
    return Markup(render_template(template, **variables))


def _variables(
    result: Result,
    questionnaire: Questionnaire,
    generated_on: date,
    id_prefix: str,
    template_dir: Path | None,
) -> dict[str, Any]:
    context = build(result, questionnaire, generated_on)
    bands = questionnaire.status_bands
    lang = context.lang
    variables: dict[str, Any] = context.variables()
    variables["radar"] = radar(context.dimensions, lang)
    variables["bars"] = bars(context.dimensions, (bands.to_watch, bands.strength), lang)
    variables["partners"] = partners(result.profile.get(PARTNERS_COUNT), lang)
    variables["id_prefix"] = id_prefix
    variables.update(_parts(variables, template_dir))
    return variables


def _parts(variables: dict[str, Any], template_dir: Path | None) -> dict[str, Markup]:
    """The parts of the page that many reports share, each rendered once for what it
    shows and inserted as it is: the styles, the charts' grids, the method section."""
    lang = variables["lang"]
    radar_view: RadarView | None = variables["radar"]
    bars_view: BarsView = variables["bars"]
    grid = None
    if radar_view is not None:
        grid = RadarGrid(
            cx=radar_view.cx,
            cy=radar_view.cy,
            rings=radar_view.rings,
            ring_labels=radar_view.ring_labels,
            axes=radar_view.axes,
        )
    marks = BarsGrid(
        marks=tuple(bars_view.marks),
        bar_ys=tuple(row.bar_y for row in bars_view.rows),
        bar_height=bars_view.bar_height,
    )
    return {
        "style": style(template_dir, lang),
        "radar_grid": Markup("")
        if grid is None
        else _part(template_dir, RADAR_GRID_TEMPLATE, lang, grid=grid),
        "bars_grid": _part(template_dir, BARS_GRID_TEMPLATE, lang, grid=marks),
        "method_section": _part(
            template_dir,
            METHOD_TEMPLATE,
            lang,
            method=variables["method"],
            id_prefix=variables["id_prefix"],
        ),
    }


def style(template_dir: Path | None, lang: str) -> Markup:
    """The page's ``<style>`` blocks (page-style.html.j2), rendered once per language."""
    return _part(template_dir, STYLE_TEMPLATE, lang)


@functools.lru_cache(maxsize=PARTS_KEPT)
def _part(template_dir: Path | None, name: str, lang: str, **shown: Any) -> Markup:
    """A part rendered once for every distinct value of what it shows (its ``lang``, its
    headings ``t``, and ``shown``); the line break that ends it is the one after its
    ``{{ }}`` in the page."""
    template = get_template(template_dir, name, html=True)
    text = render_template(template, lang=lang, t=labels(lang), **shown)
    # rendered with autoescape: everything in it is escaped already
    return Markup(text.removesuffix("\n"))


def polar_point(cx: float, cy: float, radius: float, angle: float) -> tuple[float, float]:
    return round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1)


def _angles(count: int) -> list[float]:
    # the first dimension points straight up, the others follow clockwise
    return [-math.pi / 2 + 2 * math.pi * i / count for i in range(count)]


def wrap(text: str, width: int = LABEL_CHARS) -> list[str]:
    """Words on lines of about ``width`` characters, for SVG text (which never wraps).

    A short parenthesis stays whole, so "Patience (le temps long)" breaks before it.
    """
    tokens: list[str] = []
    for word in text.split():
        opened = tokens and tokens[-1].startswith("(") and not tokens[-1].endswith(")")
        if opened and len(tokens[-1]) + 1 + len(word) <= width:
            tokens[-1] += " " + word
        else:
            tokens.append(word)
    lines: list[str] = []
    for token in tokens:
        if lines and len(lines[-1]) + 1 + len(token) <= width:
            lines[-1] += " " + token
        else:
            lines.append(token)
    return lines or [""]


@functools.lru_cache(maxsize=32)
def radar_frame(count: int, lang: str) -> tuple[Frame, Rings, RingLabels, Points]:
    """What every radar with ``count`` axes shares: angles, rings, ring labels, axes."""
    cx, cy, r = RADAR_WIDTH / 2, RADAR_HEIGHT / 2, RADAR_RADIUS
    angles = tuple(_angles(count))
    rings = tuple(
        (
            value,
            " ".join(
                f"{x},{y}" for x, y in (polar_point(cx, cy, r * value / 100, a) for a in angles)
            ),
        )
        for value in RADAR_RINGS
    )
    ring_labels = tuple(
        (cx + 4, round(cy - r * value / 100 + 4, 1), format_number(value, lang, None))
        for value in RADAR_RINGS
    )
    axes = tuple(polar_point(cx, cy, r, a) for a in angles)
    return angles, rings, ring_labels, axes


def radar(dimensions: list[DimensionView], lang: str) -> RadarView | None:
    """A radar of the dimension scores; dimensions without a score are skipped, never drawn at 0.

    Fewer than three dimensions make no polygon, so there is no radar then.
    """
    if len(dimensions) < 3:
        return None
    cx, cy, r = RADAR_WIDTH / 2, RADAR_HEIGHT / 2, RADAR_RADIUS
    angles, rings, ring_labels, axes = radar_frame(len(dimensions), lang)
    # the bars beside it spell out "not enough answers"; a dash fits the radar
    labels = axis_labels(
        [
            (d.label, d.score_text if d.score is not None else "—", d.score is not None)
            for d in dimensions
        ],
        angles,
    )
    # one slot per axis: an unscored axis breaks the line instead of being jumped over
    slots: list[RadarDot | None] = []
    for dimension, angle in zip(dimensions, angles, strict=True):
        if dimension.score is None:
            slots.append(None)
            continue
        px, py = polar_point(cx, cy, r * dimension.score / 100, angle)
        slots.append(RadarDot(px, py, dimension.status, dimension.label, dimension.score_text))
    dots = [dot for dot in slots if dot is not None]
    shape, runs = radar_lines([None if dot is None else (dot.x, dot.y) for dot in slots])
    return RadarView(
        width=RADAR_WIDTH,
        height=RADAR_HEIGHT,
        cx=cx,
        cy=cy,
        line_height=LABEL_LINE,
        rings=rings,
        ring_labels=ring_labels,
        axes=axes,
        labels=labels,
        shape=shape,
        runs=runs,
        dots=dots,
    )


def radar_lines(points: Sequence[tuple[float, float] | None]) -> tuple[str, list[str]]:
    """The closed shape through one point per axis, when every axis is scored; otherwise
    no shape, and the lines between neighbouring scored axes going round (a run of two or
    more in a row is one polyline), with a gap where an axis is unscored (None)."""
    scored = [point for point in points if point is not None]
    if len(scored) == len(points):
        return " ".join(f"{x},{y}" for x, y in scored), []
    start = list(points).index(None)
    # begin just after a gap, so a run that wraps past the last axis stays in one piece
    turned = [*points[start:], *points[:start]]
    runs: list[list[tuple[float, float]]] = [[]]
    for point in turned:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return "", [" ".join(f"{x},{y}" for x, y in run) for run in runs if len(run) >= 2]


def axis_labels(axes: list[tuple[str, str, bool]], angles: Frame) -> list[RadarLabel]:
    """Each axis's label (wrapped) and value beyond its end, from (label, value, scored)."""
    cx, cy, r = RADAR_WIDTH / 2, RADAR_HEIGHT / 2, RADAR_RADIUS
    labels = []
    for (label, value, scored), angle in zip(axes, angles, strict=True):
        x, y = polar_point(cx, cy, r + LABEL_GAP, angle)
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        lines = wrap(label)
        labels.append(
            RadarLabel(
                x=x,
                y=first_baseline(y, math.sin(angle), len(lines) + 1),
                anchor=anchor,
                lines=lines,
                value=value,
                scored=scored,
            )
        )
    return labels


def first_baseline(y: float, sin: float, lines: int) -> float:
    """Where a label's first line sits so the block grows away from the chart."""
    if sin < -0.3:
        return round(y - (lines - 1) * LABEL_LINE - 2, 1)
    if sin > 0.3:
        return round(y + LABEL_LINE * 0.8, 1)
    return round(y - (lines - 1) * LABEL_LINE / 2 + 4, 1)


def bars(dimensions: list[DimensionView], marks: tuple[float, float], lang: str) -> BarsView:
    """Horizontal bars on 0–100, each under its label, with the status thresholds marked."""
    scale = BARS_TRACK / 100
    rows = [
        BarRow(
            label=d.label,
            label_y=BARS_TOP + i * BARS_ROW + BARS_LABEL,
            bar_y=BARS_TOP + i * BARS_ROW + BARS_BAR_TOP,
            text_y=BARS_TOP + i * BARS_ROW + BARS_BAR_TOP + BARS_BAR_HEIGHT / 2 + TEXT_MIDDLE,
            width=round((d.score or 0) * scale, 1),
            score_text=d.score_text,
            status=d.status,
            insufficient=d.score is None,
        )
        for i, d in enumerate(dimensions)
    ]
    return BarsView(
        width=BARS_TRACK + BARS_VALUE,
        height=BARS_TOP + len(dimensions) * BARS_ROW + 4,
        track_width=BARS_TRACK,
        bar_height=BARS_BAR_HEIGHT,
        rows=rows,
        marks=[(round(m * scale, 1), format_number(m, lang, None)) for m in marks],
    )


def partners(count: Any, lang: str) -> PartnersView | None:
    if isinstance(count, bool) or not isinstance(count, int | float):
        return None
    longest = max(float(count), AVERAGE_PARTNERS) * 1.15
    return PartnersView(
        count=float(count),
        count_text=format_number(count, lang, None),
        count_width=round(100 * count / longest, 1),
        average_text=format_number(AVERAGE_PARTNERS, lang, None),
        average_width=round(100 * AVERAGE_PARTNERS / longest, 1),
    )
