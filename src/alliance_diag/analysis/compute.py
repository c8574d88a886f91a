"""The item analysis of answered rows: reliability per dimension, behaviour per item. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from alliance_diag.analysis import statistics
from alliance_diag.analysis.model import (
    Analysis,
    DimensionAnalysis,
    DimensionFlag,
    ItemAnalysis,
    ItemFlag,
    Thresholds,
)
from alliance_diag.core.i18n import pick
from alliance_diag.engine.questionnaire import Question, Questionnaire
from alliance_diag.engine.result import QuestionnaireRef

# docs/analysis.md gives the source of each line
THRESHOLDS = Thresholds(alpha=0.7, item_total=0.3, dont_know=0.2, min_cases=30)
CONFIDENCE = 0.95


class Missing(Enum):
    """An applicable question without a value: left blank, or answered with an option that
    carries no score, meant as "don't know" or as "not yet / not applicable"."""

    blank = "blank"
    dont_know = "dont_know"
    not_applicable = "not_applicable"


Answer = float | Missing
# one row: the value of each scored question that applies to it (reverse applied, 0–1)
Row = Mapping[str, Answer]


@dataclass(frozen=True)
class ReadFacts:
    """What reading the export found beside the answers."""

    source: str
    rows_read: int
    rows_rejected: int
    not_in_export: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Counts:
    applicable: int = 0
    blank: int = 0
    dont_know: int = 0
    not_applicable: int = 0
    floor: int = 0
    ceiling: int = 0

    @property
    def answered(self) -> int:
        return self.applicable - self.blank - self.dont_know - self.not_applicable


@dataclass(frozen=True)
class _Scale:
    """A dimension's core items (those that apply to every row) on its complete cases."""

    core: list[str]
    totals: list[float | None]
    complete: list[int]
    matrix: statistics.Matrix | None


def analyze(
    questionnaire: Questionnaire, rows: Sequence[Row], facts: ReadFacts, lang: str
) -> Analysis:
    """Analyse the answered rows of an export against their questionnaire."""
    counts = _count(rows)
    scales = {
        d.id: _scale(_questions(questionnaire, d.id, counts), rows)
        for d in questionnaire.dimensions
    }
    dimensions = [
        _dimension(questionnaire, dimension.id, scales, counts, rows, lang)
        for dimension in questionnaire.dimensions
        if _questions(questionnaire, dimension.id, counts)
    ]
    return Analysis(
        questionnaire=QuestionnaireRef(id=questionnaire.id, version=questionnaire.version),
        language=lang,
        source=facts.source,
        rows_read=facts.rows_read,
        rows_analysed=len(rows),
        rows_rejected=facts.rows_rejected,
        not_in_export=facts.not_in_export,
        confidence=CONFIDENCE,
        thresholds=THRESHOLDS,
        dimensions=dimensions,
        warnings=facts.warnings,
    )


def _count(rows: Sequence[Row]) -> dict[str, _Counts]:
    counts: dict[str, _Counts] = {}
    for row in rows:
        for question_id, answer in row.items():
            count = counts.setdefault(question_id, _Counts())
            count.applicable += 1
            if answer is Missing.blank:
                count.blank += 1
            elif answer is Missing.dont_know:
                count.dont_know += 1
            elif answer is Missing.not_applicable:
                count.not_applicable += 1
            elif answer == 0.0:
                count.floor += 1
            elif answer == 1.0:
                count.ceiling += 1
    return counts


def _questions(
    questionnaire: Questionnaire, dimension_id: str, counts: Mapping[str, _Counts]
) -> list[Question]:
    """The dimension's questions that applied to at least one row, in questionnaire order."""
    return [q for q in questionnaire.questions if q.dimension == dimension_id and q.id in counts]


def _scale(questions: list[Question], rows: Sequence[Row]) -> _Scale:
    """The core items, each row's total of them (None unless complete), and their covariances
    when alpha can be computed (two core items and two complete cases at least)."""
    core = [q.id for q in questions if all(q.id in row for row in rows)]
    totals: list[float | None] = []
    complete: list[int] = []
    for index, row in enumerate(rows):
        values = [row[question_id] for question_id in core]
        if core and all(isinstance(value, float) for value in values):
            totals.append(sum(value for value in values if isinstance(value, float)))
            complete.append(index)
        else:
            totals.append(None)
    matrix = None
    # alpha and its interval are given as soon as they can be computed; below
    # min_cases the report says they cannot be trusted yet
    if len(core) >= 2 and len(complete) >= 2:
        columns = [[_value(rows[i][question_id]) for i in complete] for question_id in core]
        matrix = statistics.covariances(columns)
    return _Scale(core=core, totals=totals, complete=complete, matrix=matrix)


def _value(answer: Answer) -> float:
    assert isinstance(answer, float), "complete cases hold values only"
    return answer


@dataclass(frozen=True)
class _Reliability:
    """Alpha and its interval as soon as they can be computed; each core item's figures
    from min_cases complete cases on (an item-rest correlation on a dozen rows is noise
    that no interval comes with)."""

    alpha: float | None = None
    low: float | None = None
    high: float | None = None
    item_totals: Mapping[str, float | None] = field(default_factory=dict)
    deleted: Mapping[str, float | None] = field(default_factory=dict)


