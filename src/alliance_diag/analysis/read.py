"""An export read for the item analysis: the rows ``batch`` scores, as item values."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from alliance_diag.analysis.compute import Missing, ReadFacts, Row
from alliance_diag.batch.read import ExportOptions, export_rows, open_export
from alliance_diag.batch.rows import RowProblem, RowReader
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.scoring import Scorer, scorer_for


@dataclass(frozen=True)
class ReadExport:
    """The accepted rows as item values, and the rows rejected with their reasons."""

    questionnaire: Questionnaire
    lang: str
    rows: list[Row]
    facts: ReadFacts
    problems: list[RowProblem]


def read_export(options: ExportOptions) -> ReadExport:
    """Read the rows ``batch`` scores; keep each accepted row's applicable item values."""
    with open_export(options) as opened:
        questionnaire = opened.questionnaire
        exported = export_rows(opened)
        mapped = exported.mapped
        rows, problems, read = _rows(
            exported.records, exported.reader, scorer_for(questionnaire), mapped
        )
        warnings = list(opened.table.format.warnings)
    rejected = len({problem.row for problem in problems})
    facts = ReadFacts(
        source=options.export.name,
        rows_read=read,
        rows_rejected=rejected,
        not_in_export=[q.id for q in questionnaire.questions if q.dimension and q.id not in mapped],
        warnings=warnings,
    )
    return ReadExport(questionnaire, opened.lang, rows, facts, problems)


def _rows(
    records: Iterable[tuple[int, list[str]]],
    reader: RowReader,
    scorer: Scorer,
    mapped: set[str],
) -> tuple[list[Row], list[RowProblem], int]:
    rows: list[Row] = []
    problems: list[RowProblem] = []
    read = 0
    for number, cells in records:
        read += 1
        values, row_problems = reader.read(number, cells)
        if row_problems:
            problems.extend(row_problems)
        else:
            rows.append(item_values(scorer, values, mapped))
    return rows, problems, read


@functools.lru_cache(maxsize=8)
def _not_applicable(scorer: Scorer) -> dict[str, frozenset[str]]:
    """Each question's "not yet / not applicable" options."""
    return {
        item.question.id: frozenset(
            o.id for o in item.question.options or [] if o.unanswered_as == "not_applicable"
        )
        for item in scorer.items
    }


def item_values(scorer: Scorer, values: dict[str, Any], mapped: set[str]) -> Row:
    """A checked row's value of each scored question that applies to it and has a column.

    The values are the engine's (0–1, reverse applied); a question left blank and one
    answered with an option that has no score are told apart.
    """
    pattern = scorer.pattern(values, values)
    not_applicable = _not_applicable(scorer)
    row: dict[str, float | Missing] = {}
    for ids in pattern.ids:
        for question_id in ids:
            if question_id not in mapped:
                continue
            answer = values.get(question_id)
            found = scorer.item_of[question_id].worth(answer)
            if found is not None:
                row[question_id] = found
            elif answer is None or answer == []:  # nothing ticked in 0/1 columns: blank too
                row[question_id] = Missing.blank
            elif isinstance(answer, str) and answer in not_applicable[question_id]:
                row[question_id] = Missing.not_applicable
            else:
                # an option without a score and no other meaning is "don't know"
                row[question_id] = Missing.dont_know
    return row
