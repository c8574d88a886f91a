"""Rendering rich renderables to a string, in colour or plain."""

from __future__ import annotations

import io
import shutil

from rich.console import Console, RenderableType


def capture(*renderables: RenderableType, color: bool = False, width: int | None = None) -> str:
    """What rich would print, as text (ANSI colours only when ``color``)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width or min(shutil.get_terminal_size((100, 24)).columns, 120),
        highlight=False,
        emoji=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()
