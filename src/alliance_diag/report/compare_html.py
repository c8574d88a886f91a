"""The comparison as one self-contained HTML page: both radar outlines on one chart, or a
small line chart per dimension over time, drawn as inline SVG."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from alliance_diag.compare.model import Comparison
from alliance_diag.i18n import format_number
from alliance_diag.report.compare_context import CompareContext, build, labels, number
from alliance_diag.report.html import (
    LABEL_LINE,
    RADAR_HEIGHT,
    RADAR_RADIUS,
    RADAR_WIDTH,
    Points,
    RadarLabel,
    RingLabels,
    Rings,
    axis_labels,
    polar_point,
    radar_frame,
    radar_lines,
)
from alliance_diag.report.templating import get_template, render_template

TEMPLATE = "compare.html.j2"

# Small multiples: one chart per dimension, scores 0–100 against the dates in order.
LINE_WIDTH = 240
LINE_HEIGHT = 130
LINE_LEFT = 30
LINE_RIGHT = 16
LINE_TOP = 12
LINE_BOTTOM = 28
LINE_GRID = (0, 50, 100)


@dataclass(frozen=True, slots=True)
class Outline:
    """One side's shape on the radar: its points, and a dot per scored dimension."""

    side: str
    label: str
    # closed when every dimension of this side is scored, else lines with gaps (html.radar_lines)
    shape: str
    runs: list[str]
    dots: list[tuple[float, float, str]]


@dataclass(frozen=True, slots=True)
class OverlayRadar:
    width: int
    height: int
    cx: float
    cy: float
    line_height: int
    rings: Rings
    ring_labels: RingLabels
    axes: Points
    labels: list[RadarLabel]
    outlines: list[Outline]


@dataclass(frozen=True, slots=True)
class LineChart:
    """One dimension over time: segments join consecutive scored dates."""

    label: str
    summary: str
    segments: list[str]
    dots: list[tuple[float, float, str]]
    grid: list[tuple[float, str]]
    ticks: list[tuple[float, str, str]]


@dataclass(frozen=True, slots=True)
class SmallMultiples:
    width: int
    height: int
    left: float
    right: float
    charts: list[LineChart]


def render(comparison: Comparison, *, template_dir: Path | None = None, generated_on: date) -> str:
    """The HTML page: no network, no script; everything a user typed is escaped."""
    context = build(comparison, generated_on)
    variables: dict[str, Any] = context.variables()
    many_dates = len(comparison.series) > 2
    variables["radar"] = None if many_dates else overlay_radar(context)
    variables["lines"] = small_multiples(comparison) if many_dates else None
    template = get_template(template_dir, TEMPLATE, html=True)
    return render_template(template, **variables)


def overlay_radar(c: CompareContext) -> OverlayRadar | None:
    """Both sides' outlines on one radar; an unscored dimension is skipped, never drawn at 0."""
    count = len(c.dimensions)
    if count < 3:
        return None
    cx, cy, r = RADAR_WIDTH / 2, RADAR_HEIGHT / 2, RADAR_RADIUS
    angles, rings, ring_labels, axes = radar_frame(count, c.lang)
    labels = axis_labels(
        [
            (
                d.label,
                f"{number(d.a, c.lang)} · {number(d.b, c.lang)}",
                d.a is not None and d.b is not None,
            )
            for d in c.dimensions
        ],
        angles,
    )
    outlines = []
    for side, name in (("a", c.a.label), ("b", c.b.label)):
        dots = []
        points: list[tuple[float, float] | None] = []
        for d, angle in zip(c.dimensions, angles, strict=True):
            value = d.a if side == "a" else d.b
            if value is None:
                points.append(None)
                continue
            x, y = polar_point(cx, cy, r * value / 100, angle)
            points.append((x, y))
            dots.append((x, y, f"{d.label}{c.t['colon']} {number(value, c.lang)}"))
        shape, runs = radar_lines(points)
        outlines.append(Outline(side=side, label=name, shape=shape, runs=runs, dots=dots))
    return OverlayRadar(
        width=RADAR_WIDTH,
        height=RADAR_HEIGHT,
        cx=cx,
        cy=cy,
        line_height=LABEL_LINE,
        rings=rings,
        ring_labels=ring_labels,
        axes=axes,
        labels=labels,
        outlines=outlines,
    )


def small_multiples(comparison: Comparison) -> SmallMultiples:
    """A line per dimension, the dates evenly spaced in order, oldest on the left."""
    lang = comparison.language
    colon = labels(lang)["colon"]
    series = comparison.series
    plot_width = LINE_WIDTH - LINE_LEFT - LINE_RIGHT
    plot_height = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    step = plot_width / max(len(series) - 1, 1)
    xs = [round(LINE_LEFT + i * step, 1) for i in range(len(series))]

    def y_of(value: float) -> float:
        return round(LINE_TOP + plot_height * (1 - value / 100), 1)

    grid = [(y_of(v), format_number(v, lang, None)) for v in LINE_GRID]
    ends = {0: "start", len(series) - 1: "end"}
    ticks = [(xs[i], ends[i], series[i].label) for i in sorted(ends)]
    charts = []
    for index, gap in enumerate(comparison.dimensions):
        scores = [point.dimensions[index].score for point in series]
        dots = [
            (x, y_of(s), f"{p.label}{colon} {number(s, lang)}")
            for x, s, p in zip(xs, scores, series, strict=True)
            if s is not None
        ]
        charts.append(
            LineChart(
                label=gap.label,
                summary=f"{number(gap.a, lang)} → {number(gap.b, lang)}",
                segments=_segments(xs, [None if s is None else y_of(s) for s in scores]),
                dots=dots,
                grid=grid,
                ticks=ticks,
            )
        )
    return SmallMultiples(
        width=LINE_WIDTH,
        height=LINE_HEIGHT,
        left=LINE_LEFT,
        right=LINE_WIDTH - LINE_RIGHT,
        charts=charts,
    )


def _segments(xs: list[float], ys: list[float | None]) -> list[str]:
    """Polylines through consecutive known points: a date without a score breaks the line."""
    segments: list[list[str]] = [[]]
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            segments.append([])
        else:
            segments[-1].append(f"{x},{y}")
    return [" ".join(points) for points in segments if len(points) > 1]
