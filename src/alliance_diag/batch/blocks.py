"""Blocks of export rows scored column by column: the batch hot path, C loops per cell."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from alliance_diag.batch.mapping import ORGANISATION
from alliance_diag.batch.rows import RowScorer
from alliance_diag.engine.questionnaire import PARTNER_TYPE, QuestionType
from alliance_diag.engine.result import Status
from alliance_diag.engine.scoring import Pattern

# finer than any score scale a questionnaire uses; coarser ones make every sum exact
_MAX_EXPONENT = 30
# a block where this share of rows needs the per-row path is not worth splitting
FALLBACK_SHARE = 8
MEMO_LIMIT = 4_096


@dataclass(frozen=True, slots=True)
class Block:
    """A block's scores, one list per field with one entry per row.

    The rows at ``fallback`` (sorted positions) could not be scored here and hold
    meaningless entries: the caller takes them through the per-row path, in order.
    """

    fallback: list[int]
    labels: list[str]
    overall: list[float | None]
    levels: list[str | None]
    scores: list[list[float | None]]
    statuses: list[list[Status]]
    coverage: list[list[float]]


class BlockScorer:
    """Scores a block of rows, every step a C-level map over one column, exactly as score.

    Exactness: when every answer value and item weight is a multiple of 2**-k (quarters,
    halves and whole weights, as in the built-in questionnaires), every partial sum of a
    dimension is exact, so one integer per cell carries both sums (weighted values, and
    answered weight above them) and adding the integers gives the very floats that
    score's additions give. A questionnaire with other values (thirds, numbers) is not
    ``usable`` and keeps the per-row path.

    A row whose texts are not all in RowScorer's caches, or that RowScorer would send to
    the slow path for any other reason, is listed in ``Block.fallback``.
    """

    def __init__(self, rows: RowScorer) -> None:
        self.rows = rows
        scorer = rows.scorer
        self.scorer = scorer
        self.width = rows.width
        plan = scorer.plan
        items = {item.question.id: item for item in plan.items}
        exponent = _exponent([(item.weight, _values(item)) for item in plan.items])
        numeric = any(
            item.question.type in (QuestionType.number, QuestionType.multiple)
            for item in plan.items
        )
        self.usable = rows.usable and exponent is not None and not numeric
        self.scale = 1 << (exponent or 0)
        # column k of the scored columns (RowScorer's order) → text-to-code cache
        self.codes: list[dict[str, int]] = [{} for _ in rows.scored]
        self.column_of = [index for index, _q, _cache in rows.scored]
        # per dimension: (scored position, question id) of each mapped item, in plan order
        dims = len(scorer.dimension_ids)
        self.items: list[list[tuple[int, str]]] = [[] for _ in range(dims)]
        most = [0] * dims
        heaviest = [0] * dims
        for item in plan.items:
            qid = item.question.id
            if qid in rows.position:
                self.items[item.dimension].append((rows.position[qid], qid))
            # values lie on 0–1
            most[item.dimension] += round(item.weight * self.scale)
            heaviest[item.dimension] += round(item.weight * self.scale)
        self.weight_of = {qid: item.weight for qid, item in items.items()}
        # a code: weighted values in the low bits, answered weight above them
        self.shift = max([*most, 1]).bit_length() + 1
        self.mask = (1 << self.shift) - 1
        # an applicable weight's number, above both sums, tells patterns apart in a key
        self.outer = self.shift + max([*heaviest, 1]).bit_length() + 1
        self.applicable: list[dict[float, int]] = [{} for _ in range(dims)]
        self.outcomes: list[dict[int, tuple[float | None, float, Status]]] = [
            {} for _ in range(dims)
        ]
        # where each answer RowScorer puts in its answers dict comes from: later wins
        self.sources: dict[str, tuple[str, int]] = {}
        for k, question_id in enumerate(rows.profile_ids):
            self.sources[question_id] = ("profile", k)
        for index, question_id in rows.text_columns:
            self.sources[question_id] = ("text", index)
        self.required = list(rows.required)
        self.refs = scorer.profile_refs
        self.inf_of: dict[float | None, float] = {None: math.inf}
        self.gate_caps: list[dict[float | None, int]] = [{} for _ in scorer.gates]
        self.no_level = len(scorer.level_ids)
        self.levels: dict[tuple[int, int], str | None] = {}
        self.bases: dict[tuple[str | None, float, float], tuple[float | None, int]] = {}
        self.alike: dict[tuple[int, float], dict[float | None, tuple[float, float]]] = {}
        self.contributions: list[dict[tuple[str | None, float | None], tuple[float, float]]] = [
            {} for _ in range(dims)
        ]

    def score(self, rows: Sequence[list[str]]) -> Block | None:
        """Score a block; None when so many rows need the per-row path that it is cheaper."""
        n = len(rows)
        width = self.width
        bad: set[int] = set()
        if not all(len(cells) == width for cells in rows):
            bad.update(i for i, cells in enumerate(rows) if len(cells) != width)
            filler = [""] * width
            rows = [filler if len(cells) != width else cells for cells in rows]
        columns = list(zip(*rows, strict=True)) if width else []
        if not columns:
            return None
        rs = self.rows
        profile: list[list[Any]] = []
        for cache, index in zip(rs.profile_caches, rs.profile_index, strict=True):
            profile.append(self._lookup(cache, columns[index], bad))
        texts: dict[int, list[str | None]] = {}

        def answer(question_id: str) -> list[Any]:
            source = self.sources.get(question_id)
            if source is None:
                return [None] * n
            kind, where = source
            if kind == "profile":
                return profile[where]
            if where not in texts:
                texts[where] = [text.strip() or None for text in columns[where]]
            return texts[where]

        for question_id in self.required:
            values = answer(question_id)
            if None in values:
                bad.update(i for i, value in enumerate(values) if value is None)
        if rs.submitted is not None:
            bad.update(i for i, text in enumerate(columns[rs.submitted]) if not text.strip())
        if rs.draft is not None:
            flags = columns[rs.draft]
            bad.update(i for i, text in enumerate(flags) if text.strip() not in ("", "0"))
        codes = [self._codes(k, columns[index], bad) for k, index in enumerate(self.column_of)]
        if len(bad) * FALLBACK_SHARE > n:
            return None
        try:
            patterns, which = self._patterns(n, answer, bad)
        except TypeError:
            return None  # a list among the values the conditions read: per row, as ever
        partner_types = answer(PARTNER_TYPE)
        scores: list[list[float | None]] = []
        statuses: list[list[Status]] = []
        coverage: list[list[float]] = []
        masks: dict[tuple[bool, ...], list[bool]] = {}
        for d, items in enumerate(self.items):
            score, status, covered = self._dimension(d, items, codes, patterns, which, masks, n)
            scores.append(score)
            statuses.append(status)
            coverage.append(covered)
        overall, levels = self._levels(scores, partner_types)
        labels = answer(ORGANISATION)
        return Block(
            fallback=sorted(bad),
            labels=[label if isinstance(label, str) else "" for label in labels],
            overall=overall,
            levels=levels,
            scores=scores,
            statuses=statuses,
            coverage=coverage,
        )

    def _lookup(self, cache: dict[str, Any], column: Sequence[str], bad: set[int]) -> list[Any]:
        try:
            return list(map(cache.__getitem__, column))
        except KeyError:
            bad.update(i for i, text in enumerate(column) if text not in cache)
            return [cache.get(text) for text in column]

    def _codes(self, k: int, column: Sequence[str], bad: set[int]) -> list[int]:
        """Each cell's code, from the texts RowScorer has learned; unknown texts are bad."""
        codes = self.codes[k]
        try:
            return list(map(codes.__getitem__, column))
        except KeyError:
            pass
        values = self.rows.value_caches[k]
        question_id = self.rows.scored[k][1]
        for text in set(column).difference(codes):
            if text in values:
                codes[text] = self._encode(values[text], self.weight_of.get(question_id, 1.0))
        bad.update(i for i, text in enumerate(column) if text not in codes)
        return [codes.get(text, 0) for text in column]

    def _encode(self, value: float | None, weight: float) -> int:
        if value is None:
            return 0
        weighted = round(weight * value * self.scale)
        return weighted | (round(weight * self.scale) << self.shift)

    def _patterns(
        self, n: int, answer: Callable[[str], list[Any]], bad: set[int]
    ) -> tuple[list[Pattern], list[int]]:
        """The distinct patterns of the block and each row's number among them."""
        keys = list(zip(*[answer(ref) for ref in self.refs], strict=True)) if self.refs else []
        if not keys:
            keys = [()] * n
        numbers: dict[tuple[Any, ...], int] = {}
        patterns: list[Pattern] = []
        which: list[int] = []
        for i, key in enumerate(keys):
            number = numbers.get(key) if i not in bad else 0
            if number is None:
                number = numbers[key] = len(patterns)
                # the row's whole answers, as RowScorer passes them: the first row with a
                # key decides the pattern there too
                answers = {qid: answer(qid)[i] for qid in self.sources}
                patterns.append(self.scorer.pattern(answers, answers))
            which.append(number)
        if not patterns:
            # every row is bad: any pattern will do, their scores are thrown away
            answers = {qid: answer(qid)[0] for qid in self.sources}
            patterns.append(self.scorer.pattern(answers, answers))
        return patterns, which

    def _dimension(
        self,
        d: int,
        items: list[tuple[int, str]],
        codes: list[list[int]],
        patterns: list[Pattern],
        which: list[int],
        masks: dict[tuple[bool, ...], list[bool]],
        n: int,
    ) -> tuple[list[float | None], list[Status], list[float]]:
        # integers add exactly in any order: items that apply to the same rows are added
        # up first, then kept or zeroed together by one mask
        sums: dict[tuple[bool, ...], list[int]] = {}
        for k, question_id in items:
            applies = tuple(question_id in pattern.ids[d] for pattern in patterns)
            if not any(applies):
                continue
            column = codes[k]
            known = sums.get(applies)
            sums[applies] = column if known is None else list(map(operator.add, known, column))
        total: list[int] | None = None
        for applies, column in sums.items():
            if not all(applies):
                mask = masks.get(applies)
                if mask is None:
                    mask = masks[applies] = list(map(applies.__getitem__, which))
                column = list(map(operator.mul, column, mask))
            total = column if total is None else list(map(operator.add, total, column))
        if total is None:
            total = [0] * n
        numbers = self.applicable[d]
        offsets = []
        for pattern in patterns:
            weight = pattern.applicable_weight[d]
            if weight not in numbers:
                numbers[weight] = len(numbers)
            offsets.append(numbers[weight] << self.outer)
        if len(set(offsets)) > 1:
            total = list(map(operator.add, total, map(offsets.__getitem__, which)))
        elif offsets[0]:
            total = list(map(operator.add, total, repeat(offsets[0])))
        outcomes = _bounded(self.outcomes[d])
        missing = set(total).difference(outcomes)
        if missing:
            weights = {number: weight for weight, number in numbers.items()}
            for key in missing:
                code = key & ((1 << self.outer) - 1)
                outcomes[key] = self.scorer.outcome(
                    (code >> self.shift) / self.scale,
                    (code & self.mask) / self.scale,
                    weights[key >> self.outer],
                )
        found = list(map(outcomes.__getitem__, total))
        return (
            list(map(operator.itemgetter(0), found)),
            list(map(operator.itemgetter(2), found)),
            list(map(operator.itemgetter(1), found)),
        )

    def _levels(
        self, scores: list[list[float | None]], partner_types: list[Any]
    ) -> tuple[list[float | None], list[str | None]]:
        """Overall score and level of every row, as QuickScorer.level_of gives them."""
        scorer = self.scorer
        kinds = [kind if isinstance(kind, str) else None for kind in partner_types]
        total: list[float] | None = None
        weight: list[float] | None = None
        kinds_weights = [scorer.weights_for(kind) for kind in set(kinds)]
        for d, column in enumerate(scores):
            dim_weights = {weights[d] for weights in kinds_weights}
            if len(dim_weights) == 1:
                # one weight for every row here: the score alone is the key
                (dim_weight,) = dim_weights
                alike = _bounded(self.alike.setdefault((d, dim_weight), {}))
                for dim_score in set(column).difference(alike):
                    alike[dim_score] = _contribution(dim_score, dim_weight)
                found = list(map(alike.__getitem__, column))
            else:
                contributions = _bounded(self.contributions[d])
                keys = list(zip(kinds, column, strict=True))
                for key in set(keys).difference(contributions):
                    kind, dim_score = key
                    contributions[key] = _contribution(dim_score, scorer.weights_for(kind)[d])
                found = list(map(contributions.__getitem__, keys))
            added = list(map(operator.itemgetter(0), found))
            counted = list(map(operator.itemgetter(1), found))
            total = added if total is None else list(map(operator.add, total, added))
            weight = counted if weight is None else list(map(operator.add, weight, counted))
        assert total is not None and weight is not None
        sums = list(zip(kinds, total, weight, strict=True))
        known = _bounded(self.bases)
        for row_sums in set(sums).difference(known):
            kind, row_total, row_weight = row_sums
            known[row_sums] = scorer.base_level(row_total, row_weight, scorer.weights_for(kind))
        bases = list(map(known.__getitem__, sums))
        overall = list(map(operator.itemgetter(0), bases))
        position = list(map(operator.itemgetter(1), bases))
        caps: list[int] | None = None
        lowest: list[float] | None = None
        for (target, below, cap), known in zip(scorer.gates, self.gate_caps, strict=True):
            if target is None:
                if lowest is None:
                    inf_of = self.inf_of
                    lowest = list(map(min, *[map(inf_of.get, column, column) for column in scores]))
                tested: Sequence[float | None] = lowest
            else:
                tested = scores[target]
            for value in set(tested).difference(known):
                holds = value is None if target is not None else False
                if value is not None and value < below:
                    holds = True
                known[value] = cap if holds else self.no_level
            capped = list(map(known.__getitem__, tested))
            caps = capped if caps is None else list(map(min, caps, capped))
        if caps is None:
            caps = [self.no_level] * len(position)
        ends = list(zip(position, caps, strict=True))
        for end in set(ends).difference(self.levels):
            base, cap = end
            self.levels[end] = None if base == self.no_level else scorer.level_ids[min(base, cap)]
        return overall, list(map(self.levels.__getitem__, ends))


def _contribution(dim_score: float | None, dim_weight: float) -> tuple[float, float]:
    """What a dimension adds to a row's weighted total and to its weight, as level_of adds."""
    if dim_score is not None and dim_weight > 0:
        return dim_weight * dim_score, dim_weight
    return 0.0, 0.0


def _bounded(memo: dict[Any, Any]) -> dict[Any, Any]:
    """A memo emptied once it is large: its keys repeat in any real batch, but unbounded
    memory would grow with the rows."""
    if len(memo) > MEMO_LIMIT:
        memo.clear()
    return memo


def _values(item: Any) -> list[float]:
    """An item's possible values on 0–1, reverse applied, as QuickScorer.value_of gives."""
    values = [value for value in item.values.values() if value is not None]
    return [1.0 - value for value in values] if item.question.reverse else values


def _exponent(items: list[tuple[float, list[float]]]) -> int | None:
    """The least k making every weight, value and their product a multiple of 2**-k."""
    numbers = [weight for weight, _values in items]
    for weight, values in items:
        numbers += values
        numbers += [weight * value for value in values]
    for exponent in range(_MAX_EXPONENT + 1):
        if all((number * (1 << exponent)).is_integer() for number in numbers):
            return exponent
    return None
