"""Rows before scoring: test submissions, duplicates and rows turned down are left out, and
answers to questions that do not apply to their row are counted (scoring ignores them)."""

from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from alliance_diag.batch.cells import Decoder
from alliance_diag.batch.mapping import Column
from alliance_diag.batch.rows import RowReader
from alliance_diag.batch.tool_columns import compact
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.textfold import fold
from alliance_diag.engine.conditions import Condition

_ = Catalog(
    {
        "test": {
            "fr": "envoi de test (« {column} » = « {value} »)",
            "en": "test submission ('{column}' = '{value}')",
        },
        "duplicate": {
            "fr": "doublon de la ligne {row} (même « {column} »)",
            "en": "duplicate of row {row} (same '{column}')",
        },
        "turned_down": {
            "fr": "écartée à la relecture (« {column} » = « {value} »)",
            "en": "turned down in review ('{column}' = '{value}')",
        },
    }
)

# a submission's own id: the same id twice is one submission sent twice
ID_COLUMNS = {"uuid", "key", "instanceid", "metainstanceid"}
# KoboToolbox's validation status, ODK Central's review state
REVIEW_COLUMNS = {"validationstatus", "reviewstate"}
TURNED_DOWN = {"not approved", "validation status not approved", "rejected"}
# what people type in the organisation field when they try the form out
_TEST = re.compile(r"^(?:test|tests|testing|essai|essais)(?: \d+)?$")
TEST_LENGTH = 12
LISTED = 50
MEMO_LIMIT = 10_000
Getter = Callable[[list[str]], tuple[str, ...]]


@dataclass(frozen=True)
class Excluded:
    row: int
    reason: str


class Screen:
    """Decides, row by row, which rows are left out (their count and the first ones kept),
    and counts the answers that scoring will ignore.

    Duplicates are found by the submission id, so the ids seen are kept (as hashes): the
    only memory of a batch that grows with its rows, and only for exports having such ids.
    Conditions are evaluated once per set of texts they read.
    """

    def __init__(self, reader: RowReader, *, keep: bool = False) -> None:
        columns = reader.columns
        self.lang = reader.lang
        self.reader = reader
        self.keep = keep
        by_key = {compact(c.header): c for c in columns.columns}
        self.ids = [c for key, c in by_key.items() if key in ID_COLUMNS][:1]
        self.reviews = [c for key, c in by_key.items() if key in REVIEW_COLUMNS]
        self.tests = [c for c in (columns.organisation,) if c is not None]
        self.seen: dict[int, int] = {}
        self.count = 0
        self.listed: list[Excluded] = []
        self.not_applicable: Counter[str] = Counter()
        self.conditioned = _conditioned(reader)
        # every text the conditions read, and per set of such texts (rows repeat them)
        # the columns whose condition does not hold: one lookup a row
        self.read_indices = sorted({i for g in self.conditioned for i, _decoder in g.refs})
        self.reads = _tuple_getter(self.read_indices)
        self.outside: dict[tuple[str, ...], tuple[Getter, list[tuple[int, Decoder]]]] = {}

    @property
    def leaves_out(self) -> bool:
        """Whether any row could be left out (with --keep-excluded, none is)."""
        return not self.keep and bool(self.ids or self.reviews or self.tests)

    def reason(self, number: int, cells: list[str]) -> str | None:
        """Why this row is left out, or None to score it."""
        for column in self.reviews:
            value = _cell(cells, column)
            if fold(value) in TURNED_DOWN:
                return _("turned_down", self.lang, column=column.header, value=value)
        for column in self.tests:
            value = _cell(cells, column)
            # folding is slow: only names as short as a test's are looked at
            if len(value) <= TEST_LENGTH and _TEST.match(fold(value)):
                return _("test", self.lang, column=column.header, value=value)
        for column in self.ids:
            value = _cell(cells, column).strip()
            if value:
                first = self.seen.setdefault(hash(value), number)
                if first != number:
                    return _("duplicate", self.lang, row=first, column=column.header)
        return None

    def records(self, records: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
        """The rows to score; the others are counted and the first ones listed."""
        if not self.leaves_out and not self.conditioned:
            yield from records
            return
        for number, cells in records:
            why = self.reason(number, cells) if self.leaves_out else None
            if why is None:
                self.note_not_applicable(cells)
                yield number, cells
                continue
            self.count += 1
            if len(self.listed) < LISTED:
                self.listed.append(Excluded(number, why))

    def note_not_applicable(self, cells: list[str]) -> None:
        """Count the answers given to questions whose condition does not hold in this row:
        a form without branching asks everything, and scoring ignores those answers."""
        try:
            key = self.reads(cells)
        except IndexError:
            key = tuple(_at(cells, i) for i in self.read_indices)
        outside = self.outside.get(key)
        if outside is None:
            outside = self._outside(dict(zip(self.read_indices, key, strict=True)))
            if len(self.outside) < MEMO_LIMIT:
                self.outside[key] = outside
        getter, columns = outside
        try:
            texts = getter(cells)
        except IndexError:
            texts = tuple(_at(cells, i) for i, _decoder in columns)
        if not any(texts):
            return
        for (_index, decoder), text in zip(columns, texts, strict=True):
            if text and decoder.peek(text) is not None:
                self.not_applicable[decoder.question.id] += 1

    def _outside(self, texts: dict[int, str]) -> tuple[Getter, list[tuple[int, Decoder]]]:
        """The columns whose condition does not hold for these texts, and their getter."""
        columns = []
        for group in self.conditioned:
            values = {d.question.id: d.peek(texts[i]) for i, d in group.refs}
            if any(d.question.required and values[d.question.id] is None for _i, d in group.refs):
                continue  # the row is rejected for that missing answer: nothing to count
            if not self.reader.applies(group.columns[0][1].question.id, group.condition, values):
                columns += group.columns
        return _tuple_getter([i for i, _decoder in columns]), columns


@dataclass
class _Condition:
    """One condition, the scored columns it governs and the columns it reads."""

    condition: Condition
    columns: list[tuple[int, Decoder]]
    refs: list[tuple[int, Decoder]]


def _conditioned(reader: RowReader) -> list[_Condition]:
    """The conditions of the scored columns, each once (a module of questions shares one)."""
    by_question = {d.question.id: (i, d) for i, d in reader.decoders.items()}
    groups: dict[str, _Condition] = {}
    for index, decoder in reader.decoders.items():
        question = decoder.question
        condition = reader.questionnaire.condition(question.id)
        if condition is None or question.dimension is None:
            continue
        if condition.source not in groups:
            refs = [by_question[ref] for _name, ref in condition.refs if ref in by_question]
            groups[condition.source] = _Condition(condition, [], refs)
        groups[condition.source].columns.append((index, decoder))
    return list(groups.values())


def _tuple_getter(indices: list[int]) -> Getter:
    """``itemgetter`` that always returns a tuple, whatever the number of indices."""
    if len(indices) == 1:
        (index,) = indices
        return lambda cells: (cells[index],)
    if not indices:
        return lambda _cells: ()
    return operator.itemgetter(*indices)


def _at(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _cell(cells: list[str], column: Column) -> str:
    return _at(cells, column.index)
