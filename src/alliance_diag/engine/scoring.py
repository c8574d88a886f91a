"""The scoring engine: answers to an explained readiness result. Pure: no I/O, no clock.

One path for every command: ``Scorer.measure`` turns answers into numbers (dimension
scores, coverage, statuses and the level decided by ``levels.decide_level``); ``score``
adds the explanations a report shows (which answers pulled a dimension down, the next
steps, the warnings). A batch without reports stops at the numbers.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alliance_diag.engine.answers import AnswerSet, AnswerValue, option_label
from alliance_diag.engine.conditions import Condition
from alliance_diag.engine.levels import Cap, LevelDecision, LevelRule, round1
from alliance_diag.engine.questionnaire import (
    PARTNER_TYPE,
    STAGE,
    Gate,
    Question,
    Questionnaire,
    QuestionType,
    Recommendation,
)
from alliance_diag.engine.result import (
    DimensionResult,
    Notice,
    Overall,
    PullDown,
    QuestionnaireRef,
    RecommendationResult,
    ResourceResult,
    Result,
    Status,
)
from alliance_diag.i18n import Catalog, pick

__all__ = ["Measure", "Scorer", "explain", "round1", "score", "scorer_for"]

PULL_DOWN_LIMIT = 3
# a dimension scored on less of its weight than this is marked "to confirm"
FIRM_COVERAGE = 0.8
# acquiescence: at least this many scored answers, this share of them the same option
ACQUIESCENCE_ANSWERS = 8
ACQUIESCENCE_SHARE = 0.85
# ... or reverse-worded items agreed with as much as straight ones (on the raw 0–1 scale)
AGREEMENT = 0.75
# memo sizes: distinct condition inputs, and distinct dimension sums, kept at once
PATTERNS_KEPT = 10_000
OUTCOMES_KEPT = 100_000

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
        "acquiescence_same": {
            "fr": "{share} des réponses notées sont la même (« {answer} ») : le résultat est "
            "fragile ; relisez les questions ensemble avant d'en tirer des conclusions.",
            "en": "{share} of the scored answers are the same (“{answer}”): the result is "
            "fragile; go through the questions together before drawing conclusions.",
        },
        "acquiescence_reverse": {
            "fr": "Les affirmations formulées à l'envers reçoivent le même accord que les "
            "autres : certaines ont peut-être été lues trop vite, et le résultat est fragile.",
            "en": "Statements worded the other way round get the same agreement as the others: "
            "some may have been read too fast, and the result is fragile.",
        },
        "no_overall": {
            "fr": "Trop peu de dimensions notées ({scored} sur {total}) : pas de score global ni "
            "de niveau.",
            "en": "Too few dimensions scored ({scored} of {total}): no overall score or level.",
        },
    }
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


def _item(question: Question, dimension: int, questionnaire: Questionnaire) -> Item:
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


@dataclass(frozen=True, slots=True)
class Pattern:
    """What applies for one set of the values that conditions read.

    Per dimension: the applicable question ids in order, their weights (None when all are
    1) and the applicable weight; the gates whose condition holds; and the scored
    questions that do not apply.
    """

    ids: tuple[tuple[str, ...], ...]
    weights: tuple[tuple[float, ...] | None, ...]
    applicable_weight: tuple[float, ...]
    gates: tuple[tuple[int, Gate], ...]
    skipped: tuple[str, ...]
    # the same questions flat, with their value functions, for the row's one pass; each
    # dimension's slice of them, how many apply and whether any does
    ids_flat: tuple[str, ...]
    value_flat: tuple[ValueOf, ...]
    bounds: tuple[tuple[int, int], ...]
    counts: tuple[int, ...]
    applicable: tuple[bool, ...]
    # per flat question: its dimension and weight; the "not yet" answers that leave it
    # out as not applicable (real at this stage), those that count as its lowest answer
    # for the level (once it should be known), and its "don't know" answers, which count
    # so too; then the positions of the questions that declare critical answers
    dimension_flat: tuple[int, ...]
    weight_flat: tuple[float, ...]
    real_not_yet_flat: tuple[frozenset[str], ...]
    late_not_yet_flat: tuple[frozenset[str], ...]
    dont_know_flat: tuple[frozenset[str], ...]
    critical_flat: tuple[int, ...]


# what an unknown answer was, for the level's reasons
UNKNOWN_KINDS = ("dont_know", "skipped", "late_not_yet")


@dataclass(frozen=True, slots=True)
class Acquiescence:
    """A sign of answers given too fast: ``same_answer`` (``share`` of the scored answers
    are ``answer``) or ``reverse_agreed`` (reverse-worded statements agreed with)."""

    id: str
    answer: str | None = None
    question: str | None = None
    share: float = 0.0


@dataclass(frozen=True, slots=True)
class Measure:
    """An answer set's numbers: per dimension (questionnaire order) and the level."""

    dimensions: tuple[float | None, ...]
    coverage: tuple[float, ...]
    statuses: tuple[Status, ...]
    answered: tuple[int, ...]
    applicable: tuple[int, ...]
    # answered weight over applicable weight, all dimensions together
    overall_coverage: float
    decision: LevelDecision
    # per dimension, the "not yet" answers that are real at this stage
    not_yet: tuple[int, ...] = ()
    # what the answers hold beyond the numbers: checks that fired (ids), signs of
    # answers given too fast, critical answers (question ids), ceilings that hold (ids)
    checks: tuple[str, ...] = ()
    acquiescence: tuple[Acquiescence, ...] = ()
    criticals: tuple[str, ...] = ()
    ceilings: tuple[str, ...] = ()
    # which kinds of unknown answers the level counted as the lowest
    unknown_kinds: tuple[str, ...] = ()

    @property
    def overall(self) -> float | None:
        return self.decision.score

    @property
    def level(self) -> str | None:
        return self.decision.level


