"""Numbers for a whole table of answers at once; ``Scorer.measure`` is a table of one row.

A table holds many respondents' answers column by column: each question's answers as
codes into its distinct values. Every rule that reads an answer (what it is worth, whether
it is unknown or a red flag, a condition) runs once per distinct value, or once per
distinct combination of the values a condition reads, and array operations spread the
results over the rows. Rows that follow the same pattern of applicable questions are
measured together, in the order a person would add their numbers, so that a table and a
row of it give the same numbers to the last bit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from alliance_diag.engine.conditions import Condition
from alliance_diag.engine.items import Item
from alliance_diag.engine.levels import Bools, Cap, Floats, Ints, optional, round1_array
from alliance_diag.engine.measure import UNKNOWN_KINDS, Acquiescence, Measure, Pattern
from alliance_diag.engine.questionnaire import PARTNER_TYPE, Questionnaire
from alliance_diag.engine.result import Status

if TYPE_CHECKING:
    from alliance_diag.engine.scoring import Scorer

Codes = npt.NDArray[np.int32]
# acquiescence: at least this many scored answers, this share of them the same option
ACQUIESCENCE_ANSWERS = 8
ACQUIESCENCE_SHARE = 0.85
# ... or reverse-worded items agreed with as much as straight ones (on the raw 0–1 scale)
AGREEMENT = 0.75
# per condition, how many distinct combinations of the values it reads are remembered
CONDITIONS_KEPT = 100_000
STATUS_NAMES: tuple[Status, ...] = ("insufficient", "not_yet", "concern", "to_watch", "strength")


@dataclass(frozen=True)
class Column:
    """One id's answers over the rows: a code per row into ``values`` (``values[0]`` is
    None, an unanswered question)."""

    codes: Codes
    values: list[Any]
    # what a rule gives for each distinct value, by the rule's name (``per_cell``)
    found: dict[str, npt.NDArray[Any]] = field(default_factory=dict)

    def code(self, value: Any) -> int:
        """The code of a value, added when the column has not met it."""
        for i, known in enumerate(self.values):
            if type(known) is type(value) and known == value:
                return i
        self.values.append(value)
        return len(self.values) - 1


def unanswered(rows: int) -> Column:
    """A column no row answers."""
    return Column(np.zeros(rows, dtype=np.int32), [None])


def column(raws: Sequence[Any]) -> Column:
    """The answers of one id as codes into their distinct values."""
    values: list[Any] = [None]
    index: dict[Any, int] = {None: 0}
    try:
        distinct = set(raws)
    except TypeError:  # a list answer
        distinct = None
    if distinct is not None and all(type(v) is str or v is None for v in distinct):
        for raw in distinct:  # the common case: one C-level pass over the cells
            if raw is not None:
                index[raw] = len(values)
                values.append(raw)
        codes = np.fromiter(map(index.__getitem__, raws), dtype=np.int32, count=len(raws))
        return Column(codes, values)
    found = []
    for raw in raws:  # numbers and lists: keyed by their type too (1, 1.0 and True differ)
        key = (type(raw), tuple(raw) if isinstance(raw, list) else raw)
        code = index.get(key)
        if code is None:
            code = index[key] = len(values)
            values.append(raw)
        found.append(code)
    return Column(np.array(found, dtype=np.int32), values)


class AnswerTable:
    """Many respondents' profiles and answers, each id read into a column when first
    needed; the rows keep their mappings for the conditions' contexts."""

    def __init__(
        self, profiles: Sequence[Mapping[str, Any]], answers: Sequence[Mapping[str, Any]]
    ) -> None:
        self.profiles = profiles
        self.answers = answers
        self.rows = len(answers)
        self._columns: dict[tuple[str, str], Column] = {}
        # every id the rows answer has its column already
        self._complete = False

    @classmethod
    def of_columns(cls, rows: int, columns: Mapping[str, Column]) -> AnswerTable:
        """A table read column by column (a batch's), each id both a profile answer and an
        answer, as in an export row; an id it has no column for is unanswered."""
        view = _Rows(rows, columns)
        table = cls(view, view)
        for key, found in columns.items():
            table._columns["profile", key] = table._columns["answers", key] = found
        table._complete = True
        return table

    def read(self, namespace: str, keys: Sequence[str]) -> None:
        """Read these ids' columns at once: a pass over the rows, then one per column."""
        source = self.profiles if namespace == "profile" else self.answers
        keys = [k for k in keys if (namespace, k) not in self._columns]
        if self._complete:
            for key in keys:
                self._columns[namespace, key] = unanswered(self.rows)
            return
        if not keys or not self.rows:
            return
        cells = zip(*[tuple(map(row.get, keys)) for row in source], strict=True)
        for key, raws in zip(keys, cells, strict=True):
            self._columns[namespace, key] = column(raws)

    def column(self, namespace: str, key: str) -> Column:
        found = self._columns.get((namespace, key))
        if found is None and self._complete:
            found = self._columns[namespace, key] = unanswered(self.rows)
        if found is None:
            source = self.profiles if namespace == "profile" else self.answers
            found = self._columns[namespace, key] = column([row.get(key) for row in source])
        return found


