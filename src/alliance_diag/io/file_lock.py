"""One writer at a time for a file: a lock file beside it that says who holds it."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import stat
import sys
from datetime import datetime
from pathlib import Path

from alliance_diag.errors import InputError, Problem
from alliance_diag.i18n import Catalog
from alliance_diag.io.atomic import hidden_name, os_problem

if sys.platform != "win32":
    import fcntl

_ = Catalog(
    {
        "locked": {
            "fr": "fichier déjà ouvert par un autre « assess » ({holder}) : terminez ou quittez "
            "celui-là d'abord, sinon les réponses de l'un effaceraient celles de l'autre",
            "en": "file already open in another 'assess' ({holder}): finish or quit that one "
            "first, or each would overwrite the other's answers",
        },
        "folder_locked": {
            "fr": "dossier déjà en cours d'écriture par un autre « batch » ({holder}) : "
            "attendez qu'il finisse ou choisissez un autre dossier",
            "en": "folder already being written by another 'batch' ({holder}): wait for it "
            "to finish or choose another folder",
        },
        "holder": {
            "fr": "processus {pid} sur {host}, depuis le {since}",
            "en": "process {pid} on {host}, since {since}",
        },
        "unknown_holder": {"fr": "processus inconnu", "en": "unknown process"},
        "not_a_lock": {
            "fr": "ce fichier de verrou n'est pas un fichier ordinaire (un lien ?) : supprimez-le",
            "en": "this lock file is not a regular file (a link?): remove it",
        },
    }
)


class FileLock:
    """An exclusive ``flock`` on ``.NAME.lock`` beside ``path``, held until ``release``.

    The file itself cannot carry the lock: it is replaced by a rename at every save, and
    a lock stays on the inode it was taken on. The lock file holds the holder's process
    id, host and start time, for the message the second comer gets. Where ``flock`` does
    not exist (Windows), nothing is locked.
    """

    def __init__(self, path: Path, *, held: str = "locked") -> None:
        """``held``: the message a second comer gets (``locked`` for answers,
        ``folder_locked`` for a batch's output folder)."""
        self.path = path
        self.held = held
        self.lock_path = path.parent / hidden_name(path.name, ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        if sys.platform == "win32":
            return
        while self._fd is None:
            # never through a link, never onto a device: a planted link would be truncated
            flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW
            try:
                fd = os.open(self.lock_path, flags, 0o644)
            except OSError as exc:
                raise InputError([self._problem(exc)]) from exc
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise InputError([Problem(str(self.lock_path), _("not_a_lock"))])
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                holder = _read_holder(fd)
                os.close(fd)
                raise InputError([Problem(str(self.path), _(self.held, holder=holder))]) from exc
            if _same_file(fd, self.lock_path):
                self._fd = fd
            else:
                # its holder removed the lock file between our open and our lock: again
                os.close(fd)
        _write_holder(self._fd)

    def _problem(self, exc: OSError) -> Problem:
        if exc.errno == errno.ELOOP:
            return Problem(str(self.lock_path), _("not_a_lock"))
        return os_problem(self.lock_path, exc, writing=True)

    def release(self) -> None:
        if self._fd is None:
            return
        # removed while still locked, so no one can take a lock on a file about to vanish
        self.lock_path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except OSError:
        return False


def _write_holder(fd: int) -> None:
    since = datetime.now().astimezone().replace(microsecond=0).isoformat(sep=" ")
    line = f"{os.getpid()}\t{socket.gethostname()}\t{since}\n".encode()
    # only the message of a second comer needs it: a full disk must not stop the interview
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, line, 0)


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 4096, 0).decode("utf-8", "replace")
    except OSError:
        text = ""
    parts = text.strip().split("\t")
    if len(parts) != 3:
        return _("unknown_holder")
    pid, host, since = parts
    return _("holder", pid=pid, host=host, since=since)
