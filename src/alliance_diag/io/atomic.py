"""Writing files so that a crash or a power cut never leaves half a file behind."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import IO, Any

from alliance_diag.errors import InputError, Problem
from alliance_diag.i18n import Catalog

_ = Catalog(
    {
        "cannot_read": {"fr": "lecture impossible : {detail}", "en": "cannot read: {detail}"},
        "cannot_write": {"fr": "écriture impossible : {detail}", "en": "cannot write: {detail}"},
        "ENOENT_read": {"fr": "fichier introuvable", "en": "file not found"},
        "ENOENT": {"fr": "dossier introuvable", "en": "folder not found"},
        "EACCES": {"fr": "accès refusé", "en": "permission denied"},
        "EISDIR": {"fr": "c'est un dossier, pas un fichier", "en": "this is a folder, not a file"},
        "ENOTDIR": {
            "fr": "une partie du chemin n'est pas un dossier",
            "en": "part of the path is not a folder",
        },
        "EEXIST": {
            "fr": "un fichier occupe la place d'un dossier du chemin",
            "en": "a file stands where the path needs a folder",
        },
        "ENOSPC": {"fr": "disque plein", "en": "no space left on the disk"},
        "ENAMETOOLONG": {"fr": "nom de fichier trop long", "en": "file name too long"},
        "EROFS": {"fr": "support en lecture seule", "en": "read-only file system"},
    }
)


class AtomicFile:
    """A file written under a hidden temporary name beside its target, renamed over it by
    ``commit``: a crash, a Ctrl-C or a power cut leaves the previous file whole."""

    def __init__(self, path: Path, *, encoding: str | None = None, newline: str | None = None):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, self._temporary = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
            )
            # mkstemp makes the file private (0600); give it the mode a plain open() would
            os.chmod(self._temporary, usual_mode(path))
            mode = "wb" if encoding is None else "w"
            self.stream: IO[Any] = os.fdopen(handle, mode, encoding=encoding, newline=newline)
        except OSError as exc:
            raise InputError([os_problem(path, exc, writing=True)]) from exc

    def commit(self) -> None:
        """Flush to the disk, then put the file in place."""
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            os.replace(self._temporary, self.path)
        except OSError as exc:
            self.discard()
            raise InputError([os_problem(self.path, exc, writing=True)]) from exc
        _fsync_folder(self.path.parent)

    def discard(self) -> None:
        if not self.stream.closed:
            self.stream.close()
        Path(self._temporary).unlink(missing_ok=True)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write a whole file at once, atomically (see AtomicFile)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target = AtomicFile(path)
    try:
        target.stream.write(data)
    except OSError as exc:
        target.discard()
        raise InputError([os_problem(path, exc, writing=True)]) from exc
    except BaseException:
        target.discard()
        raise
    target.commit()


def os_problem(path: Path | str, exc: OSError, *, writing: bool = False) -> Problem:
    """A file-system failure in the user's language (the system's own text is English)."""
    name = errno.errorcode.get(exc.errno or 0, "")
    if name == "EPERM":
        name = "EACCES"
    if name == "ENOENT" and not writing:
        return Problem(str(path), _("ENOENT_read"))
    detail = _(name) if name in _ else (exc.strerror or str(exc))
    return Problem(str(path), _("cannot_write" if writing else "cannot_read", detail=detail))


def usual_mode(path: Path) -> int:
    """The file's current permissions, or those the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    # the rename itself must reach the disk for the new file to survive a power cut
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
