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

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from alliance_diag.engine.levels import Bools, Floats, Ints, optional
from alliance_diag.engine.measure import Measure
from alliance_diag.engine.questionnaire import PARTNER_TYPE

if TYPE_CHECKING:
    from alliance_diag.engine.scoring import Scorer

from alliance_diag.engine.answer_columns import AnswerTable, combinations, split_rows
from alliance_diag.engine.table_caps import Beyond, conditions_held
from alliance_diag.engine.table_numbers import STATUS_NAMES, Group, outcomes


class TableMeasure:
    """A table's numbers, in arrays with a row per respondent: per dimension the score
    (NaN: none), coverage and status (``STATUS_NAMES``), the overall score (NaN: none)
    and the level's position (-1: none); ``measure(row)`` gives one row's numbers with
    their reasons, built only when asked (for a report). Without ``words``, a table keeps
    its arrays alone: a batch writing no report holds less."""

    def __init__(self, scorer: Scorer, table: AnswerTable, *, words: bool) -> None:
        self.words = words
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
            measured = GroupMeasure(scorer, table, group, (held, low_held))
            rows = group.rows
            self.scores[rows] = measured.known.scores
            self.coverage[rows] = measured.known.coverage
            self.statuses[rows] = measured.known.statuses
            self.overall[rows] = measured.levels.overall
            self.level[rows] = measured.level
            if words:
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
        if not self.words:
            raise ValueError("a table measured without words has no row's reasons")
        group, index = (int(n) for n in self._where[row])
        measured: Measure = self._groups[group].measure(index)
        return measured


def measure_table(scorer: Scorer, table: AnswerTable, *, words: bool = True) -> TableMeasure:
    """Every row's numbers (see ``Scorer.measure``); ``words``: each row's reasons can be
    asked for."""
    return TableMeasure(scorer, table, words=words)


def groups(scorer: Scorer, table: AnswerTable) -> list[Group]:
    """The table's rows by the pattern of questions and gates that applies to them."""
    refs = [("profile", r) for r in scorer.profile_refs]
    refs += [("answers", r) for r in scorer.answer_refs]
    keys = combinations([table.column(n, r).codes for n, r in refs], table.rows)
    found = []
    for first, rows in split_rows(keys):
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


class GroupMeasure:
    """The numbers of the rows that follow one pattern: arrays for all, words for one."""

    def __init__(
        self,
        scorer: Scorer,
        table: AnswerTable,
        group: Group,
        held: tuple[Mapping[str, Bools], Mapping[str, Bools]],
    ) -> None:
        self.scorer, self.group = scorer, group
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
        decision = rule.decision(self.levels, r, pattern.gates, found.caps(r))
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


def _weights(scorer: Scorer, table: AnswerTable, rows: Ints) -> Floats:
    """Each row's dimension weights, for its partner type."""
    types = table.column("profile", PARTNER_TYPE)
    weights = [scorer.weights_for(v if isinstance(v, str) else None) for v in types.values]
    return np.array(weights, dtype=float).reshape(len(types.values), -1)[types.codes[rows]]
