"""Writing files so that a crash or a power cut never leaves half a file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from alliance_diag.errors import InputError, Problem, UsageError
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
        "EPIPE": {"fr": "la sortie a été fermée", "en": "the output was closed"},
        "symlink_out": {
            "fr": "lien symbolique vers {target}, hors de son dossier : il n'est pas suivi",
            "en": "a symbolic link to {target}, outside its folder: it is not followed",
        },
        "dangling": {
            "fr": "lien symbolique vers rien : il n'est pas remplacé",
            "en": "a symbolic link to nothing: it is not replaced",
        },
        "not_regular": {
            "fr": "ce n'est pas un fichier ordinaire ({kind}) : il n'est pas remplacé",
            "en": "this is not a regular file ({kind}): it is not replaced",
        },
        "block_device": {"fr": "un périphérique de stockage", "en": "a storage device"},
        "socket": {"fr": "une socket", "en": "a socket"},
        "linked_folder": {
            "fr": "le dossier « {name} » est un lien symbolique : rien n'est écrit au travers ; "
            "supprimez-le ou choisissez un autre dossier",
            "en": "folder '{name}' is a symbolic link: nothing is written through it; "
            "remove it or choose another folder",
        },
        "overwrites_input": {
            "fr": "cette sortie est aussi un fichier lu ({input}) : il serait écrasé ; "
            "choisissez une autre sortie",
            "en": "this output is also an input ({input}): it would be overwritten; choose "
            "another output",
        },
    }
)


class AtomicFile:
    """A file written under a hidden temporary name beside its target, renamed over it by
    ``commit``: a crash, a Ctrl-C or a power cut leaves the previous file whole.

    The target is checked first (``writable_target``): a character device or a FIFO
    (``-o /dev/null``, a named pipe) is written as a stream, since replacing it would break
    whatever reads it; anything else that is not a regular file is refused.
    """

    def __init__(
        self,
        path: Path,
        *,
        encoding: str | None = None,
        newline: str | None = None,
        durable: bool = True,
    ):
        self.path = path
        self._temporary: str | None = None
        # False: renamed into place without waiting for the disk; the writer syncs the
        # whole folder once (sync_folder), as a batch does for its thousand reports
        self.durable = durable
        mode = "wb" if encoding is None else "w"
        target = writable_target(path)
        try:
            if target.stream:
                self.stream: IO[Any] = open(path, mode, encoding=encoding, newline=newline)  # noqa: SIM115
                return
            target.path.parent.mkdir(parents=True, exist_ok=True)
            handle, self._temporary = tempfile.mkstemp(
                dir=target.path.parent, prefix=f".{target.path.name}.", suffix=".tmp"
            )
            self.path = target.path
            self.stream = os.fdopen(handle, mode, encoding=encoding, newline=newline)
            # mkstemp makes the file private (0600); give it the mode a plain open() would
            os.chmod(self.stream.fileno(), target.mode)
        except OSError as exc:
            self.discard()
            raise InputError([os_problem(path, exc, writing=True)]) from exc
        except BaseException:
            self.discard()
            raise

    def write(self, data: Any) -> None:
        """Write, a full disk or a closed pipe said as the user's problem."""
        try:
            self.stream.write(data)
        except OSError as exc:
            self.discard()
            raise InputError([os_problem(self.path, exc, writing=True)]) from exc

    def commit(self) -> None:
        """Flush to the disk, then put the file in place."""
        try:
            self.stream.flush()
            if self._temporary is None:
                self.stream.close()
                return
            if self.durable:
                os.fsync(self.stream.fileno())
            self.stream.close()
            os.replace(self._temporary, self.path)
        except OSError as exc:
            self.discard()
            raise InputError([os_problem(self.path, exc, writing=True)]) from exc
        except BaseException:
            self.discard()
            raise
        self._temporary = None
        if self.durable:
            _fsync_folder(self.path.parent)

    def discard(self) -> None:
        """Let go of the file: the temporary one is removed, the target left as it was."""
        stream = getattr(self, "stream", None)
        if stream is not None and not stream.closed:
            # closing flushes: a full disk fails here once more, and the file goes anyway
            with contextlib.suppress(OSError):
                stream.close()
        if self._temporary is not None:
            Path(self._temporary).unlink(missing_ok=True)
            self._temporary = None


