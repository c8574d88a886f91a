"""Reading exports (CSV, XLSX, JSON Lines) as a stream of rows, with the format detected."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from alliance_diag.batch.workbook_guard import check_workbook, parser_refusal
from alliance_diag.errors import InputError, Problem, UsageError
from alliance_diag.i18n import Catalog
from alliance_diag.io.atomic import os_problem

SAMPLE_BYTES = 256 * 1024
DELIMITERS = (";", ",", "\t", "|")
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
        "bad_xlsx": {
            "fr": "classeur XLSX illisible : {detail}",
            "en": "unreadable XLSX workbook: {detail}",
        },
        "no_sheet": {
            "fr": "pas de feuille « {sheet} » dans ce classeur (feuilles : {sheets})",
            "en": "no sheet '{sheet}' in this workbook (sheets: {sheets})",
        },
        "json_array": {
            "fr": "un fichier JSON d'un seul bloc n'est pas lu ; exportez en JSON Lines (un objet "
            "par ligne) ou en CSV",
            "en": "a single-block JSON file is not read; export JSON Lines (one object per line) "
            "or CSV",
        },
        "bad_json_line": {
            "fr": "ligne JSON illisible : {detail}",
            "en": "unreadable JSON line: {detail}",
        },
        "not_an_object": {
            "fr": "chaque ligne JSON doit être un objet {{…}}",
            "en": "each JSON line must be an object {{…}}",
        },
        "bad_record": {
            "fr": "ligne CSV illisible : {detail}",
            "en": "unreadable CSV row: {detail}",
        },
        "empty_sheet": {
            "fr": "la feuille « {sheet} » est vide (feuilles : {sheets}) ; choisissez-en une "
            "avec --sheet",
            "en": "sheet '{sheet}' is empty (sheets: {sheets}); choose one with --sheet",
        },
        "decode": {
            "fr": "le fichier n'est pas encodé en {encoding} (octet invalide 0x{byte:02x}) ; "
            "essayez --encoding",
            "en": "the file is not {encoding}-encoded (invalid byte 0x{byte:02x}); try --encoding",
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
        "not_text_encoding": {
            "fr": "« {encoding} » n'est pas un encodage de texte (par exemple : utf-8, utf-16, "
            "windows-1252)",
            "en": "'{encoding}' is not a text encoding (for example: utf-8, utf-16, windows-1252)",
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
        "nul_byte": {
            "fr": "la ligne contient un octet nul (données binaires) : elle n'est pas lue",
            "en": "the row holds a NUL byte (binary data): it is not read",
        },
        "too_deep": {
            "fr": "ligne JSON trop profondément imbriquée",
            "en": "JSON line nested too deeply",
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
        encoding = _encoding_name(self.encoding or "utf-8")
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

    def progress(self) -> float:
        """How much of the file has been read, 0–1."""
        return min(self._position[0] / self.size, 1.0) if self.size else 1.0

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
    if not info._is_text_encoding:
        raise UsageError(_("not_text_encoding", encoding=value))
    return info.name


def open_table(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Table:
    """Open an export and detect its format; the records are read lazily."""
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
        return _open_xlsx(path, size, sheet)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError([Problem(source, _("legacy_xls"))])
    warnings: list[str] = []
    if encoding is None:
        encoding = _detect_encoding(path, head, warnings)
    text_head = _decode_head(head, encoding, source, len(head) < size)
    stripped = text_head.lstrip()
    if path.suffix.lower() in (".jsonl", ".ndjson") or stripped.startswith("{"):
        return _open_jsonl(path, size, encoding, tuple(warnings))
    if stripped.startswith("["):
        raise InputError([Problem(source, _("json_array"))])
    if delimiter is None:
        delimiter = detect_delimiter(text_head, complete=len(head) >= size)
    return _open_csv(path, size, encoding, delimiter, tuple(warnings))


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
        raise _decode_error(source, encoding, exc) from exc


def _encoding_name(encoding: str) -> str:
    names = {
        "utf-8-sig": "UTF-8 (BOM)",
        "utf-8": "UTF-8",
        "utf-16": "UTF-16 (BOM)",
        "utf-16-le": "UTF-16LE",
        "utf-16-be": "UTF-16BE",
        "cp1252": "Windows-1252",
    }
    return names.get(encoding, encoding)


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


class _CountingReader(io.RawIOBase):
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


def _open_csv(
    path: Path, size: int, encoding: str, delimiter: str, warnings: tuple[str, ...]
) -> Table:
    stream = path.open("rb")
    position = [0]
    text = io.TextIOWrapper(
        io.BufferedReader(_CountingReader(stream, position), 1 << 16),
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
                message = _("runaway_quote", row=row, limit=csv.field_size_limit())
                raise InputError([Problem(source, message, line=before + 1)]) from exc
            cells = Malformed(_("bad_record", detail=exc))
        except UnicodeDecodeError as exc:
            raise _decode_error(source, encoding, exc) from exc
        problem = lines.problem(reader.dialect.delimiter) if lines.nul or lines.ended else None
        if problem == "unclosed":
            message = _("unclosed_quote", row=row)
            raise InputError([Problem(source, message, line=before + 1)])
        if problem == "nul":
            cells = Malformed(_("nul_byte"))
        yield row, cells, before


def _decode_error(source: str, encoding: str, exc: UnicodeDecodeError) -> InputError:
    byte = exc.object[exc.start] if exc.start < len(exc.object) else 0
    message = _("decode", encoding=_encoding_name(encoding), byte=byte)
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


def _open_jsonl(path: Path, size: int, encoding: str, warnings: tuple[str, ...]) -> Table:
    source = str(path)
    keys: dict[str, None] = {}
    # JSON Lines leave out unanswered keys, so the columns are every key seen, in order
    with path.open("r", encoding=encoding) as text:
        try:
            for number, line in enumerate(text, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except (ValueError, RecursionError) as exc:
                    if not keys:
                        raise InputError(
                            [Problem(source, _("bad_json_line", detail=exc), line=number)]
                        ) from exc
                    continue
                if isinstance(data, dict):
                    keys.update(dict.fromkeys(str(key) for key in data))
        except UnicodeDecodeError as exc:
            raise _decode_error(source, encoding, exc) from exc
    stream = path.open("rb")
    position = [0]
    text = io.TextIOWrapper(
        io.BufferedReader(_CountingReader(stream, position), 1 << 16), encoding=encoding
    )
    header = list(keys)
    return Table(
        path=path,
        format=TableFormat(Kind.jsonl, encoding=encoding, warnings=warnings),
        records=_jsonl_records(text, header),
        size=size,
        _stream=stream,
        _position=position,
    )


def _jsonl_records(text: IO[str], header: list[str]) -> Iterator[Record]:
    # the header is no line of the file (row 0), so records keep their own line numbers
    yield 0, list(header)
    for number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            yield number, Malformed(_("bad_json_line", detail=exc))
            continue
        except RecursionError:
            yield number, Malformed(_("too_deep"))
            continue
        if not isinstance(data, dict):
            yield number, Malformed(_("not_an_object"))
            continue
        yield number, checked([cell_text(data.get(key)) for key in header])


def _open_xlsx(path: Path, size: int, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    source = str(path)
    try:
        check_workbook(path)
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        problem = parser_refusal(source, exc) or Problem(source, _("bad_xlsx", detail=exc))
        raise InputError([problem]) from exc
    names = workbook.sheetnames
    if sheet is None:
        worksheet = workbook.worksheets[0]
    elif sheet in names:
        worksheet = workbook[sheet]
    elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
        worksheet = workbook.worksheets[int(sheet) - 1]
    else:
        workbook.close()
        raise InputError([Problem(source, _("no_sheet", sheet=sheet, sheets=", ".join(names)))])
    # the declared dimensions (A1:XFD1048576) are only a claim: read the rows there are
    rows = worksheet.max_row or 0
    worksheet.reset_dimensions()
    if not any(
        any(v is not None and v != "" for v in row) for row in worksheet.iter_rows(values_only=True)
    ):
        workbook.close()
        message = _("empty_sheet", sheet=worksheet.title, sheets=", ".join(names))
        raise InputError([Problem(source, message)])
    position = [0]
    table = Table(
        path=path,
        format=TableFormat(Kind.xlsx, sheet=worksheet.title),
        records=_xlsx_records(worksheet, workbook, position),
        size=rows,
        _position=position,
    )
    return table


def _xlsx_records(worksheet: Any, workbook: Any, position: list[int]) -> Iterator[Record]:
    width = 0
    try:
        # iter_rows starts at row 1 whatever the sheet's first used row: count from there
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            position[0] = number
            cells = [cell_text(value) for value in values]
            # rows as wide as the widest so far, as a sheet shows them (dimensions unread)
            width = max(width, len(cells))
            cells += [""] * (width - len(cells))
            if any(cells):
                yield number, checked(cells)
    finally:
        workbook.close()


def checked(cells: list[str]) -> list[str]:
    """The cells, or a rejected record when one holds a NUL (JSON's ``\\u0000``), which no
    answer has and which would reach the summary."""
    if any("\x00" in cell for cell in cells):
        return Malformed(_("nul_byte"))
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
