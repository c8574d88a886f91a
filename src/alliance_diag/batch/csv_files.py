"""CSV files for spreadsheets: streamed, atomic, safe to open in Excel, French or standard."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path

from alliance_diag.core.errors import InputError
from alliance_diag.io.atomic import AtomicFile, os_problem

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
        self.delimiter = ";" if self.comma else ","
        encoding = "utf-8-sig" if self.comma else "utf-8"
        self._file = AtomicFile(path, encoding=encoding, newline="")
        self.stream = self._file.stream
        self._writer = csv.writer(self.stream, delimiter=self.delimiter, lineterminator="\r\n")

    def text(self, value: str | None) -> str:
        return "" if value is None else neutralise(value)

    def number(self, value: float | None) -> str:
        """A score with its one decimal, a comma in the French dialect; empty for None."""
        if value is None:
            return ""
        text = f"{value:.1f}"
        return text.replace(".", ",") if self.comma else text

    def write(self, cells: list[str]) -> None:
        try:
            self._writer.writerow(cells)
        except OSError as exc:
            raise self._failed(exc) from exc

    def write_rows(self, rows: Iterable[Sequence[str]]) -> None:
        try:
            self._writer.writerows(rows)
        except OSError as exc:
            raise self._failed(exc) from exc

    def _failed(self, exc: OSError) -> InputError:
        """A full disk said as such; the temporary file goes, the previous file stays."""
        self._file.discard()
        return InputError([os_problem(self.path, exc, writing=True)])

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise self._failed(exc) from exc

    def commit(self) -> None:
        self._file.commit()

    def discard(self) -> None:
        self._file.discard()
