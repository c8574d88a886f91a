"""Hostile inputs and outputs: a clear message naming the file, exit 1 or 2, never a traceback."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import one_row_export
from openpyxl import Workbook  # type: ignore[import-untyped]
from typer.testing import CliRunner

from alliance_diag.batch import workbook_guard
from alliance_diag.batch.exports import open_table
from alliance_diag.cli.app import app
from alliance_diag.report import templating

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
MINI = DATA / "questionnaires" / "mini.yaml"
ANSWERS = DATA / "answers" / "mini-private.yaml"
runner = CliRunner()


PDF = importlib.util.find_spec("weasyprint") is not None


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
    export = one_row_export(tmp_path)
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


def python_codec_as_encoding(tmp_path: Path) -> Case:
    export = one_row_export(tmp_path)
    return Case(["batch", str(export), "-q", str(MINI), "--encoding", "punycode"], "punycode")


def escape_codec_as_encoding(tmp_path: Path) -> Case:
    export = one_row_export(tmp_path)
    argv = ["batch", str(export), "-q", str(MINI), "--encoding", "unicode_escape"]
    return Case(argv, "unicode_escape")


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


SHEET = "xl/worksheets/sheet1.xml"
# eight ways a workbook can be damaged past what its zip shows: (part, change)
XLSX_DAMAGE: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "truncated-sheet": (SHEET, lambda d: d[: len(d) // 2]),
    "cell-value-not-a-number": (SHEET, lambda d: d.replace(b"<v>4</v>", b"<v>four</v>")),
    "cell-reference-backwards": (SHEET, lambda d: d.replace(b'r="C2"', b'r="2C"')),
    "cell-reference-past-zzz": (SHEET, lambda d: d.replace(b'r="C2"', b'r="ZZZZZZZ2"')),
    "row-number-not-a-number": (SHEET, lambda d: d.replace(b'<row r="2"', b'<row r="x"')),
    "shared-string-missing": (
        SHEET,
        lambda d: re.sub(rb'<c r="A2"[^>]*>.*?</c>', b'<c r="A2" t="s"><v>999</v></c>', d),
    ),
    "no-sheet": ("xl/workbook.xml", lambda d: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", d)),
    "broken-styles": ("xl/styles.xml", lambda d: d[: len(d) // 2]),
    "truncated-workbook": ("xl/workbook.xml", lambda d: d[: len(d) // 2]),
}


def damaged_workbook(kind: str) -> Callable[[Path], Case]:
    part, change = XLSX_DAMAGE[kind]

    def build(tmp_path: Path) -> Case:
        plain = _small_workbook(tmp_path / "plain.xlsx")
        damaged = tmp_path / f"{kind}.xlsx"
        _rewritten(plain, damaged, lambda name, data: change(data) if name == part else data)
        out = tmp_path / "out"
        return Case(["batch", str(damaged), "-q", str(MINI), "-o", str(out)], damaged.name)

    return build


# a path longer than the system takes (PATH_MAX, 4096 bytes)
TOO_LONG = "/".join(["d" * 200] * 30)


def output_path_too_long(tmp_path: Path) -> Case:
    argv = ["score", str(ANSWERS), "-q", str(MINI), "-f", "markdown", "-o"]
    return Case([*argv, f"{tmp_path}/{TOO_LONG}/report.md"], "report.md: cannot use: file name")


def batch_folder_too_long(tmp_path: Path) -> Case:
    export = one_row_export(tmp_path)
    return Case(["batch", str(export), "-q", str(MINI), "-o", f"{tmp_path}/{TOO_LONG}"], "too long")


def answer_file_too_long(tmp_path: Path) -> Case:
    return Case(["assess", "-q", str(MINI), "--answers", f"{tmp_path}/{TOO_LONG}/a.yaml"], "a.yaml")


def template_folder_too_long(tmp_path: Path) -> Case:
    argv = ["score", str(ANSWERS), "-q", str(MINI), "-f", "markdown", "--template-dir"]
    return Case([*argv, f"{tmp_path}/{TOO_LONG}"], "dddd")


def questionnaire_path_too_long(tmp_path: Path) -> Case:
    return Case(["score", str(ANSWERS), "-q", f"{tmp_path}/{TOO_LONG}/q.yaml"], "q.yaml")


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
        python_codec_as_encoding,
        escape_codec_as_encoding,
        xlsx_zip_bomb,
        xlsx_entities,
        deep_json_line,
        questionnaire_of_too_many_questions,
        output_path_too_long,
        batch_folder_too_long,
        answer_file_too_long,
        template_folder_too_long,
        questionnaire_path_too_long,
    )
} | {f"xlsx_{kind}": damaged_workbook(kind) for kind in XLSX_DAMAGE}


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


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder any user can enter (pytest's own are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="alliance-diag-"))
    folder.chmod(0o755)
    yield folder
    for inner in folder.rglob("*"):
        if inner.is_dir():
            inner.chmod(0o755)
    shutil.rmtree(folder)


def as_another_user(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command run by a user the folders were not made for: ``nobody`` when the tests
    run as root (as CI does), for whom permissions hold; else the user running them."""
    command = [sys.executable, "-m", "alliance_diag", *argv, "--lang", "en"]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("setpriv is needed to drop root's rights")
        command = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "{answers}", "-q", "{mini}", "-f", "markdown", "-o", "closed/report.md"],
        ["score", "{answers}", "-q", "{mini}", "-f", "markdown", "-o", "closed/reports/"],
        ["batch", "{export}", "-q", "{mini}", "-o", "closed/out"],
        ["assess", "-q", "{mini}", "--answers", "closed/a.yaml", "--org", "Asso"],
        ["score", "{answers}", "-q", "{mini}", "-f", "markdown", "--template-dir", "locked"],
        ["score", "{answers}", "-q", "closed/q.yaml"],
    ],
    ids=["score -o", "score -o folder", "batch -o", "assess --answers", "--template-dir", "-q"],
)
def test_a_folder_without_permission_is_said_as_such(argv: list[str], shared_folder: Path) -> None:
    answers = shared_folder / "answers.yaml"
    answers.write_bytes(ANSWERS.read_bytes())
    export = shared_folder / "export.csv"
    export.write_text("organisation;partner_type;trust_a\nAsso A;private;4\n", "utf-8")
    mini = shared_folder / "mini.yaml"
    mini.write_bytes(MINI.read_bytes())
    for path in (answers, export, mini):
        path.chmod(0o644)
    (shared_folder / "closed").mkdir()
    (shared_folder / "closed" / "q.yaml").write_bytes(MINI.read_bytes())
    (shared_folder / "closed").chmod(0o000)
    (shared_folder / "locked").mkdir()
    (shared_folder / "locked" / "report.md.j2").write_text("{{ 1 }}\n", "utf-8")
    (shared_folder / "locked" / "report.md.j2").chmod(0o000)
    names = {"answers": str(answers), "export": str(export), "mini": str(mini)}
    done = as_another_user([word.format(**names) for word in argv], shared_folder)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "permission denied" in done.stderr
    assert ("closed" in done.stderr) or ("locked" in done.stderr)


