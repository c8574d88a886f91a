"""Faults around the tool: a full disk, a second interview, a closed output, an interruption."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.io.file_lock import FileLock

DATA = Path(__file__).parent / "data"
MINI = DATA / "questionnaires" / "mini.yaml"
ANSWERS = DATA / "answers" / "mini-private.yaml"
COMMAND = [sys.executable, "-m", "alliance_diag"]
HEADER = "organisation;partner_type;trust_a;trust_b;trust_c;demand_a;demand_b;demand_private\n"
runner = CliRunner()


class _FullDisk:
    """A file whose every write fails as on a full disk; the rest is the real file's."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file the tool writes atomically fails at its first write."""
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k)))


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*"))


def export(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        stream.write(HEADER)
        for number in range(rows):
            stream.write(
                f"Asso {number};private;{number % 5 + 1};agree;yes;3;{number % 11};agree\n"
            )
    return path


def test_a_full_disk_on_summary_csv_keeps_the_previous_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = export(tmp_path / "export.csv", 3)
    out = tmp_path / "out"
    argv = ["batch", str(source), "-q", str(MINI), "-o", str(out), "--lang", "en"]
    assert runner.invoke(app, argv).exit_code == 0
    before = (out / "summary.csv").read_bytes()
    source.write_text(HEADER + "Asso Z;private;1;agree;yes;3;2;agree\n", encoding="utf-8")
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k)))
    result = runner.invoke(app, argv)
    assert result.exit_code == 1
    # the first file written is the note saying the folder is being written
    assert (
        result.stderr.strip()
        == f"{out / 'INCOMPLETE.txt'}: cannot write: no space left on the disk"
    )
    assert (out / "summary.csv").read_bytes() == before
    assert hidden(out) == []


def test_a_full_disk_on_an_autosave_says_what_is_kept_and_how_to_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    answers = tmp_path / "a.yaml"
    started = runner.invoke(
        app,
        ["assess", "-q", str(MINI), "--lang", "en", "--answers", str(answers)],
        input="Asso Test\nCamille\n",
    )
    assert started.exit_code == 130, started.output
    before = answers.read_bytes()
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k)))
    result = runner.invoke(
        app,
        ["assess", "-q", str(MINI), "--lang", "en", "--answers", str(answers)],
        input="1\n2\n3\n",
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-2:] == [
        f"{answers}: cannot write: no space left on the disk",
        "a.yaml: this file keeps the answers up to the last one saved; later ones are lost. "
        f"Once there is room, to resume: alliance-diag assess --answers a.yaml --questionnaire "
        f"{MINI}",
    ]
    assert answers.read_bytes() == before
    assert hidden(tmp_path) == []


