"""How the process meets its surroundings: standard output closed or full, a termination."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys
from types import FrameType
from typing import Any

from alliance_diag.i18n import Catalog

_ = Catalog(
    {
        "stdout": {"fr": "sortie standard", "en": "standard output"},
        "closed": {
            "fr": "elle est fermée : rien n'a pu y être écrit",
            "en": "it is closed: nothing could be written to it",
        },
    }
)

TERMINATED = 128 + signal.SIGTERM
# the reader went away (`| head -1`): what follows has nobody to read it
_GONE = {errno.EPIPE}


class _ForgivingOutput(io.RawIOBase):
    """Standard output's file descriptor, written until nobody can read what follows.

    Once the reader has gone, later output is dropped instead of raising: the command
    still finishes its real work (files written, answers saved) and ends with the exit
    code it would have had, without a traceback about a pipe. Any other failure (a full
    disk, a file-size limit, an output that was closed before we started) is kept in
    ``failure``: the command then says so and ends with exit code 1 (``output_failure``).
    """

    def __init__(self, fd: int, *, closed: bool = False) -> None:
        super().__init__()
        self._fd = fd
        self._closed_from_start = closed
        self.lost = False
        self.failure: OSError | None = None

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if self.lost or not size:
            return size
        if self._closed_from_start:
            self.failure = OSError(errno.EBADF, "closed")
            self.lost = True
            return size
        try:
            return os.write(self._fd, data)
        except OSError as exc:
            if exc.errno not in _GONE:
                self.failure = exc
            self.lost = True
            return size


_stdout: _ForgivingOutput | None = None


def forgiving_stdout(*, closed: bool = False) -> None:
    """Replace ``sys.stdout`` by the same stream over a ``_ForgivingOutput``; a terminal,
    which neither closes early nor fills up, is left as it is for the interview's prompts."""
    global _stdout
    current = sys.stdout
    try:
        fd = current.fileno()
        if os.isatty(fd):
            return
        current.flush()
    except (AttributeError, OSError, ValueError):
        return
    _stdout = _ForgivingOutput(fd, closed=closed)
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_stdout),
        encoding=current.encoding,
        errors=current.errors,
        line_buffering=bool(current.line_buffering),
    )


def output_failure() -> str | None:
    """What went wrong writing standard output, said for the user; None when nothing did."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    failure = _stdout.failure if _stdout is not None else None
    if failure is None:
        return None
    from alliance_diag.errors import InputError, Problem
    from alliance_diag.io.atomic import os_problem

    if failure.errno == errno.EBADF:
        return str(InputError([Problem(_("stdout"), _("closed"))]))
    return str(InputError([os_problem(_("stdout"), failure, writing=True)]))


def _standard_streams() -> bool:
    """Standard input, output and error as the command can use them, whatever it was given:
    a closed one is opened on the null device (so that no file we open takes its number);
    a stream that cannot encode every character replaces those it cannot (« ? ») instead
    of failing. True when standard output was closed."""
    closed = sys.stdout is None
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        if getattr(sys, name) is None:
            with contextlib.suppress(OSError):
                os.fstat(fd)
                continue
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)
            setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").replace("_", "-").lower()
        if encoding not in ("utf-8", "utf8") and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    return closed


def _terminate(signum: int, frame: FrameType | None) -> None:
    # unwinding like Ctrl-C does lets every half-written file remove its temporary copy
    raise SystemExit(TERMINATED)


def prepare() -> None:
    """Before any command runs."""
    forgiving_stdout(closed=_standard_streams())
    signal.signal(signal.SIGTERM, _terminate)