class _Rows(Sequence[Mapping[str, Any]]):
    """The rows of a table read column by column, each made a mapping when asked for."""

    def __init__(self, rows: int, columns: Mapping[str, Column]) -> None:
        self.rows, self.columns = rows, columns

    def __len__(self) -> int:
        return self.rows

    def __getitem__(self, row: Any) -> Any:
        if not isinstance(row, int):
            raise TypeError("one row at a time")
        return {key: found.values[found.codes[row]] for key, found in self.columns.items()}


@dataclass
class Group:
    """The rows of a table that follow one pattern: their answers' codes per flat
    question (rows × questions), and each question's code for its lowest answer."""

    pattern: Pattern
    rows: Ints
    columns: list[Column]
    codes: Codes
    lowest: Codes
    # the flat questions compiled for scoring
    items: list[Item]
    # each flat question's position; the answers' values, unknowns, and codes with each
    # unknown replaced by its lowest answer (``prepare``)
    position: dict[str, int] = field(default_factory=dict)
    values: Floats = field(default_factory=lambda: np.zeros((0, 0)))
    unknowns: Unknowns | None = None
    low_codes: Codes = field(default_factory=lambda: np.zeros((0, 0), np.int32))

    def prepare(self) -> None:
        self.position = {qid: j for j, qid in enumerate(self.pattern.ids_flat)}
        self.values = per_cell(self, "worth", _worth, float)
        self.unknowns = Unknowns(self, self.values)
        low = np.where(self.unknowns.cells, self.lowest[None, :], self.codes)
        self.low_codes = low.astype(np.int32)


class TableMeasure:
    """A table's numbers, in arrays with a row per respondent: per dimension the score
    (NaN: none), coverage and status (``STATUS_NAMES``), the overall score (NaN: none)
    and the level's position (-1: none); ``measure(row)`` gives one row's numbers with
    their reasons, built only when asked (for a report)."""

    def __init__(self, scorer: Scorer, table: AnswerTable, *, explain: bool) -> None:
        dims = len(scorer.dimension_ids)
        self.rows = table.rows
        self.level_ids = scorer.rule.level_ids
        self.scores = np.full((table.rows, dims), np.nan)
        self.coverage = np.zeros((table.rows, dims))
        self.statuses = np.zeros((table.rows, dims), dtype=np.int64)
        self.overall = np.full(table.rows, np.nan)
        self.level = np.full(table.rows, -1, dtype=np.int64)
        self._groups: list[GroupMeasure] = []
        self._where = np.zeros((table.rows, 2), dtype=np.int64)  # (group, row in group)
        table.read("profile", scorer.profile_ids)
        table.read("answers", list(scorer.item_of))
        found = groups(scorer, table)
        for group in found:
            group.prepare()
        held = conditions_held(scorer, table, found, low=False)
        low_held = conditions_held(scorer, table, found, low=True)
        for group in found:
            measured = GroupMeasure(scorer, table, group, (held, low_held), explain=explain)
            rows = group.rows
            self.scores[rows] = measured.known.scores
            self.coverage[rows] = measured.known.coverage
            self.statuses[rows] = measured.known.statuses
            self.overall[rows] = measured.levels.overall
            self.level[rows] = measured.level
            self._where[rows, 0] = len(self._groups)
            self._where[rows, 1] = np.arange(len(rows))
            self._groups.append(measured)

    def row(self, row: int) -> tuple[list[float | None], float | None, str | None]:
        """A row's dimension scores, overall score and level, as a report holds them."""
        position = int(self.level[row])
        return (
            [optional(s) for s in self.scores[row].tolist()],
            optional(float(self.overall[row])),
            self.level_ids[position] if position >= 0 else None,
        )

    def measure(self, row: int) -> Measure:
        """One row's numbers with their reasons (``Scorer.measure``'s answer)."""
        group, index = (int(n) for n in self._where[row])
        measured: Measure = self._groups[group].measure(index)
        return measured


