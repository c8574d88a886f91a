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

from alliance_diag.engine.answers import AnswerValue
from alliance_diag.engine.items import compile_item
from alliance_diag.engine.levels import Cap, LevelDecision, LevelRule, round1
from alliance_diag.engine.measure import (
    Acquiescence,
    DimensionOutcome,
    Measure,
    Pattern,
    Unknowns,
    weighted_sums,
)
from alliance_diag.engine.questionnaire import (
    PARTNER_TYPE,
    STAGE,
    Questionnaire,
    QuestionType,
)
from alliance_diag.engine.result import Status

# acquiescence: at least this many scored answers, this share of them the same option
ACQUIESCENCE_ANSWERS = 8
ACQUIESCENCE_SHARE = 0.85
# ... or reverse-worded items agreed with as much as straight ones (on the raw 0–1 scale)
AGREEMENT = 0.75
# memo sizes: distinct condition inputs, and distinct dimension sums, kept at once
PATTERNS_KEPT = 10_000
OUTCOMES_KEPT = 100_000


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
        self.value_of = {item.question.id: item.value for item in self.items}
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
        self.reads_answers = bool(self.checks or self.ceilings or self.critical_conditions)
        # the stage options in their order, for "not yet" answers known from a stage
        stage = questionnaire.question(STAGE)
        self.stage_order = [o.id for o in (stage.options or [])] if stage else []
        self._patterns: dict[tuple[Any, ...], Pattern] = {}
        self._outcomes: dict[tuple[float, float, float], DimensionOutcome] = {}
        self._weights: dict[str | None, tuple[float, ...]] = {}
        self.rule = LevelRule(questionnaire)

    def measure(
        self,
        profile: Mapping[str, Any],
        answers: Mapping[str, AnswerValue],
        *,
        explain: bool = True,
    ) -> Measure:
        """The numbers of normalised answers; ``profile`` holds the profile answers.

        ``explain=False`` leaves out the gates and caps that held (the level is the same):
        a batch row with no report has no use for them."""
        pattern = self.pattern(profile, answers)
        raws = list(map(answers.get, pattern.ids_flat))
        try:
            every = [value(raw) for value, raw in zip(pattern.value_flat, raws, strict=True)]
        except TypeError:  # an unhashable answer (a list) where a choice is expected
            item_of = self.item_of
            every = [item_of[q].worth(raw) for q, raw in zip(pattern.ids_flat, raws, strict=True)]
        unknowns = Unknowns(pattern, raws, every)
        outcomes = self._outcomes_of(pattern, every, unknowns.excluded)
        answered = [count for _outcome, count, _weight in outcomes]
        scores = tuple([outcome[0] for outcome, _count, _weight in outcomes])
        statuses = tuple([outcome[2] for outcome, _count, _weight in outcomes])
        applicable = tuple(
            a and s != "not_yet" for a, s in zip(pattern.applicable, statuses, strict=True)
        )
        found = self._beyond_numbers(profile, answers, pattern, raws)
        checks, acquiescence, criticals, ceilings = found
        caps = self._caps(answers, found)
        low_scores, low_caps = scores, caps
        if unknowns.lowest is not None:
            low_scores, low_caps = self._lowest(profile, answers, pattern, unknowns)
        partner_type = profile.get(PARTNER_TYPE)
        weights = self.weights_for(partner_type if isinstance(partner_type, str) else None)
        decision = self.rule.decide_without_doubt(
            scores,
            low_scores,
            weights,
            pattern.gates,
            applicable,
            caps=caps,
            low_caps=low_caps,
            explain=explain,
        )
        return Measure(
            dimensions=scores,
            coverage=tuple([outcome[1] for outcome, _count, _weight in outcomes]),
            statuses=statuses,
            answered=tuple(answered),
            applicable=tuple(c - n for c, n in zip(pattern.counts, unknowns.not_yet, strict=True)),
            overall_coverage=_overall_coverage(outcomes, pattern, unknowns),
            decision=decision,
            not_yet=unknowns.not_yet,
            checks=checks,
            acquiescence=acquiescence,
            criticals=criticals,
            ceilings=ceilings,
            unknown_kinds=unknowns.kinds if decision.known_answers_level else (),
        )

    def _lowest(
        self,
        profile: Mapping[str, Any],
        answers: Mapping[str, AnswerValue],
        pattern: Pattern,
        unknowns: Unknowns,
    ) -> tuple[tuple[float | None, ...], tuple[Cap, ...]]:
        """For the level, each unknown answer is its lowest answer: the scores then (0 in
        its place), and the caps that what the answers then hold sets."""
        assert unknowns.lowest is not None
        lows = self._outcomes_of(pattern, unknowns.lowest, unknowns.excluded)
        low_answers = dict(answers)
        for position in unknowns.positions:
            qid = pattern.ids_flat[position]
            low_answers[qid] = self.item_of[qid].lowest_answer
        low_raws = list(map(low_answers.get, pattern.ids_flat))
        low_found = self._beyond_numbers(profile, low_answers, pattern, low_raws)
        return tuple(o[0] for o, _c, _w in lows), self._caps(low_answers, low_found)

    def _caps(
        self,
        answers: Mapping[str, AnswerValue],
        found: tuple[tuple[str, ...], tuple[Acquiescence, ...], tuple[str, ...], tuple[str, ...]],
    ) -> tuple[Cap, ...]:
        """The caps beyond the gates that what the answers hold sets (``LevelRule.holding``)."""
        checks, acquiescence, criticals, ceilings = found
        return self.rule.holding(
            ceilings,
            [(qid, answers.get(qid), self.critical_caps[qid]) for qid in criticals],
            len(checks),
            len(acquiescence),
        )

    def _beyond_numbers(
        self,
        profile: Mapping[str, Any],
        answers: Mapping[str, AnswerValue],
        pattern: Pattern,
        raws: list[AnswerValue | None],
    ) -> tuple[tuple[str, ...], tuple[Acquiescence, ...], tuple[str, ...], tuple[str, ...]]:
        """What holds in the answers beyond their numbers, and caps the level: the checks
        that fire, the signs of answers given too fast, the critical answers given, and the
        ceilings whose condition holds."""
        context: dict[str, Any] | None = None
        if self.reads_answers:
            context = self.context(profile)
            context["answers"].update(zip(pattern.ids_flat, raws, strict=True))
        checks = tuple(
            check_id for check_id, condition in self.checks if condition.evaluate(context or {})
        )
        ceilings = tuple(
            ceiling_id
            for ceiling_id, condition in self.ceilings
            if condition.evaluate(context or {})
        )
        criticals = []
        for position in pattern.critical_flat:
            item = self.item_of[pattern.ids_flat[position]]
            raw = raws[position]
            condition = self.critical_conditions.get(item.question.id)
            if condition is not None:
                if condition.evaluate(context or {}):
                    criticals.append(item.question.id)
            elif isinstance(raw, str) and raw in item.critical_options:
                criticals.append(item.question.id)
        return checks, _acquiescence(self, pattern, raws), tuple(criticals), ceilings

    def _outcomes_of(
        self, pattern: Pattern, every: list[float | None], excluded: Sequence[float]
    ) -> list[tuple[DimensionOutcome, int, float]]:
        """Each dimension's outcome, answer count and answered weight from item values,
        the weight of its real "not yet" answers left out of what applies."""
        outcomes = []
        for (start, end), weights, applicable_weight, left_out, applies in zip(
            pattern.bounds,
            pattern.weights,
            pattern.applicable_weight,
            excluded,
            pattern.applicable,
            strict=True,
        ):
            found = every[start:end]
            answered_weight, weighted_sum = weighted_sums(found, weights)
            if applies and applicable_weight - left_out <= 1e-9:
                outcome: DimensionOutcome = (None, 0.0, "not_yet")
            else:
                outcome = self.outcome(answered_weight, weighted_sum, applicable_weight - left_out)
            outcomes.append((outcome, len(found) - found.count(None), answered_weight))
        return outcomes

    def outcome(
        self, answered_weight: float, weighted_sum: float, applicable_weight: float
    ) -> DimensionOutcome:
        """Score, coverage and status of a dimension from its sums."""
        key = (answered_weight, weighted_sum, applicable_weight)
        known = self._outcomes.get(key)
        if known is not None:
            return known
        coverage = answered_weight / applicable_weight if applicable_weight else 0.0
        dim_score: float | None = None
        status: Status = "insufficient"
        if answered_weight > 0 and coverage + 1e-9 >= self.questionnaire.min_coverage:
            dim_score = round1(100 * weighted_sum / answered_weight)
            status = status_for(self.questionnaire, dim_score)
        outcome = (dim_score, round(coverage, 3), status)
        if len(self._outcomes) < OUTCOMES_KEPT:
            self._outcomes[key] = outcome
        return outcome

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
        weights: list[list[float]] = [[] for _ in range(dims)]
        applicable_weight = [0.0] * dims
        skipped = []
        for item in self.items:
            qid = item.question.id
            if item.condition is not None and not item.condition.evaluate(context):
                skipped.append(qid)
                continue
            effective[qid] = answers.get(qid)
            ids[item.dimension].append(qid)
            weights[item.dimension].append(item.weight)
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
        real_not_yet: list[frozenset[str]] = []
        late_not_yet: list[frozenset[str]] = []
        for qid in flat:
            item = self.item_of[qid]
            # an unknown stage cannot excuse a "not yet"
            late = item.known_from is not None and (
                reached is None or reached >= self.stage_order.index(item.known_from)
            )
            (late_not_yet if late else real_not_yet).append(item.not_applicable)
            (real_not_yet if late else late_not_yet).append(frozenset())
        return Pattern(
            ids=tuple(tuple(group) for group in ids),
            weights=tuple(None if all(w == 1.0 for w in ws) else tuple(ws) for ws in weights),
            applicable_weight=tuple(applicable_weight),
            gates=gates,
            skipped=tuple(skipped),
            ids_flat=tuple(flat),
            value_flat=tuple(self.value_of[qid] for qid in flat),
            bounds=tuple(zip([0, *ends[:-1]], ends, strict=True)),
            counts=tuple(len(group) for group in ids),
            applicable=tuple(bool(group) for group in ids),
            dimension_flat=tuple(self.item_of[qid].dimension for qid in flat),
            weight_flat=tuple(self.item_of[qid].weight for qid in flat),
            real_not_yet_flat=tuple(real_not_yet),
            late_not_yet_flat=tuple(late_not_yet),
            dont_know_flat=tuple(self.item_of[qid].dont_know for qid in flat),
            critical_flat=tuple(i for i, qid in enumerate(flat) if qid in self.critical_caps),
        )

    def context(self, profile: Mapping[str, Any]) -> dict[str, Any]:
        """What conditions read: every profile id and scored question id, unanswered first."""
        full: dict[str, Any] = dict.fromkeys(self.profile_ids)
        full.update((k, v) for k, v in profile.items() if k in full)
        return {"profile": full, "answers": dict.fromkeys(self.value_of)}


def scorer_for(questionnaire: Questionnaire) -> Scorer:
    """The questionnaire's scorer, compiled on first use and kept with it."""
    if questionnaire._plan is None:
        questionnaire._plan = Scorer(questionnaire)
    return questionnaire._plan


def status_for(questionnaire: Questionnaire, value: float | None) -> Status:
    """The status a dimension score gets under the questionnaire's bands."""
    if value is None:
        return "insufficient"
    bands = questionnaire.status_bands
    if value >= bands.strength:
        return "strength"
    if value >= bands.to_watch:
        return "to_watch"
    return "concern"


def _acquiescence(
    scorer: Scorer, pattern: Pattern, raws: Sequence[AnswerValue | None]
) -> tuple[Acquiescence, ...]:
    """Signs of answers given too fast: nearly every answer the same option, or
    reverse-worded statements getting the agreement straight ones get. One pass over the
    row's raw answers (every batch row is read so)."""
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    sums = [0.0, 0.0]  # straight, reverse
    numbers = [0, 0]
    info = scorer.acquiescence_info
    for qid, raw in zip(pattern.ids_flat, raws, strict=True):
        if not isinstance(raw, str) or (entry := info.get(qid)) is None:
            continue
        value = entry[0].get(raw)
        if value is None:
            continue
        counts[raw] = counts.get(raw, 0) + 1
        first.setdefault(raw, qid)
        side = 1 if entry[1] else 0
        sums[side] += value
        numbers[side] += 1
    found = []
    total = numbers[0] + numbers[1]
    if total >= ACQUIESCENCE_ANSWERS:
        # the most chosen answer, the first met among equals (as Counter.most_common)
        answer = max(counts, key=counts.__getitem__)
        if counts[answer] / total >= ACQUIESCENCE_SHARE:
            share = counts[answer] / total
            found.append(Acquiescence("same_answer", answer, first[answer], share))
    reverse_agreed = numbers[1] >= 2 and numbers[0] > 0
    if reverse_agreed and min(sums[1] / numbers[1], sums[0] / numbers[0]) >= AGREEMENT:
        found.append(Acquiescence("reverse_agreed"))
    return tuple(found)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _overall_coverage(
    outcomes: list[tuple[DimensionOutcome, int, float]], pattern: Pattern, unknowns: Unknowns
) -> float:
    """Answered weight over applicable weight, all dimensions together; real "not yet"
    answers are not applicable."""
    applicable = sum(pattern.applicable_weight) - sum(unknowns.excluded)
    answered = sum(weight for _outcome, _count, weight in outcomes)
    return round(answered / applicable, 3) if applicable > 1e-9 else 0.0
