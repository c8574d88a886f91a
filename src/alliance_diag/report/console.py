"""Rendering rich renderables to a string, in colour or plain."""

from __future__ import annotations

import io
import os

from rich.console import Console, RenderableType


def capture(*renderables: RenderableType, color: bool = False, width: int | None = None) -> str:
    """What rich would print, as text (ANSI colours only when ``color``)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width or min(terminal_width(), 120),
        highlight=False,
        emoji=False,
    )
    for renderable in renderables:
        console.print(renderable)
    # rich pads every line to the width: a file or a pipe gets no trailing spaces
    return "\n".join(line.rstrip(" ") for line in buffer.getvalue().split("\n"))


# the width when no terminal is in sight (a script, CI)
NO_TERMINAL_WIDTH = 100


def terminal_width() -> int:
    """The width of the terminal the person reads: ``COLUMNS`` when set, else the terminal
    behind any of the standard streams, so that ``… | less`` or ``> file`` keeps the width
    of the terminal it was typed in."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for fd in (1, 2, 0):
        try:
            return os.get_terminal_size(fd).columns
        except OSError:
            continue
    return NO_TERMINAL_WIDTH