def measure_table(scorer: Scorer, table: AnswerTable, *, explain: bool = True) -> TableMeasure:
    """Every row's numbers (see ``Scorer.measure``)."""
    return TableMeasure(scorer, table, explain=explain)


def groups(scorer: Scorer, table: AnswerTable) -> list[Group]:
    """The table's rows by the pattern of questions and gates that applies to them."""
    refs = [("profile", r) for r in scorer.profile_refs]
    refs += [("answers", r) for r in scorer.answer_refs]
    keys = combinations([table.column(n, r).codes for n, r in refs], table.rows)
    found = []
    for first, rows in _split(keys):
        pattern = scorer.pattern(table.profiles[first], table.answers[first])
        columns = [table.column("answers", qid) for qid in pattern.ids_flat]
        lowest = [
            answers.code(scorer.item_of[qid].lowest_answer)
            for qid, answers in zip(pattern.ids_flat, columns, strict=True)
        ]
        codes = np.empty((len(rows), len(columns)), dtype=np.int32)
        for j, answers in enumerate(columns):
            codes[:, j] = answers.codes[rows]
        items = [scorer.item_of[qid] for qid in pattern.ids_flat]
        found.append(Group(pattern, rows, columns, codes, np.array(lowest, np.int32), items))
    return found


def combinations(columns: Sequence[Codes], rows: int) -> Ints:
    """A number per row, the same for the rows with the same code in every column."""
    keys = np.zeros(rows, dtype=np.int64)
    for codes in columns:
        keys = keys * (int(codes.max(initial=0)) + 1) + codes
        if int(keys.max(initial=0)) > 1 << 40:  # renumbered before they could overflow
            keys = np.unique(keys, return_inverse=True)[1].astype(np.int64).reshape(rows)
    return keys


def _split(keys: Ints) -> list[tuple[int, Ints]]:
    """The rows of each distinct key with the first of them, in the order first met."""
    order = np.argsort(keys, kind="stable")
    parts = np.split(order, np.flatnonzero(np.diff(keys[order])) + 1) if len(order) else []
    return sorted(((int(part[0]), part) for part in parts), key=lambda pair: pair[0])


def per_cell(
    group: Group,
    name: str,
    found: Callable[[Item, Any], Any],
    dtype: Any,
    codes: Codes | None = None,
    only: Sequence[int] | None = None,
) -> npt.NDArray[Any]:
    """``found(item, value)`` for every cell of the group (of ``codes``, the group's own
    by default; of the flat questions ``only``, all by default), run once per distinct
    value of a column and kept with it under ``name``."""
    codes = group.codes if codes is None else codes
    positions = range(len(group.columns)) if only is None else only
    out = np.empty((codes.shape[0], len(positions)), dtype=dtype)
    for k, j in enumerate(positions):
        answers = group.columns[j]
        table = answers.found.get(name)
        if table is None or len(table) < len(answers.values):
            item = group.items[j]
            table = np.array([found(item, value) for value in answers.values], dtype=dtype)
            answers.found[name] = table
        out[:, k] = table[codes[:, j]]
    return out


def _not_yet(item: Item, value: Any) -> bool:
    return isinstance(value, str) and value in item.not_applicable


def _dont_know(item: Item, value: Any) -> bool:
    return isinstance(value, str) and value in item.dont_know


def _critical(item: Item, value: Any) -> bool:
    return isinstance(value, str) and value in item.critical_options


def _worth(item: Item, value: Any) -> float:
    return _nan(item.worth(value))


