"""Writing files so that a crash or a power cut never leaves half a file behind."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

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


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write a temporary file in the same folder, flush it to disk, then rename it over."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            # mkstemp makes the file private (0600); give it the mode a plain open() would
            os.chmod(temporary, usual_mode(path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _fsync_folder(folder)
    except OSError as exc:
        raise InputError([os_problem(path, exc, writing=True)]) from exc


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