def test_half_a_utf16_pair_in_a_json_line_rejects_that_row_only(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    good = '{"organisation": "Asso %d", "partner_type": "private", "trust_a": 4}\n'
    half = '{"organisation": "\\ud800", "partner_type": "private", "trust_a": 4, "\\udc00k": 1}\n'
    export.write_text(good % 1 + half + good % 3, encoding="utf-8")
    code, _stderr = batch(export, tmp_path / "out")
    assert code == 1
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8").splitlines()
    assert errors[1:] == [
        '2,,,"the JSON line holds a character that is none (\\ud800, half of a UTF-16 pair): '
        'it is not read"'
    ]
    summary = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:2] for line in summary[1:]] == [["1", "Asso 1"], ["3", "Asso 3"]]


@pytest.mark.parametrize("kind", ["xlsx", "jsonl"])
def test_a_cell_longer_than_a_csv_cell_may_be_rejects_its_row_in_every_format(
    kind: str, tmp_path: Path
) -> None:
    long = "x" * 131_073
    rows = [["Asso 1", "private", "4"], [long, "private", "4"], ["Asso 3", "private", "4"]]
    header = ["organisation", "partner_type", "trust_a"]
    export = tmp_path / f"export.{kind}"
    if kind == "xlsx":
        # written into the sheet's XML: openpyxl itself cuts a text at 32,767 characters
        workbook = Workbook()
        for row in [header, *rows]:
            workbook.active.append([cell if cell != long else "LONG" for cell in row])
        workbook.save(tmp_path / "plain.xlsx")
        _rewritten(
            tmp_path / "plain.xlsx",
            export,
            lambda _name, data: data.replace(b">LONG<", b">" + long.encode() + b"<"),
        )
    else:
        lines = [json.dumps(dict(zip(header, row, strict=True))) for row in rows]
        export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _stderr = batch(export, tmp_path / "out")
    assert code == 1
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8").splitlines()
    assert errors[1:] == [
        f"{2 if kind == 'jsonl' else 3},,,a cell of the row is longer than 131072 characters: "
        "it is not read"
    ]
    summary = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8")
    assert long not in summary and "Asso 3" in summary