def test_a_second_assess_on_one_answer_file_says_who_holds_it(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    lock = FileLock(answers)
    lock.acquire()
    try:
        result = runner.invoke(
            app, ["assess", "-q", str(MINI), "--lang", "en", "--answers", str(answers)], input="X\n"
        )
    finally:
        lock.release()
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith(f"{answers}: file already open in another 'assess' (process ")
    assert f"process {os.getpid()} on " in message
    assert not answers.exists()
    assert hidden(tmp_path) == []


def test_a_full_standard_output_is_said_with_exit_code_1() -> None:
    # `> report.txt` on a full disk: the report is lost, which must not look like success
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*COMMAND, "questionnaire", "show", "alliance-readiness", "--lang", "en"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert (done.returncode, done.stderr) == (
        1,
        "standard output: cannot write: no space left on the disk\n",
    )


def test_standard_output_past_a_file_size_limit_is_said_with_exit_code_1(
    tmp_path: Path,
) -> None:
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    with (tmp_path / "report.html").open("w") as target:
        done = subprocess.run(
            [*COMMAND, "score", str(ANSWERS), "-q", str(MINI), "-f", "html", "--lang", "en"],
            stdout=target,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=limited,
            check=False,
        )
    assert (done.returncode, done.stderr) == (
        1,
        "standard output: cannot write: file larger than the limit allowed\n",
    )


@pytest.mark.parametrize("closed", ["stdout", "stdin"])
def test_a_closed_standard_stream_is_no_traceback(closed: str, tmp_path: Path) -> None:
    # `alliance-diag … >&-` or `<&-` in a shell script
    argv = ["score", str(ANSWERS), "-q", str(MINI), "--lang", "en"]
    if closed == "stdin":
        argv = ["assess", "-q", str(MINI), "--answers", str(tmp_path / "a.yaml"), "--lang", "en"]
    redirection = ">&-" if closed == "stdout" else "<&-"
    done = subprocess.run(
        ["sh", "-c", f'exec "$@" {redirection}', "sh", *COMMAND, *argv],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    assert "Traceback" not in done.stderr
    if closed == "stdout":
        assert (done.returncode, done.stderr) == (
            1,
            "standard output: it is closed: nothing could be written to it\n",
        )
    else:
        # no answer to read: the interview stops as at the end of a piped input
        assert done.returncode == 130, done.stderr
        assert done.stderr.startswith("Answers saved in ")


def test_a_terminal_that_cannot_show_every_character_gets_the_rest() -> None:
    done = subprocess.run(
        [*COMMAND, "score", str(ANSWERS), "-q", str(MINI), "--lang", "fr"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    text = done.stdout.decode("latin-1")
    assert "Pourquoi ce niveau" in text and "Asso <b>Test</b> ? Expérimenter" in text


def test_a_closed_standard_output_ends_quietly_with_the_usual_exit_code() -> None:
    # like `| head -c 1`: the reader takes one byte and goes
    process = subprocess.Popen(
        [*COMMAND, "questionnaire", "show", "alliance-readiness", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(1) == b"{"
    process.stdout.close()
    error = process.stderr.read()
    assert (process.wait(timeout=60), error) == (0, b"")


# The batch, started as `python -m alliance_diag` would, but stopping itself (SIGSTOP)
# when it comes to check the table holding its 50th row: summary.csv is then open under
# its temporary name, whatever the load.
PAUSED_BATCH = """
import os, signal, sys
from alliance_diag.batch import run
from alliance_diag.cli.app import main

read_rows = run.read_rows

def pausing(reader, records):
    if any(number == 50 for number, _cells in records):
        os.kill(os.getpid(), signal.SIGSTOP)
    return read_rows(reader, records)

run.read_rows = pausing
sys.argv = ["alliance-diag", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 128 + signal.SIGTERM)]
)
def test_an_interrupted_batch_leaves_no_temporary_file(
    tmp_path: Path, signum: int, code: int
) -> None:
    source = export(tmp_path / "export.csv", 200)
    out = tmp_path / "out"
    batch = ["batch", str(source), "-q", str(MINI), "-f", "none", "-o", str(out)]
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_BATCH, *batch],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # wait for it to stop itself mid-batch, however long the machine takes to get there
    _pid, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), "the batch ended before it could be interrupted"
    assert hidden(out), "summary.csv is written under a temporary name while rows are read"
    process.send_signal(signum)
    process.send_signal(signal.SIGCONT)
    assert process.wait(timeout=60) == code
    assert hidden(out) == []
    assert not (out / "summary.csv").exists()


def test_a_reused_folder_says_it_mixes_runs_after_an_interrupted_batch(tmp_path: Path) -> None:
    source = export(tmp_path / "export.csv", 200)
    out = tmp_path / "out"
    batch = ["batch", str(source), "-q", str(MINI), "-f", "markdown", "-o", str(out)]
    assert runner.invoke(app, [*batch, "--lang", "en"]).exit_code == 0
    assert not (out / "INCOMPLETE.txt").exists()
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_BATCH, *batch, "--lang", "en"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), "the batch ended before it could be interrupted"
    # meanwhile, a second batch into the same folder is refused, naming the first
    second = runner.invoke(app, [*batch, "--lang", "en"])
    assert second.exit_code == 1
    assert f"folder already being written by another 'batch' (process {process.pid} " in (
        second.stderr
    )
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGCONT)
    assert process.wait(timeout=60) == 130
    note = (out / "INCOMPLETE.txt").read_text("utf-8")
    assert note.startswith("This folder is incomplete: an 'alliance-diag batch' is writing")
    assert runner.invoke(app, [*batch, "--lang", "en"]).exit_code == 0
    assert not (out / "INCOMPLETE.txt").exists()


def test_a_planted_lock_link_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    (tmp_path / ".a.yaml.lock").symlink_to(precious)
    answers = tmp_path / "a.yaml"
    result = runner.invoke(
        app, ["assess", "-q", str(MINI), "--lang", "en", "--answers", str(answers)], input="X\n"
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{tmp_path / '.a.yaml.lock'}: this lock file is not a regular file (a link?): remove it"
    )
    assert precious.read_text() == "keep me\n"
