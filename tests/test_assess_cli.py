"""`alliance-diag assess` end to end in a subprocess, with answers piped one per line."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINI, VENV_BIN, path_without_this_installation
from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.core.i18n import typeset_fr
from alliance_diag.engine.answers import new_answer_set
from alliance_diag.engine.applicability import applicable_questions
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.interview.workflow import AnswerFile
from alliance_diag.io.answer_files import load_answers
from alliance_diag.io.questionnaire_files import load_questionnaire

COMMAND = [sys.executable, "-m", "alliance_diag"]
TODAY = date.today().isoformat()
ANSWERS_FILE = f"diagnostic-asso-test-{TODAY}.yaml"
# every question of mini.yaml, for a private partner, in the order asked
LINES = [
    "Asso Test",  # organisation
    "Camille",  # name
    "1",  # role: board
    "2",  # partner type: private
    "3",  # partners
    "4",  # trust_a: agree (4th in the list)
    "disagree",  # trust_b, by id
    "Oui",  # trust_c, by label
    "",  # demand_a skipped: its « Je ne sais pas » is recorded
    "2,5",  # demand_b, decimal comma
    "5",  # demand_private: strongly_agree
]
EXPECTED = {
    "respondent": {"organisation": "Asso Test", "name": "Camille", "role": "board"},
    "profile": {"partner_type": "private", "partners_count": 3},
    "answers": {
        "trust_a": "agree",
        "trust_b": "disagree",
        "trust_c": "yes",
        # skipped: the question offers « Je ne sais pas », which skipping records
        "demand_a": "dont_know",
        "demand_b": 2.5,
        "demand_private": "strongly_agree",
    },
}

runner = CliRunner()


def env() -> dict[str, str]:
    """The environment without any language setting: messages come from --lang or French."""
    drop = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
    kept = {k: v for k, v in os.environ.items() if k not in drop}
    # as on a fresh machine: this installation's alliance-diag is not on the PATH
    return {**kept, "LANG": "C.UTF-8", "PATH": path_without_this_installation()}


def assess(
    cwd: Path, lines: list[str], *args: str, command: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command or [*COMMAND, "assess", *args],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env(),
        check=False,
    )


def content(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    return {key: data.get(key) for key in EXPECTED}


def resume_command(stderr: str) -> list[str]:
    """The command the interruption message gives, word for word, on a line of its own."""
    *_before, intro, command = stderr.rstrip().splitlines()
    assert intro.endswith("To resume:") and command.startswith("  ")
    return shlex.split(command)


def test_a_full_run_writes_answers_reports_and_a_readable_transcript(tmp_path: Path) -> None:
    done = assess(tmp_path, LINES, "-q", str(MINI), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert content(tmp_path / ANSWERS_FILE) == EXPECTED
    saved = yaml.safe_load((tmp_path / ANSWERS_FILE).read_text("utf-8"))
    assert saved["language"] == "en"
    assert saved["started_at"] <= saved["updated_at"]
    # the transcript shows each question, its options and the answer typed
    # the statement is shown without its dimension, which would colour the answer
    assert "── Statements · question 6 of 11 · 45% answered\nA\n  1) Strongly disagree" in (
        done.stdout
    )
    assert "> disagree\n" in done.stdout
    # then the terminal summary, and the three reports next to the answers
    assert "Asso Test" in done.stdout.split("> 5\n", 1)[1]
    stem = ANSWERS_FILE.removesuffix(".yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [ANSWERS_FILE, f"{stem}.html", f"{stem}.md", f"{stem}.json"]
    )
    report = json.loads((tmp_path / f"{stem}.json").read_text("utf-8"))
    assert report["respondent"]["organisation"] == "Asso Test"
    assert f"Report: {stem}.html" in done.stderr
    # after the long summary, its headline again on the last line
    last = done.stdout.rstrip().splitlines()[-1]
    assert last == f"Level: {report['overall']['level_label']} — overall score " + (
        f"{report['overall']['score']} / 100."
    )


def test_end_of_input_saves_and_says_how_to_resume(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    args = ["-q", str(MINI), "--lang", "en", "--format", "json", "--report-dir", str(reports)]
    cut = assess(tmp_path, LINES[:5], *args)
    assert cut.returncode == 130
    message = cut.stderr.rstrip().splitlines()[-2:]
    # alliance-diag is not on the PATH: the command starts the program as it was started;
    # on a line of its own, so that a terminal does not cut it after other words
    assert message == [
        f"Answers saved in {ANSWERS_FILE}. To resume:",
        f"  {shlex.join(COMMAND)} assess --answers {ANSWERS_FILE} --questionnaire {MINI} "
        f"--report-dir {reports} --format json",
    ]
    partial = content(tmp_path / ANSWERS_FILE)
    assert partial["profile"] == EXPECTED["profile"] and partial["answers"] == {}
    # the exact command given takes it up at the first unanswered question
    resumed = assess(tmp_path, LINES[5:], command=resume_command(cut.stderr))
    assert resumed.returncode == 0, resumed.stderr
    assert "question 6 of 11" in resumed.stdout.split("\n> ", 1)[0]
    assert content(tmp_path / ANSWERS_FILE) == EXPECTED
    assert sorted(p.name for p in reports.iterdir()) == [ANSWERS_FILE.replace(".yaml", ".json")]


def test_reports_follow_answers_edited_after_the_end(tmp_path: Path) -> None:
    done = assess(tmp_path, LINES, "-q", str(MINI), "--lang", "en", "--format", "json")
    assert done.returncode == 0, done.stderr
    answers_file = tmp_path / ANSWERS_FILE
    report = tmp_path / ANSWERS_FILE.replace(".yaml", ".json")
    before = json.loads(report.read_text("utf-8"))
    # an answer changed by hand and one removed: the interview asks it, the person quits
    text = answers_file.read_text("utf-8")
    answers_file.write_text(
        text.replace("trust_a: agree", "trust_a: strongly_disagree").replace(
            "  demand_private: strongly_agree\n", ""
        ),
        "utf-8",
    )
    args = ["--answers", ANSWERS_FILE, "-q", str(MINI), "--lang", "en", "--format", "json"]
    stopped = assess(tmp_path, [":quit"], *args)
    assert stopped.returncode == 130
    assert f"Report updated with these answers: {report.name}" in stopped.stderr
    after = json.loads(report.read_text("utf-8"))
    rescored = subprocess.run(
        [*COMMAND, "score", ANSWERS_FILE, "-q", str(MINI), "-f", "json", "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env(),
        check=True,
    )
    assert after["overall"] == json.loads(rescored.stdout)["overall"] != before["overall"]


def test_quit_command_saves_and_exits_130(tmp_path: Path) -> None:
    stopped = assess(tmp_path, [*LINES[:2], ":quit"], "-q", str(MINI), "--lang", "fr")
    assert stopped.returncode == 130
    intro, command = stopped.stderr.rstrip().splitlines()[-2:]
    assert intro == typeset_fr(f"Réponses enregistrées dans {ANSWERS_FILE}. Pour reprendre :")
    assert command.startswith(f"  {shlex.join(COMMAND)} assess")


@pytest.mark.parametrize("on_path", [False, True])
def test_the_resume_command_runs_as_printed_from_the_installed_script(
    tmp_path: Path, on_path: bool
) -> None:
    script = VENV_BIN / "alliance-diag"
    path = path_without_this_installation()
    environment = {**env(), "PATH": os.pathsep.join([str(VENV_BIN), path]) if on_path else path}
    cut = subprocess.run(
        [str(script), "assess", "-q", str(MINI), "--lang", "en"],
        input="Asso Test\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        check=False,
    )
    assert cut.returncode == 130
    command = resume_command(cut.stderr)
    assert command[:2] == (["alliance-diag", "assess"] if on_path else [str(script), "assess"])
    resumed = subprocess.run(
        command,
        input="Camille\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        check=False,
    )
    assert resumed.returncode == 130, resumed.stderr
    assert content(tmp_path / ANSWERS_FILE)["respondent"] == {
        "organisation": "Asso Test",
        "name": "Camille",
    }


def wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.01)


def answers_in(path: Path) -> int:
    """How many answers a (possibly half-written) answer file holds; -1 if unreadable."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError):
        return -1
    if not isinstance(data, dict):
        return -1
    return sum(len(data.get(key) or {}) for key in ("respondent", "profile", "answers"))


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_killed_run_leaves_a_valid_resumable_file(
    tmp_path: Path, mini: Questionnaire, stop: signal.Signals
) -> None:
    path = tmp_path / "answers.yaml"
    process = subprocess.Popen(
        [*COMMAND, "assess", "-q", str(MINI), "-a", str(path), "--format", "json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env(),
    )
    assert process.stdin is not None
    for count, line in enumerate(LINES[:7], start=1):
        process.stdin.write(line + "\n")
        process.stdin.flush()
        wait_for(lambda count=count: answers_in(path) == count, f"{count} answers on disk")
    process.send_signal(stop)
    _out, err = process.communicate(timeout=20)
    if stop is signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 130
        assert "--answers" in err.strip().splitlines()[-1]
    answers, _questionnaire = load_answers(path, mini, complete=False)
    assert answers.answers == {"trust_a": "agree", "trust_b": "disagree"}
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind
    resumed = assess(tmp_path, LINES[7:], "-q", str(MINI), "-a", str(path), "--format", "json")
    assert resumed.returncode == 0, resumed.stderr
    assert content(path) == EXPECTED


@pytest.mark.parametrize("partner_type", ["private", "peer"])
def test_no_question_is_asked_whose_condition_is_false(tmp_path: Path, partner_type: str) -> None:
    questionnaire = load_questionnaire("alliance-readiness")
    done = assess(
        tmp_path,
        ["1"] * 120,  # valid for every question: option 1, the number 1, or a text
        "--org",
        "Asso Test",
        "--partner-type",
        partner_type,
        "--format",
        "json",
        "--lang",
        "fr",
    )
    assert done.returncode == 0, done.stderr
    answers, _ = load_answers(tmp_path / ANSWERS_FILE, questionnaire)
    blocks = done.stdout.split("\n── ")[1:]
    asked_texts = [block.splitlines()[1].removesuffix(" (obligatoire)") for block in blocks]
    by_text = {q.text["fr"]: q.id for q in questionnaire.all_questions()}
    asked = [by_text[text] for text in asked_texts]
    applicable = [q.id for q in applicable_questions(questionnaire, answers)]
    assert sorted(asked) == sorted(set(applicable) - {"organisation", "partner_type"})
    assert len(asked) == len(set(asked))  # none asked twice
    modules = {qid.split("_")[0] for qid in asked} & {"peer", "public", "private"}
    assert modules == {partner_type}


@pytest.mark.parametrize(
    ("questionnaire", "option"),
    [
        ("alliance-readiness", ""),
        # the answer file names it: no need to repeat it
        ("alliance-readiness-quick", ""),
    ],
)
def test_the_resume_command_names_no_built_in_questionnaire_the_file_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, questionnaire: str, option: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app, ["assess", "-q", questionnaire, "--lang", "en"], input="Asso Test\n"
    )
    assert result.exit_code == 130
    assert result.stderr.strip().endswith(
        f"To resume:\n  alliance-diag assess --answers {ANSWERS_FILE}{option}"
    )


