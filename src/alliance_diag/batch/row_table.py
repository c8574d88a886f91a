"""Many export rows checked at once into columns of answers: each distinct cell text of a
column is decoded once, and the rows whose every text is known never become dicts.

A row is read here only when ``RowReader.read`` would take its fast path (every cell a
text its decoder knows, nothing else to check); any other row goes through
``RowReader.read`` itself, which decodes it cell by cell and names every problem. So both
give the same answers and the same errors; this one only costs less per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from alliance_diag.batch.cells import TRUE_WORDS, Decoder
from alliance_diag.batch.rows import RowProblem, RowReader
from alliance_diag.batch.table import Malformed
from alliance_diag.core.textfold import fold, visible_text
from alliance_diag.engine.answer_columns import Codes, Column, column, combinations
from alliance_diag.engine.levels import Bools, Ints


@dataclass
class ReadRows:
    """What a table of export rows holds: the positions of the rows kept (in the order
    given), their answers per question id, and the problems of the rows rejected, in
    row order."""

    kept: list[int]
    columns: dict[str, Column]
    problems: list[RowProblem]
    rejected: int


class KeptRows:
    """Rows checked and kept, gathered from several reads into one table: their numbers,
    groups, and answers as columns (each read's codes renumbered into one column)."""

    def __init__(self) -> None:
        self.rows = 0
        self.numbers: list[int] = []
        self.groups: list[str | None] = []
        self.columns: dict[str, Column] = {}

    def add(self, numbers: list[int], groups: list[str | None], columns: dict[str, Column]) -> None:
        self.numbers += numbers
        self.groups += groups
        for qid, more in columns.items():
            known = self.columns.get(qid)
            if known is None:
                before = np.zeros(self.rows, np.int32)
                self.columns[qid] = Column(np.concatenate([before, more.codes]), list(more.values))
                continue
            renumber = np.array([known.code(value) for value in more.values], np.int32)
            known.codes = np.concatenate([known.codes, renumber[more.codes]])
        for qid, known in self.columns.items():
            if qid not in columns:
                known.codes = np.concatenate([known.codes, np.zeros(len(numbers), np.int32)])
        self.rows += len(numbers)


def read_rows(reader: RowReader, records: Sequence[tuple[int, Any]]) -> ReadRows:
    """Check a table of ``(row number, cells)``; see the module's docstring."""
    rows = len(records)
    ids = [reader.decoders[i].question.id for i, _cache in reader.fast]
    ids += [question_id for _i, question_id in reader.text] + list(reader.choices)
    used = [i for i, _c in reader.fast] + [i for i, _q in reader.text]
    used += [i for i in (reader.submitted, reader.draft) if i is not None]
    need = max(used, default=-1) + 1
    eligible = np.array(
        [
            k
            for k, (_number, cells) in enumerate(records)
            if not reader.choices and not isinstance(cells, Malformed) and len(cells) >= need
        ],
        dtype=np.int64,
    )
    codes = {qid: np.zeros(rows, dtype=np.int32) for qid in ids}
    values: dict[str, list[Any]] = {qid: [None] for qid in ids}
    slow = np.ones(rows, dtype=bool)
    slow[eligible] = False
    if len(eligible):
        cells = list(zip(*[records[k][1] for k in eligible.tolist()], strict=False))
        for (index, _cache), qid in zip(reader.fast, ids, strict=False):
            found, unknown = _decoded(cells[index], reader.decoders[index])
            codes[qid][eligible] = found.codes
            values[qid] = found.values
            slow[eligible[unknown]] = True
        for index, qid in reader.text:
            found = column([visible_text(text) for text in cells[index]])
            codes[qid][eligible] = found.codes
            values[qid] = found.values
        _refuse_unfinished(reader, cells, eligible, slow)
        _check_required(reader, codes, values, eligible, slow)
    kept: list[int] = []
    merged = {qid: Column(codes[qid], values[qid]) for qid in ids}
    problems: list[RowProblem] = []
    rejected = 0
    for k, (number, row_cells) in enumerate(records):
        if not slow[k]:
            if len(row_cells) > reader.width and any(row_cells[reader.width :]):
                reader.extra_cells += 1
            kept.append(k)
            continue
        answers, row_problems = reader.read(number, row_cells)
        if row_problems:
            problems.extend(row_problems)
            rejected += 1
            continue
        kept.append(k)
        for qid, found in merged.items():
            found.codes[k] = found.code(answers.get(qid))
    chosen = np.asarray(kept, dtype=np.int64)
    columns = {qid: Column(codes[qid][chosen], values[qid]) for qid in ids}
    return ReadRows(kept, columns, problems, rejected)


def _decoded(texts: Sequence[str], decoder: Decoder) -> tuple[Column, Bools]:
    """A column's texts as codes into their decoded answers (every text decoding to no
    answer at code 0), and which rows hold a text that is no answer (or that the decoder
    cannot remember)."""
    cache = decoder.cache
    values: list[Any] = [None]
    code_of: dict[str, int] = {}
    for text in set(texts):
        if not decoder.learn(text):
            code_of[text] = -1  # the row is read the slow way, which says why
        elif (value := cache[text]) is None:
            code_of[text] = 0
        else:
            code_of[text] = len(values)
            values.append(value)
    codes = np.array(list(map(code_of.__getitem__, texts)), dtype=np.int32)
    unknown = codes < 0
    codes[unknown] = 0
    return Column(codes, values), unknown


def _refuse_unfinished(
    reader: RowReader, cells: list[tuple[str, ...]], eligible: Ints, slow: Bools
) -> None:
    """Rows with an empty "submitted" cell or a draft flag go the slow way, which says so."""
    rows = eligible
    if reader.submitted is not None:
        empty = [not text.strip() for text in _cells_at(cells, reader.submitted, len(eligible))]
        slow[rows[np.asarray(empty, dtype=bool)]] = True
    if reader.draft is not None:
        draft = [fold(text) in TRUE_WORDS for text in _cells_at(cells, reader.draft, len(eligible))]
        slow[rows[np.asarray(draft, dtype=bool)]] = True


def _cells_at(cells: list[tuple[str, ...]], index: int, rows: int) -> Sequence[str]:
    return cells[index] if index < len(cells) else [""] * rows


def _check_required(
    reader: RowReader,
    codes: dict[str, Codes],
    values: dict[str, list[Any]],
    eligible: Ints,
    slow: Bools,
) -> None:
    """Rows missing a required answer that applies to them go the slow way, which names it."""
    for question_id, condition in reader.required:
        if question_id not in codes:
            slow[eligible] = True  # answered by no fast column: the slow way knows
            return
        rows = eligible[codes[question_id][eligible] == 0]
        rows = rows[~slow[rows]]
        if not len(rows):
            continue
        if condition is None:
            slow[rows] = True
            continue
        # the condition, once per distinct combination of the answers it reads
        read = sorted({key for _namespace, key in condition.refs if key in codes})
        if any(key is None for _namespace, key in condition.refs):
            read = sorted(codes)
        keys = combinations([codes[key][rows] for key in read], len(rows))
        _distinct, firsts, inverse = np.unique(keys, return_index=True, return_inverse=True)
        held = np.array(
            [reader.applies(question_id, condition, _row(codes, values, int(rows[k])))
             for k in firsts.tolist()],
            dtype=bool,
        )  # fmt: skip
        slow[rows[held[inverse.reshape(-1)]]] = True


def _row(codes: dict[str, Codes], values: dict[str, list[Any]], k: int) -> dict[str, Any]:
    return {qid: values[qid][int(found[k])] for qid, found in codes.items()}
