"""How the running program was started, so that a command we print can be run as printed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

PROGRAM = "alliance-diag"


def program_words() -> list[str]:
    """The words that start this program again from the same folder.

    ``alliance-diag`` when that name on the PATH is this very installation; otherwise the
    way it was started: the script's path as typed, or ``python -m alliance_diag`` with
    this interpreter. Run inside another program (a test runner), the plain name.
    """
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started is not None and started.name == "__main__.py":
        words = [sys.executable, "-m", "alliance_diag"]
    elif started is not None and started.stem == PROGRAM:
        words = [sys.argv[0]]
    else:
        return [PROGRAM]
    return [PROGRAM] if _on_path_is_this_installation() else words


def _on_path_is_this_installation() -> bool:
    found = shutil.which(PROGRAM)
    if found is None:
        return False
    folder = Path(found).resolve().parent
    executable = Path(sys.executable)
    return folder in {executable.absolute().parent, executable.resolve().parent}
