"""The item analysis as one self-contained HTML page, with a chart per dimension in inline SVG."""

from __future__ import annotations

from dataclasses import dataclass

from alliance_diag.core.i18n import format_number
from alliance_diag.report.analysis_view import AnalysisView, DimensionBlock
from alliance_diag.report.templating import get_template, render_template

TEMPLATE = "analysis.html.j2"

# Chart geometry in SVG user units: each item is a label line over a bar on −1 … 1, so the
# chart stays narrow enough to read on a phone without shrinking its text.
TRACK = 320
# room on the left for the first tick's label, centred on the start of the track
PAD = 14
VALUE_GAP = 8
VALUE_WIDTH = 48
ROW = 42
TOP = 24
LABEL_DROP = 13
BAR_DROP = 19
BAR_HEIGHT = 12
TICKS = (-1.0, -0.5, 0.0, 0.5, 1.0)


@dataclass(frozen=True, slots=True)
class ChartBar:
    label: str
    title: str
    label_y: float
    bar_y: float
    text_y: float
    x: float
    width: float
    value_text: str
    status: str
    shown: bool


@dataclass(frozen=True, slots=True)
class ChartView:
    width: int
    height: int
    track_x: int
    track: int
    bar_height: int
    zero_x: float
    line_x: float
    line_text: str
    ticks: list[tuple[float, str]]
    bars: list[ChartBar]


def render(view: AnalysisView) -> str:
    """The HTML page: no network, no script; every text is escaped by the template."""
    charts = {d.id: chart(d, view.item_total_line, view.lang) for d in view.dimensions}
    template = get_template(None, TEMPLATE, html=True)
    return render_template(template, charts=charts, **view.variables())


def _x(value: float) -> float:
    return round(PAD + (value + 1) / 2 * TRACK, 1)


def chart(dimension: DimensionBlock, line: float, lang: str) -> ChartView | None:
    """Item-rest correlations as bars from zero; None when the dimension has no figure."""
    if not any(item.value is not None for item in dimension.items):
        return None
    zero = _x(0.0)
    bars = []
    for i, item in enumerate(dimension.items):
        top = TOP + i * ROW
        value = item.value
        start, end = (
            (zero, _x(value))
            if value is not None and value >= 0
            else (
                _x(value or 0.0),
                zero,
            )
        )
        bars.append(
            ChartBar(
                label=item.id,
                title=item.text,
                label_y=top + LABEL_DROP,
                bar_y=top + BAR_DROP,
                text_y=top + BAR_DROP + BAR_HEIGHT - 2,
                x=start,
                width=round(end - start, 1),
                value_text=item.item_total,
                status=item.status,
                shown=value is not None,
            )
        )
    return ChartView(
        width=PAD + TRACK + VALUE_GAP + VALUE_WIDTH,
        height=TOP + len(bars) * ROW + 4,
        track_x=PAD,
        track=TRACK,
        bar_height=BAR_HEIGHT,
        zero_x=zero,
        line_x=_x(line),
        line_text=format_number(line, lang, 1),
        ticks=[(_x(tick), format_number(tick, lang, 1)) for tick in TICKS],
        bars=bars,
    )
