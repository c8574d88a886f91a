"""Hostile inputs and outputs: a clear message naming the file, exit 1 or 2, never a traceback."""

from __future__ import annotations

import os
import re
import socket
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]
from typer.testing import CliRunner

from alliance_diag.batch import workbook_guard
from alliance_diag.batch.exports import open_table
from alliance_diag.cli.app import app

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
MINI = DATA / "questionnaires" / "mini.yaml"
ANSWERS = DATA / "answers" / "mini-private.yaml"
runner = CliRunner()


@dataclass(frozen=True)
class Case:
    """A command line to run, and what its message must name."""

    argv: list[str]
    named: str


def corpus_case(path: Path, tmp_path: Path) -> Case:
    """How a file of tests/data/bad is used, from the folder it is in (see its README)."""
    kind = path.relative_to(BAD).parts[0]
    if kind == "answers":
        return Case(["score", str(path), "-q", str(MINI)], path.name)
    if kind == "exports":
        return Case(["batch", str(path), "-q", str(MINI), "-o", str(tmp_path / "out")], path.name)
    if kind == "questionnaires":
        return Case(["questionnaire", "validate", str(path)], path.name)
    folder = path.parent
    argv = ["score", str(ANSWERS), "-q", str(MINI), "-f", "markdown", "--template-dir"]
    return Case([*argv, str(folder)], f"{folder.name}/{path.name}")


CORPUS = sorted(
    p for p in BAD.rglob("*") if p.is_file() and p.name != "README.md" and ".expected" not in p.name
)


def _copy(source: Path, folder: Path) -> Path:
    target = folder / source.name
    target.write_bytes(source.read_bytes())
    return target


def output_onto_input(tmp_path: Path) -> Case:
    answers = _copy(ANSWERS, tmp_path)
    return Case(["score", str(answers), "-q", str(MINI), "-o", str(answers)], answers.name)


def output_through_link_out(tmp_path: Path) -> Case:
    (tmp_path / "elsewhere").mkdir()
    outside = tmp_path / "elsewhere" / "precious.txt"
    outside.write_text("keep me\n")
    (tmp_path / "out").mkdir()
    link = tmp_path / "out" / "report.md"
    link.symlink_to(outside)
    return Case(
        ["score", str(ANSWERS), "-q", str(MINI), "-f", "markdown", "-o", str(link)], "report.md"
    )


def report_name_taken_by_a_link_out(tmp_path: Path) -> Case:
    (tmp_path / "secret.txt").write_text("keep me\n")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "mini-private.md").symlink_to(tmp_path / "secret.txt")
    argv = ["score", str(ANSWERS), "-q", str(MINI), "-f", "markdown", "-o", str(folder)]
    return Case(argv, "mini-private.md")


def output_onto_dangling_link(tmp_path: Path) -> Case:
    link = tmp_path / "report.md"
    link.symlink_to(tmp_path / "nowhere")
    return Case(
        ["score", str(ANSWERS), "-q", str(MINI), "-f", "markdown", "-o", str(link)], "report.md"
    )


def output_onto_socket(tmp_path: Path) -> Case:
    path = tmp_path / "s.md"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return Case(["score", str(ANSWERS), "-q", str(MINI), "-f", "markdown", "-o", str(path)], "s.md")


def batch_onto_its_export(tmp_path: Path) -> Case:
    out = tmp_path / "out"
    out.mkdir()
    export = out / "summary.csv"
    export.write_bytes((BAD / "exports" / "unclosed-quote.csv").read_bytes().replace(b'"', b""))
    return Case(["batch", str(export), "-q", str(MINI), "-o", str(out)], "summary.csv")


def batch_through_linked_reports(tmp_path: Path) -> Case:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "reports").symlink_to(tmp_path / "elsewhere")
    export = tmp_path / "export.csv"
    export.write_text("organisation;partner_type;trust_a\nAsso A;private;4\n", encoding="utf-8")
    return Case(["batch", str(export), "-q", str(MINI), "-o", str(out)], "reports")


def template_linked_out(tmp_path: Path) -> Case:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").symlink_to(secret)
    argv = ["score", str(ANSWERS), "-q", str(MINI), "-f", "markdown", "--template-dir"]
    return Case([*argv, str(folder)], "report.md.j2")


def byte_codec_as_encoding(tmp_path: Path) -> Case:
    export = BAD / "exports" / "unclosed-quote.csv"
    return Case(["batch", str(export), "-q", str(MINI), "--encoding", "rot13"], "rot13")


def _small_workbook(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["organisation", "partner_type", "trust_a"])
    sheet.append(["Asso A", "private", 4])
    workbook.save(path)
    return path


