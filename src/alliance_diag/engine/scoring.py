"""The scoring engine: answers to an explained readiness result. Pure: no I/O, no clock.

One path for every command: ``Scorer.measure`` turns answers into numbers (dimension
scores, coverage, statuses and the level decided by ``levels.decide_level``);
``explanation.score`` adds the explanations a report shows (which answers pulled a
dimension down, the next steps, the warnings). A batch without reports stops at the
numbers.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from alliance_diag.engine.answer_columns import AnswerTable
from alliance_diag.engine.answers import AnswerValue
from alliance_diag.engine.items import compile_item
from alliance_diag.engine.levels import LevelDecision, LevelRule
from alliance_diag.engine.measure import Measure, Pattern
from alliance_diag.engine.questionnaire import (
    PARTNER_TYPE,
    STAGE,
    Questionnaire,
    QuestionType,
)
from alliance_diag.engine.result import Status
from alliance_diag.engine.table import measure_table
from alliance_diag.engine.table_numbers import STATUS_NAMES, status_codes

# memo size: distinct condition inputs kept at once
PATTERNS_KEPT = 10_000


class Scorer:
    """A questionnaire compiled once for scoring: items, conditions, memoised patterns.

    What is memoised is what repeats across a network's answers: which questions and
    gates apply (``pattern``, keyed by the values the conditions read) and a
    dimension's score and status from its sums (``outcome``).
    """

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.dimension_ids = tuple(d.id for d in questionnaire.dimensions)
        index = {dim: i for i, dim in enumerate(self.dimension_ids)}
        self.items = [
            compile_item(question, index[question.dimension], questionnaire)
            for question in questionnaire.questions
            if question.dimension is not None
        ]
        self.item_of = {item.question.id: item for item in self.items}
        self.profile_ids = [q.id for q in questionnaire.profile]
        self.gates = [
            (i, gate, questionnaire.condition(f"gate:{i}"))
            for i, gate in enumerate(questionnaire.gates)
        ]
        refs: dict[tuple[str, str | None], None] = {}
        conditions = [item.condition for item in self.items] + [c for _i, _g, c in self.gates]
        for condition in conditions:
            if condition is not None:
                refs.update(dict.fromkeys(condition.refs))
        if any(item.known_from for item in self.items):
            refs[("profile", STAGE)] = None  # which "not yet" is real depends on the stage
        self.profile_refs = tuple(ref for name, ref in refs if name == "profile" and ref)
        self.answer_refs = tuple(ref for name, ref in refs if name == "answers" and ref)
        # what is read in the whole answer set, beyond applicability: checks, ceilings,
        # critical answers given by a condition
        self.checks = [
            (check.id, condition)
            for check in questionnaire.checks
            if (condition := questionnaire.condition(f"check:{check.id}")) is not None
        ]
        self.ceilings = [
            (ceiling.id, condition)
            for ceiling in questionnaire.ceilings
            if (condition := questionnaire.condition(f"ceiling:{ceiling.id}")) is not None
        ]
        self.critical_caps = {
            item.question.id: item.question.critical.cap
            for item in self.items
            if item.question.critical is not None
        }
        self.critical_conditions = {
            qid: condition
            for qid in self.critical_caps
            if (condition := questionnaire.condition(f"critical:{qid}")) is not None
        }
        # each single-choice statement's answers on 0–1 before reverse, and whether it is
        # reversed: what the signs of haste read
        self.acquiescence_info: dict[str, tuple[Mapping[str, float | None], bool]] = {
            item.question.id: (item.values, item.question.reverse)
            for item in self.items
            if item.question.type is not QuestionType.multiple and item.values
        }
        # the stage options in their order, for "not yet" answers known from a stage
        stage = questionnaire.question(STAGE)
        self.stage_order = [o.id for o in (stage.options or [])] if stage else []
        self._patterns: dict[tuple[Any, ...], Pattern] = {}
        # per condition source, whether it holds for the values it reads (table.Beyond)
        self.conditions_met: dict[str, dict[tuple[Any, ...], bool]] = {}
        # each option id a sign of haste counts, numbered as first met (table.acquiescence)
        self.answer_ids: dict[str, int] = {}
        self._weights: dict[str | None, tuple[float, ...]] = {}
        self.rule = LevelRule(questionnaire)

    def measure(self, profile: Mapping[str, Any], answers: Mapping[str, AnswerValue]) -> Measure:
        """The numbers of normalised answers, with what holds on them (the gates, caps and
        signs a report words); ``profile`` holds the profile answers: a table of one row
        (``table.measure_table``)."""
        return measure_table(self, AnswerTable([profile], [answers])).measure(0)

    def decide(
        self, scores: Sequence[float | None], profile: Mapping[str, Any] | None = None
    ) -> LevelDecision:
        """The level of scores that come from no one answer set (a group's or a network's
        means), under the gates that hold for ``profile``; every dimension counts as
        applicable."""
        profile = profile or {}
        partner_type = profile.get(PARTNER_TYPE)
        weights = self.weights_for(partner_type if isinstance(partner_type, str) else None)
        gates = self.pattern(profile, {}).gates
        return self.rule.decide(scores, weights, gates, [True] * len(scores))

    def weights_for(self, partner_type: str | None) -> tuple[float, ...]:
        """Each dimension's weight in the overall score, for a partner type."""
        weights = self._weights.get(partner_type)
        if weights is None:
            weights = tuple(d.weight_for(partner_type) for d in self.questionnaire.dimensions)
            if len(self._weights) < 1_000:
                self._weights[partner_type] = weights
        return weights

    def pattern(self, profile: Mapping[str, Any], answers: Mapping[str, AnswerValue]) -> Pattern:
        """Which questions and gates apply, memoised on the values the conditions read."""
        key = (*map(profile.get, self.profile_refs), *map(answers.get, self.answer_refs))
        try:
            return self._patterns[key]
        except KeyError:
            pass
        except TypeError:  # a list answer: as a tuple, it can key the memo
            key = tuple(tuple(v) if isinstance(v, list) else v for v in key)
            if key in self._patterns:
                return self._patterns[key]
        pattern = self._find_pattern(profile, answers)
        if len(self._patterns) < PATTERNS_KEPT:
            self._patterns[key] = pattern
        return pattern

    def _find_pattern(
        self, profile: Mapping[str, Any], answers: Mapping[str, AnswerValue]
    ) -> Pattern:
        context = self.context(profile)
        effective: dict[str, AnswerValue] = context["answers"]
        dims = len(self.dimension_ids)
        ids: list[list[str]] = [[] for _ in range(dims)]
        applicable_weight = [0.0] * dims
        skipped = []
        for item in self.items:
            qid = item.question.id
            if item.condition is not None and not item.condition.evaluate(context):
                skipped.append(qid)
                continue
            effective[qid] = answers.get(qid)
            ids[item.dimension].append(qid)
            applicable_weight[item.dimension] += item.weight
        gates = tuple(
            (index, gate)
            for index, gate, condition in self.gates
            if condition is None or condition.evaluate(context)
        )
        flat = [qid for group in ids for qid in group]
        ends = list(itertools.accumulate(len(group) for group in ids))
        stage = profile.get(STAGE)
        reached = self.stage_order.index(stage) if stage in self.stage_order else None
        late = []
        for qid in flat:
            known_from = self.item_of[qid].known_from
            # an unknown stage cannot excuse a "not yet"
            late.append(
                known_from is not None
                and (reached is None or reached >= self.stage_order.index(known_from))
            )
        return Pattern(
            ids=tuple(tuple(group) for group in ids),
            applicable_weight=tuple(applicable_weight),
            gates=gates,
            skipped=tuple(skipped),
            ids_flat=tuple(flat),
            bounds=tuple(zip([0, *ends[:-1]], ends, strict=True)),
            counts=tuple(len(group) for group in ids),
            applicable=tuple(bool(group) for group in ids),
            weight_flat=tuple(self.item_of[qid].weight for qid in flat),
            late_flat=tuple(late),
            critical_flat=tuple(i for i, qid in enumerate(flat) if qid in self.critical_caps),
        )

    def context(self, profile: Mapping[str, Any]) -> dict[str, Any]:
        """What conditions read (``Questionnaire.context``)."""
        return self.questionnaire.context(profile)


def scorer_for(questionnaire: Questionnaire) -> Scorer:
    """The questionnaire's scorer, compiled on first use and kept with it."""
    if questionnaire._plan is None:
        questionnaire._plan = Scorer(questionnaire)
    return questionnaire._plan


def status_for(questionnaire: Questionnaire, value: float | None) -> Status:
    """The status a dimension score gets under the questionnaire's bands."""
    if value is None:
        return "insufficient"
    code = int(status_codes(questionnaire, np.array([value]))[0])
    return STATUS_NAMES[code]
