"""Built-in questionnaires validated and compiled once, then kept in the user's cache
folder under the hash of everything that makes them: their YAML, our code that reads
them, Python, pydantic and PyYAML. A cache that cannot be read or written is rebuilt or
skipped, never an error."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path

from alliance_diag import __version__
from alliance_diag.core.errors import AllianceDiagError
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.io.atomic import write_atomically

# the folder that overrides the user's cache folder (ALLIANCE_DIAG_CACHE_DIR=/tmp/x)
FOLDER_VARIABLE = "ALLIANCE_DIAG_CACHE_DIR"
# raised when what a cache file holds changes shape in a way our code's hash cannot see
FORMAT = 1
# compiled versions kept of one questionnaire, the last used: several installations of
# alliance-diag (two virtual environments) share the folder without rebuilding each time
KEPT = 4


def cache_folder() -> Path | None:
    """Where the compiled questionnaires are kept: ``$ALLIANCE_DIAG_CACHE_DIR``, else the
    platform's user cache folder; None when the user has none (no home folder)."""
    override = os.environ.get(FOLDER_VARIABLE)
    if override:
        return Path(override)
    try:
        if sys.platform == "win32":
            local = os.environ.get("LOCALAPPDATA")
            return Path(local) / "alliance-diag" / "Cache" if local else None
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "alliance-diag"
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    except RuntimeError:  # no home folder to be found
        return None
    return base / "alliance-diag"


def compiled(
    name: str,
    text: str,
    build: Callable[[], Questionnaire],
    folder: Path | None,
) -> Questionnaire:
    """The questionnaire ``build`` makes from ``text``, read from ``folder`` when it was
    made there before from the same text by the same code, else built and kept there."""
    if folder is None:
        return build()
    digest = hashlib.sha256(_code_fingerprint() + name.encode() + b"\0" + text.encode())
    path = folder / f"{name}.{digest.hexdigest()[:32]}.pickle"
    found = _read(path)
    if found is not None:
        with contextlib.suppress(OSError):
            _touch(path)  # used last: kept longest
        return found
    questionnaire = build()
    _keep(questionnaire, path, name)
    return questionnaire


@functools.cache
def _code_fingerprint() -> bytes:
    """What a compiled questionnaire depends on besides its YAML: the code of the packages
    that read, check and model it (a changed model must never read an older pickle), and
    the versions of alliance-diag, Python, pydantic and PyYAML."""
    import pydantic
    import yaml

    versions = f"{FORMAT} {__version__} {sys.version} {pydantic.VERSION} {yaml.__version__}"
    digest = hashlib.sha256(versions.encode())
    root = Path(__file__).parent.parent
    for package in ("core", "engine", "io"):
        for path in sorted((root / package).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _read(path: Path) -> Questionnaire | None:
    """The questionnaire kept at ``path``, or None: missing, damaged, from another
    version of a library, or a file someone else could have written."""
    try:
        with path.open("rb") as file:
            if not (_private(os.fstat(file.fileno())) and _private(os.stat(path.parent))):
                return None
            found = pickle.load(file)
    # a damaged or outdated pickle fails in any way unpickling can (EOFError, ImportError,
    # AttributeError, UnpicklingError, …): it is built again, whatever the way
    except Exception:
        return None
    return found if isinstance(found, Questionnaire) else None


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else: unpickling runs what the file says,
    so only a file this user wrote is read. Windows keeps each user's cache folder private."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _touch(path: Path) -> None:
    """Mark a file used now, by this process's clock: the one every mark is read against
    (a clock the kernel does not share, as under faketime, then orders them alike)."""
    now = time.time_ns()
    os.utime(path, ns=(now, now))


def _keep(questionnaire: Questionnaire, path: Path, name: str) -> None:
    """Write the compiled questionnaire, and remove what earlier texts or code left
    beyond the KEPT used last."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # a cache is rebuilt when lost: no need to wait for the disk
        write_atomically(path, pickle.dumps(questionnaire, pickle.HIGHEST_PROTOCOL), durable=False)
        path.chmod(0o600)
        _touch(path)
        entries = sorted(
            path.parent.glob(f"{name}.*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True
        )
        for stale in entries[KEPT:]:
            stale.unlink(missing_ok=True)
    # a folder that cannot be written (read-only, full, a file in the way) keeps no cache
    except (OSError, AllianceDiagError):
        return
