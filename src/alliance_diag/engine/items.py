"""A question compiled once for scoring: its weight, its dimension and the function from
an answer to a value on 0–1."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from alliance_diag.engine.answers import AnswerValue
from alliance_diag.engine.conditions import Condition
from alliance_diag.engine.questionnaire import (
    Question,
    Questionnaire,
    QuestionType,
)

ValueOf = Callable[[Any], float | None]


@dataclass(frozen=True)
class Item:
    """A scored question compiled once: what each answer is worth on 0–1, reverse applied."""

    question: Question
    dimension: int
    weight: float
    # choice options' values on 0–1 before reverse (None: don't know / not applicable)
    values: Mapping[str, float | None]
    value: ValueOf
    condition: Condition | None
    # the "don't know" options, the "not yet / not applicable" ones, and the stage from
    # which "not yet" stops being a real answer (see ``Question.known_from``)
    dont_know: frozenset[str] = frozenset()
    not_applicable: frozenset[str] = frozenset()
    known_from: str | None = None
    # the answers that are red flags on their own (a condition, when not options)
    critical_options: frozenset[str] = frozenset()
    # the answer worth 0 (reverse applied): what an unknown counts as, for the level
    lowest_answer: AnswerValue = None

    def worth(self, answer: Any) -> float | None:
        """The answer's value on 0–1, or None: unanswered, "don't know", or a list where
        one choice is expected."""
        try:
            return self.value(answer)
        except TypeError:
            return None


def compile_item(question: Question, dimension: int, questionnaire: Questionnaire) -> Item:
    options = question.options or []
    numeric = [o.score for o in options if o.score is not None]
    values: dict[str, float | None] = {}
    value: ValueOf
    if question.type is QuestionType.multiple:
        values = {option.id: option.score for option in options}
        value = functools.partial(_multiple_value, values, sum(s for s in numeric if s > 0))
    elif question.type is QuestionType.number:
        assert question.min is not None and question.max is not None
        value = functools.partial(_number_value, question.min, question.max)
    else:
        low, high = (min(numeric), max(numeric)) if numeric else (0.0, 1.0)
        values = {
            o.id: None if o.score is None else (o.score - low) / (high - low) for o in options
        }
        # a C-level lookup, reverse folded in: the batch calls it for every cell
        value = {
            k: 1.0 - v if question.reverse else v for k, v in values.items() if v is not None
        }.get
    if question.reverse and question.type in (QuestionType.multiple, QuestionType.number):
        value = _reversed(value)
    critical = question.critical
    worth: ValueOf = value
    lowest: AnswerValue = None
    if question.type is QuestionType.number:
        lowest = question.max if question.reverse else question.min
    elif question.type is QuestionType.multiple:
        lowest = [o.id for o in options if o.score is not None and worth([o.id]) == 0.0]
    else:
        lowest = next((o.id for o in options if o.score is not None and worth(o.id) == 0.0), None)
    return Item(
        question=question,
        dimension=dimension,
        weight=question.weight,
        values=values,
        value=value,
        condition=questionnaire.condition(question.id),
        dont_know=frozenset(o.id for o in options if o.unanswered_as == "dont_know"),
        not_applicable=frozenset(o.id for o in options if o.unanswered_as == "not_applicable"),
        known_from=question.known_from,
        critical_options=frozenset(critical.options or ()) if critical else frozenset(),
        lowest_answer=lowest,
    )


def _number_value(low: float, high: float, answer: Any) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        return None
    return min(max((answer - low) / (high - low), 0.0), 1.0)


def _multiple_value(values: Mapping[str, float | None], total: float, answer: Any) -> float | None:
    if not isinstance(answer, list) or not answer or total <= 0:
        return None
    scores = [values.get(item) for item in answer]
    if all(s is None for s in scores):
        return None
    return min(sum(s for s in scores if s is not None) / total, 1.0)


def _reversed(value: ValueOf) -> ValueOf:
    def reverse(answer: Any) -> float | None:
        found = value(answer)
        return None if found is None else 1.0 - found

    return reverse