def test_prefilled_profile_is_not_asked_again(tmp_path: Path) -> None:
    cut = assess(tmp_path, [], "-q", str(MINI), "--org", "Asso Test", "--partner-type", "peer")
    assert cut.returncode == 130
    saved = yaml.safe_load((tmp_path / ANSWERS_FILE).read_text("utf-8"))
    assert saved["respondent"] == {"organisation": "Asso Test"}
    assert saved["profile"] == {"partner_type": "peer"}
    assert "\nNom\n" in cut.stdout and "Organisation" not in cut.stdout


def test_a_second_respondent_the_same_day_gets_a_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        result = runner.invoke(app, ["assess", "-q", str(MINI)], input=LINES[0] + "\n")
        assert result.exit_code == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ANSWERS_FILE.replace(".yaml", "-2.yaml"),
        ANSWERS_FILE,
    ]


def test_answers_wait_under_a_dated_name_until_the_organisation_is_known(
    tmp_path: Path, mini: Questionnaire
) -> None:
    answer_file = AnswerFile(None, tmp_path, "2026-11-26")
    answers = new_answer_set(mini)
    answers.set_value(mini.question("partners_count"), 3)  # type: ignore[arg-type]
    answer_file.save(answers)
    # while the interview runs, a hidden lock file sits beside the answers
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".diagnostic-2026-11-26.yaml.lock",
        "diagnostic-2026-11-26.yaml",
    ]
    answers.set_value(mini.question("organisation"), "Les Restos du Cœur")  # type: ignore[arg-type]
    answer_file.save(answers)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".diagnostic-les-restos-du-coeur-2026-11-26.yaml.lock",
        "diagnostic-les-restos-du-coeur-2026-11-26.yaml",
    ]
    named = tmp_path / "diagnostic-les-restos-du-coeur-2026-11-26.yaml"
    loaded, _ = load_answers(named, mini, complete=False)
    assert loaded.profile == {"partners_count": 3}
    # once named, the file keeps its name even if the organisation is corrected
    answers.set_value(mini.question("organisation"), "Restos")  # type: ignore[arg-type]
    answer_file.save(answers)
    assert answer_file.path == tmp_path / "diagnostic-les-restos-du-coeur-2026-11-26.yaml"
    answer_file.release()
    assert [p.name for p in tmp_path.iterdir()] == [answer_file.path.name]