def _score_with_template(folder: Path, *options: str) -> tuple[int, str]:
    argv = ["score", str(ANSWERS), "-q", str(MINI), "-f", "markdown", *options]
    argv += ["--template-dir", str(folder)]
    result = runner.invoke(app, [*argv, "--lang", "en"], catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr


def test_a_template_running_too_long_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templating, "MAX_SECONDS", 1)
    (tmp_path / "report.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    )
    start = time.monotonic()
    code, stderr = _score_with_template(tmp_path)
    assert (code, stderr) == (
        1,
        f"{tmp_path / 'report.md.j2'}: template stopped: it has been running for more than "
        "1 seconds\n",
    )
    assert time.monotonic() - start < 10


def test_a_template_file_too_large_is_refused_unread(tmp_path: Path) -> None:
    with (tmp_path / "report.md.j2").open("wb") as sparse:
        sparse.truncate(3 << 30)  # 3 GB, taking no room on the disk
    code, stderr = _score_with_template(tmp_path)
    assert (code, stderr) == (
        1,
        f"{tmp_path / 'report.md.j2'}: template refused: 3221225472 bytes, at most 1000000\n",
    )


@pytest.mark.skipif(not PDF, reason="WeasyPrint is not installed")
def test_an_image_drawn_forever_in_a_pdf_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an SVG of groups each drawing the one before ten times: 10^8 shapes
    groups = "".join(
        f'<g id="g{n}">' + "".join(f'<use href="#g{n - 1}" x="{i}"/>' for i in range(10)) + "</g>"
        for n in range(1, 9)
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="500" height="500"><defs>'
        f'<g id="g0"><rect width="1" height="1"/></g>{groups}</defs><use href="#g8"/></svg>'
    )
    monkeypatch.setattr(templating, "MAX_SECONDS", 2)
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.html.j2").write_text(f"<html><body>{svg}</body></html>\n")
    start = time.monotonic()
    code, stderr = _score_with_template(folder, "-f", "pdf", "-o", str(tmp_path / "r.pdf"))
    assert code == 1
    assert "template stopped: it has been running for more than 2 seconds" in stderr
    assert time.monotonic() - start < 20


@pytest.mark.parametrize("command", ["batch", "analyze"])
def test_an_export_through_a_pipe_is_read_whole(command: str, tmp_path: Path) -> None:
    header = "organisation;partner_type;trust_a;trust_b;trust_c;demand_a;demand_b;demand_private"
    rows = "".join(f"Asso {n};private;4;agree;yes;3;5;agree\n" for n in range(20_000))
    argv = ["batch", "/dev/stdin", "-q", str(MINI), "-o", str(tmp_path / "out"), "-f", "none"]
    if command == "analyze":
        argv = ["questionnaire", "analyze", "/dev/stdin", "-q", str(MINI)]
    spool = tmp_path / "tmp"
    spool.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "alliance_diag", *argv, "--lang", "en"],
        input=header + "\n" + rows,
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(spool)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Rows read: 20000 ·" in done.stdout.replace(",", ""), done.stdout
    assert list(spool.iterdir()) == []  # the copy of the pipe is gone


ESC = "\x1b]0;pwned\x07\x1b[2J"