DimensionOutcome = tuple[float | None, float, Status]
_not_none = functools.partial(operator.is_not, None)


def _sums(found: Sequence[float | None], weights: tuple[float, ...] | None) -> tuple[float, float]:
    """Answered weight and weighted sum of a dimension's item values, in order."""
    if weights is None:
        answered_weight = float(len(found) - found.count(None))
        return answered_weight, functools.reduce(operator.add, filter(_not_none, found), 0.0)
    answered_weight = weighted_sum = 0.0
    for weight, value in zip(weights, found, strict=True):
        if value is not None:
            answered_weight += weight
            weighted_sum += weight * value
    return answered_weight, weighted_sum


class _Unknowns:
    """What a row's unanswered values are: real "not yet" answers, left out of what
    applies (``excluded`` weight and ``not_yet`` count per dimension), and unknown ones,
    worth the lowest answer for the level (``lowest``: the values with them at 0, or None
    when there is none; ``kinds``: which kinds were found)."""

    def __init__(
        self, pattern: Pattern, raws: list[AnswerValue | None], every: list[float | None]
    ) -> None:
        dims = len(pattern.bounds)
        self.excluded = [0.0] * dims
        self.not_yet: tuple[int, ...] = (0,) * dims
        self.lowest: list[float | None] | None = None
        self.kinds: tuple[str, ...] = ()
        # the positions of the unknown answers
        self.positions: tuple[int, ...] = ()
        if None not in every:
            return
        not_yet = [0] * dims
        lowest = list(every)
        kinds: set[str] = set()
        positions: list[int] = []
        for i, (raw, value) in enumerate(zip(raws, every, strict=True)):
            if value is not None:
                continue
            if raw is None:
                kinds.add("skipped")
            elif not isinstance(raw, str):
                continue  # a list or number worth nothing: an answer, not an unknown
            elif raw in pattern.real_not_yet_flat[i]:
                dimension = pattern.dimension_flat[i]
                self.excluded[dimension] += pattern.weight_flat[i]
                not_yet[dimension] += 1
                continue
            elif raw in pattern.dont_know_flat[i]:
                kinds.add("dont_know")
            elif raw in pattern.late_not_yet_flat[i]:
                kinds.add("late_not_yet")
            else:
                continue
            lowest[i] = 0.0
            positions.append(i)
        self.not_yet = tuple(not_yet)
        self.positions = tuple(positions)
        if kinds:
            self.lowest = lowest
            self.kinds = tuple(kind for kind in UNKNOWN_KINDS if kind in kinds)


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
            _item(question, index[question.dimension], questionnaire)
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
        self.reads_answers = bool(
            self.checks
            or self.ceilings
            or any(questionnaire.condition(f"critical:{qid}") for qid in self.critical_caps)
        )
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
        unknowns = _Unknowns(pattern, raws, every)
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
            # for the level, each unknown answer is its lowest answer: in the scores (0),
            # and in what the answers hold beyond them
            lows = self._outcomes_of(pattern, unknowns.lowest, unknowns.excluded)
            low_scores = tuple(o[0] for o, _c, _w in lows)
            low_answers = dict(answers)
            for position in unknowns.positions:
                qid = pattern.ids_flat[position]
                low_answers[qid] = self.item_of[qid].lowest_answer
            low_raws = list(map(low_answers.get, pattern.ids_flat))
            low_found = self._beyond_numbers(profile, low_answers, pattern, low_raws)
            low_caps = self._caps(low_answers, low_found)
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
        answered_weights = [weight for _outcome, _count, weight in outcomes]
        applicable_total = sum(pattern.applicable_weight) - sum(unknowns.excluded)
        return Measure(
            dimensions=scores,
            coverage=tuple([outcome[1] for outcome, _count, _weight in outcomes]),
            statuses=statuses,
            answered=tuple(answered),
            applicable=tuple(c - n for c, n in zip(pattern.counts, unknowns.not_yet, strict=True)),
            overall_coverage=round(sum(answered_weights) / applicable_total, 3)
            if applicable_total > 1e-9
            else 0.0,
            decision=decision,
            not_yet=unknowns.not_yet,
            checks=checks,
            acquiescence=acquiescence,
            criticals=criticals,
            ceilings=ceilings,
            unknown_kinds=unknowns.kinds if decision.known_answers_level else (),
        )

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
        questionnaire = self.questionnaire
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
            condition = questionnaire.condition(f"critical:{item.question.id}")
            if condition is not None:
                if condition.evaluate(context or {}):
                    criticals.append(item.question.id)
            elif isinstance(raw, str) and raw in item.critical_options:
                criticals.append(item.question.id)
        return checks, _acquiescence(self, pattern, answers), tuple(criticals), ceilings

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
            answered_weight, weighted_sum = _sums(found, weights)
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
    scorer: Scorer = questionnaire._plan
    return scorer


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


