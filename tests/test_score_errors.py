"""`score` given the wrong kind of file, or a mistyped option: one clear sentence each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, MINI

ROOT = Path(__file__).parent.parent
ANSWERS = DATA / "answers" / "mini-private.yaml"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alliance_diag", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8"},
        cwd=cwd,
        check=False,
    )


def made_by_score(tmp_path: Path, fmt: str) -> Path:
    target = tmp_path / f"report.{fmt}"
    done = run("score", str(ANSWERS), "-q", str(MINI), "-f", fmt, "-o", str(target))
    assert done.returncode == 0, done.stderr
    return target


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("html", "this is an HTML report, not an answer file: open it in a browser"),
        ("json", "this is a JSON result (written by score --format json), not an answer file"),
        ("questionnaire", "this is a questionnaire, not an answer file: give it with"),
        ("export", "this is a survey export, not an answer file: 'alliance-diag batch "),
    ],
)
def test_the_wrong_kind_of_file_is_named_with_its_command(
    tmp_path: Path, kind: str, expected: str
) -> None:
    path = {
        "html": lambda: made_by_score(tmp_path, "html"),
        "json": lambda: made_by_score(tmp_path, "json"),
        "questionnaire": lambda: ROOT / "questionnaires" / "alliance-readiness.yaml",
        "export": lambda: DATA / "exports" / "excel-fr.csv",
    }[kind]()
    done = run("score", str(path), "--lang", "en")
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith(f"{path}: {expected}")
