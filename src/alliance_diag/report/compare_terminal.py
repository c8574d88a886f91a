"""The comparison in the terminal: both levels, the dimension table, gaps and steps."""

from __future__ import annotations

from datetime import date

from rich import box
from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from alliance_diag.compare.model import Comparison
from alliance_diag.report.compare_context import CompareContext, SideView, build
from alliance_diag.report.console import capture
from alliance_diag.report.terminal import LEVEL_STYLES, STATUS_STYLES, bullets


def render(
    comparison: Comparison, *, color: bool = False, width: int | None = None, generated_on: date
) -> str:
    """What ``compare`` prints; user text is never read as rich markup."""
    context = build(comparison, generated_on)
    return capture(*_renderables(context), color=color, width=width)


def _renderables(c: CompareContext) -> list[RenderableType]:
    t = c.t
    parts: list[RenderableType] = [
        Text(f"{c.title} — {c.subtitle}", style="bold"),
        Text(""),
        *_side(c.a, t),
        *_side(c.b, t),
        _table(c),
    ]
    if c.trend is not None:
        parts += _trend(c)
    parts += _items(c)
    parts += [Text(""), Text(t["next_steps"], style="bold")]
    parts.append(bullets(c.next_steps or [c.no_steps]))
    if c.warnings:
        parts += [Text(""), Text(t["warnings"], style="bold yellow")]
        parts.append(bullets(c.warnings, mark="!", style="yellow"))
    return parts


def _side(side: SideView, t: dict[str, str]) -> list[RenderableType]:
    line = Text(f"{side.label}{t['colon']} ", style="bold")
    line.append(side.level_label, style=LEVEL_STYLES.get(side.level or "", "bold"))
    line.append(f" ({side.score_text} / 100)")
    details = [x for x in (side.date_text, side.respondents_text, side.questionnaire) if x]
    line.append(f" · {' · '.join(details)}", style="dim")
    return [line, bullets(side.caps), Text("")]


def _table(c: CompareContext) -> RenderableType:
    t = c.t
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    table.add_column(t["dimension"], min_width=16)
    table.add_column(c.a.label, justify="right", max_width=24)
    table.add_column(c.b.label, justify="right", max_width=24)
    table.add_column(t["delta"], justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for d in c.dimensions:
        table.add_row(
            Text(d.label),
            Text(d.a_text, style=STATUS_STYLES[d.status_a]),
            Text(d.b_text, style=STATUS_STYLES[d.status_b]),
            Text(d.delta_text, style="bold" if d.flagged else ""),
            Text(t["to_discuss"], style="bold yellow") if d.flagged else Text(""),
        )
    return table


def _trend(c: CompareContext) -> list[RenderableType]:
    assert c.trend is not None
    t = c.t
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False, title=t["trend"])
    table.add_column("", min_width=16)
    for label in c.trend.dates:
        table.add_column(label, justify="right", max_width=14)
    for row in c.trend.rows:
        table.add_row(row.label, *row.cells)
    lines = [
        (t["level_path"], c.trend.path),
        (t["appeared"], c.trend.appeared),
        (t["resolved"], c.trend.resolved),
        (t["most_changed"], c.trend.most_changed),
    ]
    texts: list[RenderableType] = []
    for heading, value in lines:
        line = Text(f"{heading}{t['colon']} ", style="bold")
        line.append(value)
        texts.append(line)
    return [table, *texts]


def _items(c: CompareContext) -> list[RenderableType]:
    t = c.t
    parts: list[RenderableType] = [Text(""), Text(t["items_title"], style="bold")]
    if c.items_note:
        parts.append(Padding(Text(c.items_note), (0, 0, 0, 2)))
    for item in c.items:
        table = Table(box=box.SIMPLE, show_header=False, pad_edge=False, expand=False)
        table.add_column(no_wrap=True, style="dim")
        table.add_column(ratio=1)
        table.add_column(style="bold")
        for label, side in ((c.a.label, item.a), (c.b.label, item.b)):
            text = Text(side.text)
            if side.negative:
                text.append(f" ({side.negative})", style="dim")
            table.add_row(Text(label), text, Text(side.answers))
        parts.append(Text(f"{item.dimension_label} · {item.steps_text}", style="cyan"))
        parts.append(Padding(table, (0, 0, 0, 2)))
    return parts