def write_atomically(path: Path, content: str | bytes, *, durable: bool = True) -> None:
    """Write a whole file at once, atomically (see AtomicFile)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target = AtomicFile(path, durable=durable)
    try:
        target.write(data)
    except BaseException:
        target.discard()
        raise
    target.commit()


@dataclass(frozen=True)
class Target:
    """Where a file will really be written, and how."""

    path: Path
    stream: bool
    mode: int


def writable_target(path: Path) -> Target:
    """Check what ``path`` names before anything is written there; the one place of the rules.

    A new name, or a regular file, is replaced atomically; a symbolic link is followed only
    to a regular file in the same folder (the link stays); a character device or a FIFO,
    linked or not, is written as a stream; anything else is refused. New files get the mode
    a plain ``open()`` gives them, existing ones keep their permissions, never a
    set-user-id or set-group-id bit.
    """
    try:
        link = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        # a new file; making its folder says what is in the way, if anything is
        return Target(path, stream=False, mode=new_file_mode())
    except OSError as exc:
        raise InputError([os_problem(path, exc, writing=True)]) from exc
    real, info = path, link
    if stat.S_ISLNK(link.st_mode):
        try:
            info = os.stat(path)
            real = path.resolve(strict=True)
        except OSError as exc:
            raise InputError([Problem(str(path), _("cannot_write", detail=_("dangling")))]) from exc
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return Target(path, stream=True, mode=0)
    if stat.S_ISDIR(info.st_mode):
        raise InputError([Problem(str(path), _("cannot_write", detail=_("EISDIR")))])
    if not stat.S_ISREG(info.st_mode):
        kind = _("block_device") if stat.S_ISBLK(info.st_mode) else _("socket")
        detail = _("not_regular", kind=kind)
        raise InputError([Problem(str(path), _("cannot_write", detail=detail))])
    if real is not path and real.parent != path.parent.resolve():
        detail = _("symlink_out", target=real)
        raise InputError([Problem(str(path), _("cannot_write", detail=detail))])
    _refuse_input(path, (info.st_dev, info.st_ino))
    return Target(real, stream=False, mode=info.st_mode & 0o777)


def new_file_mode() -> int:
    """The permissions a plain ``open()`` gives a new file: 0666 less the umask (0644 usually)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def plain_folder(root: Path, name: str) -> Path:
    """``root/name``, a folder the tool fills; refused when it is a symbolic link, which
    would carry the files written there out of ``root``."""
    folder = root / name
    if folder.is_symlink():
        detail = _("linked_folder", name=name)
        raise InputError([Problem(str(folder), _("cannot_write", detail=detail))])
    return folder


_READING: ContextVar[dict[tuple[int, int], Path] | None] = ContextVar("reading", default=None)


@contextmanager
def reading(*inputs: Path | str | None) -> Iterator[None]:
    """Within: no writer replaces one of these files, the ones a command reads."""
    files = dict(_READING.get() or {})
    for path in inputs:
        identity = _identity(path)
        if identity is not None and path is not None:
            files[identity] = Path(path)
    token = _READING.set(files)
    try:
        yield
    finally:
        _READING.reset(token)


def refuse_overwriting_inputs(outputs: Iterable[Path], inputs: Iterable[Path | str | None]) -> None:
    """Refuse, before anything is written, an output that is one of the files read."""
    with reading(*inputs):
        for output in outputs:
            _refuse_input(output, _identity(output))


def _identity(path: Path | str | None) -> tuple[int, int] | None:
    """The file's device and inode (links followed), None for no regular file."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def _refuse_input(output: Path, identity: tuple[int, int] | None) -> None:
    read = (_READING.get() or {}).get(identity) if identity is not None else None
    if read is not None:
        message = _("cannot_write", detail=_("overwrites_input", input=read))
        raise UsageError([Problem(str(output), message)])


def os_problem(path: Path | str, exc: OSError, *, writing: bool = False) -> Problem:
    """A file-system failure in the user's language (the system's own text is English)."""
    name = errno.errorcode.get(exc.errno or 0, "")
    if name == "EPERM":
        name = "EACCES"
    if name == "ENOENT" and not writing:
        return Problem(str(path), _("ENOENT_read"))
    detail = _(name) if name in _ else (exc.strerror or str(exc))
    return Problem(str(path), _("cannot_write" if writing else "cannot_read", detail=detail))


def sync_folder(folder: Path) -> None:
    """Put on disk, at once, the files written in ``folder`` without ``durable``: one
    system-wide sync costs what a single fsync does, where a thousand reports would pay a
    thousand."""
    if folder.is_dir():
        # Windows has no system-wide sync: there the reports reach the disk in their own time
        if hasattr(os, "sync"):
            os.sync()
        _fsync_folder(folder)


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
