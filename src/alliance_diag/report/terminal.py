"""The report in the terminal: level and why, a table of dimensions, next steps, warnings."""

from __future__ import annotations

import shutil
from datetime import date

from rich import box
from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.report.console import capture
from alliance_diag.report.context import DimensionView, ReportContext, build

BAR_CELLS = 20
STATUS_STYLES = {
    "strength": "green",
    "to_watch": "yellow",
    "concern": "red",
    "insufficient": "dim",
}
LEVEL_STYLES = {
    "not_ready": "bold red",
    "emerging": "bold yellow",
    "experimenting": "bold cyan",
    "alliance_ready": "bold green",
}


def render(
    result: Result,
    questionnaire: Questionnaire,
    *,
    color: bool = False,
    width: int | None = None,
    generated_on: date,
) -> str:
    """What ``score`` prints in the terminal; user text is never read as rich markup.

    ``width=None`` follows the terminal (up to 120 columns).
    """
    context = build(result, questionnaire, generated_on)
    return capture(*_renderables(context, width), color=color, width=width)


def _renderables(c: ReportContext, width: int | None) -> list[RenderableType]:
    t = c.t
    overall = c.overall
    headline = Text()
    headline.append(c.organisation or t["report_title"], style="bold")
    headline.append(" — ")
    headline.append(overall.level_label, style=LEVEL_STYLES.get(overall.level or "", "bold"))
    if overall.provisional_label:
        headline.append(f" · {overall.provisional_label}", style="yellow")
    if overall.score is not None:
        scope = f", {overall.score_scope}" if overall.score_scope else ""
        headline.append(f" ({overall.score_text} / 100{scope})")
    parts: list[RenderableType] = []
    if c.notices:
        # read before the result: the notices come first
        parts.append(Text(t["notices"], style="bold yellow"))
        parts.append(bullets(c.notices, mark="!", style="yellow"))
        parts.append(Text(""))
    parts.append(headline)
    if c.partner:
        parts.append(Text(f"{t['partner']}{t['colon']} {c.partner}"))
    if overall.provisional_text:
        parts.append(Text(overall.provisional_text, style="yellow"))
    parts.append(Text(""))
    parts.append(Text(t["why_level"], style="bold"))
    parts.append(bullets(overall.reasons))
    parts.extend(_top_steps(c))
    parts.append(Text(""))
    parts.append(_table(c, width))
    for heading, names in ((t["strengths"], c.strengths), (t["concerns"], c.concerns)):
        line = Text(f"{heading}{t['colon']} ", style="bold")
        line.append(", ".join(names) if names else t["none"], style="")
        parts.append(line)
    if c.warnings:
        parts.append(Text(""))
        parts.append(Text(t["warnings"], style="bold yellow"))
        parts.append(bullets(c.warnings, mark="!", style="yellow"))
    return parts


def _top_steps(c: ReportContext) -> list[RenderableType]:
    """The first three steps, right under the reasons, and where the others are."""
    t = c.t
    parts: list[RenderableType] = [Text(""), Text(t["top_steps"], style="bold")]
    if c.top_steps:
        steps = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=False)
        steps.add_column(justify="right", no_wrap=True)
        steps.add_column(style="cyan", no_wrap=True)
        steps.add_column(ratio=1)
        for number, step in enumerate(c.top_steps, start=1):
            steps.add_row(Text(f"{number}."), Text(step.horizon_label), Text(step.text))
        parts.append(Padding(steps, (0, 0, 0, 2)))
    else:
        parts.append(Padding(Text(t["no_steps"]), (0, 0, 0, 2)))
    if c.more_steps_text:
        parts.append(Padding(Text(c.more_steps_text, style="dim"), (0, 0, 0, 2)))
    return parts


def _status_text(d: DimensionView) -> str:
    return f"{d.status_label} ({d.to_confirm_text})" if d.to_confirm_text else d.status_label


def bullets(lines: list[str], mark: str = "•", style: str = "") -> RenderableType:
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
    table.add_column(no_wrap=True, style=style)
    table.add_column(ratio=1)
    for line in lines:
        table.add_row(mark, Text(line))
    return Padding(table, (0, 0, 0, 2))


def _table(c: ReportContext, width: int | None) -> RenderableType:
    t = c.t
    cells = BAR_CELLS if (width or shutil.get_terminal_size().columns) >= 100 else BAR_CELLS // 2
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    table.add_column(t["dimension"], min_width=16)
    table.add_column("", no_wrap=True)
    table.add_column(t["score"], justify="right", no_wrap=True)
    table.add_column(t["status"], no_wrap=True)
    table.add_column(t["coverage"], justify="right", no_wrap=True)
    for d in c.dimensions:
        style = STATUS_STYLES[d.status]
        table.add_row(
            Text(d.label),
            _bar(d, style, cells),
            # an unscored dimension shows a dash here and says why in the status column
            Text("—", style="dim") if d.insufficient else Text(d.score_text, style="bold"),
            Text(_status_text(d), style=style),
            Text(f"{d.coverage_text} ({d.answers_text})"),
        )
    return table


def _bar(d: DimensionView, style: str, cells: int) -> Text:
    if d.score is None:
        return Text("·" * cells, style="dim")
    filled = round(d.score / 100 * cells)
    bar = Text("█" * filled, style=style)
    bar.append("░" * (cells - filled), style="dim")
    return bar
