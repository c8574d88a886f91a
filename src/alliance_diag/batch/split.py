"""A large batch in two processes: the rows past a split scored by a forked worker."""

from __future__ import annotations

import contextlib
import gc
import mmap
import os
import pickle
import select
import signal
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from alliance_diag.batch.network_totals import NetworkPart
from alliance_diag.batch.screening import ScreenPart

# Below this a second process costs about what it saves (forking, merging the files).
MIN_BYTES = 8_000_000
# The first process also merges the second's files: the second reads a little more.
SECOND_SHARE = 0.51


def cores() -> int:
    """The processor cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork") and cores() >= 2


@dataclass(frozen=True)
class PartResult:
    """What the worker found besides its summary and errors rows (numbered from 1)."""

    rows_read: int
    rows_rejected: int
    extra_cells: int
    network: NetworkPart
    # None when the worker cannot tell which unrecognised texts a whole run would keep
    texts: dict[int, list[tuple[str, int]]] | None
    # rows left out and answers not applicable (batch.screening)
    screen: ScreenPart = field(default_factory=ScreenPart)


class Worker:
    """A forked process that scores the rows past the split.

    It writes its summary and errors rows to unnamed temporary files (nothing is left on
    the disk whatever happens to either process), its progress to shared memory, and its
    other results through a pipe. It ignores Ctrl-C: the parent stops it. Any failure in
    the worker makes ``result`` None, and the parent reads those rows itself, so that a
    problem is reported exactly as a one-process run reports it.
    """

    def __init__(self, folder: Path) -> None:
        self.summary = _unnamed_file(folder)
        self.errors = _unnamed_file(folder)
        self._shared = mmap.mmap(-1, 16)
        self._read, self._write = os.pipe()
        self._pid: int | None = None

    def start(self, work: Callable[[Worker], PartResult]) -> None:
        gc.freeze()
        pid = os.fork()
        if pid:
            gc.unfreeze()  # the freeze only spared the child copying pages; undo it here
            self._pid = pid
            os.close(self._write)
            self._write = -1
            return
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            os.close(self._read)
            try:
                result: PartResult | None = work(self)
                self.summary.flush()
                self.errors.flush()
            except BaseException:
                result = None
            with open(self._write, "wb") as pipe:
                pickle.dump(result, pipe)
            code = 0
        finally:
            # never back into the parent's code: no cleanup of its files, no second report
            os._exit(code)

    def report(self, position: int, rows: int) -> None:
        """Called in the worker: how many bytes and rows it has read."""
        struct.pack_into("qq", self._shared, 0, position, rows)

    def progress(self) -> tuple[int, int]:
        position, rows = struct.unpack_from("qq", self._shared, 0)
        return position, rows

    def wait(self, timeout: float) -> bool:
        """Whether the worker has finished (its pipe is readable) within ``timeout``."""
        readable, _w, _x = select.select([self._read], [], [], timeout)
        return bool(readable)

    def result(self) -> PartResult | None:
        """The worker's results once it is done, None when it failed."""
        chunks = []
        while chunk := os.read(self._read, 1 << 16):
            chunks.append(chunk)
        self._reap()
        try:
            result = pickle.loads(b"".join(chunks))
        except (pickle.UnpicklingError, EOFError, ValueError):
            return None
        return result if isinstance(result, PartResult) else None

    def stop(self) -> None:
        """End the worker if it still runs, and let go of its files."""
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()
        for resource in (self.summary, self.errors, self._shared):
            resource.close()
        for fd in (self._read, self._write):
            if fd >= 0:
                os.close(fd)
        self._read = self._write = -1

    def _reap(self) -> None:
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None


def _unnamed_file(folder: Path) -> IO[str]:
    # no name in the folder (O_TMPFILE, or unlinked at once): gone when both processes close it
    return tempfile.TemporaryFile("w+", encoding="utf-8", newline="", dir=folder)