def test_interrupted_before_any_answer_saves_nothing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", "-q", str(MINI), "--lang", "en"], input="")
    assert result.exit_code == 130
    assert result.stderr.strip() == "Interrupted before the first answer: nothing was saved."
    assert list(tmp_path.iterdir()) == []


def test_a_wrong_partner_type_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["assess", "-q", str(MINI), "--lang", "en", "--partner-type", "public"], input=""
    )
    assert result.exit_code == 2
    assert (
        "--partner-type: 'public' is not a partner type of this questionnaire (peer, private)"
        in (result.stderr)
    )


GOOD = """questionnaire: mini
questionnaire_version: "1.0"
respondent: {organisation: Asso}
profile: {partner_type: private}
answers:
  trust_a: agree
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("trust_a: agree", "trust_a: [agree"), ":6:12: invalid YAML: list"),
        (
            GOOD.replace("trust_a: agree", "trust_a: 9"),
            ":6:3: answers.trust_a: '9' is not an answer to 'trust_a'",
        ),
        (
            GOOD.replace("questionnaire: mini", "questionnaire: other"),
            ":1:1: questionnaire: this file answers questionnaire 'other'",
        ),
        (
            GOOD.replace('"1.0"', '"0.9"'),
            ":2:1: questionnaire_version: this file answers version 0.9",
        ),
        ("- just\n- a list\n", ":1:1: an answer file is a YAML mapping"),
        ("", ": an answer file is a YAML mapping"),
    ],
)
def test_a_corrupt_or_foreign_file_is_reported_and_never_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "answers.yaml"
    path.write_text(text, "utf-8")
    before = path.read_bytes()
    result = runner.invoke(
        app, ["assess", "-q", str(MINI), "--answers", str(path), "--lang", "en"], input="x\n" * 20
    )
    assert result.exit_code == 1, result.output
    assert f"{path}{message}" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_lang_changes_the_interview_not_the_language_of_the_file(tmp_path: Path) -> None:
    cut = assess(tmp_path, LINES[:3], "-q", str(MINI), "--lang", "fr")
    assert cut.returncode == 130
    resumed = assess(tmp_path, [], "--answers", ANSWERS_FILE, "-q", str(MINI), "--lang", "en")
    assert resumed.returncode == 130
    assert "To resume:" in resumed.stderr  # this interview in English…
    saved = yaml.safe_load((tmp_path / ANSWERS_FILE).read_text("utf-8"))
    assert saved["language"] == "fr"  # …the file still in French


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder no file can be created in, for whoever runs the tests."""
    if os.geteuid() != 0:
        folder = tmp_path / "lecture-seule"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    # root writes through permissions: a kernel folder refuses it
    if not Path("/sys").is_dir():
        pytest.skip("no folder refuses root here")
    return Path("/sys")


def test_a_folder_that_takes_no_file_is_refused_before_the_first_question(
    tmp_path: Path,
) -> None:
    folder = unwritable_folder(tmp_path)
    done = assess(tmp_path, LINES, "-q", str(MINI), "--answers", str(folder / "a.yaml"))
    assert done.returncode == 1
    assert done.stdout == ""  # not one question asked
    lines = done.stderr.splitlines()
    # named by the file the user typed, in the folder that takes none
    assert lines[0] == f"{folder / 'a.yaml'}: " + typeset_fr("écriture impossible : accès refusé")
    assert typeset_fr("choisissez un dossier où écrire, avec --answers (par exemple") in lines[1]
