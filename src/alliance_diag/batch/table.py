"""An open export as every format reads it: its format, and its records as cells."""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from alliance_diag.core.errors import InputError, Problem
from alliance_diag.core.i18n import Catalog

_ = Catalog(
    {
        "decode": {
            "fr": "le fichier n'est pas encodé en {encoding} (octet invalide 0x{byte:02x}) ; "
            "essayez --encoding",
            "en": "the file is not {encoding}-encoded (invalid byte 0x{byte:02x}); try --encoding",
        },
        "kind_csv": {"fr": "CSV", "en": "CSV"},
        "kind_xlsx": {"fr": "classeur XLSX", "en": "XLSX workbook"},
        "kind_jsonl": {"fr": "JSON Lines", "en": "JSON Lines"},
        "describe_csv": {
            "fr": "{kind}, encodage {encoding}, séparateur {delimiter}",
            "en": "{kind}, {encoding} encoding, delimiter {delimiter}",
        },
        "describe_xlsx": {"fr": "{kind}, feuille « {sheet} »", "en": "{kind}, sheet '{sheet}'"},
        "describe_jsonl": {
            "fr": "{kind}, encodage {encoding}",
            "en": "{kind}, {encoding} encoding",
        },
        "cell_too_long": {
            "fr": "une cellule de la ligne dépasse {limit} caractères : elle n'est pas lue",
            "en": "a cell of the row is longer than {limit} characters: it is not read",
        },
        "nul_byte": {
            "fr": "la ligne contient un octet nul (données binaires) : elle n'est pas lue",
            "en": "the row holds a NUL byte (binary data): it is not read",
        },
        "tab": {"fr": "tabulation", "en": "tab"},
        "quoted": {"fr": "« {value} »", "en": "'{value}'"},
    }
)


class Kind(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    jsonl = "jsonl"


@dataclass(frozen=True)
class TableFormat:
    """How an export was read: what a user needs to know to check it or override it."""

    kind: Kind
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    warnings: tuple[str, ...] = ()

    def describe(self, lang: str | None = None) -> str:
        kind = _(f"kind_{self.kind.value}", lang)
        if self.kind is Kind.xlsx:
            return _("describe_xlsx", lang, kind=kind, sheet=self.sheet)
        encoding = encoding_name(self.encoding or "utf-8")
        if self.kind is Kind.jsonl:
            return _("describe_jsonl", lang, kind=kind, encoding=encoding)
        delimiter = (
            _("tab", lang) if self.delimiter == "\t" else _("quoted", lang, value=self.delimiter)
        )
        return _("describe_csv", lang, kind=kind, encoding=encoding, delimiter=delimiter)


class Malformed(list[str]):
    """A record that could not be read as cells; empty, so reading a cell fails fast."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


Record = tuple[int, list[str]]


@dataclass
class Table:
    """An open export: its format, and its records as (row number, cells), blank rows skipped.

    Row numbers are the ones a spreadsheet user sees: the first line is row 1. In CSV a
    record whose cells hold line breaks spans several lines; its number is its first line.
    """

    path: Path
    format: TableFormat
    records: Iterator[Record]
    size: int
    _stream: IO[bytes] | None = field(default=None, repr=False)
    _position: list[int] = field(default_factory=lambda: [0], repr=False)
    # the copy of an export that came through a pipe, removed when the table is closed
    _spooled: Path | None = field(default=None, repr=False)

    def progress(self) -> float:
        """How much of the file has been read, 0–1."""
        return min(self._position[0] / self.size, 1.0) if self.size else 1.0

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        if self._spooled is not None:
            self._spooled.unlink(missing_ok=True)

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# the longest cell read, in characters, whatever the format: the CSV reader's own limit
MAX_CELL = csv.field_size_limit()


def encoding_name(encoding: str) -> str:
    names = {
        "utf-8-sig": "UTF-8 (BOM)",
        "utf-8": "UTF-8",
        "utf-16": "UTF-16 (BOM)",
        "utf-16-le": "UTF-16LE",
        "utf-16-be": "UTF-16BE",
        "cp1252": "Windows-1252",
    }
    return names.get(encoding, encoding)


class CountingReader(io.RawIOBase):
    """A binary stream that records how far it has been read, for the progress bar; with
    a ``limit``, it ends there."""

    def __init__(self, stream: IO[bytes], position: list[int], limit: int | None = None) -> None:
        self._stream = stream
        self._position = position
        self._limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        wanted = len(buffer)
        if self._limit is not None:
            wanted = max(min(wanted, self._limit - self._stream.tell()), 0)
        data = self._stream.read(wanted)
        buffer[: len(data)] = data
        self._position[0] += len(data)
        return len(data)


def decode_error(source: str, encoding: str, exc: UnicodeDecodeError) -> InputError:
    byte = exc.object[exc.start] if exc.start < len(exc.object) else 0
    message = _("decode", encoding=encoding_name(encoding), byte=byte)
    return InputError([Problem(source, message, line=_undecodable_line(Path(source), encoding))])


def _undecodable_line(path: Path, encoding: str) -> int | None:
    """The first line that does not decode; text readers fail a whole block ahead of it."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as stream:
            for number, raw in enumerate(stream, start=1):
                try:
                    decoder.decode(raw)
                except UnicodeDecodeError:
                    return number
    except OSError:
        return None
    return None


def checked(cells: list[str]) -> list[str]:
    """The cells, or a rejected record when one holds a NUL (JSON's ``\\u0000``), which no
    answer has and which would reach the summary, or is longer than a cell may be: the
    limit the CSV reader keeps, applied to workbooks and JSON Lines alike (a shared string
    of a megabyte, used in every cell, would otherwise write gigabytes of reports)."""
    if any("\x00" in cell for cell in cells):
        return nul_byte()
    if any(len(cell) > MAX_CELL for cell in cells):
        return Malformed(_("cell_too_long", limit=MAX_CELL))
    return cells


def cell_text(value: object) -> str:
    """A spreadsheet or JSON value as the text a person would read in the cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list):
        # a JSON list is a multiple choice; one item per line, as typed in a cell
        return "\n".join(cell_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def nul_byte() -> Malformed:
    """A record refused for the NUL byte it holds: binary data, never an answer."""
    return Malformed(_("nul_byte"))
