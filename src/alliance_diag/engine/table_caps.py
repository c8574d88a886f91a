"""What caps a table's levels beyond the gates: the conditions that read the answers
(checks, ceilings, critical answers) evaluated over the whole table, the critical answers,
and the signs of answers given too fast."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from alliance_diag.engine.conditions import Condition
from alliance_diag.engine.items import Item
from alliance_diag.engine.levels import Bools, Cap
from alliance_diag.engine.measure import Acquiescence

if TYPE_CHECKING:
    from alliance_diag.engine.scoring import Scorer

from alliance_diag.engine.answer_columns import AnswerTable, Codes, combinations, nan_of
from alliance_diag.engine.table_numbers import Group, per_cell

# acquiescence: at least this many scored answers, this share of them the same option
ACQUIESCENCE_ANSWERS = 8

ACQUIESCENCE_SHARE = 0.85

# ... or reverse-worded items agreed with as much as straight ones (on the raw 0–1 scale)
AGREEMENT = 0.75

# per condition, how many distinct combinations of the values it reads are remembered
CONDITIONS_KEPT = 100_000


def conditions_held(
    scorer: Scorer, table: AnswerTable, groups: Sequence[Group], *, low: bool
) -> dict[str, Bools]:
    """Whether each condition that reads the answers (checks, ceilings, critical answers)
    holds on each row of the table, on its answers or (``low``) on the same with each
    unknown replaced by its lowest answer. A condition reads a row's profile and the
    answers that apply to it; it is evaluated once per distinct combination of the values
    it reads (its ``refs``), and what it gave is remembered across tables."""
    conditions = [c for _i, c in scorer.checks] + [c for _i, c in scorer.ceilings]
    conditions += list(scorer.critical_conditions.values())
    held: dict[str, Bools] = {}
    for condition in conditions:
        if condition.source not in held:
            held[condition.source] = _held(scorer, table, groups, condition, low=low)
    return held


def _held_row_by_row(
    scorer: Scorer, table: AnswerTable, groups: Sequence[Group], condition: Condition, *, low: bool
) -> Bools:
    """A condition that may read a whole namespace, evaluated row by row."""
    out = np.zeros(table.rows, dtype=bool)
    for group in groups:
        codes = group.low_codes if low else group.codes
        for r, row in enumerate(group.rows.tolist()):
            context = scorer.context(table.profiles[row])
            raws = [a.values[c] for a, c in zip(group.columns, codes[r].tolist(), strict=True)]
            context["answers"].update(zip(group.pattern.ids_flat, raws, strict=True))
            out[row] = condition.evaluate(context)
    return out


def _held(
    scorer: Scorer, table: AnswerTable, groups: Sequence[Group], condition: Condition, *, low: bool
) -> Bools:
    context = scorer.context({})
    if any(key is None or name not in context for name, key in condition.refs):
        return _held_row_by_row(scorer, table, groups, condition, low=low)
    # each value read: its namespace in the context, key, column values and codes; an id
    # the context does not hold, or a question that does not apply to a row, stays None
    read: list[tuple[dict[str, Any], str, list[Any], Codes]] = []
    for name, key in condition.refs:
        assert key is not None
        namespace = context[name]
        codes = np.zeros(table.rows, dtype=np.int32)
        values: list[Any] = [None]
        if key in namespace:
            found = table.column(name, key)
            values = found.values
            if name == "profile":
                codes = found.codes
            for group in groups if name == "answers" else ():
                j = group.position.get(key)
                if j is not None:
                    codes[group.rows] = (group.low_codes if low else group.codes)[:, j]
        read.append((namespace, key, values, codes))
    known = scorer.conditions_met.setdefault(condition.source, {})
    keys = combinations([codes for *_x, codes in read], table.rows)
    _distinct, firsts, inverse = np.unique(keys, return_index=True, return_inverse=True)
    results = np.empty(len(firsts), dtype=bool)
    for k, first in enumerate(firsts.tolist()):
        given = [values[codes[first]] for _n, _k, values, codes in read]
        memo = tuple((type(v), tuple(v) if isinstance(v, list) else v) for v in given)
        result = known.get(memo)
        if result is None:
            for (namespace, key, _v, _c), value in zip(read, given, strict=True):
                namespace[key] = value
            result = condition.evaluate(context)
            if len(known) < CONDITIONS_KEPT:
                known[memo] = result
        results[k] = result
    return results[inverse.reshape(table.rows)]


class Beyond:
    """What holds in a group's answers beyond their numbers, and caps the level: the
    checks that fire, the signs of answers given too fast, the critical answers given,
    the ceilings whose condition holds. ``codes``: the group's answers, or the same with
    each unknown replaced by its lowest answer."""

    def __init__(
        self, scorer: Scorer, group: Group, codes: Codes, held: Mapping[str, Bools]
    ) -> None:
        self.scorer, self.group, self.codes = scorer, group, codes
        self.rows = len(group.rows)
        pattern = group.pattern
        self.position = group.position
        # each condition's result on the table's rows (``conditions_held``)
        self.held_by = held
        self.checks = self._all([c for _id, c in scorer.checks])
        # a column per questionnaire ceiling, in the level rule's order
        conditions = dict(scorer.ceilings)
        self.ceiling_ids = list(scorer.rule.ceiling_caps)
        self.ceilings = self._all([conditions.get(c) for c in self.ceiling_ids])
        criticals = []
        for j in pattern.critical_flat:
            item = scorer.item_of[pattern.ids_flat[j]]
            condition = scorer.critical_conditions.get(item.question.id)
            if condition is not None:
                criticals.append(self.holds(condition))
            else:
                criticals.append(per_cell(group, "critical", _critical, bool, codes, [j])[:, 0])
        self.criticals = (
            np.stack(criticals, axis=1) if criticals else np.zeros((self.rows, 0), bool)
        )
        self.haste = Haste(scorer, group, codes)
        own = [scorer.critical_caps[pattern.ids_flat[j]] for j in pattern.critical_flat]
        self.held = scorer.rule.holding(
            self.ceilings, self.criticals, own, self.checks.sum(axis=1), self.haste.count
        )

    def _all(self, conditions: Sequence[Condition | None]) -> Bools:
        """A column per condition, whether it holds on each row (None: never)."""
        if not conditions:
            return np.zeros((self.rows, 0), dtype=bool)
        never = np.zeros(self.rows, dtype=bool)
        return np.stack([never if c is None else self.holds(c) for c in conditions], axis=1)

    def holds(self, condition: Condition) -> Bools:
        """Whether a condition holds on each of the group's rows."""
        found: Bools = self.held_by[condition.source][self.group.rows]
        return found

    def raw(self, row: int, j: int) -> Any:
        return self.group.columns[j].values[self.codes[row, j]]

    def checks_of(self, row: int) -> tuple[str, ...]:
        return tuple(
            i for (i, _c), held in zip(self.scorer.checks, self.checks[row], strict=True) if held
        )

    def ceilings_of(self, row: int) -> tuple[str, ...]:
        pairs = zip(self.ceiling_ids, self.ceilings[row], strict=True)
        return tuple(i for i, held in pairs if held)

    def criticals_of(self, row: int) -> tuple[str, ...]:
        flat = self.group.pattern.ids_flat
        positions = self.group.pattern.critical_flat
        return tuple(
            flat[j] for j, held in zip(positions, self.criticals[row], strict=True) if held
        )

    def caps(self, row: int) -> tuple[Cap, ...]:
        """The caps beyond the gates that hold on a row, in words (``LevelRule.held_caps``)."""
        if self.held.position[row] >= len(self.scorer.rule.level_ids):
            return ()
        criticals = [(q, self.raw(row, self.position[q])) for q in self.criticals_of(row)]
        return self.scorer.rule.held_caps(self.held, row, criticals)


