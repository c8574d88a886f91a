"""Reading exports (CSV, XLSX, JSON Lines) as a stream of rows, with the format detected."""

from __future__ import annotations

import codecs
import dataclasses
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

from alliance_diag.batch.csv_reading import detect_delimiter as detect_delimiter
from alliance_diag.batch.csv_reading import open_csv
from alliance_diag.batch.jsonl_reading import open_jsonl
from alliance_diag.batch.table import MAX_CELL as MAX_CELL
from alliance_diag.batch.table import Kind as Kind
from alliance_diag.batch.table import Malformed as Malformed
from alliance_diag.batch.table import Table, decode_error
from alliance_diag.batch.xlsx_reading import open_xlsx
from alliance_diag.core.errors import InputError, Problem, UsageError
from alliance_diag.core.i18n import Catalog
from alliance_diag.io.atomic import os_problem

SAMPLE_BYTES = 256 * 1024
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ",", "pipe": "|"}

_ = Catalog(
    {
        "empty": {
            "fr": "le fichier est vide : aucune ligne à lire",
            "en": "the file is empty: no rows to read",
        },
        "binary": {
            "fr": "ce n'est pas un tableau (CSV, XLSX ou JSON Lines) : le fichier contient des "
            "données binaires",
            "en": "this is not a table (CSV, XLSX or JSON Lines): the file holds binary data",
        },
        "legacy_xls": {
            "fr": "ancien format Excel (.xls binaire) non lu : enregistrez-le en .xlsx ou en CSV "
            "depuis Excel ou LibreOffice",
            "en": "old binary Excel format (.xls) is not read: save it as .xlsx or CSV from Excel "
            "or LibreOffice",
        },
        "json_array": {
            "fr": "un fichier JSON d'un seul bloc n'est pas lu ; exportez en JSON Lines (un objet "
            "par ligne) ou en CSV",
            "en": "a single-block JSON file is not read; export JSON Lines (one object per line) "
            "or CSV",
        },
        "unknown_encoding": {
            "fr": "encodage inconnu « {encoding} » (par exemple : utf-8, utf-16, windows-1252)",
            "en": "unknown encoding '{encoding}' (for example: utf-8, utf-16, windows-1252)",
        },
        "bad_delimiter": {
            "fr": "séparateur « {delimiter} » non valable : un seul caractère, ou tab",
            "en": "delimiter '{delimiter}' is not valid: one character, or tab",
        },
        "cp1252": {
            "fr": "le fichier n'est pas en UTF-8 : lu en Windows-1252 (le codage habituel d'Excel "
            "en français) ; vérifiez les accents, ou donnez --encoding",
            "en": "the file is not UTF-8: read as Windows-1252 (French Excel's usual encoding); "
            "check the accents, or give --encoding",
        },
        "not_text_encoding": {
            "fr": "« {encoding} » n'est pas un encodage de texte (par exemple : utf-8, utf-16, "
            "windows-1252)",
            "en": "'{encoding}' is not a text encoding (for example: utf-8, utf-16, windows-1252)",
        },
    }
)


def parse_delimiter(value: str) -> str:
    """The delimiter a user typed (``;``, ``tab``, ``\\t``…) as one character."""
    named = DELIMITER_NAMES.get(value.lower(), value)
    if len(named) != 1 or named in '\r\n"':
        raise UsageError(_("bad_delimiter", delimiter=value))
    return named


def check_encoding(value: str) -> str:
    """The codec's own name; rot13, base64, bz2… are codecs, but of bytes, not of text."""
    try:
        info = codecs.lookup(value)
    except LookupError as exc:
        raise UsageError(_("unknown_encoding", encoding=value)) from exc
    if not info._is_text_encoding or info.name in _NOT_FOR_FILES:
        raise UsageError(_("not_text_encoding", encoding=value))
    return info.name


# text codecs of Python's own that no file is written in: domain names (punycode, idna),
# Python string escapes, the codec that refuses everything
_NOT_FOR_FILES = frozenset(
    {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "undefined"}
)


def open_table(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Table:
    """Open an export and detect its format; the records are read lazily. An export
    coming through a pipe (``/dev/stdin``, ``<(…)``) is copied first: it is read more than
    once (its format, then its rows), and a pipe only gives its bytes once."""
    if _is_pipe(path):
        return _spooled(path, encoding=encoding, delimiter=delimiter, sheet=sheet)
    source = str(path)
    if encoding is not None:
        encoding = check_encoding(encoding)
    if delimiter is not None:
        delimiter = parse_delimiter(delimiter)
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(SAMPLE_BYTES)
    except OSError as exc:
        raise InputError([os_problem(source, exc)]) from exc
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError([Problem(source, _("empty"))])
    if head.startswith(b"PK\x03\x04"):
        return open_xlsx(path, size, sheet)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError([Problem(source, _("legacy_xls"))])
    warnings: list[str] = []
    if encoding is None:
        encoding = _detect_encoding(path, head, warnings)
    text_head = _decode_head(head, encoding, source, len(head) < size)
    stripped = text_head.lstrip()
    if path.suffix.lower() in (".jsonl", ".ndjson") or stripped.startswith("{"):
        return open_jsonl(path, size, encoding, tuple(warnings))
    if stripped.startswith("["):
        raise InputError([Problem(source, _("json_array"))])
    if delimiter is None:
        delimiter = detect_delimiter(text_head, complete=len(head) >= size)
    return open_csv(path, size, encoding, delimiter, tuple(warnings))


def _is_pipe(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # said by the reading that follows
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


def _spooled(path: Path, **options: Any) -> Table:
    """The export read from a pipe into a temporary file, then opened as any file; its
    problems still name the pipe."""
    source = str(path)
    handle, name = tempfile.mkstemp(prefix="alliance-diag-", suffix=path.suffix)
    copy = Path(name)
    try:
        with path.open("rb") as pipe, os.fdopen(handle, "wb") as target:
            shutil.copyfileobj(pipe, target, 1 << 20)
        table = open_table(copy, **options)
    except InputError as error:
        copy.unlink(missing_ok=True)
        named = [
            dataclasses.replace(p, source=source) if p.source == name else p for p in error.problems
        ]
        raise InputError(named) from error
    except BaseException:
        copy.unlink(missing_ok=True)
        raise
    table.path, table._spooled = path, copy
    return table


def _detect_encoding(path: Path, head: bytes, warnings: list[str]) -> str:
    """UTF-8 (BOM or not), UTF-16 when a BOM or NUL bytes say so, else Windows-1252."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        # UTF-16 without a BOM puts a NUL beside every ASCII character
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even == 0:
            return "utf-16-le"
        if even > len(head) // 4 and odd == 0:
            return "utf-16-be"
        raise InputError([Problem(str(path), _("binary"))])
    if _is_utf8(path):
        return "utf-8"
    warnings.append(_("cp1252"))
    return "cp1252"


def _is_utf8(path: Path) -> bool:
    """The whole file decodes as UTF-8; read in chunks so memory stays flat."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as stream:
        try:
            while chunk := stream.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _decode_head(head: bytes, encoding: str, source: str, truncated: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        return str(decoder.decode(head, final=not truncated))
    except UnicodeDecodeError as exc:
        raise decode_error(source, encoding, exc) from exc