def _rewritten(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            new.writestr(name, change(name, old.read(name)))
    return target


def xlsx_zip_bomb(tmp_path: Path) -> Case:
    plain = _small_workbook(tmp_path / "plain.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    _rewritten(plain, bomb, lambda _name, data: data)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        # 64 MB of zeros pack into 64 KB: a thousand times over
        archive.writestr("xl/media/padding.bin", bytes(64 << 20))
    return Case(["batch", str(bomb), "-q", str(MINI), "-o", str(tmp_path / "out")], "bomb.xlsx")


# What a part's prolog may declare: entities (a bomb when nested), a parameter entity
# reading a local file, or a DTD with no entity at all, which no spreadsheet writes either.
DTDS = {
    "entities": b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
    "parameter": b'<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    "external": b'<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    "bare": b"<!DOCTYPE x>",
}


def _declaring(tmp_path: Path, part: str, dtd: bytes) -> Path:
    def declare(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        return b'<?xml version="1.0"?>' + dtd + data.split(b"?>", 1)[-1]

    plain = _small_workbook(tmp_path / "plain.xlsx")
    return _rewritten(plain, tmp_path / "entities.xlsx", declare)


def xlsx_entities(tmp_path: Path) -> Case:
    path = _declaring(tmp_path, "xl/worksheets/sheet1.xml", DTDS["entities"])
    return Case(["batch", str(path), "-q", str(MINI), "-o", str(tmp_path / "out")], "entities.xlsx")


def questionnaire_of_too_many_questions(tmp_path: Path) -> Case:
    # 3,000 questions, each with a condition on the one before: a file that would stall
    # every run is refused at once, naming the bound
    lines = MINI.read_text("utf-8").split("questions:\n", 1)
    questions = "".join(
        f"  - {{id: q{i}, dimension: trust, type: likert, scale: agree, text: {{fr: Q, en: Q}}, "
        f"when: \"answers.q{i - 1} != 'agree'\"}}\n"
        if i
        else "  - {id: q0, dimension: trust, type: likert, scale: agree, text: {fr: Q, en: Q}}\n"
        for i in range(3000)
    )
    path = tmp_path / "huge.yaml"
    path.write_text(lines[0] + "questions:\n" + questions + lines[1], "utf-8")
    return Case(["questionnaire", "validate", str(path)], "huge.yaml")


def deep_json_line(tmp_path: Path) -> Case:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"organisation": ' + "[" * 50_000 + "]" * 50_000 + "}\n")
    return Case(["batch", str(path), "-q", str(MINI), "-o", str(tmp_path / "out")], "deep.jsonl")


BUILT: dict[str, Callable[[Path], Case]] = {
    f.__name__: f
    for f in (
        output_onto_input,
        output_through_link_out,
        output_onto_dangling_link,
        report_name_taken_by_a_link_out,
        output_onto_socket,
        batch_onto_its_export,
        batch_through_linked_reports,
        template_linked_out,
        byte_codec_as_encoding,
        xlsx_zip_bomb,
        xlsx_entities,
        deep_json_line,
        questionnaire_of_too_many_questions,
    )
}


@pytest.mark.parametrize(
    "name",
    [f"corpus:{p.relative_to(BAD)}" for p in CORPUS] + [f"built:{name}" for name in BUILT],
)
def test_a_hostile_input_gets_a_clear_message(name: str, tmp_path: Path) -> None:
    kind, _, rest = name.partition(":")
    case = corpus_case(BAD / rest, tmp_path) if kind == "corpus" else BUILT[rest](tmp_path)
    result = runner.invoke(app, [*case.argv, "--lang", "en"])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (1, 2), result.output
    assert case.named in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_workbook_unpacking_past_the_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_guard, "MAX_UNPACKED", 1 << 20)
    path = _small_workbook(tmp_path / "book.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/media/photo.bin", os.urandom(2 << 20))
    result = runner.invoke(app, ["batch", str(path), "-q", str(MINI), "--lang", "en"])
    assert result.exit_code == 1
    assert "book.xlsx: workbook refused: it unpacks to 2 MB (at most 1 MB)" in result.stderr


XML_PARTS = ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]


@pytest.mark.parametrize("part", XML_PARTS)
@pytest.mark.parametrize("dtd", DTDS)
def test_a_dtd_in_any_part_is_refused_naming_the_part(part: str, dtd: str, tmp_path: Path) -> None:
    path = _declaring(tmp_path, part, DTDS[dtd])
    code, stderr = batch(path, tmp_path / "out")
    assert code == 1
    assert stderr.strip() == (
        f"{path}: workbook refused: part {part} declares a DTD or entities (<!DOCTYPE>, "
        "<!ENTITY>), which no spreadsheet writes"
    )


# what openpyxl's parser, through defusedxml, does with each once our check is down
PARSER_REFUSES = {"entities": True, "parameter": True, "external": False, "bare": False}


@pytest.mark.parametrize("part", XML_PARTS)
@pytest.mark.parametrize("dtd", DTDS)
def test_past_our_check_the_parser_refuses_entities_but_not_every_dtd(
    part: str, dtd: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # defusedxml is the second wall: with the first one down, entities are still refused,
    # in our words. A DTD that declares none passes its defaults, and only our check names
    # the part: the check stays.
    monkeypatch.setattr(workbook_guard, "_check_prolog", lambda *_args: None)
    path = _declaring(tmp_path, part, DTDS[dtd])
    code, stderr = batch(path, tmp_path / "out")
    if PARSER_REFUSES[dtd]:
        assert code == 1
        assert stderr.strip() == (
            f"{path}: workbook refused: its XML declares entities (<!ENTITY>) or refers to an "
            "outside file, which no spreadsheet writes"
        )
    else:
        assert "workbook" not in stderr
        assert (tmp_path / "out" / "summary.csv").is_file()


def batch(export: Path, out: Path) -> tuple[int, str]:
    argv = ["batch", str(export), "-q", str(MINI), "-o", str(out), "-f", "none", "--lang", "en"]
    result = runner.invoke(app, argv)
    return result.exit_code, result.stderr


def test_an_unclosed_quote_says_on_which_row_it_opened(tmp_path: Path) -> None:
    code, stderr = batch(BAD / "exports" / "unclosed-quote.csv", tmp_path / "out")
    assert code == 1
    assert stderr.strip() == (
        f"{BAD / 'exports' / 'unclosed-quote.csv'}:3: a quote opened on spreadsheet row 3 is "
        "never closed: all the rest of the file would be read as one cell"
    )
    assert not (tmp_path / "out").exists()


def test_a_nul_byte_far_into_an_export_rejects_its_row_only(tmp_path: Path) -> None:
    rows = [f"Asso {n};private;4;agree;yes;3;5;agree\n" for n in range(8000)]
    rows[7000] = "Asso\x00 NUL;private;4;agree;yes;3;5;agree\n"
    export = tmp_path / "late.csv"
    header = "organisation;partner_type;trust_a;trust_b;trust_c;demand_a;demand_b;demand_private\n"
    export.write_text(header + "".join(rows), encoding="utf-8")
    assert export.stat().st_size > 256 * 1024  # past the sample the format is guessed from
    code, _stderr = batch(export, tmp_path / "out")
    assert code == 1
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8").splitlines()
    assert errors[1:] == ["7002,,,the row holds a NUL byte (binary data): it is not read"]
    summary = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8")
    assert "\x00" not in summary
    assert len(summary.splitlines()) == 1 + 7999


def test_a_deeply_nested_json_line_is_one_rejected_row(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    good = '{"organisation": "Asso %d", "partner_type": "private", "trust_a": 4}\n'
    deep = '{"organisation": ' + "[" * 50_000 + "]" * 50_000 + "}\n"
    export.write_text(good % 1 + deep + good % 3, encoding="utf-8")
    code, _stderr = batch(export, tmp_path / "out")
    assert code == 1
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8").splitlines()
    assert errors[1:] == ["2,,,JSON line nested too deeply"]
    summary = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:2] for line in summary[1:]] == [["1", "Asso 1"], ["3", "Asso 3"]]


def test_declared_dimensions_of_a_whole_sheet_are_not_believed(tmp_path: Path) -> None:
    plain = _small_workbook(tmp_path / "plain.xlsx")

    def whole_sheet(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        return re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', data)

    claimed = _rewritten(plain, tmp_path / "claimed.xlsx", whole_sheet)
    assert b"XFD1048576" in zipfile.ZipFile(claimed).read("xl/worksheets/sheet1.xml")
    with open_table(claimed) as table:
        records = list(table.records)
    assert records == [
        (1, ["organisation", "partner_type", "trust_a"]),
        (2, ["Asso A", "private", "4"]),
    ]


def test_a_quote_left_open_in_a_big_export_says_where_it_opened(tmp_path: Path) -> None:
    header = "organisation;partner_type;trust_a;trust_b;trust_c;demand_a;demand_b;demand_private\n"
    rows = [f"Asso {n};private;4;agree;yes;3;5;agree\n" for n in range(20_000)]
    rows[2] = '"Asso 2;private;4;agree;yes;3;5;agree\n'
    export = tmp_path / "big.csv"
    export.write_text(header + "".join(rows), encoding="utf-8")
    code, stderr = batch(export, tmp_path / "out")
    assert code == 1
    assert stderr.strip() == (
        f"{export}:4: a quote opened on spreadsheet row 4 is not closed within 131072 "
        "characters: it took every line after it into one cell"
    )