def applicable_questions(questionnaire: Questionnaire, answers: AnswerSet) -> Iterator[Question]:
    """The questions whose condition holds for these answers, in order."""
    context = scorer_for(questionnaire).context(answers.profile_values())
    profile_context = {"profile": context["profile"], "answers": {}}
    for question in questionnaire.profile:
        condition = questionnaire.condition(question.id)
        if condition is None or condition.evaluate(profile_context):
            yield question
    effective = context["answers"]
    for question in questionnaire.questions:
        condition = questionnaire.condition(question.id)
        if condition is None or condition.evaluate(context):
            effective[question.id] = answers.answers.get(question.id)
            yield question


def score(questionnaire: Questionnaire, answers: AnswerSet, lang: str | None = None) -> Result:
    """Score one answer set (already checked and normalised) into an explained Result.

    ``lang`` defaults to the answer file's language when the questionnaire has it, else
    the questionnaire's own.
    """
    chosen = questionnaire.language
    for candidate in (lang, answers.language):
        if candidate in questionnaire.languages:
            chosen = str(candidate)
            break
    measure = scorer_for(questionnaire).measure(answers.profile_values(), answers.answers)
    return explain(questionnaire, answers, measure, chosen)


def explain(
    questionnaire: Questionnaire, answers: AnswerSet, measure: Measure, lang: str
) -> Result:
    """The Result of an answer set whose numbers are measured: reasons, steps, warnings."""
    scorer = scorer_for(questionnaire)
    profile = answers.profile_values()
    pattern = scorer.pattern(profile, answers.answers)
    warnings = [_("ignored", lang, id=qid) for qid in pattern.skipped if answers.answers.get(qid)
                is not None]  # fmt: skip
    dimensions = _dimension_results(questionnaire, scorer, measure, pattern, answers, lang)
    for result in dimensions:
        if result.status == "insufficient":
            warnings.append(
                _(
                    "insufficient",
                    lang,
                    label=result.label,
                    answered=result.answered,
                    applicable=result.applicable,
                    coverage=round(result.coverage * 100),
                    minimum=round(questionnaire.min_coverage * 100),
                )
            )
    overall = _overall(questionnaire, measure, pattern, lang)
    if overall.score is None:
        scored = sum(1 for d in dimensions if d.score is not None)
        warnings.append(_("no_overall", lang, scored=scored, total=len(dimensions)))
    context = scorer.context(profile)
    context["answers"].update((qid, answers.answers.get(qid)) for ids in pattern.ids for qid in ids)
    recommendations = _recommendations(questionnaire, dimensions, overall, context, lang)
    notices = _notices(questionnaire, measure, lang)
    return Result(
        questionnaire=QuestionnaireRef(id=questionnaire.id, version=questionnaire.version),
        language=lang,
        respondent=answers.respondent.model_dump(),
        profile=dict(answers.profile),
        overall=overall,
        dimensions=dimensions,
        recommendations=recommendations,
        strengths=[d.id for d in dimensions if d.status == "strength"],
        concerns=[d.id for d in dimensions if d.status == "concern"],
        notes=dict(answers.notes),
        warnings=warnings,
        notices=notices,
    )


