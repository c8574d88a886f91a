"""One writer at a time for a file: a lock file beside it that says who holds it."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import stat
from datetime import datetime
from pathlib import Path

import filelock

from alliance_diag.errors import InputError, Problem
from alliance_diag.i18n import Catalog
from alliance_diag.io.atomic import os_problem

_ = Catalog(
    {
        "locked": {
            "fr": "fichier déjà ouvert par un autre « assess » ({holder}) : terminez ou quittez "
            "celui-là d'abord, sinon les réponses de l'un effaceraient celles de l'autre",
            "en": "file already open in another 'assess' ({holder}): finish or quit that one "
            "first, or each would overwrite the other's answers",
        },
        "holder": {
            "fr": "processus {pid} sur {host}, depuis le {since}",
            "en": "process {pid} on {host}, since {since}",
        },
        "unknown_holder": {"fr": "processus inconnu", "en": "unknown process"},
        "cannot_lock": {
            "fr": "ce dossier ne sait pas verrouiller un fichier (un partage réseau ?) : "
            "gardez les réponses dans un dossier local (--answers)",
            "en": "this folder cannot lock a file (a network share?): keep the answers in a "
            "local folder (--answers)",
        },
        "not_a_lock": {
            "fr": "ce fichier de verrou n'est pas un fichier ordinaire (un lien ?) : supprimez-le",
            "en": "this lock file is not a regular file (a link?): remove it",
        },
    }
)

# Windows locks byte 0 of the lock file and refuses it to every other reader: the
# holder's record comes after a first line of its own, where the second comer can read it.
LOCKED_BYTE = b"\n"
# never through a link, never blocked by a pipe planted in its place
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
)

# what flock answers on a file system that has no locks (some network shares)
_CANNOT_LOCK = {errno.ENOSYS, errno.ENOLCK, errno.EOPNOTSUPP}


class NotALockError(OSError):
    """The lock file, once opened, is no regular file: nothing is written into it."""


class FileLock:
    """An exclusive lock on ``.NAME.lock`` beside ``path``, held until ``release``.

    The ``filelock`` library takes it: ``flock`` on Unix and macOS, ``LockFileEx`` on
    Windows, never through a link. The file itself cannot carry the lock: it is replaced
    by a rename at every save, and a lock stays on the file it was taken on. The lock
    file holds the holder's process id, host and start time, for the message the second
    comer gets.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.parent / f".{path.name}.lock"
        self._lock: filelock.BaseFileLock | None = None

    def acquire(self) -> None:
        if self._lock is not None:
            return
        lock = filelock.FileLock(
            self.lock_path, blocking=False, thread_local=False, on_acquired=_write_holder
        )
        try:
            self._refuse_a_planted_file()
            lock.acquire()
        except filelock.Timeout as exc:
            holder = _read_holder(self.lock_path)
            raise InputError([Problem(str(self.path), _("locked", holder=holder))]) from exc
        except OSError as exc:
            raise InputError([self._problem(exc)]) from exc
        self._lock = lock

    def _refuse_a_planted_file(self) -> None:
        # filelock refuses to open a link too, but in words of its own; this says which file
        try:
            mode = os.lstat(self.lock_path).st_mode
        except FileNotFoundError:
            return
        if not stat.S_ISREG(mode):
            raise NotALockError(str(self.lock_path))

    def _problem(self, exc: OSError) -> Problem:
        if isinstance(exc, NotALockError) or exc.errno == errno.ELOOP:
            return Problem(str(self.lock_path), _("not_a_lock"))
        if exc.errno in _CANNOT_LOCK:
            return Problem(str(self.lock_path), _("cannot_lock"))
        return os_problem(self.lock_path, exc, writing=True)

    def release(self) -> None:
        if self._lock is None:
            return
        # filelock leaves a Unix lock file in place for its waiters: ours is removed while
        # still locked, so no one can take a lock on a file about to vanish. On Windows
        # filelock removes it itself, once unlocked (an open file cannot be removed there).
        if isinstance(self._lock, filelock.UnixFileLock):
            self.lock_path.unlink(missing_ok=True)
        self._lock.release()
        self._lock = None


def _write_holder(fd: int) -> None:
    """Called by filelock with the lock held; raising gives the lock back."""
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        raise NotALockError(fd)
    since = datetime.now().astimezone().replace(microsecond=0).isoformat(sep=" ")
    record = f"{os.getpid()}\t{socket.gethostname()}\t{since}\n".encode()
    # only the message of a second comer needs it: a full disk must not stop the interview
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, LOCKED_BYTE + record)


def _read_holder(lock_path: Path) -> str:
    try:
        fd = os.open(lock_path, _READ_FLAGS)
    except OSError:
        return _("unknown_holder")
    try:
        os.lseek(fd, len(LOCKED_BYTE), os.SEEK_SET)
        text = os.read(fd, 4096).decode("utf-8", "replace")
    except OSError:
        text = ""
    finally:
        os.close(fd)
    parts = text.strip().split("\t")
    if len(parts) != 3:
        return _("unknown_holder")
    pid, host, since = parts
    return _("holder", pid=pid, host=host, since=since)
