"""Answer sets built to land on chosen dimension scores, for comparison tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from alliance_diag.compare import Entry
from alliance_diag.engine.answers import AnswerSet, AnswerValue
from alliance_diag.engine.questionnaire import Questionnaire, QuestionType
from alliance_diag.engine.scoring import score, scorer_for
from alliance_diag.io.questionnaire_files import load_questionnaire

# the 1.0 statements sit on five-step scales, so that targeted answers land exactly
OURS = load_questionnaire("alliance-readiness@1.0")
PARTNER = load_questionnaire("alliance-readiness-partner")
# the version the partner questionnaire follows: its rules and the ids its mirrors name
CURRENT = load_questionnaire("alliance-readiness")


def targeted(
    questionnaire: Questionnaire, targets: dict[str, float], default: float = 0.5
) -> dict[str, AnswerValue]:
    """Answers giving each dimension its target value on 0–1 (reverse taken into account):
    on five-step scales, 0, 0.25, 0.5, 0.75 and 1 are all reachable, so a dimension's score
    is exactly 100 × its target. Yes/no statements, and those whose scale cannot reach the
    target (four steps, say), stay unanswered."""
    answers: dict[str, AnswerValue] = {}
    for item in scorer_for(questionnaire).items:
        question = item.question
        if question.type is QuestionType.yes_no:
            continue
        target = targets.get(question.dimension or "", default)
        wanted = 1 - target if question.reverse else target
        reached = [k for k, v in item.values.items() if v == wanted]
        if reached:
            answers[question.id] = reached[0]
    return answers


def answer_file(
    questionnaire: Questionnaire,
    targets: dict[str, float],
    *,
    organisation: str = "Association Les Tisserands",
    partner_type: str = "peer",
    updated_at: datetime | None = None,
    default: float = 0.5,
) -> AnswerSet:
    return AnswerSet(
        questionnaire=questionnaire.id,
        questionnaire_version=questionnaire.version,
        respondent={"organisation": organisation},
        profile={"partner_type": partner_type, "stage": "exploring"},
        answers=targeted(questionnaire, targets, default),
        updated_at=updated_at,
    )


def entry(questionnaire: Questionnaire, answers: AnswerSet, source: str = "x.yaml") -> Entry:
    stamp = answers.updated_at
    return Entry(
        result=score(questionnaire, answers, "fr"),
        source=source,
        answers=answers,
        questionnaire=questionnaire,
        date=stamp.date() if stamp else None,
    )


def write(path: Path, answers: AnswerSet) -> Path:
    data = answers.model_dump(mode="json", exclude_none=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path