class Unknowns:
    """The group's unanswered cells: real "not yet" answers, left out of what applies
    (``excluded``), and unknown ones (``cells``), worth the lowest answer for the level;
    ``kinds``: per row, which kinds of unknown it has (``UNKNOWN_KINDS``' order)."""

    def __init__(self, group: Group, values: Floats) -> None:
        pattern = group.pattern
        answered = ~np.isnan(values)

        not_yet = per_cell(group, "not_yet", _not_yet, bool)
        # per flat question, whether « not yet » is late at this stage: it should be known
        late_here = np.array([bool(s) for s in pattern.late_not_yet_flat], dtype=bool)
        real = not_yet & ~late_here[None, :]
        dont_know = per_cell(group, "dont_know", _dont_know, bool) & ~answered & ~real
        late = not_yet & late_here[None, :] & ~answered & ~dont_know
        skipped = group.codes == 0
        self.excluded = real & ~answered
        self.cells = dont_know | skipped | late
        self.kinds = np.stack([k.any(axis=1) for k in (dont_know, skipped, late)], axis=1)
        self.any = self.cells.any(axis=1)

    def of(self, row: int) -> tuple[str, ...]:
        return tuple(
            kind for kind, found in zip(UNKNOWN_KINDS, self.kinds[row], strict=True) if found
        )


@dataclass(frozen=True)
class Outcomes:
    """Per row and dimension: score (NaN: none), coverage, status (``STATUS_NAMES``),
    answers counted, real "not yet" answers; per row, the overall coverage."""

    scores: Floats
    coverage: Floats
    statuses: Ints
    answered: Ints
    not_yet: Ints
    overall_coverage: Floats


def outcomes(scorer: Scorer, pattern: Pattern, values: Floats, excluded: Bools) -> Outcomes:
    """Each dimension's outcome from item values, the weight of its real "not yet"
    answers left out of what applies; sums in the questions' order, as one row adds them."""
    rows = values.shape[0]
    dims = len(pattern.bounds)
    known = ~np.isnan(values)
    weights = np.asarray(pattern.weight_flat, dtype=float)
    cells = {
        "answered": np.where(known, weights, 0.0),
        "weighted": np.where(known, weights * np.nan_to_num(values), 0.0),
        "left": np.where(excluded, weights, 0.0),
    }
    sums = {name: np.zeros((rows, dims)) for name in cells}
    count = np.zeros((rows, dims), dtype=np.int64)
    not_yet = np.zeros((rows, dims), dtype=np.int64)
    for d, (start, end) in enumerate(pattern.bounds):
        if end > start:
            # cumulative sums add left to right, one question after another, as a row does
            for name, found in cells.items():
                sums[name][:, d] = np.cumsum(found[:, start:end], axis=1)[:, -1]
            count[:, d] = known[:, start:end].sum(axis=1)
            not_yet[:, d] = excluded[:, start:end].sum(axis=1)
    answered, weighted, left = sums["answered"], sums["weighted"], sums["left"]
    applicable = np.asarray(pattern.applicable_weight, dtype=float)[None, :] - left
    nothing_yet = np.asarray(pattern.applicable, dtype=bool)[None, :] & (applicable <= 1e-9)
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(applicable != 0, answered / applicable, 0.0)
        scored = ~nothing_yet & (answered > 0)
        scored &= coverage + 1e-9 >= scorer.questionnaire.min_coverage
        scores = np.where(scored, round1_array(100 * weighted / answered), np.nan)
    statuses = np.where(
        nothing_yet, 1, np.where(scored, status_codes(scorer.questionnaire, scores), 0)
    )
    # all dimensions together, added dimension after dimension
    applicable_all = sum(pattern.applicable_weight) - _running_total(left)
    answered_all = _running_total(answered)
    with np.errstate(divide="ignore", invalid="ignore"):
        overall = np.where(applicable_all > 1e-9, round_to(answered_all / applicable_all, 3), 0.0)
    return Outcomes(
        scores=scores,
        coverage=np.where(nothing_yet, 0.0, round_to(coverage, 3)),
        statuses=statuses,
        answered=count,
        not_yet=not_yet,
        overall_coverage=overall,
    )


def _running_total(values: Floats) -> Floats:
    """Each row's values added left to right (the same bits as a loop adding them)."""
    if not values.shape[1]:
        return np.zeros(values.shape[0])
    total: Floats = np.cumsum(values, axis=1)[:, -1]
    return total