def _reliability(scale: _Scale) -> _Reliability:
    if scale.matrix is None:
        return _Reliability()
    alpha = statistics.alpha_of(scale.matrix, range(len(scale.core)))
    low = high = None
    if alpha is not None:
        low, high = statistics.feldt_interval(
            alpha, len(scale.complete), len(scale.core), CONFIDENCE
        )
    if len(scale.complete) < THRESHOLDS.min_cases:
        return _Reliability(alpha=alpha, low=low, high=high)
    return _Reliability(
        alpha=alpha,
        low=low,
        high=high,
        item_totals=dict(
            zip(scale.core, statistics.corrected_item_totals(scale.matrix), strict=True)
        ),
        deleted=dict(zip(scale.core, statistics.alphas_if_deleted(scale.matrix), strict=True)),
    )


def _dimension_flags(scale: _Scale, alpha: float | None) -> list[DimensionFlag]:
    if len(scale.core) < 2:
        return [DimensionFlag.too_few_items]
    if len(scale.complete) < THRESHOLDS.min_cases:
        return [DimensionFlag.too_few_cases]
    if alpha is not None and alpha < THRESHOLDS.alpha:
        return [DimensionFlag.low_alpha]
    return []


def _dimension(
    questionnaire: Questionnaire,
    dimension_id: str,
    scales: Mapping[str, _Scale],
    counts: Mapping[str, _Counts],
    rows: Sequence[Row],
    lang: str,
) -> DimensionAnalysis:
    scale = scales[dimension_id]
    reliability = _reliability(scale)
    others = {d: s for d, s in scales.items() if d != dimension_id and s.core}
    items = []
    for question in _questions(questionnaire, dimension_id, counts):
        column = [row.get(question.id) for row in rows]
        if question.id not in scale.core:
            fit = _extra_fit(column, scale)
        elif not reliability.item_totals:
            fit = _Fit(None, 0)
        else:
            fit = _Fit(
                reliability.item_totals[question.id],
                len(scale.complete),
                reliability.deleted[question.id],
            )
        closer = _closer(column, fit.item_total, others)
        items.append(_item(question, counts[question.id], scale, fit, closer, lang))
    return DimensionAnalysis(
        id=dimension_id,
        label=pick(questionnaire.dimension(dimension_id).label, lang),
        core_items=len(scale.core),
        complete_cases=len(scale.complete),
        alpha=reliability.alpha,
        alpha_low=reliability.low,
        alpha_high=reliability.high,
        flags=_dimension_flags(scale, reliability.alpha),
        items=items,
    )


@dataclass(frozen=True)
class _Fit:
    item_total: float | None
    cases: int
    alpha_if_deleted: float | None = None


def _pairs(column: Sequence[Answer | None], totals: Sequence[float | None]) -> _Pairs:
    """An item's values and a total, on the rows where both are known."""
    xs: list[float] = []
    ys: list[float] = []
    for answer, total in zip(column, totals, strict=True):
        if isinstance(answer, float) and total is not None:
            xs.append(answer)
            ys.append(total)
    return _Pairs(xs, ys)


@dataclass(frozen=True)
class _Pairs:
    xs: list[float]
    ys: list[float]

    def correlation(self) -> float | None:
        """The correlation, or None with too few pairs to mean anything."""
        if len(self.xs) < THRESHOLDS.min_cases:
            return None
        return statistics.correlation(self.xs, self.ys)


def _extra_fit(column: Sequence[Answer | None], scale: _Scale) -> _Fit:
    """A question that applies to some rows only, against the core's total where it applies.

    The core never holds it, so the correlation is already "corrected".
    """
    pairs = _pairs(column, scale.totals)
    return _Fit(pairs.correlation(), len(pairs.xs))


def _closer(
    column: Sequence[Answer | None], own: float | None, others: Mapping[str, _Scale]
) -> tuple[str, float] | None:
    """The other dimension whose total the item follows more closely than its own, if any.

    Only a correlation that would pass as the item's own (at least the item-total line)
    counts: a question unrelated to everything is not "closer" to some other dimension.
    """
    if own is None:
        return None
    best: tuple[str, float] | None = None
    for dimension_id, scale in others.items():
        value = _pairs(column, scale.totals).correlation()
        if value is None or value <= own or value < THRESHOLDS.item_total:
            continue
        if best is None or value > best[1]:
            best = (dimension_id, value)
    return best


def _item(
    question: Question,
    count: _Counts,
    scale: _Scale,
    fit: _Fit,
    closer: tuple[str, float] | None,
    lang: str,
) -> ItemAnalysis:
    dont_know_share = _share(count.dont_know, count.applicable)
    flags = []
    if fit.item_total is not None and fit.item_total < THRESHOLDS.item_total:
        flags.append(ItemFlag.low_item_total)
    if question.reverse and fit.item_total is not None and fit.item_total < 0:
        flags.append(ItemFlag.keying)
    if (
        count.applicable >= THRESHOLDS.min_cases
        and dont_know_share is not None
        and dont_know_share > THRESHOLDS.dont_know
    ):
        flags.append(ItemFlag.many_dont_know)
    if closer is not None:
        flags.append(ItemFlag.other_dimension)
    return ItemAnalysis(
        id=question.id,
        text=pick(question.text, lang),
        reverse=question.reverse,
        core=question.id in scale.core,
        applicable=count.applicable,
        answered=count.answered,
        dont_know=count.dont_know,
        not_applicable=count.not_applicable,
        blank=count.blank,
        dont_know_share=dont_know_share,
        not_applicable_share=_share(count.not_applicable, count.applicable),
        blank_share=_share(count.blank, count.applicable),
        floor_share=_share(count.floor, count.answered),
        ceiling_share=_share(count.ceiling, count.answered),
        item_total=fit.item_total,
        item_total_cases=fit.cases,
        alpha_if_deleted=fit.alpha_if_deleted,
        closer_to=closer[0] if closer else None,
        closer_correlation=closer[1] if closer else None,
        flags=flags,
    )


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
