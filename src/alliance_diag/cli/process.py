"""How the process meets its surroundings: standard output closed or full, a termination."""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
from types import FrameType
from typing import Any

# the reader went away (`| head -1`), the disk or quota is full (`> /dev/full`)
_LOST = {errno.EPIPE, errno.ENOSPC, errno.EDQUOT}
TERMINATED = 128 + signal.SIGTERM


class _ForgivingOutput(io.RawIOBase):
    """Standard output's file descriptor, written until nobody can read what follows.

    Once the reader has gone or the disk is full, later output is dropped instead of
    raising: the command still finishes its real work (files written, answers saved) and
    ends with the exit code it would have had, without a traceback about a pipe.
    """

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self.lost = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if self.lost:
            return size
        try:
            return os.write(self._fd, data)
        except OSError as exc:
            if exc.errno not in _LOST:
                raise
            self.lost = True
            return size


def forgiving_stdout() -> None:
    """Replace ``sys.stdout`` by the same stream over a ``_ForgivingOutput``; a terminal,
    which neither closes early nor fills up, is left as it is for the interview's prompts."""
    current = sys.stdout
    try:
        fd = current.fileno()
        if os.isatty(fd):
            return
        current.flush()
    except (AttributeError, OSError, ValueError):
        return
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_ForgivingOutput(fd)),
        encoding=current.encoding,
        errors=current.errors,
        line_buffering=bool(current.line_buffering),
    )


def _terminate(signum: int, frame: FrameType | None) -> None:
    # unwinding like Ctrl-C does lets every half-written file remove its temporary copy
    raise SystemExit(TERMINATED)


def prepare() -> None:
    """Before any command runs."""
    forgiving_stdout()
    signal.signal(signal.SIGTERM, _terminate)