def test_a_control_code_in_a_questionnaire_text_is_refused(tmp_path: Path) -> None:
    # YAML writes ESC as "\e" inside double quotes: a valid file that would drive terminals
    text = MINI.read_text("utf-8").replace(
        'text: {fr: "C", en: "C"}', 'text: {fr: "\\e[2J", en: "C"}'
    )
    path = tmp_path / "q.yaml"
    path.write_text(text, "utf-8")
    for argv in (["questionnaire", "validate", str(path)], ["questionnaire", "show", str(path)]):
        result = runner.invoke(app, [*argv, "--lang", "en"])
        assert result.exit_code == 1
        assert "control character U+001B in the text: it would drive the terminal" in (
            result.stderr
        )
        assert "\x1b" not in result.stdout + result.stderr


def test_a_control_code_in_a_file_name_never_reaches_the_terminal(tmp_path: Path) -> None:
    missing = tmp_path / f"a{ESC}.yaml"
    result = runner.invoke(app, ["score", str(missing), "--lang", "en"])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr.endswith("a]0;pwned[2J.yaml: file not found\n")
    answers = tmp_path / f"b{ESC}.yaml"
    argv = ["assess", "-q", str(MINI), "--answers", str(answers), "--org", "Asso", "--lang", "en"]
    result = runner.invoke(app, argv, input="")
    assert result.exit_code == 130, result.output
    assert "\x1b" not in result.stdout + result.stderr
    assert "Answers saved in " in result.stderr


def test_invisible_characters_are_left_out_of_organisation_names(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "organisation;partner_type;trust_a\n"
        "Asso A;private;4\n"
        "\u200b\u200f\u2066;private;4\n"  # nothing visible: no name
        "Asso\u200b A;private;3\n"  # prints as Asso A: the same group
        "\x1b[31mAsso B\u202e;private;3\n",  # ESC and a right-to-left override
        encoding="utf-8",
    )
    out = tmp_path / "out"
    argv = ["batch", str(export), "-q", str(MINI), "-o", str(out), "-f", "none"]
    result = runner.invoke(app, [*argv, "--group-by", "organisation", "--lang", "en"])
    assert result.exit_code == 1, result.output
    errors = (out / "errors.csv").read_text("utf-8").splitlines()
    assert errors[1:] == ["3,organisation,,required answer missing: 'organisation'"]
    summary = (out / "summary.csv").read_text("utf-8")
    assert [line.split(",")[:3] for line in summary.splitlines()[1:]] == [
        ["2", "Asso A", "Asso A"],
        ["4", "Asso A", "Asso A"],
        ["5", "[31mAsso B", "[31mAsso B"],
    ]
    groups = (out / "groups.csv").read_text("utf-8").splitlines()
    assert [line.split(",")[:2] for line in groups[1:]] == [["Asso A", "2"], ["[31mAsso B", "1"]]


def test_an_answer_file_naming_no_visible_organisation_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    text = ANSWERS.read_text("utf-8").replace(
        'organisation: "Asso <b>Test</b>"', 'organisation: "\\u200b\\u2066"'
    )
    assert text != ANSWERS.read_text("utf-8")
    answers.write_text(text, "utf-8")
    result = runner.invoke(app, ["score", str(answers), "-q", str(MINI), "--lang", "en"])
    assert result.exit_code == 1
    assert "required answer missing: 'organisation'" in result.stderr


def test_every_test_security_md_names_exists() -> None:
    """docs/security.md keeps each promise beside its test: a renamed or removed test
    must not leave a promise kept by nothing."""
    text = (Path(__file__).parent.parent / "docs" / "security.md").read_text("utf-8")
    named: list[tuple[str, str]] = []
    current = ""
    # *file.py::test*, or *::test* for one more test of the file named last
    for file, test in re.findall(r"\*(test_\w+\.py)?(?:::(\w+))?\*", text):
        current = file or current
        if test:
            named.append((current, test))
    assert len(named) > 40
    for file, test in named:
        source = (Path(__file__).parent / file).read_text("utf-8")
        assert f"def {test}(" in source, f"{file}::{test}"
    for built in re.findall(r"`built:(\w+)", text):  # `built:xlsx_*` names a family
        assert any(name.startswith(built) for name in BUILT), built
    for path in re.findall(r"`bad/([\w/.-]+)`", text):
        assert (BAD / path).exists(), path
    for name in re.findall(r"`(\w[\w-]*)`[,:)]", text.split("`bad/templates/*`", 1)[-1][:300]):
        assert (BAD / "templates" / name).is_dir(), name