class Haste:
    """Signs of answers given too fast, over a group's rows: nearly every answer the same
    option (``same``), or reverse-worded statements getting the agreement straight ones
    get (``agreed``); ``count`` per row, and ``of(row)`` in words."""

    def __init__(self, scorer: Scorer, group: Group, codes: Codes) -> None:
        info = scorer.acquiescence_info
        self.flat = flat = group.pattern.ids_flat
        rows = len(group.rows)
        self.read = read = [j for j, qid in enumerate(flat) if qid in info]
        answer_ids = self.answer_ids = scorer.answer_ids

        def value(item: Item, raw: Any) -> float:
            if not isinstance(raw, str):
                return np.nan
            return nan_of(info[item.question.id][0].get(raw))

        def answer(item: Item, raw: Any) -> int:
            if np.isnan(value(item, raw)):
                return -1
            return answer_ids.setdefault(raw, len(answer_ids))

        values = per_cell(group, "haste_value", value, float, codes, read)
        self.answers = answers = per_cell(group, "haste_answer", answer, np.int64, codes, read)
        given = ~np.isnan(values)
        reverse = np.array([info[flat[j]][1] for j in read], dtype=bool)
        # each side's sum, one statement after another, as a row adds them
        sums = [
            np.cumsum(np.where(given & side, values, 0.0), axis=1)[:, -1]
            if read
            else np.zeros(rows)
            for side in (~reverse, reverse)
        ]
        numbers = [(given & ~reverse).sum(axis=1), (given & reverse).sum(axis=1)]
        self.total = numbers[0] + numbers[1]
        options = len(answer_ids)
        counted = (np.arange(rows)[:, None] * options + answers)[answers >= 0]
        counts = np.bincount(counted, minlength=rows * options).reshape(rows, options)
        self.best = counts.max(axis=1, initial=0)
        self.chosen = counts.argmax(axis=1) if options else np.zeros(rows, dtype=np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = self.best / self.total
            self.same = (self.total >= ACQUIESCENCE_ANSWERS) & (share >= ACQUIESCENCE_SHARE)
            self.agreed = (
                (numbers[1] >= 2)
                & (numbers[0] > 0)
                & (np.minimum(sums[1] / numbers[1], sums[0] / numbers[0]) >= AGREEMENT)
            )
        self.count = self.same.astype(np.int64) + self.agreed

    def of(self, row: int) -> tuple[Acquiescence, ...]:
        signs = []
        if self.same[row]:
            option = int(self.chosen[row])
            first = self.flat[self.read[int(np.argmax(self.answers[row] == option))]]
            share = float(self.best[row]) / float(self.total[row])
            signs.append(Acquiescence("same_answer", list(self.answer_ids)[option], first, share))
        if self.agreed[row]:
            signs.append(Acquiescence("reverse_agreed"))
        return tuple(signs)


def _critical(item: Item, value: Any) -> bool:
    return isinstance(value, str) and value in item.critical_options
