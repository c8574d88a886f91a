"""The item analysis in the terminal: what needs a look, then a table per dimension."""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from alliance_diag.report.analysis_view import AnalysisView, DimensionBlock
from alliance_diag.report.console import capture

HEADER_WIDTH = 10
VALUE_STYLES = {
    "strength": "green",
    "to_watch": "yellow",
    "concern": "bold red",
    "insufficient": "dim",
}


def render(view: AnalysisView, *, color: bool = False, width: int | None = None) -> str:
    """What ``questionnaire analyze`` prints; text from the questionnaire is never markup."""
    return capture(*_renderables(view), color=color, width=width)


def _renderables(view: AnalysisView) -> list[RenderableType]:
    t = view.t
    parts: list[RenderableType] = [
        Text(f"{t['title']} — {view.source} ({view.questionnaire})", style="bold"),
        Text(
            f"{t['rows_read']}{t['colon']} {view.rows_read} · {t['rows_analysed']}{t['colon']} "
            f"{view.rows_analysed} · {t['rows_rejected']}{t['colon']} {view.rows_rejected}"
        ),
        Text(""),
        Text(t["look"], style="bold"),
    ]
    if not view.rows_analysed:
        parts.append(_bullets([t["no_rows"]]))
    else:
        parts.append(_bullets(view.look or [t["nothing"]], style="red" if view.look else ""))
    for dimension in view.dimensions:
        parts += [Text(""), *_dimension(view, dimension)]
    if view.not_in_export:
        parts += [
            Text(""),
            Text(f"{t['not_in_export']}{t['colon']} {', '.join(view.not_in_export)}"),
        ]
    if view.warnings:
        parts += [Text(""), Text(t["warnings"], style="bold yellow"), _bullets(view.warnings)]
    parts += [Text(""), Text(t["method"], style="bold"), _bullets(view.method)]
    return parts


def _dimension(view: AnalysisView, d: DimensionBlock) -> list[RenderableType]:
    t = view.t
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    # ids are what an author searches the YAML for: never cut (the tags under them wrap)
    longest_id = max((len(item.id) for item in d.items), default=0)
    table.add_column(t["question"], min_width=longest_id)
    for key in ("answered", "item_total", "alpha_if_deleted", "floor", "ceiling", "dont_know"):
        # long headers on two lines, so the figures keep the width
        header = t[key].replace(" ", "\n", 1) if len(t[key]) > HEADER_WIDTH else t[key]
        table.add_column(header, justify="right")
    for item in d.items:
        name = Text(item.id, style="bold" if item.flags else "")
        if item.tags:
            name.append(f"\n({item.tags})", style="dim")
        table.add_row(
            name,
            str(item.answered),
            Text(item.item_total, style=VALUE_STYLES[item.status]),
            item.alpha_if_deleted,
            item.floor,
            item.ceiling,
            item.dont_know,
        )
    return [
        Text(d.label, style="bold cyan"),
        Padding(Text(d.headline, style="" if d.enough else "italic"), (0, 0, 0, 2)),
        table,
    ]


def _bullets(lines: list[str], style: str = "") -> RenderableType:
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
    table.add_column(no_wrap=True, style=style)
    table.add_column(ratio=1)
    for line in lines:
        table.add_row("•", Text(line))
    return Padding(table, (0, 0, 0, 2))
