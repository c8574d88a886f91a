"""Report file names from organisation names: safe on any file system, unique, inside a folder."""

from __future__ import annotations

import re
from pathlib import Path

from alliance_diag.textfold import strip_accents

MAX_STEM = 80
# Windows refuses these as file names, whatever the extension (CON.html too); its
# superscript variants (COM¹) become COM1 here, as accents and symbols are folded.
# CONIN$, CONOUT$ and CLOCK$ cannot occur: ``$`` is no safe character.
RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(name: str, fallback: str) -> str:
    """A file name stem readable everywhere: ASCII letters, digits, ``.``, ``_`` and ``-``.

    Accents are dropped rather than kept: zip tools, e-mail attachments and old
    Windows shares still mangle them. Path separators and ``..`` cannot survive, so
    the name never leads outside the folder it is written in.
    """
    text = _UNSAFE.sub("-", strip_accents(name))
    text = re.sub(r"-{2,}", "-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = text.strip(".-_ ")[:MAX_STEM].rstrip(".-_ ")
    if not text:
        text = fallback
    # Windows reads a device in the name up to its first dot: AUX.txt.html is AUX
    device, dot, rest = text.partition(".")
    if device.lower() in RESERVED:
        text = f"{device}_{dot}{rest}"
    return text


class UniqueNames:
    """Hands out stems once each, ``-2``, ``-3``… after the first; case-insensitive, since
    Windows and macOS would see ``Asso`` and ``asso`` as one file."""

    def __init__(self, reserved: set[str] | None = None) -> None:
        self._taken = {name.lower() for name in reserved or set()}

    def take(self, name: str, fallback: str) -> str:
        stem = safe_stem(name, fallback)
        candidate, number = stem, 1
        while candidate.lower() in self._taken:
            number += 1
            candidate = f"{stem}-{number}"
        self._taken.add(candidate.lower())
        return candidate


def inside(folder: Path, stem: str, extension: str) -> Path:
    """The path of a file in ``folder``; refuses, as a last guard, any name leading out."""
    path = folder / f"{stem}{extension}"
    # the name alone is checked: a link already there is for writable_target to refuse
    if path.parent.resolve() != folder.resolve() or path.name in ("", ".", ".."):
        raise ValueError(f"unsafe report name {stem!r}")
    return path


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2``, ``stem-3``… when that name is taken."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate
