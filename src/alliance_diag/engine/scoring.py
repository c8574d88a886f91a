"""The scoring engine: answers to an explained readiness result. Pure: no I/O, no clock."""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alliance_diag.engine.answers import AnswerSet, AnswerValue, option_label
from alliance_diag.engine.conditions import Condition
from alliance_diag.engine.questionnaire import (
    PARTNER_TYPE,
    Question,
    Questionnaire,
    QuestionType,
)
from alliance_diag.engine.result import (
    AppliedGate,
    DimensionResult,
    Overall,
    PullDown,
    QuestionnaireRef,
    RecommendationResult,
    ResourceResult,
    Result,
    Status,
)
from alliance_diag.i18n import Catalog, choose_language, pick

PULL_DOWN_LIMIT = 3

_ = Catalog(
    {
        "ignored": {
            "fr": "réponse à « {id} » ignorée : la question ne s'applique pas à ce profil",
            "en": "answer to '{id}' ignored: the question does not apply to this profile",
        },
        "insufficient": {
            "fr": "{label} : pas assez de réponses pour noter cette dimension ({answered} sur "
            "{applicable}, couverture {coverage} % ; il faut {minimum} %)",
            "en": "{label}: not enough answers to score this dimension ({answered} of "
            "{applicable}, coverage {coverage}%; {minimum}% needed)",
        },
        "no_overall": {
            "fr": "trop peu de dimensions notées ({scored} sur {total}) : pas de score global ni "
            "de niveau",
            "en": "too few dimensions scored ({scored} of {total}): no overall score or level",
        },
    }
)


@dataclass(frozen=True)
class _Item:
    """A scored question compiled for speed: what each answer is worth on 0–1."""

    question: Question
    dimension: int
    weight: float
    values: Mapping[str, float | None]
    positive_total: float
    condition: Condition | None

    def value(self, answer: AnswerValue) -> float | None:
        """The answer's value on 0–1 (reverse applied), or None when unanswered."""
        if answer is None:
            return None
        q = self.question
        if q.type is QuestionType.number:
            if isinstance(answer, bool) or not isinstance(answer, int | float):
                return None
            assert q.min is not None and q.max is not None
            raw = min(max((answer - q.min) / (q.max - q.min), 0.0), 1.0)
        elif q.type is QuestionType.multiple:
            if not isinstance(answer, list) or not answer or self.positive_total <= 0:
                return None
            scores = [self.values.get(item) for item in answer]
            if all(s is None for s in scores):
                return None
            raw = min(sum(s for s in scores if s is not None) / self.positive_total, 1.0)
        else:
            if not isinstance(answer, str):
                return None
            found = self.values.get(answer)
            if found is None:
                return None
            raw = found
        return 1.0 - raw if q.reverse else raw


class Plan:
    """A questionnaire compiled once for scoring many answer sets quickly."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.dimension_ids = [d.id for d in questionnaire.dimensions]
        index = {dim: i for i, dim in enumerate(self.dimension_ids)}
        self.items = [
            _compile(question, index[question.dimension], questionnaire)
            for question in questionnaire.questions
            if question.dimension is not None
        ]
        self.profile_ids = [q.id for q in questionnaire.profile]
        self._cache: dict[tuple[str, tuple[Any, ...]], bool] = {}

    def holds(
        self, key: str, condition: Condition, context: Mapping[str, Mapping[str, Any] | Any]
    ) -> bool:
        """Evaluate a condition, memoised on the values it reads (batches repeat them)."""
        values = []
        for name, ref in condition.refs:
            value = context.get(name)
            if ref is not None and isinstance(value, Mapping):
                value = value.get(ref)
            values.append(tuple(value) if isinstance(value, list) else value)
        cache_key = (key, tuple(values))
        try:
            return self._cache[cache_key]
        except KeyError:
            pass
        except TypeError:
            return condition.evaluate(context)
        if len(self._cache) > 100_000:
            self._cache.clear()
        outcome = self._cache[cache_key] = condition.evaluate(context)
        return outcome


def _compile(question: Question, dimension: int, questionnaire: Questionnaire) -> _Item:
    values: dict[str, float | None] = {}
    positive_total = 0.0
    options = question.options or []
    numeric = [o.score for o in options if o.score is not None]
    if question.type is QuestionType.multiple:
        for option in options:
            values[option.id] = option.score
        positive_total = sum(s for s in numeric if s > 0)
    elif numeric:
        low, high = min(numeric), max(numeric)
        for option in options:
            values[option.id] = (
                None if option.score is None else (option.score - low) / (high - low)
            )
    return _Item(
        question=question,
        dimension=dimension,
        weight=question.weight,
        values=values,
        positive_total=positive_total,
        condition=questionnaire.condition(question.id),
    )


def plan_for(questionnaire: Questionnaire) -> Plan:
    """The questionnaire's scoring plan, compiled on first use and kept with it."""
    if questionnaire._plan is None:
        questionnaire._plan = Plan(questionnaire)
    plan: Plan = questionnaire._plan
    return plan


def applicable_questions(questionnaire: Questionnaire, answers: AnswerSet) -> Iterator[Question]:
    """The questions whose condition holds for these answers, in order."""
    plan = plan_for(questionnaire)
    profile: dict[str, Any] = {pid: None for pid in plan.profile_ids}
    profile.update(answers.profile_values())
    context: dict[str, Any] = {"profile": profile, "answers": {}}
    for question in questionnaire.profile:
        condition = questionnaire.condition(question.id)
        if condition is None or plan.holds(question.id, condition, context):
            yield question
    effective: dict[str, AnswerValue] = {}
    context["answers"] = effective
    for question in questionnaire.questions:
        condition = questionnaire.condition(question.id)
        if condition is None or plan.holds(question.id, condition, context):
            effective[question.id] = answers.answers.get(question.id)
            yield question
        else:
            effective[question.id] = None


def score(questionnaire: Questionnaire, answers: AnswerSet, lang: str | None = None) -> Result:
    """Score one answer set (already checked and normalised) into a Result."""
    plan = plan_for(questionnaire)
    language = choose_language(
        lang or answers.language, questionnaire.languages, questionnaire.default_language
    )
    warnings: list[str] = []
    profile: dict[str, Any] = {pid: None for pid in plan.profile_ids}
    profile.update(answers.profile_values())
    effective: dict[str, AnswerValue] = {}
    context: dict[str, Any] = {"profile": profile, "answers": effective}
    dims = len(plan.dimension_ids)
    answered_weight = [0.0] * dims
    applicable_weight = [0.0] * dims
    weighted_sum = [0.0] * dims
    answered = [0] * dims
    applicable = [0] * dims
    lows: list[list[tuple[float, Question, AnswerValue]]] = [[] for _ in range(dims)]
    for item in plan.items:
        qid = item.question.id
        raw = answers.answers.get(qid)
        if item.condition is not None and not plan.holds(qid, item.condition, context):
            effective[qid] = None
            if raw is not None:
                warnings.append(_("ignored", language, id=qid))
            continue
        effective[qid] = raw
        d = item.dimension
        applicable[d] += 1
        applicable_weight[d] += item.weight
        value = item.value(raw)
        if value is None:
            continue
        answered[d] += 1
        answered_weight[d] += item.weight
        weighted_sum[d] += item.weight * value
        lows[d].append((value, item.question, raw))

    partner_type = profile.get(PARTNER_TYPE)
    partner_type = partner_type if isinstance(partner_type, str) else None
    bands = questionnaire.status_bands
    dimension_results: list[DimensionResult] = []
    overall_sum = overall_weight = 0.0
    for d, dimension in enumerate(questionnaire.dimensions):
        coverage = answered_weight[d] / applicable_weight[d] if applicable_weight[d] else 0.0
        dim_score: float | None = None
        status: Status = "insufficient"
        if answered_weight[d] > 0 and coverage + 1e-9 >= questionnaire.min_coverage:
            dim_score = round1(100 * weighted_sum[d] / answered_weight[d])
            status = _status(dim_score, bands.strength, bands.to_watch)
        weight = dimension.weight_for(partner_type)
        if dim_score is None:
            warnings.append(
                _(
                    "insufficient",
                    language,
                    label=pick(dimension.label, language),
                    answered=answered[d],
                    applicable=applicable[d],
                    coverage=round(coverage * 100),
                    minimum=round(questionnaire.min_coverage * 100),
                )
            )
        elif weight > 0:
            overall_sum += weight * dim_score
            overall_weight += weight
        dimension_results.append(
            DimensionResult(
                id=dimension.id,
                label=pick(dimension.label, language),
                family=dimension.family,
                score=dim_score,
                coverage=round(coverage, 3),
                status=status,
                answered=answered[d],
                applicable=applicable[d],
                weight=weight,
                pulled_down_by=_pull_downs(lows[d], language),
            )
        )
    overall = _overall(questionnaire, dimension_results, overall_sum, overall_weight, language)
    if overall.score is None:
        scored = sum(1 for d in dimension_results if d.score is not None)
        warnings.append(_("no_overall", language, scored=scored, total=len(dimension_results)))
    overall = overall.model_copy(
        update={
            "answered": sum(answered),
            "applicable": sum(applicable),
            "coverage": round(sum(answered_weight) / sum(applicable_weight), 3)
            if sum(applicable_weight)
            else 0.0,
        }
    )
    recommendations = _recommendations(
        questionnaire, plan, dimension_results, overall, context, language
    )
    return Result(
        questionnaire=QuestionnaireRef(id=questionnaire.id, version=questionnaire.version),
        language=language,
        respondent=answers.respondent.model_dump(),
        profile={k: v for k, v in answers.profile.items()},
        overall=overall,
        dimensions=dimension_results,
        recommendations=recommendations,
        strengths=[d.id for d in dimension_results if d.status == "strength"],
        concerns=[d.id for d in dimension_results if d.status == "concern"],
        notes=dict(answers.notes),
        warnings=warnings,
    )


