"""Values read from YAML, and where each one stands: the types shared by the readers
(``io.located_yaml``) and the engine, which never reads a file itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from alliance_diag.core.errors import Problem

# the path of a value in the data: ("questions", 3, "text")
Loc = tuple[str | int, ...]


@dataclass
class Located:
    """Plain data read from YAML, with the line and column (1-based) of each path."""

    data: Any
    source: str
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Loc) -> tuple[int | None, int | None]:
        """The position of ``loc``, or of its closest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            found = self.positions.get(tuple(loc[:end]))
            if found:
                return found
        return None, None

    def problem(self, loc: Loc, message: str) -> Problem:
        line, column = self.position(loc)
        return Problem(
            source=self.source,
            message=message,
            line=line,
            column=column,
            field=dotted(loc) or None,
        )


def dotted(loc: Loc) -> str:
    """``('questions', 3, 'text')`` → ``questions[3].text``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