def _dimension_results(
    questionnaire: Questionnaire,
    scorer: Scorer,
    measure: Measure,
    pattern: Pattern,
    answers: AnswerSet,
    lang: str,
) -> list[DimensionResult]:
    partner_type = answers.profile_values().get(PARTNER_TYPE)
    weights = scorer.weights_for(partner_type if isinstance(partner_type, str) else None)
    items = scorer.item_of
    results = []
    for d, dimension in enumerate(questionnaire.dimensions):
        lows = []
        for qid in pattern.ids[d]:
            raw = answers.answers.get(qid)
            found = items[qid].worth(raw)
            if found is not None and found < 0.5:
                lows.append((found, items[qid].question, raw))
        dim_score = measure.dimensions[d]
        dont_know, if_low, low_label = _dont_know_sensitivity(
            [items[qid] for qid in pattern.ids[d]], answers.answers, lang
        )
        results.append(
            DimensionResult(
                id=dimension.id,
                label=pick(dimension.label, lang),
                family=dimension.family,
                score=measure.dimensions[d],
                coverage=measure.coverage[d],
                status=measure.statuses[d],
                answered=measure.answered[d],
                applicable=measure.applicable[d],
                weight=weights[d],
                pulled_down_by=_pull_downs(lows, lang),
                dont_know=dont_know,
                score_if_dont_know_low=if_low,
                dont_know_as=low_label,
                to_confirm=dim_score is not None and measure.coverage[d] < FIRM_COVERAGE,
                not_yet=measure.not_yet[d],
            )
        )
    return results


def _dont_know_sensitivity(
    items: list[Item], answers: Mapping[str, AnswerValue], lang: str
) -> tuple[int, float | None, str | None]:
    """How many "don't know" answers a dimension has; its score had each of them been the
    lowest answer of its scale, as the level counts them (None without any), and that
    answer's label when every such question shares it: what the silence may hide."""
    answered_weight = weighted_sum = 0.0
    count = 0
    labels: set[str] = set()
    for item in items:
        raw = answers.get(item.question.id)
        value = item.worth(raw)
        if isinstance(raw, str) and raw in item.dont_know:
            count += 1
            value = 0.0
            labels.update(
                pick(o.label, lang)
                for o in item.question.options or []
                if o.score is not None and item.value(o.id) == 0.0
            )
        if value is not None:
            answered_weight += item.weight
            weighted_sum += item.weight * value
    if not count or answered_weight <= 0:
        return count, None, None
    shared = labels.pop() if len(labels) == 1 else None
    return count, round1(100 * weighted_sum / answered_weight), shared


def _acquiescence(
    scorer: Scorer, pattern: Pattern, answers: Mapping[str, AnswerValue]
) -> tuple[Acquiescence, ...]:
    """Signs of answers given too fast: nearly every answer the same option, or
    reverse-worded statements getting the agreement straight ones get."""
    chosen: list[tuple[str, Question]] = []
    straight: list[float] = []
    reverse: list[float] = []
    for qid in pattern.ids_flat:
        item, raw = scorer.item_of[qid], answers.get(qid)
        raw_value = item.values.get(raw) if isinstance(raw, str) else None
        if raw_value is None or item.question.type is QuestionType.multiple:
            continue
        assert isinstance(raw, str)
        chosen.append((raw, item.question))
        (reverse if item.question.reverse else straight).append(raw_value)
    found = []
    if len(chosen) >= ACQUIESCENCE_ANSWERS:
        answer, count = Counter(raw for raw, _q in chosen).most_common(1)[0]
        if count / len(chosen) >= ACQUIESCENCE_SHARE:
            question = next(q for raw, q in chosen if raw == answer)
            share = count / len(chosen)
            found.append(Acquiescence("same_answer", answer, question.id, share))
    if len(reverse) >= 2 and straight and min(_mean(reverse), _mean(straight)) >= AGREEMENT:
        found.append(Acquiescence("reverse_agreed"))
    return tuple(found)