def round1(value: float) -> float:
    """One decimal place, halves rounded up as people expect (56.25 → 56.3), not to even."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def _status(value: float, strength: float, to_watch: float) -> Status:
    if value >= strength:
        return "strength"
    if value >= to_watch:
        return "to_watch"
    return "concern"


def _pull_downs(lows: list[tuple[float, Question, AnswerValue]], language: str) -> list[PullDown]:
    """The answers below the middle of their scale, lowest first."""
    below = sorted((entry for entry in lows if entry[0] < 0.5), key=lambda entry: entry[0])
    return [
        PullDown(
            question=question.id,
            text=pick(question.text, language),
            answer=raw,
            answer_label=option_label(question, raw, language),
            value=round1(100 * value),
        )
        for value, question, raw in below[:PULL_DOWN_LIMIT]
    ]


def _overall(
    questionnaire: Questionnaire,
    dimensions: list[DimensionResult],
    total: float,
    weight: float,
    language: str,
) -> Overall:
    total_weight = sum(d.weight for d in dimensions)
    if weight <= 0 or weight + 1e-9 < questionnaire.min_coverage * total_weight:
        return Overall(
            score=None,
            level=None,
            level_label=None,
            capped_by=[],
            level_before_gates=None,
            gates=[],
            coverage=0.0,
            answered=0,
            applicable=0,
        )
    overall = round1(total / weight)
    level_ids = [level.id for level in questionnaire.levels]
    position = next(
        (i for i, level in enumerate(questionnaire.levels) if level.min <= overall < level.max),
        len(level_ids) - 1,
    )
    before = position
    applied: list[AppliedGate] = []
    for gate in questionnaire.gates:
        # A gate named after one dimension also holds when that dimension could not be
        # scored: the level cannot be confirmed above the cap without it.
        targets = [
            d
            for d in dimensions
            if (gate.dimension == "any" and d.score is not None) or gate.dimension == d.id
        ]
        for dimension in targets:
            if dimension.score is None or dimension.score < gate.below:
                cap = level_ids.index(gate.cap)
                applied.append(
                    AppliedGate(
                        dimension=dimension.id,
                        score=dimension.score,
                        below=gate.below,
                        cap=gate.cap,
                        lowered=cap < before,
                    )
                )
                position = min(position, cap)
    capped_by = list(dict.fromkeys(g.dimension for g in applied if g.lowered))
    level = questionnaire.levels[position]
    return Overall(
        score=overall,
        level=level.id,
        level_label=pick(level.label, language),
        capped_by=capped_by,
        level_before_gates=level_ids[before],
        gates=applied,
        coverage=0.0,
        answered=0,
        applicable=0,
    )


def _recommendations(
    questionnaire: Questionnaire,
    plan: Plan,
    dimensions: list[DimensionResult],
    overall: Overall,
    context: dict[str, Any],
    language: str,
) -> list[RecommendationResult]:
    context = {
        **context,
        "score": {d.id: d.score for d in dimensions},
        "status": {d.id: d.status for d in dimensions},
        "coverage": {d.id: d.coverage for d in dimensions},
        "level": overall.level,
        "overall": overall.score,
    }
    scores = {d.id: d.score for d in dimensions}
    chosen = []
    for position, recommendation in enumerate(questionnaire.recommendations):
        condition = questionnaire.condition(f"rec:{recommendation.id}")
        if condition is not None and not condition.evaluate(context):
            continue
        dim_score = scores.get(recommendation.dimension) if recommendation.dimension else None
        weakness = dim_score if dim_score is not None else 101.0
        chosen.append((recommendation.priority, weakness, position, recommendation))
    chosen.sort(key=lambda entry: entry[:3])
    return [
        RecommendationResult(
            id=r.id,
            dimension=r.dimension,
            priority=r.priority,
            horizon=r.horizon,
            stage=r.stage,
            text=pick(r.text, language),
            resources=[
                ResourceResult(title=pick(x.title, language), url=x.url) for x in r.resources
            ],
        )
        for *_rest, r in chosen
    ]


@dataclass(frozen=True, slots=True)
class QuickScore:
    """What ``score`` decides, as plain numbers: for batches that need no explanations."""

    dimensions: tuple[float | None, ...]
    coverage: tuple[float, ...]
    statuses: tuple[Status, ...]
    overall: float | None
    level: str | None
    capped_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pattern:
    """The items that apply for one set of condition values, grouped by dimension.

    Per dimension: the question ids, in the questionnaire's order; the functions giving
    each answer's value on 0–1 (reverse applied); their weights, or None when all are 1;
    and the applicable weight.
    """

    ids: tuple[tuple[str, ...], ...]
    values: tuple[tuple[Callable[[Any], float | None], ...], ...]
    weights: tuple[tuple[float, ...] | None, ...]
    applicable_weight: tuple[float, ...]


DimensionScore = tuple[float | None, float, Status]
_not_none = functools.partial(operator.is_not, None)


class QuickScorer:
    """Scores many answer sets to plain numbers, exactly as ``score`` would.

    ``score`` builds a full explained Result; a batch of 100,000 rows only needs the
    numbers. The arithmetic is the same, in the same order, so the floats are identical
    (a Hypothesis test compares the two). What is saved: the objects; the conditions,
    evaluated once per distinct set of values they read (``pattern``); and a dimension's
    score, status and coverage, computed once per distinct (answered weight, weighted
    sum, applicable weight) (``dimension``).
    """

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.plan = plan_for(questionnaire)
        self.dimension_ids = tuple(self.plan.dimension_ids)
        refs: dict[tuple[str, str | None], None] = {}
        for item in self.plan.items:
            if item.condition is not None:
                refs.update(dict.fromkeys(item.condition.refs))
        self.profile_refs = tuple(ref for name, ref in refs if name == "profile" and ref)
        self.answer_refs = tuple(ref for name, ref in refs if name == "answers" and ref)
        self._patterns: dict[tuple[Any, ...], Pattern] = {}
        self._dimensions: dict[tuple[float, float, float], DimensionScore] = {}
        # each item's value function: a dict lookup for choices (reverse applied once here)
        self.value_of: dict[str, Callable[[Any], float | None]] = {}
        for item in self.plan.items:
            if item.question.type in (QuestionType.number, QuestionType.multiple):
                self.value_of[item.question.id] = item.value
                continue
            table = {
                option: (1.0 - value if item.question.reverse else value)
                for option, value in item.values.items()
                if value is not None
            }
            self.value_of[item.question.id] = table.get
        self._level_bounds = [(level.min, level.max) for level in questionnaire.levels]
        self.level_ids = [level.id for level in questionnaire.levels]
        index = {dimension_id: i for i, dimension_id in enumerate(self.dimension_ids)}
        self.gates = [
            (None if gate.dimension in (None, "any") else index[str(gate.dimension)], gate.below,
             self.level_ids.index(gate.cap))
            for gate in questionnaire.gates
        ]  # fmt: skip
        self._weights: dict[str | None, tuple[float, ...]] = {}

    def score(self, profile: Mapping[str, Any], answers: Mapping[str, AnswerValue]) -> QuickScore:
        """Score normalised answers; ``profile`` holds profile answers and respondent fields."""
        pattern = self.pattern(profile, answers)
        get = answers.get
        dimensions = []
        for ids, values, weights, applicable_weight in zip(
            pattern.ids, pattern.values, pattern.weights, pattern.applicable_weight, strict=True
        ):
            pairs = zip(ids, values, strict=True)
            try:
                found = [value(get(qid)) for qid, value in pairs]
            except TypeError:
                # an unhashable answer (a list) where a choice is expected: worth nothing
                found = [_safe_value(value, get(q)) for q, value in zip(ids, values, strict=True)]
            dimensions.append(self.dimension(found, weights, applicable_weight))
        partner_type = profile.get(PARTNER_TYPE)
        return self.finish(dimensions, partner_type if isinstance(partner_type, str) else None)

    def dimension(
        self,
        found: Sequence[float | None],
        weights: tuple[float, ...] | None,
        applicable_weight: float,
    ) -> DimensionScore:
        """Score, coverage and status of a dimension from its items' values, in order."""
        if weights is None:
            # weights of 1: the same float additions as score(), in the same order
            answered_weight = float(len(found) - found.count(None))
            weighted_sum = functools.reduce(operator.add, filter(_not_none, found), 0.0)
        else:
            answered_weight = weighted_sum = 0.0
            for weight, value in zip(weights, found, strict=True):
                if value is not None:
                    answered_weight += weight
                    weighted_sum += weight * value
        return self.outcome(answered_weight, weighted_sum, applicable_weight)

    def outcome(
        self, answered_weight: float, weighted_sum: float, applicable_weight: float
    ) -> DimensionScore:
        """Score, coverage and status of a dimension from its sums."""
        key = (answered_weight, weighted_sum, applicable_weight)
        known = self._dimensions.get(key)
        if known is not None:
            return known
        coverage = answered_weight / applicable_weight if applicable_weight else 0.0
        dim_score: float | None = None
        status: Status = "insufficient"
        if answered_weight > 0 and coverage + 1e-9 >= self.questionnaire.min_coverage:
            dim_score = round1(100 * weighted_sum / answered_weight)
            bands = self.questionnaire.status_bands
            status = _status(dim_score, bands.strength, bands.to_watch)
        outcome = (dim_score, round(coverage, 3), status)
        if len(self._dimensions) < 100_000:
            self._dimensions[key] = outcome
        return outcome

    def finish(self, dimensions: list[DimensionScore], partner_type: str | None) -> QuickScore:
        """The whole score from each dimension's score, coverage and status."""
        scores = [d[0] for d in dimensions]
        overall, level, capped_by = self.level_of(scores, partner_type)
        return QuickScore(
            dimensions=tuple(scores),
            coverage=tuple([d[1] for d in dimensions]),
            statuses=tuple([d[2] for d in dimensions]),
            overall=overall,
            level=level,
            capped_by=capped_by,
        )

    def level_of(
        self, scores: list[float | None], partner_type: str | None
    ) -> tuple[float | None, str | None, tuple[str, ...]]:
        """Overall score, level and the gates that lowered it, from dimension scores."""
        weights = self.weights_for(partner_type)
        total = weight = 0.0
        for dim_score, dim_weight in zip(scores, weights, strict=True):
            if dim_score is not None and dim_weight > 0:
                total += dim_weight * dim_score
                weight += dim_weight
        overall, position = self.base_level(total, weight, weights)
        if overall is None:
            return None, None, ()
        before = position
        lowered: dict[str, None] = {}
        # weight > 0, so some dimension has a score: an "any" gate whose threshold is at or
        # under the lowest one holds for no dimension, the common case, skipped at once
        lowest = min([value for value in scores if value is not None])
        for target, below, cap in self.gates:
            if target is None:
                if lowest >= below:
                    continue
                indices: Iterable[int] = range(len(scores))
            else:
                indices = (target,)
            for i in indices:
                dim_score = scores[i]
                if dim_score is None:
                    if target is None:
                        continue
                elif dim_score >= below:
                    continue
                if cap < before:
                    lowered[self.dimension_ids[i]] = None
                position = min(position, cap)
        return overall, self.level_ids[position], tuple(lowered)

    def weights_for(self, partner_type: str | None) -> tuple[float, ...]:
        """Each dimension's weight in the overall score, for a partner type."""
        weights = self._weights.get(partner_type)
        if weights is None:
            weights = tuple(d.weight_for(partner_type) for d in self.questionnaire.dimensions)
            if len(self._weights) < 1_000:
                self._weights[partner_type] = weights
        return weights

    def base_level(
        self, total: float, weight: float, weights: tuple[float, ...]
    ) -> tuple[float | None, int]:
        """Overall score and level position before gates, from the weighted dimension sums.

        No overall score (too few dimensions scored) gives None and the position just past
        the last level.
        """
        bounds = self._level_bounds
        if weight <= 0 or weight + 1e-9 < self.questionnaire.min_coverage * sum(weights):
            return None, len(bounds)
        overall = round1(total / weight)
        position = len(bounds) - 1
        for i, (low, high) in enumerate(bounds):
            if low <= overall < high:
                position = i
                break
        return overall, position

    def pattern(self, profile: Mapping[str, Any], answers: Mapping[str, AnswerValue]) -> Pattern:
        """Which items apply, memoised on the values that the conditions read."""
        key = (*map(profile.get, self.profile_refs), *map(answers.get, self.answer_refs))
        try:
            return self._patterns[key]
        except KeyError:
            pass
        except TypeError:
            key = tuple(tuple(v) if isinstance(v, list) else v for v in key)
            if key in self._patterns:
                return self._patterns[key]
        full_profile: dict[str, Any] = {pid: None for pid in self.plan.profile_ids}
        full_profile.update(profile)
        effective: dict[str, AnswerValue] = {}
        context: dict[str, Any] = {"profile": full_profile, "answers": effective}
        dims = len(self.dimension_ids)
        ids: list[list[str]] = [[] for _ in range(dims)]
        weights: list[list[float]] = [[] for _ in range(dims)]
        applicable_weight = [0.0] * dims
        for item in self.plan.items:
            qid = item.question.id
            if item.condition is not None and not self.plan.holds(qid, item.condition, context):
                effective[qid] = None
                continue
            effective[qid] = answers.get(qid)
            ids[item.dimension].append(qid)
            weights[item.dimension].append(item.weight)
            applicable_weight[item.dimension] += item.weight
        pattern = Pattern(
            ids=tuple(tuple(group) for group in ids),
            values=tuple(tuple(self.value_of[qid] for qid in group) for group in ids),
            weights=tuple(None if all(w == 1.0 for w in ws) else tuple(ws) for ws in weights),
            applicable_weight=tuple(applicable_weight),
        )
        if len(self._patterns) < 10_000:
            self._patterns[key] = pattern
        return pattern


def _safe_value(value: Callable[[Any], float | None], answer: Any) -> float | None:
    try:
        return value(answer)
    except TypeError:
        return None


def recommendations_for(
    questionnaire: Questionnaire,
    dimensions: list[DimensionResult],
    overall: Overall,
    lang: str,
) -> list[RecommendationResult]:
    """The recommendations whose conditions hold for given dimension results, ordered.

    For results that do not come from one answer set (a network's averages): profile
    and answers are unknown, so conditions reading them do not hold.
    """
    plan = plan_for(questionnaire)
    context: dict[str, Any] = {
        "profile": {pid: None for pid in plan.profile_ids},
        "answers": {item.question.id: None for item in plan.items},
    }
    return _recommendations(questionnaire, plan, dimensions, overall, context, lang)


def status_for(questionnaire: Questionnaire, value: float | None) -> Status:
    """The status a dimension score gets under the questionnaire's bands."""
    if value is None:
        return "insufficient"
    bands = questionnaire.status_bands
    return _status(value, bands.strength, bands.to_watch)
