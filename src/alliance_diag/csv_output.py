"""CSV files for spreadsheets: streamed, atomic, safe to open in Excel, French or standard."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import IO

from alliance_diag.errors import InputError, Problem
from alliance_diag.files import usual_mode
from alliance_diag.i18n import Catalog

_ = Catalog(
    {
        "cannot_write": {
            "fr": "impossible d'écrire {path} : {detail}",
            "en": "cannot write {path}: {detail}",
        },
    }
)

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CsvDialect(StrEnum):
    standard = "standard"  # comma, decimal point, UTF-8
    excel_fr = "excel-fr"  # what French Excel reads on a double click


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CsvFile:
    """Rows written as they come to a hidden temporary file, renamed into place by ``commit``.

    A batch interrupted halfway leaves the previous summary intact instead of half a file.
    """

    def __init__(self, path: Path, dialect: CsvDialect) -> None:
        self.path = path
        self.dialect = dialect
        self.comma = dialect is CsvDialect.excel_fr
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, self._temporary = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
            )
            self._stream: IO[str] = os.fdopen(
                handle,
                "w",
                encoding="utf-8-sig" if self.comma else "utf-8",
                newline="",
            )
        except OSError as exc:
            raise _write_error(path, exc) from exc
        # scores have one decimal: a batch formats the same few hundred values again and again
        self._numbers: dict[float | None, str] = {None: ""}
        self._writer = csv.writer(
            self._stream, delimiter=";" if self.comma else ",", lineterminator="\r\n"
        )

    def text(self, value: str | None) -> str:
        return "" if value is None else neutralise(value)

    def number(self, value: float | None) -> str:
        """A score with its one decimal, a comma in the French dialect; empty for None."""
        if value is None:
            return ""
        text = self._numbers.get(value)
        if text is None:
            text = f"{value:.1f}"
            if self.comma:
                text = text.replace(".", ",")
            if len(self._numbers) < 10_000:
                self._numbers[value] = text
        return text

    def numbers(self, values: Sequence[float | None]) -> list[str]:
        """``number`` of each value."""
        try:
            return list(map(self._numbers.__getitem__, values))
        except KeyError:
            return list(map(self.number, values))

    def write(self, cells: list[str]) -> None:
        self._writer.writerow(cells)

    def write_many(self, rows: Iterable[Sequence[str]]) -> None:
        self._writer.writerows(rows)

    def commit(self) -> None:
        try:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
            # mkstemp made it private to us; a summary is shared like any file the user saves
            os.chmod(self._temporary, usual_mode(self.path))
            os.replace(self._temporary, self.path)
        except OSError as exc:
            self.discard()
            raise _write_error(self.path, exc) from exc

    def discard(self) -> None:
        if not self._stream.closed:
            self._stream.close()
        Path(self._temporary).unlink(missing_ok=True)


def _write_error(path: Path, exc: OSError) -> InputError:
    detail = exc.strerror or str(exc)
    return InputError([Problem(str(path), _("cannot_write", path=path, detail=detail))])
