"""The answer-file lock through filelock: a planted link, a stale file, and Windows' own lock."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import importlib.util
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType, SimpleNamespace

import filelock
import pytest
from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.io.file_lock import FileLock

MINI = Path(__file__).parent / "data" / "questionnaires" / "mini.yaml"
runner = CliRunner()
ERROR_LOCK_VIOLATION = 33


def assess(answers: Path) -> tuple[int, str]:
    argv = ["assess", "-q", str(MINI), "--lang", "en", "--answers", str(answers)]
    result = runner.invoke(app, argv, input="X\n")
    return result.exit_code, result.stderr.strip()


def test_a_link_planted_after_our_check_is_refused_by_filelock_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    lock_path = tmp_path / ".a.yaml.lock"
    real_check = FileLock._refuse_a_planted_file

    def plant_after_check(self: FileLock) -> None:
        real_check(self)
        lock_path.symlink_to(precious)

    monkeypatch.setattr(FileLock, "_refuse_a_planted_file", plant_after_check)
    code, stderr = assess(tmp_path / "a.yaml")
    assert code == 1
    assert stderr == f"{lock_path}: this lock file is not a regular file (a link?): remove it"
    assert precious.read_text() == "keep me\n"


def test_a_lock_file_left_by_a_crash_does_not_stop_the_next_interview(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    (tmp_path / ".a.yaml.lock").write_text("\n4242\tlaptop\t2026-11-26 09:00:00+01:00\n" * 50)
    lock = FileLock(answers)
    lock.acquire()
    holder = lock.lock_path.read_text().strip().split("\t")
    lock.release()
    assert holder[0] == str(os.getpid())
    assert holder[1] == socket.gethostname()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code", [errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS])
def test_a_folder_that_cannot_lock_is_said_so_before_any_answer(
    code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_locks(_fd: int, _operation: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    exit_code, stderr = assess(tmp_path / "a.yaml")
    assert exit_code == 1
    assert stderr == (
        f"{tmp_path / '.a.yaml.lock'}: this folder cannot lock a file (a network share?): "
        "keep the answers in a local folder (--answers)"
    )
    assert not (tmp_path / "a.yaml").exists()


class Windows:
    """What Windows does that filelock's Windows lock relies on, played out on this system.

    ``LockFileEx`` on byte 0 belongs to the handle that took it; any other handle is refused
    it (error 33), and refused a read of that byte too. A file open anywhere cannot be
    removed. The rest of filelock's Windows module runs as written.
    """

    def __init__(self) -> None:
        self.holders: dict[tuple[int, int], int] = {}
        self.last_error = 0
        self.locks_taken = 0
        self.kernel32 = SimpleNamespace(
            LockFileEx=self._function(self.lock), UnlockFileEx=self._function(self.unlock)
        )

    @staticmethod
    def _function(call: Callable[..., int]) -> Callable[..., int]:
        # filelock sets argtypes and restype on them, as on ctypes functions
        def function(*args: object) -> int:
            return call(*args)

        return function

    @staticmethod
    def identity(fd: int) -> tuple[int, int]:
        info = os.fstat(fd)
        return info.st_dev, info.st_ino

    def holder(self, fd: int) -> int | None:
        """The other handle holding byte 0 of the file ``fd`` is open on, if any."""
        try:
            identity = self.identity(fd)
        except OSError:
            return None
        holder = self.holders.get(identity)
        if holder is None or holder == fd:
            return None
        try:
            still_open = self.identity(holder) == identity
        except OSError:
            still_open = False
        # Windows gives a lock back when its handle is closed
        return holder if still_open else None

    def lock(self, fd: int, _flags: int, _reserved: int, low: int, high: int, _at: object) -> int:
        assert (low, high) == (1, 0), "filelock locks byte 0 alone"
        if self.holder(fd) is not None:
            self.last_error = ERROR_LOCK_VIOLATION
            return 0
        self.holders[self.identity(fd)] = fd
        self.locks_taken += 1
        return 1

    def unlock(self, fd: int, _reserved: int, _low: int, _high: int, _at: object) -> int:
        self.holders.pop(self.identity(fd), None)
        return 1


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> Windows:
    """filelock's WindowsFileLock, its module loaded as on Windows, taken by ``FileLock``."""
    system = Windows()
    real_read, real_unlink = os.read, os.unlink

    def read(fd: int, size: int) -> bytes:
        if system.holder(fd) is not None and os.lseek(fd, 0, os.SEEK_CUR) == 0:
            raise PermissionError(errno.EACCES, "another process has locked a portion of the file")
        return real_read(fd, size)

    def unlink(path: str | os.PathLike[str], *, dir_fd: int | None = None) -> None:
        if any(os.path.samestat(os.stat(path), os.fstat(fd)) for fd in system.holders.values()):
            raise PermissionError(errno.EACCES, "the file is being used by another process", path)
        real_unlink(path, dir_fd=dir_fd)

    def open_lock_file(path: str, _mode: int) -> int:
        # NtCreateFile, which refuses a reparse point, as O_NOFOLLOW refuses a link here
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)

    monkeypatch.setitem(sys.modules, "msvcrt", SimpleNamespace(get_osfhandle=lambda fd: fd))
    monkeypatch.setattr(ctypes, "WinDLL", lambda *_a, **_k: system.kernel32, raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: system.last_error, raising=False)
    monkeypatch.setattr(ctypes, "WinError", lambda code: OSError(code, "WinError"), raising=False)
    for name, value in {
        "open_non_reparse_fd": open_lock_file,
        "unlink_without_oplock_wait": unlink,
    }.items():
        monkeypatch.setattr(filelock._filesystem, name, value, raising=False)
    module = _load_as_on_windows(monkeypatch)
    monkeypatch.setattr(filelock, "FileLock", module.WindowsFileLock)
    monkeypatch.setattr(os, "read", read)
    monkeypatch.setattr(os, "unlink", unlink)
    return system


def _load_as_on_windows(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    source = filelock._native._windows.__file__
    assert source is not None
    spec = importlib.util.spec_from_file_location("filelock_windows_backend", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    platform = sys.platform
    monkeypatch.setattr(sys, "platform", "win32")
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys, "platform", platform)
    return module


def test_on_windows_a_second_assess_is_refused_and_told_who_holds_the_file(
    windows: Windows, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    first = FileLock(answers)
    first.acquire()
    try:
        code, stderr = assess(answers)
    finally:
        first.release()
    assert windows.locks_taken == 1
    assert code == 1
    # the holder's record lies past byte 0, which Windows refuses to every other reader
    assert stderr.startswith(f"{answers}: file already open in another 'assess' (process ")
    assert f"process {os.getpid()} on {socket.gethostname()}, since " in stderr
    # filelock removed the lock file itself, once unlocked: nothing is left beside the answers
    assert list(tmp_path.iterdir()) == []
    again = FileLock(answers)
    again.acquire()
    again.release()
    assert windows.locks_taken == 2
