"""Shared fixtures: the small hand-computable questionnaire and answer-set builders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from alliance_diag.engine.answers import AnswerSet, AnswerValue
from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.engine.scoring import scorer_for
from alliance_diag.io.questionnaire_files import load_questionnaire

DATA = Path(__file__).parent / "data"
MINI = DATA / "questionnaires" / "mini.yaml"
VENV_BIN = Path(sys.executable).parent


ANSWERS = DATA / "answers" / "mini-private.yaml"


# the modules whose tests take seconds each (measured with --durations): every golden
# output, PDFs, Hypothesis, the wheel, the browser, 2,800 published answers
SLOW = {
    "test_golden",
    "test_report_pdf",
    "test_fuzz_inputs",
    "test_fuzz_questionnaires",
    "test_scoring_properties",
    "test_packaging",
    "test_report_browser",
    "test_analysis_browser",
    "test_analysis_published",
}


# what drives programs that libfaketime, preloaded into every child process, disturbs: a
# browser, pip building the wheel, signals, pipes, WeasyPrint in a subprocess. CI runs the
# suite once more under a faked later date without them (`-m "not real_clock"`): they
# check no date of ours, and every report's date is checked by the others.
REAL_CLOCK = {
    "test_report_browser",
    "test_analysis_browser",
    "test_member_form",
    "test_packaging",
    "test_faults",
    "test_hostile",
    "test_output_safety",
}
REAL_CLOCK_TESTS = {
    "test_pdf_into_a_folder_holds_the_group_document",
    "test_a_killed_run_leaves_a_valid_resumable_file",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.stem in SLOW:
            item.add_marker(pytest.mark.slow)
        name = getattr(item, "originalname", item.name)
        if item.path.stem in REAL_CLOCK or name in REAL_CLOCK_TESTS:
            item.add_marker(pytest.mark.real_clock)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/files/ with what the commands produce now",
    )


def run_cli(
    *args: str, lang: str | None = None, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``alliance-diag ARGS`` in a subprocess, in French (C.UTF-8) or in ``lang``; with
    ``path``, that PATH instead of ours."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    locale = {"fr": "fr_FR.UTF-8", "en": "en_GB.UTF-8"}.get(lang or "", "C.UTF-8")
    if path is not None:
        kept["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "alliance_diag", *args],
        capture_output=True,
        text=True,
        env={**kept, "LANG": locale},
        check=False,
    )


def path_without_this_installation() -> str:
    """PATH without the folder of this interpreter, whose ``alliance-diag`` would be found."""
    folders = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join(f for f in folders if f and Path(f).absolute() != VENV_BIN.absolute())


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    return load_questionnaire(MINI)


def extreme_answer(question: Question, *, best: bool) -> AnswerValue:
    """The answer worth the most (or least) for this question, reverse taken into account."""
    if question.type is QuestionType.number:
        assert question.min is not None and question.max is not None
        high = best != question.reverse
        return question.max if high else question.min
    scored = [o for o in question.options or [] if o.score is not None]
    if question.type is QuestionType.multiple:
        positive = [o.id for o in scored if o.score and o.score > 0]
        return (
            positive if best != question.reverse else [min(scored, key=lambda o: o.score or 0).id]
        )
    chosen = max if best != question.reverse else min
    return chosen(scored, key=lambda o: o.score or 0).id


def answer_set(
    questionnaire: Questionnaire,
    answers: dict[str, AnswerValue],
    *,
    partner_type: str = "private",
    **profile: Any,
) -> AnswerSet:
    return AnswerSet(
        questionnaire=questionnaire.id,
        questionnaire_version=questionnaire.version,
        respondent={"organisation": "Association test", "role": "board"},
        profile={"partner_type": partner_type, **profile},
        answers=answers,
    )


def extreme_answers(
    questionnaire: Questionnaire, *, best: bool, partner_type: str = "private"
) -> AnswerSet:
    """Every applicable question answered at its best (or worst)."""
    answers = {
        item.question.id: extreme_answer(item.question, best=best)
        for item in scorer_for(questionnaire).items
    }
    return answer_set(questionnaire, answers, partner_type=partner_type)


def one_row_export(folder: Path) -> Path:
    """A CSV export of one valid row, for the questionnaire mini."""
    export = folder / "export.csv"
    export.write_text("organisation;partner_type;trust_a\nAsso A;private;4\n", encoding="utf-8")
    return export
