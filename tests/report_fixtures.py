"""Shared fixtures of the report tests: the example answer files and a hostile answer set."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import MINI, extreme_answer, extreme_answers

from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.explanation import score
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.engine.scoring import scorer_for
from alliance_diag.io.answer_files import load_answers
from alliance_diag.io.questionnaire_files import load_questionnaire

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
REPORT_DATE = date(2026, 11, 26)
# The report tests read the examples as they were written for version 1.0 of the
# questionnaire (kept, with that version, for compatibility): their figures then stay
# put while the built-in questionnaire's content moves on.
ANSWERS_1_0 = ROOT / "tests" / "data" / "answers" / "1.0"
QUESTIONNAIRE_1_0 = ROOT / "questionnaires" / "1.0" / "alliance-readiness.yaml"
SMALL_ASSOCIATION = ANSWERS_1_0 / "petite-asso-entreprise.yaml"
FEDERATION = ANSWERS_1_0 / "federation-alliance-pairs.yaml"
# the score command's arguments for the small association's report
SMALL_ASSOCIATION_ARGS = [str(SMALL_ASSOCIATION), "--questionnaire", str(QUESTIONNAIRE_1_0)]

SCRIPT = "<script>alert('x')</script>"
HOSTILE_ORGANISATION = f"Les Amis {SCRIPT} & Cie"
HOSTILE_NOTE = f"Réunion tendue {SCRIPT} <b>à revoir</b>"


def scored(path: Path, lang: str | None = None) -> tuple[Result, Questionnaire]:
    version_1_0 = QUESTIONNAIRE_1_0 if path.parent == ANSWERS_1_0 else None
    answers, questionnaire = load_answers(path, version_1_0)
    return score(questionnaire, answers, lang), questionnaire


def hostile(lang: str = "fr") -> tuple[Result, Questionnaire]:
    """Markup typed where users type (organisation, partner, note), and demand unscored.

    On the mini questionnaire: trust is answered in full; demand gets one answer of
    three, below the 60 % coverage needed to score it.
    """
    mini = load_questionnaire(MINI)
    answers = AnswerSet(
        questionnaire="mini",
        questionnaire_version="1.0",
        language=lang,
        respondent={"organisation": HOSTILE_ORGANISATION, "name": "Camille", "role": "board"},
        profile={"partner_type": "private", "partners_count": 2},
        answers={
            "trust_a": "strongly_disagree",
            "trust_b": "agree",
            "trust_c": "no",
            "demand_a": "agree",
            "demand_b": None,
            "demand_private": "dont_know",
        },
        notes={"trust_a": HOSTILE_NOTE},
    )
    return score(mini, answers, lang), mini


def capped(lang: str = "fr") -> tuple[Result, Questionnaire]:
    """Every answer at its best but trust at its worst: the trust gate lowers the level."""
    questionnaire = load_questionnaire("alliance-readiness")
    answers = extreme_answers(questionnaire, best=True, partner_type="private")
    for item in scorer_for(questionnaire).items:
        if item.question.dimension == "trust":
            answers.answers[item.question.id] = extreme_answer(item.question, best=False)
    answers.language = lang
    return score(questionnaire, answers, lang), questionnaire