def status_codes(questionnaire: Questionnaire, scores: Floats) -> Ints:
    """The status (``STATUS_NAMES``) each dimension score gets under the questionnaire's
    bands; a NaN score is in concern here, for the caller to mark unscored."""
    bands = questionnaire.status_bands
    return np.where(scores >= bands.strength, 4, np.where(scores >= bands.to_watch, 3, 2))


def round_to(values: Floats, digits: int) -> Floats:
    """Python's ``round`` of every value (numpy rounds otherwise), once per distinct value."""
    distinct, inverse = np.unique(values, return_inverse=True)
    rounded = np.array([round(float(v), digits) if v == v else v for v in distinct])
    return rounded[inverse].reshape(values.shape)


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
            return _nan(info[item.question.id][0].get(raw))

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


def _weights(scorer: Scorer, table: AnswerTable, rows: Ints) -> Floats:
    """Each row's dimension weights, for its partner type."""
    types = table.column("profile", PARTNER_TYPE)
    weights = [scorer.weights_for(v if isinstance(v, str) else None) for v in types.values]
    return np.array(weights, dtype=float).reshape(len(types.values), -1)[types.codes[rows]]


class GroupMeasure:
    """The numbers of the rows that follow one pattern: arrays for all, words for one."""

    def __init__(
        self,
        scorer: Scorer,
        table: AnswerTable,
        group: Group,
        held: tuple[Mapping[str, Bools], Mapping[str, Bools]],
        *,
        explain: bool,
    ) -> None:
        self.scorer, self.group, self.explain = scorer, group, explain
        pattern = group.pattern
        values = group.values
        assert group.unknowns is not None
        self.unknowns = unknowns = group.unknowns
        self.known = outcomes(scorer, pattern, values, unknowns.excluded)
        low = outcomes(scorer, pattern, np.where(unknowns.cells, 0.0, values), unknowns.excluded)
        self.found = Beyond(scorer, group, group.codes, held[0])
        weights = _weights(scorer, table, group.rows)
        applicable = np.asarray(pattern.applicable, dtype=bool)[None, :] & (
            self.known.statuses != 1
        )
        rule = scorer.rule
        self.levels = rule.table(self.known.scores, weights, pattern.gates, applicable,
                                 self.found.held.position)  # fmt: skip
        doubt = unknowns.any & (self.levels.position >= 0)
        self.low = self.levels
        self.lowered = doubt
        if doubt.any():
            low_found = Beyond(scorer, group, group.low_codes, held[1])
            self.low = rule.table(low.scores, weights, pattern.gates, applicable,
                                  low_found.held.position,
                                  unscored=self.levels.unscored)  # fmt: skip
            self.lowered = rule.lowered_by_doubt(self.levels, self.low, doubt)
        self.level = np.where(self.lowered, self.low.position, self.levels.position)

    def measure(self, r: int) -> Measure:
        """One row's numbers with what holds on it: the gates, caps and signs."""
        rule, known, found, pattern = self.scorer.rule, self.known, self.found, self.group.pattern
        decision = rule.decision(self.levels, r, pattern.gates, found.caps(r), explain=self.explain)
        if self.lowered[r]:
            decision = rule.doubted(decision, self.levels, self.low, r)
        not_yet = known.not_yet[r].tolist()
        return Measure(
            dimensions=tuple(map(optional, known.scores[r])),
            coverage=tuple(known.coverage[r].tolist()),
            statuses=tuple(STATUS_NAMES[s] for s in known.statuses[r].tolist()),
            answered=tuple(known.answered[r].tolist()),
            applicable=tuple(c - n for c, n in zip(pattern.counts, not_yet, strict=True)),
            overall_coverage=float(known.overall_coverage[r]),
            decision=decision,
            not_yet=tuple(not_yet),
            checks=found.checks_of(r),
            acquiescence=found.haste.of(r),
            criticals=found.criticals_of(r),
            ceilings=found.ceilings_of(r),
            unknown_kinds=self.unknowns.of(r) if decision.known_answers_level else (),
        )


def _nan(value: float | None) -> float:
    return np.nan if value is None else value
