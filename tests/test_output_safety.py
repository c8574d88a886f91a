"""Where outputs go: streams for FIFOs, links followed only inside their folder, usual modes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import one_row_export
from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.core.errors import InputError
from alliance_diag.core.i18n import set_language
from alliance_diag.io.atomic import write_atomically

DATA = Path(__file__).parent / "data"
MINI = DATA / "questionnaires" / "mini.yaml"
ANSWERS = DATA / "answers" / "mini-private.yaml"
runner = CliRunner()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language(None)


def score_to(target: Path) -> str:
    result = runner.invoke(
        app, ["score", str(ANSWERS), "-q", str(MINI), "-f", "markdown", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    return result.stderr


def test_a_fifo_is_written_as_a_stream_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read)
    reader.start()
    score_to(fifo)
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received[0].decode("utf-8").startswith("# ")
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_link_to_a_file_of_the_same_folder_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old\n")
    link = tmp_path / "latest.md"
    link.symlink_to("real.md")
    score_to(link)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("# ")


def test_a_new_file_gets_the_mode_open_gives(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        write_atomically(tmp_path / "new.txt", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_replacing_a_file_keeps_its_permissions_but_never_setuid(tmp_path: Path) -> None:
    path = tmp_path / "tool.md"
    path.write_text("old\n")
    path.chmod(0o4755)
    write_atomically(path, "new\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o755
    assert path.read_text() == "new\n"


def test_a_link_out_of_the_folder_leaves_its_target_untouched(tmp_path: Path) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me\n")
    (tmp_path / "out").mkdir()
    link = tmp_path / "out" / "x.md"
    link.symlink_to(outside)
    with pytest.raises(InputError, match=r"a symbolic link to .*precious\.txt, outside its folder"):
        write_atomically(link, "overwritten\n")
    assert outside.read_text() == "keep me\n"
    assert link.is_symlink()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["x.md"]


def test_score_refuses_to_write_its_report_over_its_answers(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_bytes(ANSWERS.read_bytes())
    result = runner.invoke(
        app, ["score", str(answers), "-q", str(MINI), "-o", str(answers), "--lang", "en"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{answers}: cannot write: this output is also an input ({answers}): it would be "
        "overwritten; choose another output"
    )
    assert answers.read_bytes() == ANSWERS.read_bytes()


def _copied(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target


@pytest.mark.parametrize("suffix", [".html", ".md", ".json"])
def test_assess_never_writes_a_report_over_its_answer_file(suffix: str, tmp_path: Path) -> None:
    answers = _copied(ANSWERS, tmp_path / f"diag{suffix}")
    argv = ["assess", "--answers", str(answers), "-q", str(MINI), "--lang", "en"]
    result = runner.invoke(app, argv, input="")
    assert result.exit_code == 2, result.output
    assert f"this output is also an input ({answers})" in result.stderr
    assert answers.read_bytes() == ANSWERS.read_bytes()


def _onto_inputs(tmp: Path) -> dict[str, tuple[list[str], Path]]:
    """Each command's output pointed at one of its own inputs, and the input to keep."""
    answers = _copied(ANSWERS, tmp / "a.yaml")
    other = _copied(ANSWERS, tmp / "b.yaml")
    export = tmp / "export.csv"
    export.write_text("organisation;partner_type;trust_a\nAsso A;private;4\n", "utf-8")
    questionnaire = _copied(MINI, tmp / "q.yaml")
    templates = tmp / "templates"
    templates.mkdir()
    template = templates / "report.md.j2"
    template.write_text("A report of our own\n", "utf-8")
    score = ["score", str(answers), "-q", str(MINI), "-f", "markdown"]
    return {
        "compare onto an answer file": (
            ["compare", str(answers), str(other), "-o", str(other)],
            other,
        ),
        "analyze onto its export": (
            ["questionnaire", "analyze", str(export), "-q", str(MINI), "-o", str(export)],
            export,
        ),
        "analyze onto its questionnaire": (
            [
                "questionnaire",
                "analyze",
                str(export),
                "-q",
                str(questionnaire),
                "-o",
                str(questionnaire),
            ],
            questionnaire,
        ),
        "form onto its questionnaire": (
            ["form", str(questionnaire), "--to", "answers-yaml", "-o", str(questionnaire)],
            questionnaire,
        ),
        "score onto a template in use": (
            [*score, "--template-dir", str(templates), "-o", str(template)],
            template,
        ),
        "form into its template folder": (
            [
                "form",
                str(MINI),
                "--to",
                "html",
                "--template-dir",
                str(templates),
                "-o",
                str(templates / "x.html"),
            ],
            template,
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "compare onto an answer file",
        "analyze onto its export",
        "analyze onto its questionnaire",
        "form onto its questionnaire",
        "score onto a template in use",
        "form into its template folder",
    ],
)
def test_no_command_writes_over_one_of_its_inputs(case: str, tmp_path: Path) -> None:
    argv, kept = _onto_inputs(tmp_path)[case]
    before = kept.read_bytes()
    result = runner.invoke(app, [*argv, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "cannot write: this output is " in result.stderr
    assert kept.read_bytes() == before


@pytest.mark.parametrize("length", [243, 250, 255])
def test_an_output_name_as_long_as_the_system_takes_is_written(length: int, tmp_path: Path) -> None:
    target = tmp_path / ("r" * (length - len(".md")) + ".md")
    score_to(target)
    assert target.read_text("utf-8").startswith("#")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_assess_keeps_an_answer_file_of_a_name_as_long_as_the_system_takes(
    tmp_path: Path,
) -> None:
    answers = tmp_path / ("a" * 250 + ".yaml")
    argv = ["assess", "-q", str(MINI), "--answers", str(answers), "--org", "Asso", "--lang", "en"]
    result = runner.invoke(app, argv, input="")
    assert result.exit_code == 130, result.output
    assert "organisation: Asso" in answers.read_text("utf-8")


def test_a_named_pipe_nobody_reads_in_the_batch_folder_is_an_error_not_a_wait(
    tmp_path: Path,
) -> None:
    export = one_row_export(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "summary.csv")
    argv = ["batch", str(export), "-q", str(MINI), "-o", str(out), "-f", "none"]
    done = subprocess.run(
        [sys.executable, "-m", "alliance_diag", *argv, "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (
        1,
        f"{out / 'summary.csv'}: cannot write: a named pipe nobody reads: nothing is written "
        "to it\n",
    )
    assert stat.S_ISFIFO(os.lstat(out / "summary.csv").st_mode)


def test_a_link_swapped_in_for_the_reports_folder_mid_batch_carries_no_report_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alliance_diag.batch import outputs

    export = tmp_path / "export.csv"
    rows = "".join(f"Asso {n};private;4\n" for n in range(40))
    export.write_text("organisation;partner_type;trust_a\n" + rows, "utf-8")
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    report = outputs.BatchOutputs.report

    def swapping(self: outputs.BatchOutputs, number: int, *args: Any) -> str:
        if number == 20:
            # another process's move, between two reports: the folder goes, a link comes
            (out / "reports").rename(out / "moved")
            (out / "reports").symlink_to(elsewhere)
        return report(self, number, *args)

    monkeypatch.setattr(outputs.BatchOutputs, "report", swapping)
    argv = ["batch", str(export), "-q", str(MINI), "-o", str(out), "-f", "markdown"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output
    assert list(elsewhere.iterdir()) == []
    assert len(list((out / "moved").glob("*.md"))) == 40


def test_a_batch_never_writes_a_report_through_a_link_in_its_reports_folder(
    tmp_path: Path,
) -> None:
    export = one_row_export(tmp_path)
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    neighbour = out / "reports" / "neighbour.md"
    neighbour.write_text("keep me\n")
    (out / "reports" / "Asso-A.md").symlink_to(neighbour)
    argv = ["batch", str(export), "-q", str(MINI), "-o", str(out), "-f", "markdown", "--lang", "en"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{out / 'reports' / 'Asso-A.md'}: cannot write: a symbolic link to {neighbour}: no "
        "report is written through it"
    )
    assert neighbour.read_text() == "keep me\n"


def test_where_no_folder_can_be_held_open_reports_go_by_their_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows opens no folder: the batch still writes every report, by its path
    from alliance_diag.io import atomic

    monkeypatch.setattr(atomic, "_HOLDS_FOLDERS", False)
    export = one_row_export(tmp_path)
    out = tmp_path / "out"
    argv = ["batch", str(export), "-q", str(MINI), "-o", str(out), "-f", "markdown"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output
    assert (out / "reports" / "Asso-A.md").read_text("utf-8").startswith("#")
