"""Workflows shared by the commands: load several answer files, score them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from alliance_diag.aggregate import GroupResult, aggregate
from alliance_diag.answers import AnswerSet, load_answers
from alliance_diag.errors import InputError, Problem
from alliance_diag.filenames import UniqueNames, inside
from alliance_diag.questionnaire import Questionnaire, load_questionnaire
from alliance_diag.result import Result
from alliance_diag.scoring import score


def load_many(
    paths: list[Path], questionnaire_ref: str | None = None
) -> list[tuple[AnswerSet, Questionnaire]]:
    """Load every answer file, reporting the problems of all of them at once."""
    questionnaire = load_questionnaire(questionnaire_ref) if questionnaire_ref else None
    loaded: list[tuple[AnswerSet, Questionnaire]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(load_answers(path, questionnaire))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return loaded


def report_paths(answer_files: list[Path], folder: Path, extension: str) -> list[Path]:
    """One report path per answer file in ``folder``, unique even when file names repeat."""
    names = UniqueNames()
    return [inside(folder, names.take(path.stem, "report"), extension) for path in answer_files]


def score_files(
    loaded: list[tuple[AnswerSet, Questionnaire]], lang: str | None = None
) -> Iterator[tuple[Result, Questionnaire]]:
    for answers, questionnaire in loaded:
        yield score(questionnaire, answers, lang), questionnaire


def group_view(results: list[Result]) -> GroupResult | None:
    """The group view when several answer files were scored together; named after their
    organisation when they share one."""
    if len(results) < 2:
        return None
    organisations = {r.respondent.get("organisation") for r in results}
    label = organisations.pop() if len(organisations) == 1 else None
    return aggregate(results, label)
