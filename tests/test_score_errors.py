"""`score` given the wrong kind of file, or a mistyped option: one clear sentence each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ANSWERS, DATA, MINI, VENV_BIN, path_without_this_installation, run_cli

ROOT = Path(__file__).parent.parent
COMMAND = [sys.executable, "-m", "alliance_diag"]


def made_by_score(tmp_path: Path, fmt: str) -> Path:
    target = tmp_path / f"report.{fmt}"
    done = run_cli("score", str(ANSWERS), "-q", str(MINI), "-f", fmt, "-o", str(target))
    assert done.returncode == 0, done.stderr
    return target


def pdf_file(tmp_path: Path) -> Path:
    """The first bytes of a PDF report, binary after its header as real ones are."""
    path = tmp_path / "rapport.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    return path


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("html", "this is an HTML report, not an answer file: open it in a browser"),
        ("json", "this is a JSON result (written by score --format json), not an answer file"),
        ("questionnaire", "this is a questionnaire, not an answer file: give it with"),
        ("export", "this is a survey export, not an answer file: 'alliance-diag batch "),
        ("pdf", "this is a PDF, not an answer file: score reads the YAML answer file"),
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
        "pdf": lambda: pdf_file(tmp_path),
    }[kind]()
    done = run_cli("score", str(path), "--lang", "en")
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith(f"{path}: {expected}")


def test_a_misspelt_choice_gets_the_fix_in_the_users_language() -> None:
    done = run_cli("score", str(ANSWERS), "--format", "htm")
    assert done.returncode == 2
    assert done.stderr == (
        "alliance-diag: --format\u00a0: «\u202fhtm\u202f» n\u2019est pas un choix possible. "
        "Vouliez-vous dire html\u202f? Choix\u00a0: terminal, markdown, html, json, pdf.\n"
    )
    english = run_cli("score", str(ANSWERS), "--format", "htm", "--lang", "en", lang="fr")
    assert "Did you mean html?" in english.stderr and "Value error" not in english.stderr


def test_choices_take_any_case() -> None:
    done = run_cli("score", str(ANSWERS), "-q", str(MINI), "--format", "JSON", "--lang", "EN")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("{")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["score", "--formt", "html", "x.yaml"],
            "option inconnue\u00a0: --formt. Vouliez-vous dire --format\u202f?",
        ),
        (["score"], "il manque ANSWER_FILE."),
        (["scor"], "commande inconnue\u00a0: «\u202fscor\u202f». Vouliez-vous dire score\u202f?"),
    ],
)
def test_parser_errors_in_french_with_the_help_to_read(args: list[str], expected: str) -> None:
    # whether or not the environment is activated (as the Quickstart does), the help
    # printed runs as printed: python -m when alliance-diag on PATH is not this program
    done = run_cli(*args, path=path_without_this_installation())
    assert done.returncode == 2
    first, hint = done.stderr.splitlines()
    assert expected in first
    assert hint.startswith(f"Aide\u00a0: {sys.executable} -m alliance_diag") and hint.endswith(
        " --help"
    )
    # ... and the plain name when it is this very installation
    on_path = os.pathsep.join([str(VENV_BIN), path_without_this_installation()])
    _first, hint = run_cli(*args, path=on_path).stderr.splitlines()
    assert hint.startswith("Aide\u00a0: alliance-diag ") and hint.endswith(" --help")


@pytest.mark.parametrize("command", [[], ["assess"], ["score"], ["batch"], ["questionnaire"]])
def test_help_speaks_one_language_with_examples(command: list[str]) -> None:
    french = run_cli(*command, "--help").stdout
    english = run_cli(*command, "--help", lang="en").stdout
    assert french.startswith("Utilisation :") and english.startswith("Usage:")
    assert "Exemple" in french or command == ["questionnaire"]
    assert "Example" in english or command == ["questionnaire"]
    for text in (french, english):
        # no internal type names, no parser wording
        assert "<" not in text and "list[" not in text and "Value error" not in text
    assert "Show this message" not in french and " / " not in french
    assert "Affiche" not in english and "é" not in english.replace("Mutual", "")


def test_lang_before_the_command_sets_the_messages_and_the_help() -> None:
    assert run_cli("--lang", "en", "--help").stdout.startswith("Usage:")
    done = run_cli("--lang", "en", "score", "nope.yaml")
    assert (done.returncode, done.stderr) == (1, "nope.yaml: file not found\n")


@pytest.mark.parametrize("epoch", ["yesterday", "-5", "1e9", "99999999999999999999", "１２"])
def test_an_unusable_source_date_epoch_is_a_usage_error(epoch: str) -> None:
    done = subprocess.run(
        [*COMMAND, "score", str(ANSWERS), "-q", str(MINI)],
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "en_GB.UTF-8", "SOURCE_DATE_EPOCH": epoch},
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("alliance-diag: SOURCE_DATE_EPOCH must be a number of seconds")
    assert "Traceback" not in done.stderr


def test_the_report_says_the_day_source_date_epoch_gives() -> None:
    done = subprocess.run(
        [*COMMAND, "score", str(ANSWERS), "-q", str(MINI), "-f", "markdown", "--lang", "en"],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 January 1970" in done.stdout


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize(
    ("given", "expected"), [("fr_FR", "Pourquoi ce niveau"), ("en-GB", "Why this level")]
)
def test_a_lang_with_a_region_is_that_language(where: str, given: str, expected: str) -> None:
    command = ["score", str(ANSWERS), "-q", str(MINI)]
    args = ["--lang", given, *command] if where == "before" else [*command, "--lang", given]
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_lang_we_do_not_speak_is_a_usage_error(where: str) -> None:
    args = ["--lang", "xx", "questionnaire", "list"]
    done = run_cli(*(args if where == "before" else [*args[2:], *args[:2]]), lang="en")
    assert done.returncode == 2
    assert (
        done.stderr == "alliance-diag: --lang: 'xx' is not one of the choices. Choices: fr, en.\n"
    )


def test_lang_before_the_command_sets_the_reports_language_over_the_answers() -> None:
    assert "language: fr" in ANSWERS.read_text("utf-8")
    default = run_cli("score", str(ANSWERS), "-q", str(MINI), lang="en")
    assert "Pourquoi ce niveau" in default.stdout
    done = run_cli("--lang", "en", "score", str(ANSWERS), "-q", str(MINI))
    assert done.returncode == 0, done.stderr
    assert "Why this level" in done.stdout
