"""A CSV export read record by record: its delimiter found, a quote left open or a NUL
byte caught where the reader would let it through."""

from __future__ import annotations

import contextlib
import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from alliance_diag.batch.table import (
    MAX_CELL,
    CountingReader,
    Kind,
    Malformed,
    Record,
    Table,
    TableFormat,
    decode_error,
    nul_byte,
)
from alliance_diag.core.errors import InputError, Problem
from alliance_diag.core.i18n import Catalog

DELIMITERS = (";", ",", "\t", "|")

_ = Catalog(
    {
        "bad_record": {
            "fr": "ligne CSV illisible : {detail}",
            "en": "unreadable CSV row: {detail}",
        },
        "unclosed_quote": {
            "fr": "un guillemet ouvert à la ligne {row} du tableur n'est jamais refermé : toute "
            "la suite du fichier serait lue comme une seule cellule",
            "en": "a quote opened on spreadsheet row {row} is never closed: all the rest of the "
            "file would be read as one cell",
        },
        "runaway_quote": {
            "fr": "un guillemet ouvert à la ligne {row} du tableur n'est pas refermé avant "
            "{limit} caractères : il a pris dans une seule cellule toutes les lignes qui suivent",
            "en": "a quote opened on spreadsheet row {row} is not closed within {limit} "
            "characters: it took every line after it into one cell",
        },
    }
)


def detect_delimiter(sample: str, *, complete: bool) -> str:
    """The delimiter that splits the sample's whole lines into the most, steadiest columns.

    Each candidate parses the sample as CSV (so quoted cells count right) and scores the
    share of records having the most common width times that width; a cut-off last
    record is left out. ``csv.Sniffer`` guesses wrongly on some files (CPython issues
    119123, 97611), hence this.
    """
    if not complete:
        sample = sample[: max(sample.rfind("\n"), 0)]
    best, best_score = ",", 0.0
    for candidate in DELIMITERS:
        rows = _rows_until_error(sample, candidate)
        if not complete and len(rows) > 1:
            rows = rows[:-1]
        if not rows:
            continue
        widths = Counter(len(row) for row in rows)
        width, count = widths.most_common(1)[0]
        if width < 2:
            continue
        score = count / len(rows) * width
        if score > best_score:
            best, best_score = candidate, score
    return best


def _rows_until_error(sample: str, delimiter: str) -> list[list[str]]:
    """The sample's non-blank records up to the first one the reader refuses (a quote
    left open), which, like a cut-off last record, says nothing of the delimiter."""
    rows: list[list[str]] = []
    # extend keeps the records read before the error
    with contextlib.suppress(csv.Error):
        rows.extend(row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row)
    return rows


def open_csv(
    path: Path, size: int, encoding: str, delimiter: str, warnings: tuple[str, ...]
) -> Table:
    stream = path.open("rb")
    position = [0]
    text = io.TextIOWrapper(
        io.BufferedReader(CountingReader(stream, position), 1 << 16),
        encoding=encoding,
        newline="",
    )
    table = Table(
        path=path,
        format=TableFormat(Kind.csv, encoding=encoding, delimiter=delimiter, warnings=warnings),
        records=_csv_records(text, delimiter, str(path), encoding),
        size=size,
        _stream=stream,
        _position=position,
    )
    return table


def _csv_records(
    text: IO[str], delimiter: str, source: str, encoding: str, row: int = 0
) -> Iterator[Record]:
    lines = WatchedLines(text)
    reader = csv.reader(lines, delimiter=delimiter)
    for number, cells, _lines in _all_records(reader, lines, source, encoding, row):
        if isinstance(cells, Malformed) or any(cells):
            yield number, cells


class WatchedLines:
    """The lines the CSV reader takes, watched for what it lets through: a NUL byte, and
    a quote left open at the end of the file (it then takes every later line in)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = lines
        self.record: list[str] = []
        self.nul = False
        self.ended = False

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            if "\x00" in line:
                self.nul = True
            self.record.append(line)
            yield line
        self.ended = True

    def next_record(self) -> None:
        self.record.clear()
        self.nul = False

    def problem(self, delimiter: str) -> str | None:
        """What is wrong with the record just read: None, ``nul`` or ``unclosed``."""
        if self.nul:
            return "nul"
        if self.ended and any('"' in line for line in self.record):
            # the reader closes a quote left open at the end of the file without a word; had
            # the file gone on, a quote still open would have taken in the next line too
            sentinel = "\x01"
            rows = list(csv.reader([*self.record, sentinel], delimiter=delimiter))
            if rows[-1:] != [[sentinel]]:
                return "unclosed"
        return None


def _all_records(
    reader: Any, lines: WatchedLines, source: str, encoding: str, row: int = 0
) -> Iterator[tuple[int, list[str], int]]:
    """Every record, blank ones too, numbered after ``row``, with the number of lines
    read before it."""
    # rows as a spreadsheet numbers them: one per record, however many lines its cells
    # span, blank lines included (they show as empty rows)
    while True:
        row += 1
        before = reader.line_num
        lines.next_record()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                # no answer is that long: a quote was left open and took the lines after it
                message = _("runaway_quote", row=row, limit=MAX_CELL)
                raise InputError([Problem(source, message, line=before + 1)]) from exc
            cells = Malformed(_("bad_record", detail=exc))
        except UnicodeDecodeError as exc:
            raise decode_error(source, encoding, exc) from exc
        problem = lines.problem(reader.dialect.delimiter) if lines.nul or lines.ended else None
        if problem == "unclosed":
            message = _("unclosed_quote", row=row)
            raise InputError([Problem(source, message, line=before + 1)])
        if problem == "nul":
            cells = nul_byte()
        yield row, cells, before
