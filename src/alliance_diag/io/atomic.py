"""Writing files so that a crash or a power cut never leaves half a file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import tempfile
import time
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
        "cannot_use": {"fr": "accès impossible : {detail}", "en": "cannot use: {detail}"},
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
        "EDQUOT": {"fr": "quota de disque atteint", "en": "disk quota exceeded"},
        "EFBIG": {
            "fr": "fichier plus gros que la limite permise",
            "en": "file larger than the limit allowed",
        },
        "ENAMETOOLONG": {"fr": "nom de fichier trop long", "en": "file name too long"},
        "EROFS": {"fr": "support en lecture seule", "en": "read-only file system"},
        "EPIPE": {"fr": "la sortie a été fermée", "en": "the output was closed"},
        "ENXIO": {
            "fr": "tube nommé que personne ne lit : rien n'y est écrit",
            "en": "a named pipe nobody reads: nothing is written to it",
        },
        "symlink_out": {
            "fr": "lien symbolique vers {target}, hors de son dossier : il n'est pas suivi",
            "en": "a symbolic link to {target}, outside its folder: it is not followed",
        },
        "link_kept": {
            "fr": "lien symbolique vers {target} : un rapport n'est jamais écrit au travers",
            "en": "a symbolic link to {target}: no report is written through it",
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
        "other": {
            "fr": "un dossier, un tube ou un périphérique",
            "en": "a folder, a pipe or a device",
        },
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
        "inside_input": {
            "fr": "cette sortie est dans un dossier lu ({input}) : choisissez une autre sortie",
            "en": "this output is inside a folder the command reads ({input}): choose another "
            "output",
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
                self.stream: IO[Any] = open(  # noqa: SIM115
                    _stream_fd(path), mode, encoding=encoding, newline=newline
                )
                return
            target.path.parent.mkdir(parents=True, exist_ok=True)
            # mkstemp adds 8 random characters between the two
            prefix = hidden_name(target.path.name, ".", room=8 + len(".tmp"))
            handle, self._temporary = tempfile.mkstemp(
                dir=target.path.parent, prefix=prefix, suffix=".tmp"
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


# the longest file name most file systems take, in bytes
NAME_MAX = 255


def hidden_name(name: str, suffix: str, *, room: int = 0) -> str:
    """``.NAME`` + ``suffix``, a hidden file beside ``name`` (a temporary copy, a lock),
    its name cut so that, with ``room`` more bytes, it fits where ``name`` itself fits."""
    budget = NAME_MAX - 1 - len(suffix.encode()) - room
    kept = name.encode()[:budget].decode("utf-8", errors="ignore")
    return f".{kept}{suffix}"


def _stream_fd(path: Path) -> int:
    """A device or named pipe opened for writing; a pipe nobody reads within a second is
    an error (ENXIO), where a plain open() would wait forever for a reader."""
    for _attempt in range(READER_WAIT_STEPS):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
            time.sleep(1 / READER_WAIT_STEPS)
            continue
        os.set_blocking(fd, True)
        return fd
    raise OSError(errno.ENXIO, os.strerror(errno.ENXIO), str(path))


# a reader started just before us (`cat < pipe & alliance-diag … -o pipe`) gets a second
READER_WAIT_STEPS = 100


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
    _refuse_input(path)
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
    return Target(real, stream=False, mode=info.st_mode & 0o777)


def new_file_mode() -> int:
    """The permissions a plain ``open()`` gives a new file: 0666 less the umask (0644 usually)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class HeldFolder:
    """A folder held open by its descriptor, its files written relative to it: once open,
    a symbolic link swapped in for the folder, or for a file in it, while a batch writes
    there cannot carry a single file elsewhere. Each file is created under a fresh hidden
    name (``O_EXCL``, ``O_NOFOLLOW``), then renamed over its target in the same folder;
    a target that is not a regular file (a link, a pipe, a folder) is refused, never
    followed. Where the system opens no folder (Windows), files go by their path, with
    the checks of ``write_atomically``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        try:
            path.mkdir(parents=True, exist_ok=True)
            if _HOLDS_FOLDERS:
                flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
                self.fd = os.open(path, flags)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR) and path.is_symlink():
                detail = _("linked_folder", name=path.name)
                raise InputError([Problem(str(path), _("cannot_write", detail=detail))]) from exc
            raise InputError([os_problem(path, exc, writing=True)]) from exc

    def write(self, name: str, content: str | bytes) -> Path:
        """Write the file ``name`` (a plain name) in the folder; its path, as shown."""
        target = self.path / name
        if self.fd is None:
            write_atomically(target, content, durable=False)
            return target
        _refuse_input(target)
        data = content.encode("utf-8") if isinstance(content, str) else content
        mode = self._mode(name, target)
        temporary = hidden_name(name, f".{secrets.token_hex(4)}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(temporary, flags, 0o600, dir_fd=self.fd)
        except OSError as exc:
            raise InputError([os_problem(target, exc, writing=True)]) from exc
        try:
            with os.fdopen(fd, "wb") as stream:
                os.fchmod(stream.fileno(), mode)
                stream.write(data)
            os.rename(temporary, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=self.fd)
            if isinstance(exc, OSError):
                raise InputError([os_problem(target, exc, writing=True)]) from exc
            raise
        return target

    def _mode(self, name: str, target: Path) -> int:
        """The new file's permissions: those of the regular file it replaces (never a
        set-user-id bit), else what open() gives; anything else there is refused."""
        try:
            info = os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return new_file_mode()
        except OSError as exc:
            raise InputError([os_problem(target, exc, writing=True)]) from exc
        if stat.S_ISREG(info.st_mode):
            return info.st_mode & 0o777
        if stat.S_ISLNK(info.st_mode):
            detail = _("link_kept", target=os.readlink(name, dir_fd=self.fd))
        else:
            detail = _("not_regular", kind=_("socket" if stat.S_ISSOCK(info.st_mode) else "other"))
        raise InputError([Problem(str(target), _("cannot_write", detail=detail))])

    def sync(self) -> None:
        """Put the folder's new files on disk at once (see sync_folder)."""
        if self.fd is None:
            sync_folder(self.path)
            return
        if hasattr(os, "sync"):
            os.sync()
        with contextlib.suppress(OSError):
            os.fsync(self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


# a folder opened by its descriptor, and files opened, renamed and read relative to it
_HOLDS_FOLDERS = (
    hasattr(os, "O_DIRECTORY")
    and hasattr(os, "O_NOFOLLOW")
    and {os.open, os.rename, os.stat, os.unlink} <= os.supports_dir_fd
)


def plain_folder(root: Path, name: str) -> Path:
    """``root/name``, a folder the tool fills; refused when it is a symbolic link, which
    would carry the files written there out of ``root``."""
    folder = root / name
    if folder.is_symlink():
        detail = _("linked_folder", name=name)
        raise InputError([Problem(str(folder), _("cannot_write", detail=detail))])
    return folder


_READING: ContextVar[tuple[Path, ...]] = ContextVar("reading", default=())


@contextmanager
def reading(*inputs: Path | str | None) -> Iterator[None]:
    """Within: no writer replaces one of these files, or writes in one of these folders,
    the ones a command reads (see ``refuse_overwriting_inputs``)."""
    token = _READING.set((*_READING.get(), *_inputs(inputs)))
    try:
        yield
    finally:
        _READING.reset(token)


def refuse_overwriting_inputs(
    outputs: Iterable[Path | str | None], inputs: Iterable[Path | str | None]
) -> None:
    """The one rule, for every command, before anything is written: no output may land on
    a file the command reads (an answer file, an export, a questionnaire, a mapping file, a
    template), whatever the name, link or hard link that leads there, nor inside a
    template folder in use.

    An input given as a ``Path`` counts even before it exists (``assess`` creates its
    answer file); one given as text (``-q ID|PATH``) only when it names a file or folder.
    """
    with reading(*inputs):
        for output in outputs:
            if output is not None and str(output) != "-":
                _refuse_input(Path(output))


def _inputs(inputs: Iterable[Path | str | None]) -> list[Path]:
    return [
        Path(path)
        for path in inputs
        if path is not None and (isinstance(path, Path) or os.path.exists(path))
    ]


def _refuse_input(output: Path) -> None:
    for read in _READING.get():
        if _lands_on(output, read):
            key = "inside_input" if read.is_dir() else "overwrites_input"
            message = _("cannot_write", detail=_(key, input=read))
            raise UsageError([Problem(str(output), message)])


def _lands_on(output: Path, read: Path) -> bool:
    """Whether writing ``output`` would replace ``read``, or write inside it (a folder)."""
    where = _resolved(output)
    there = _resolved(read)
    if where is None or there is None:
        return False
    if where == there or there in where.parents:
        return True
    try:
        return os.path.samefile(output, read)
    except (OSError, ValueError):
        return False


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def os_problem(path: Path | str, exc: OSError, *, writing: bool | None = False) -> Problem:
    """A file-system failure in the user's language (the system's own text is English);
    ``writing=None`` when it is not known whether the file was being read or written."""
    name = errno.errorcode.get(exc.errno or 0, "")
    if name == "EPERM":
        name = "EACCES"
    if name == "ENOENT" and writing is False:
        return Problem(str(path), _("ENOENT_read"))
    detail = _(name) if name in _ else (exc.strerror or str(exc))
    verb = {True: "cannot_write", False: "cannot_read", None: "cannot_use"}[writing]
    return Problem(str(path), _(verb, detail=detail))


def folder_problem(folder: Path) -> Problem | None:
    """Why no file can be written in ``folder`` (read-only, missing, not allowed), found by
    writing one and removing it at once; None when it takes files. Asked before work that
    would otherwise learn it at its first save."""
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".alliance-diag-", suffix=".check")
    except OSError as exc:
        return os_problem(folder, exc, writing=True)
    os.close(handle)
    Path(name).unlink(missing_ok=True)
    return None


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
