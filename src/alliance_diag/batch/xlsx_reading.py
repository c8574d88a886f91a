"""An XLSX export read row by row, its damage reported as one located error."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alliance_diag.batch.table import Kind, Record, Table, TableFormat, cell_text, checked
from alliance_diag.batch.workbook_guard import check_workbook, parser_refusal
from alliance_diag.core.errors import InputError, Problem
from alliance_diag.core.i18n import Catalog

_ = Catalog(
    {
        "bad_xlsx": {
            "fr": "classeur XLSX illisible : {detail}",
            "en": "unreadable XLSX workbook: {detail}",
        },
        "no_sheet_at_all": {"fr": "il n'a aucune feuille", "en": "it has no sheet"},
        "no_sheet": {
            "fr": "pas de feuille « {sheet} » dans ce classeur (feuilles : {sheets})",
            "en": "no sheet '{sheet}' in this workbook (sheets: {sheets})",
        },
        "empty_sheet": {
            "fr": "la feuille « {sheet} » est vide (feuilles : {sheets}) ; choisissez-en une "
            "avec --sheet",
            "en": "sheet '{sheet}' is empty (sheets: {sheets}); choose one with --sheet",
        },
    }
)


def open_xlsx(path: Path, size: int, sheet: str | None) -> Table:
    source = str(path)
    with _unreadable_workbook(source):
        check_workbook(path)
        worksheet, workbook = _worksheet(path, sheet)
        # the declared dimensions (A1:XFD1048576) are only a claim: read the rows there are
        rows = worksheet.max_row or 0
        worksheet.reset_dimensions()
        filled = any(
            any(v is not None and v != "" for v in row)
            for row in worksheet.iter_rows(values_only=True)
        )
    if not filled:
        workbook.close()
        message = _("empty_sheet", sheet=worksheet.title, sheets=", ".join(workbook.sheetnames))
        raise InputError([Problem(source, message)])
    position = [0]
    table = Table(
        path=path,
        format=TableFormat(Kind.xlsx, sheet=worksheet.title),
        records=_xlsx_records(source, worksheet, workbook, position),
        size=rows,
        _position=position,
    )
    return table


def _worksheet(path: Path, sheet: str | None) -> tuple[Any, Any]:
    """The sheet asked for (or the first) and its workbook, open."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    workbook = load_workbook(path, read_only=True, data_only=True)
    names = workbook.sheetnames
    if not names:
        workbook.close()
        raise InputError([Problem(str(path), _("bad_xlsx", detail=_("no_sheet_at_all")))])
    if sheet is None:
        return workbook.worksheets[0], workbook
    if sheet in names:
        return workbook[sheet], workbook
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return workbook.worksheets[int(sheet) - 1], workbook
    workbook.close()
    raise InputError([Problem(str(path), _("no_sheet", sheet=sheet, sheets=", ".join(names)))])


@contextlib.contextmanager
def _unreadable_workbook(source: str, row: list[int] | None = None) -> Iterator[None]:
    """openpyxl's many ways of failing on a damaged workbook (truncated XML, a cell value
    or reference that is no number, a missing part, broken styles) as one located error."""
    import zipfile
    import zlib
    from xml.etree.ElementTree import ParseError

    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        yield
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        zlib.error,
        ParseError,
        EOFError,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
        ValueError,
        OSError,
    ) as exc:
        detail = str(exc) or type(exc).__name__
        line = row[0] + 1 if row else None
        problem = parser_refusal(source, exc) or Problem(
            source, _("bad_xlsx", detail=detail), line=line
        )
        raise InputError([problem]) from exc


def _xlsx_records(
    source: str, worksheet: Any, workbook: Any, position: list[int]
) -> Iterator[Record]:
    width = 0
    try:
        with _unreadable_workbook(source, position):
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
