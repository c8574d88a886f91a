"""Reading exports: encodings, delimiters, row numbers, XLSX, JSON Lines, and what is no table."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from alliance_diag.batch.exports import Kind, Malformed, detect_delimiter, open_table
from alliance_diag.core.errors import InputError, UsageError
from alliance_diag.core.i18n import set_language


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language(None)


def records(path: Path, **options: str) -> list[tuple[int, list[str]]]:
    with open_table(path, **options) as table:
        return list(table.records)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("org;q\r\nCœur;é\r\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "org;q\r\nCœur;é\r\n".encode(), "utf-8-sig"),
        ("\ufefforg;q\nCœur;é\n".encode("utf-16-le"), "utf-16"),
        ("\ufefforg;q\nCœur;é\n".encode("utf-16-be"), "utf-16"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = write(tmp_path, "export.csv", data)
    with open_table(path) as table:
        assert table.format.encoding == encoding
        assert table.format.warnings == ()
        assert list(table.records) == [(1, ["org", "q"]), (2, ["Cœur", "é"])]


def test_windows_1252_is_a_fallback_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "export.csv", "org;q\r\nŒuvre;Plutôt d’accord\r\n".encode("cp1252"))
    with open_table(path) as table:
        assert table.format.encoding == "cp1252"
        assert len(table.format.warnings) == 1
        assert list(table.records)[1] == (2, ["Œuvre", "Plutôt d’accord"])


def test_an_encoding_given_is_used_and_a_wrong_one_is_a_located_error(tmp_path: Path) -> None:
    path = write(tmp_path, "export.csv", "org;q\nÉcole;oui\n".encode("latin-1"))
    assert records(path, encoding="latin-1")[1] == (2, ["École", "oui"])
    with pytest.raises(InputError) as error:
        records(path, encoding="utf-8")
    assert "--encoding" in str(error.value)
    with pytest.raises(UsageError):
        records(path, encoding="klingon")


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiters_are_detected_from_whole_lines(tmp_path: Path, delimiter: str) -> None:
    text = delimiter.join(["org", "q1", "q2"]) + "\n" + delimiter.join(["A", "1", "2"]) + "\n"
    with open_table(write(tmp_path, "e.csv", text.encode())) as table:
        assert table.format.delimiter == delimiter


def test_quoted_commas_do_not_fool_the_semicolon() -> None:
    # commas in quoted French answers would outnumber the semicolons on a naive count
    sample = 'org;comment;q\n"A";"oui, mais, non, peut-être, enfin";4\n"B";"a, b, c, d";3\n'
    assert detect_delimiter(sample, complete=True) == ";"


def test_a_delimiter_given_wins(tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", b"org|q;x\nA|1;2\n")
    assert records(path, delimiter=";") == [(1, ["org|q", "x"]), (2, ["A|1", "2"])]
    assert records(path, delimiter="pipe")[1] == (2, ["A", "1;2"])
    with pytest.raises(UsageError):
        records(path, delimiter=";;")


def test_row_numbers_are_the_spreadsheets(tmp_path: Path) -> None:
    text = 'org,comment\r\nA,"one\r\ntwo"\r\n\r\n,\r\nB,x\r\n'
    got = records(write(tmp_path, "e.csv", text.encode()))
    # a spreadsheet shows the two-line cell in one row (2); the blank line (3) and the row
    # of empty cells (4) are skipped but counted, so B is row 5 as Excel numbers it
    assert got == [(1, ["org", "comment"]), (2, ["A", "one\r\ntwo"]), (5, ["B", "x"])]


def test_xlsx_first_sheet_or_named_sheet_and_cells_as_text(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Notes"
    sheet.append(["ignored"])
    answers = workbook.create_sheet("Form1")
    answers.append(["org", "score", "ok", "when"])
    answers.append(["A", 61.0, True, None])
    answers.append([])
    answers.append(["B", 2.5, False, 3])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    assert records(path)[0] == (1, ["ignored"])
    with open_table(path, sheet="Form1") as table:
        assert table.format.kind is Kind.xlsx
        assert table.format.sheet == "Form1"
        assert list(table.records) == [
            (1, ["org", "score", "ok", "when"]),
            (2, ["A", "61", "true", ""]),
            (4, ["B", "2.5", "false", "3"]),
        ]
    assert records(path, sheet="2")[1][0] == 2
    with pytest.raises(InputError, match="Notes, Form1"):
        records(path, sheet="Sheet9")


def test_json_lines_columns_are_every_key_seen(tmp_path: Path) -> None:
    text = '{"org": "A", "q": 4}\n\n{"org": "B", "multi": ["x", "y"]}\nnot json\n[1]\n'
    with open_table(write(tmp_path, "e.jsonl", text.encode())) as table:
        assert table.format.kind is Kind.jsonl
        got = list(table.records)
    assert got[:3] == [(0, ["org", "q", "multi"]), (1, ["A", "4", ""]), (3, ["B", "", "x\ny"])]
    assert isinstance(got[3][1], Malformed) and got[3][0] == 4
    assert isinstance(got[4][1], Malformed) and got[4][0] == 5


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\r\n\r\n  \r\n", "empty"),
        ("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".xls"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "XLSX"),
        ("array.json", b'[{"org": "A"}]', "JSON Lines"),
    ],
)
def test_what_is_not_a_table_is_one_clear_error(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(InputError) as error:
        records(write(tmp_path, name, data))
    assert len(error.value.problems) == 1
    assert message in str(error.value)
