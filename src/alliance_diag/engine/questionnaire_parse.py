"""A questionnaire from YAML already read: validated, checked, its conditions resolved,
or every problem raised at once."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from alliance_diag.core import pydantic_problems as validation
from alliance_diag.core.errors import InputError, Problem
from alliance_diag.core.located import Loc, Located, dotted
from alliance_diag.engine.conditions import Condition
from alliance_diag.engine.questionnaire import (
    Question,
    Questionnaire,
    QuestionType,
)
from alliance_diag.engine.questionnaire_checks import YES_NO, Checker
from alliance_diag.engine.questionnaire_messages import _


def parse_questionnaire(located: Located) -> Questionnaire:
    """Validate plain YAML data into a resolved Questionnaire, or raise every problem."""
    if not isinstance(located.data, dict):
        raise InputError([located.problem((), _("not_a_mapping"))])
    try:
        questionnaire = Questionnaire.model_validate(located.data)
    except ValidationError as exc:
        problems = validation.problems(exc, located, Questionnaire)
        problems.extend(_problems_beyond(located, exc))
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems) from exc
    checker = Checker(questionnaire, located)
    problems = checker.run()
    if problems:
        raise InputError(problems)
    return _resolve(questionnaire, checker.conditions)


_LIST_SECTIONS = {
    "families",
    "dimensions",
    "journey",
    "profile",
    "questions",
    "levels",
    "gates",
    "recommendations",
    "ceilings",
    "critical_caps",
}


def _problems_beyond(located: Located, error: ValidationError) -> list[Problem]:
    """The cross-field problems hidden behind structural ones, so all come out at once.

    Unknown fields are dropped and list entries that fail are set aside (their ids
    and dimensions still count as known, so no problem is invented about them); if
    the rest then validates, its cross-field checks run too.
    """
    data = copy.deepcopy(located.data)
    broken: set[tuple[str, int]] = set()
    for item in error.errors():
        loc = item["loc"]
        if item["type"] == "extra_forbidden":
            parent: Any = data
            for part in loc[:-1]:
                parent = parent[part]
            parent.pop(loc[-1], None)
        elif len(loc) >= 2 and loc[0] in _LIST_SECTIONS and isinstance(loc[1], int):
            broken.add((str(loc[0]), loc[1]))
        else:
            return []  # a top-level field is wrong: nothing sound to check beyond it
    tolerated: set[str] = set()
    kept: dict[str, list[int]] = {}
    for section in {section for section, _index in broken}:
        entries = data[section]
        kept[section] = [i for i in range(len(entries)) if (section, i) not in broken]
        for i in range(len(entries)):
            if (section, i) in broken and isinstance(entries[i], dict):
                tolerated.update(str(entries[i][k]) for k in ("id", "dimension") if k in entries[i])
        data[section] = [entries[i] for i in kept[section]]
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError:
        return []
    return Checker(questionnaire, _Renumbered(located, kept), frozenset(tolerated)).run()


class _Renumbered(Located):
    """Positions in the file as written, for a copy whose broken list entries were removed."""

    def __init__(self, located: Located, kept: dict[str, list[int]]) -> None:
        super().__init__(data=located.data, source=located.source, positions=located.positions)
        self.kept = kept

    def _original(self, loc: Loc) -> Loc:
        if len(loc) >= 2 and loc[0] in self.kept and isinstance(loc[1], int):
            return (loc[0], self.kept[str(loc[0])][loc[1]], *loc[2:])
        return loc

    def position(self, loc: Loc) -> tuple[int | None, int | None]:
        return super().position(self._original(loc))

    def problem(self, loc: Loc, message: str) -> Problem:
        original = self._original(loc)
        line, column = super().position(original)
        return Problem(self.source, message, line, column, dotted(original) or None)


def _resolve(questionnaire: Questionnaire, conditions: dict[str, Condition]) -> Questionnaire:
    """Write each question's options out from its scale, and attach its checked conditions."""

    def resolved(question: Question) -> Question:
        if question.scale is not None:
            return question.model_copy(
                update={"options": questionnaire.scales[question.scale].options}
            )
        if question.type is QuestionType.yes_no and not question.options:
            return question.model_copy(update={"options": YES_NO})
        return question

    result = questionnaire.model_copy(
        update={
            "profile": [resolved(q) for q in questionnaire.profile],
            "questions": [resolved(q) for q in questionnaire.questions],
        }
    )
    result._conditions.update(conditions)
    result._index.clear()
    return result
