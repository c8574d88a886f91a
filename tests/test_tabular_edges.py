"""Export files at the edges: encodings in JSON Lines, XLSX tables that do not start on row 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from alliance_diag.batch.exports import open_table
from alliance_diag.core.errors import InputError
from alliance_diag.core.i18n import set_language


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def test_jsonl_that_is_not_in_the_given_encoding(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    lines = [f'{{"organisation": "Asso {i}"}}' for i in range(3000)]
    path.write_text("\n".join([*lines, '{"organisation": "Asso é"}']) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        open_table(path, encoding="ascii")
    [problem] = caught.value.problems
    assert problem.line == 3001
    assert problem.message == "the file is not ascii-encoded (invalid byte 0xc3); try --encoding"


def test_jsonl_decoding_error_past_the_first_block(tmp_path: Path) -> None:
    # past the sample read to detect the format, the full pass reports the line too
    path = tmp_path / "bigger.jsonl"
    lines = [f'{{"organisation": "Association numéro {i:06d}"}}' for i in range(12000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with path.open("ab") as stream:
        stream.write(b'{"organisation": "\xff"}\n')
    with pytest.raises(InputError) as caught:
        open_table(path, encoding="utf-8")
    [problem] = caught.value.problems
    assert problem.line == 12001
    assert "invalid byte 0xff" in problem.message


def test_xlsx_rows_are_numbered_as_the_spreadsheet_shows_them(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet["A3"], sheet["B3"] = "organisation", "partner_type"
    sheet["A4"], sheet["B4"] = "Asso", "private"
    sheet["A6"], sheet["B6"] = "Autre", "peer"
    path = tmp_path / "offset.xlsx"
    workbook.save(path)
    with open_table(path) as table:
        records = list(table.records)
    assert [number for number, _cells in records] == [3, 4, 6]


def test_xlsx_with_an_empty_first_sheet_names_the_others(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Vide"
    data = workbook.create_sheet("Réponses")
    data["A1"] = "organisation"
    data["A2"] = "Asso"
    path = tmp_path / "two.xlsx"
    workbook.save(path)
    with pytest.raises(InputError, match="sheet 'Vide' is empty \\(sheets: Vide, Réponses\\)"):
        open_table(path)
