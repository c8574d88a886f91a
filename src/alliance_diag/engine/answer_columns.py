"""Answers read into columns: each id's answers over the rows as codes into its distinct
values, so that a rule reading an answer runs once per distinct value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from alliance_diag.engine.levels import Ints

if TYPE_CHECKING:
    pass


Codes = npt.NDArray[np.int32]


def value_key(value: Any) -> tuple[type, Any]:
    """What tells a value apart from another, hashable: its type too (1, 1.0 and True
    differ), a list as a tuple."""
    return type(value), tuple(value) if isinstance(value, list) else value


@dataclass
class Column:
    """One id's answers over the rows: a code per row into ``values`` (``values[0]`` is
    None, an unanswered question)."""

    codes: Codes
    values: list[Any]
    # what a rule gives for each distinct value, by the rule's name (``per_cell``)
    found: dict[str, npt.NDArray[Any]] = field(default_factory=dict)
    # each value's code by its ``value_key``, for the values indexed so far (``code``)
    _index: dict[tuple[type, Any], int] = field(default_factory=dict, repr=False)
    _indexed: int = field(default=1, repr=False)

    def code(self, value: Any) -> int:
        """The code of a value, added when the column has not met it."""
        if value is None:
            return 0
        for i in range(self._indexed, len(self.values)):  # values added since
            self._index.setdefault(value_key(self.values[i]), i)
        self._indexed = len(self.values)
        key = value_key(value)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.values)
            self.values.append(value)
            self._indexed += 1
        return found


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
        key = value_key(raw)
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


def combinations(columns: Sequence[Codes], rows: int) -> Ints:
    """A number per row, the same for the rows with the same code in every column."""
    keys = np.zeros(rows, dtype=np.int64)
    for codes in columns:
        keys = keys * (int(codes.max(initial=0)) + 1) + codes
        if int(keys.max(initial=0)) > 1 << 40:  # renumbered before they could overflow
            keys = np.unique(keys, return_inverse=True)[1].astype(np.int64).reshape(rows)
    return keys


def split_rows(keys: Ints) -> list[tuple[int, Ints]]:
    """The rows of each distinct key with the first of them, in the order first met."""
    order = np.argsort(keys, kind="stable")
    parts = np.split(order, np.flatnonzero(np.diff(keys[order])) + 1) if len(order) else []
    return sorted(((int(part[0]), part) for part in parts), key=lambda pair: pair[0])


def nan_of(value: float | None) -> float:
    return np.nan if value is None else value