def _notices(questionnaire: Questionnaire, measure: Measure, lang: str) -> list[Notice]:
    """The checks that fired and the signs of answers given too fast, worded."""
    texts = {check.id: check.text for check in questionnaire.checks}
    notices = [
        Notice(id=check_id, kind="check", text=pick(texts[check_id], lang))
        for check_id in measure.checks
    ]
    for sign in measure.acquiescence:
        if sign.id == "same_answer":
            question = questionnaire.question(sign.question or "")
            assert question is not None and sign.answer is not None
            share = f"{round(100 * sign.share)}" + ("\u00a0%" if lang == "fr" else "%")
            label = option_label(question, sign.answer, lang)
            text = _("acquiescence_same", lang, share=share, answer=label)
        else:
            text = _("acquiescence_reverse", lang)
        notices.append(Notice(id=sign.id, kind="acquiescence", text=text))
    return notices


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _pull_downs(lows: list[tuple[float, Question, AnswerValue]], lang: str) -> list[PullDown]:
    """The answers below the middle of their scale, lowest first."""
    lows.sort(key=lambda entry: entry[0])
    return [
        PullDown(
            question=question.id,
            text=pick(question.text, lang),
            answer=raw,
            answer_label=option_label(question, raw, lang),
            value=round1(100 * value),
        )
        for value, question, raw in lows[:PULL_DOWN_LIMIT]
    ]


def _overall(
    questionnaire: Questionnaire, measure: Measure, pattern: Pattern, lang: str
) -> Overall:
    decision = measure.decision
    total_answered = sum(measure.answered)
    total_applicable = sum(measure.applicable)
    coverage = measure.overall_coverage
    if decision.level is None:
        return Overall(
            score=None,
            level=None,
            level_label=None,
            capped_by=[],
            level_before_gates=None,
            gates=[],
            coverage=coverage,
            answered=total_answered,
            applicable=total_applicable,
            provisional=decision.provisional,
            unscored=list(decision.unscored),
        )
    return Overall(
        score=decision.score,
        level=decision.level,
        level_label=pick(questionnaire.level(decision.level).label, lang),
        capped_by=list(decision.capped_by),
        level_before_gates=decision.before_gates,
        gates=list(decision.gates),
        gates_applying=[index for index, _gate in pattern.gates],
        known_answers_level=decision.known_answers_level,
        doubtful=list(decision.doubtful),
        unknown_kinds=list(measure.unknown_kinds),
        caps=list(decision.caps),
        coverage=coverage,
        answered=total_answered,
        applicable=total_applicable,
        provisional=decision.provisional,
        unscored=list(decision.unscored),
    )


def _recommendations(
    questionnaire: Questionnaire,
    dimensions: list[DimensionResult],
    overall: Overall,
    context: dict[str, Any],
    lang: str,
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
    chosen = _within_limits(questionnaire, chosen)
    return [
        RecommendationResult(
            id=r.id,
            dimension=r.dimension,
            priority=r.priority,
            horizon=r.horizon,
            stage=r.stage,
            text=pick(r.text, lang),
            resources=[ResourceResult(title=pick(x.title, lang), url=x.url) for x in r.resources],
        )
        for *_rest, r in chosen
    ]


def _within_limits(
    questionnaire: Questionnaire, chosen: list[tuple[int, float, int, Recommendation]]
) -> list[tuple[int, float, int, Recommendation]]:
    """The first of each topic, then at most the questionnaire's total and "now" steps."""
    limits = questionnaire.recommendation_limits
    topics: set[str] = set()
    kept = []
    now = 0
    for entry in chosen:
        recommendation = entry[3]
        if recommendation.topic is not None:
            if recommendation.topic in topics:
                continue
            topics.add(recommendation.topic)
        if recommendation.horizon == "now":
            if limits.now is not None and now >= limits.now:
                continue
            now += 1
        kept.append(entry)
        if limits.total is not None and len(kept) >= limits.total:
            break
    return kept


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
    context = scorer_for(questionnaire).context({})
    return _recommendations(questionnaire, dimensions, overall, context, lang)
