"""Rows left out before scoring: test submissions, duplicates, and rows a reviewer turned down."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from alliance_diag.batch.mapping import Column, ColumnMap, compact
from alliance_diag.i18n import Catalog
from alliance_diag.textfold import fold

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
LISTED = 50


@dataclass(frozen=True)
class Excluded:
    row: int
    reason: str


class Screen:
    """Decides, row by row, which rows are left out; keeps their count and the first ones.

    Duplicates are found by the submission id, so the ids seen are kept (as hashes): the
    only memory of a batch that grows with its rows, and only for exports having such ids,
    which are read in one process (a row's first copy may be in the other part).
    """

    def __init__(self, columns: ColumnMap, lang: str, *, keep: bool = False) -> None:
        self.lang = lang
        self.keep = keep
        by_key = {compact(c.header): c for c in columns.columns}
        self.ids = [c for key, c in by_key.items() if key in ID_COLUMNS][:1]
        self.reviews = [c for key, c in by_key.items() if key in REVIEW_COLUMNS]
        self.tests = [c for c in (columns.organisation,) if c is not None]
        self.seen: dict[int, int] = {}
        self.count = 0
        self.listed: list[Excluded] = []

    @property
    def active(self) -> bool:
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
            if _TEST.match(fold(value)):
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
        if not self.active:
            yield from records
            return
        for number, cells in records:
            why = self.reason(number, cells)
            if why is None:
                yield number, cells
                continue
            self.count += 1
            if len(self.listed) < LISTED:
                self.listed.append(Excluded(number, why))

    def merge(self, count: int, listed: list[Excluded], offset: int) -> None:
        """Add the rows another process left out, its row numbers moved by ``offset``."""
        self.count += count
        room = LISTED - len(self.listed)
        self.listed += [Excluded(e.row + offset, e.reason) for e in listed[:room]]


def _cell(cells: list[str], column: Column) -> str:
    return cells[column.index] if column.index < len(cells) else ""
