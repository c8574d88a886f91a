"""The questionnaire commands and `score --format json`, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, MINI
from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.core.i18n import typeset_fr

runner = CliRunner()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "alliance_diag", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("alliance-diag ")


def test_list_shows_builtins() -> None:
    result = runner.invoke(app, ["questionnaire", "list", "--lang", "en"])
    assert result.exit_code == 0
    assert "alliance-readiness " in result.output
    assert "alliance-readiness-quick" in result.output
    # 13 profile questions, and a 14th for a public or private partner (the form of public
    # funding; company or foundation); 50 general statements, one more while exploring and
    # two once the alliance is tested, and the module of the partner type; in the quick
    # one 13 or 14 + 18 + 2
    assert " 73–76 " in result.output and " 33–34 " in result.output
    assert "fr, en" in result.output


def test_show_readable() -> None:
    result = runner.invoke(
        app, ["questionnaire", "show", "alliance-readiness-quick", "--lang", "fr"]
    )
    assert result.exit_code == 0
    assert "Confiance mutuelle" in result.output
    assert "trust_history" in result.output


def test_show_json_follows_the_contract() -> None:
    result = runner.invoke(app, ["questionnaire", "show", "alliance-readiness", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["id"] == "alliance-readiness"
    assert data["languages"] == ["fr", "en"]
    assert [d["id"] for d in data["dimensions"]] == [
        "trust",
        "complementarity",
        "framework",
        "flexibility",
        "patience",
        "confidence",
        "demand",
    ]
    assert [(level["id"], level["min"], level["max"]) for level in data["levels"]] == [
        ("not_ready", 0, 40),
        ("emerging", 40, 60),
        ("experimenting", 60, 80),
        ("alliance_ready", 80, 100),
    ]
    questions = {q["id"]: q for q in data["profile"] + data["questions"]}
    assert questions["organisation"]["dimension"] is None
    likert = next(q for q in data["questions"] if q["type"] == "likert")
    assert {"id", "dimension", "type", "reverse", "when", "options"} <= set(likert)
    # scales are resolved into each question's options, scores as written
    assert [o["score"] for o in likert["options"]][:5] == [1, 2, 3, 4, 5]
    assert any(o["score"] is None for o in likert["options"])
    reversed_items = [q for q in data["questions"] if q["reverse"]]
    assert reversed_items and reversed_items[0]["options"][0]["score"] == 1
    modules = [q for q in data["questions"] if q["when"] and "partner_type" in q["when"]]
    assert len(modules) >= 12


def test_validate_reports_all_problems_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        MINI.read_text(encoding="utf-8")
        .replace("dimension: trust,", "dimension: trsut,", 1)
        .replace("cap: emerging}", "cap: emergin}", 1),
        encoding="utf-8",
    )
    result = run("questionnaire", "validate", str(MINI), str(bad), "--lang", "en")
    assert result.returncode == 1
    # 5 profile questions and 5 statements, and one more for some partner types
    assert f"{MINI}: valid (10–11 questions asked, 2 dimensions)" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert "did you mean 'trust'?" in lines[0] or "did you mean 'trust'?" in lines[1]
    assert "Traceback" not in result.stderr


def test_validate_malformed_yaml_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: x\nquestions: [\n", encoding="utf-8")
    result = run("questionnaire", "validate", str(bad))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{bad}:3:")
    assert "Traceback" not in result.stderr


def test_schema_is_json_schema() -> None:
    result = runner.invoke(app, ["questionnaire", "schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "questions" in schema["properties"]
    assert schema["additionalProperties"] is False


def test_score_json_contract() -> None:
    result = run(
        "score", str(DATA / "answers" / "mini-private.yaml"), "-q", str(MINI), "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["questionnaire"] == {"id": "mini", "version": "1.0"}
    assert data["overall"]["score"] == 83.3
    # demand's "don't know", counted as the lowest answer for the level, keeps it lower
    assert data["overall"]["level"] == "experimenting"
    assert data["overall"]["known_answers_level"] == "alliance_ready"
    assert data["overall"]["provisional"] is False
    trust = data["dimensions"][0]
    assert {
        k: trust[k] for k in ("id", "score", "coverage", "status", "answered", "applicable")
    } == {
        "id": "trust",
        "score": 87.5,
        "coverage": 1.0,
        "status": "strength",
        "answered": 3,
        "applicable": 3,
    }


def test_score_bad_answer_file_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "a.yaml"
    bad.write_text(
        (DATA / "answers" / "mini-private.yaml")
        .read_text(encoding="utf-8")
        .replace("trust_b:", "trust_z:"),
        encoding="utf-8",
    )
    result = run("score", str(bad), "-q", str(MINI), "--format", "json", "--lang", "en")
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"{bad}:8:3: answers.trust_z: unknown question 'trust_z'" in result.stderr


def test_unknown_option_is_usage_error() -> None:
    result = run("score", "--bogus")
    assert result.returncode == 2
    assert "--bogus" in result.stderr and "Traceback" not in result.stderr


def test_score_pdf_needs_an_output_file() -> None:
    result = run("score", str(DATA / "answers" / "mini-private.yaml"), "-q", str(MINI), "-f", "pdf")
    assert result.returncode == 2
    assert "--output" in result.stderr


def test_score_several_files_as_one_json_document_with_the_group_view(tmp_path: Path) -> None:
    answers = DATA / "answers" / "mini-private.yaml"
    other = tmp_path / "other.yaml"
    other.write_text(
        answers.read_text(encoding="utf-8")
        .replace("trust_a: 4 ", "trust_a: 1 ")
        .replace("trust_c: yes", "trust_c: no"),
        encoding="utf-8",
    )
    result = run("score", str(answers), str(other), "-q", str(MINI), "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert [r["overall"]["score"] for r in data["results"]] == [83.3, 37.5]  # (2 × 18.8 + 75) / 3
    group = data["group"]
    assert group["label"] == "Asso <b>Test</b>"
    trust = group["dimensions"][0]
    # trust: 87.5 and (0 + 0.75 + 0) / 4 = 18.8; mean 53.15 → 53.2, range 68.7
    assert {k: trust[k] for k in ("id", "mean", "min", "max", "sd", "n", "divergent")} == {
        "id": "trust", "mean": 53.2, "min": 18.8, "max": 87.5, "sd": 34.4, "n": 2,
        "divergent": True,
    }  # fmt: skip
    assert group["dimensions"][1]["divergent"] is False
    terminal = run("score", str(answers), str(other), "-q", str(MINI), "--lang", "en")
    assert "Group view — Asso <b>Test</b>: 2 respondents" in terminal.stdout
    assert "to discuss" in terminal.stdout


def test_score_several_files_into_a_folder(tmp_path: Path) -> None:
    answers = DATA / "answers" / "mini-private.yaml"
    out = tmp_path / "out"
    out.mkdir()
    result = run("score", str(answers), str(answers), "-q", str(MINI), "-f", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    # two answer files of the same name never overwrite each other's report
    assert sorted(p.name for p in out.iterdir()) == [
        "group.json",
        "mini-private-2.json",
        "mini-private.json",
    ]
    # a file: the one group document there, the group first
    board = tmp_path / "x.txt"
    result = run("score", str(answers), str(answers), "-q", str(MINI), "-o", str(board))
    assert result.returncode == 0, result.stderr
    assert board.read_text("utf-8").count("Asso") >= 2


def test_missing_answer_file_is_one_clear_line() -> None:
    result = run("score", "nope.yaml", "--lang", "en")
    assert result.returncode == 1
    assert result.stderr == "nope.yaml: file not found\n"


def test_help_stays_lean() -> None:
    """`--help` loads none of the heavy libraries (the start-up benchmark measures the rest)."""
    probe = (
        "import sys\n"
        "from alliance_diag.cli.app import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('pydantic', 'yaml', 'jinja2', 'rich', 'questionary', 'openpyxl', 'weasyprint')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "Usage: " in done.stdout or "Utilisation : " in done.stdout
    assert done.stderr.strip() == "[]"


def test_file_system_errors_in_the_users_language(tmp_path: Path) -> None:
    result = run("score", str(tmp_path), "--lang", "fr")
    assert result.returncode == 1
    assert result.stderr == (
        f"{tmp_path}: " + typeset_fr("lecture impossible : c'est un dossier, pas un fichier\n")
    )
    answers = DATA / "answers" / "mini-private.yaml"
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    target = blocked / "r.json"
    result = run(
        "score", str(answers), "-q", str(MINI), "-f", "json", "-o", str(target), "--lang", "en"
    )
    assert result.returncode == 1
    assert result.stderr == f"{target}: cannot write: a file stands where the path needs a folder\n"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_piped_output_takes_the_width_of_the_terminal_it_was_typed_in() -> None:
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    try:
        # `alliance-diag questionnaire list | less` in an 80-column terminal
        piped = subprocess.run(
            [sys.executable, "-m", "alliance_diag", "questionnaire", "list", "--lang", "en"],
            stdout=subprocess.PIPE,
            stderr=slave,
            stdin=slave,
            env=env,
            check=True,
        ).stdout.decode("utf-8")
    finally:
        os.close(slave)
        os.close(master)
    lines = piped.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith("alliance-readiness-partner ") for line in lines)
    assert all(line == line.rstrip() for line in lines)
