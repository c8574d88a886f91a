"""Writing files so that a crash or a power cut never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from alliance_diag.errors import InputError, Problem
from alliance_diag.i18n import Catalog

_ = Catalog(
    {
        "cannot_write": {
            "fr": "impossible d'écrire {path} : {detail}",
            "en": "cannot write {path}: {detail}",
        },
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
        detail = exc.strerror or str(exc)
        raise InputError([Problem(str(path), _("cannot_write", path=path, detail=detail))]) from exc


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
