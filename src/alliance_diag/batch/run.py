"""Batch scoring of a survey export: every row checked on its own, reports and summaries out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field

from alliance_diag.batch.csv_files import CsvDialect
from alliance_diag.batch.mapping import (
    ORGANISATION,
    Column,
    ColumnMap,
    Role,
)
from alliance_diag.batch.outputs import BatchOutputs
from alliance_diag.batch.read import (
    ExportOptions,
    OpenExport,
    export_rows,
    missing_column,
    open_export,
)
from alliance_diag.batch.row_table import KeptRows, read_rows
from alliance_diag.batch.rows import Unrecognised, cell_at
from alliance_diag.batch.screening import Excluded
from alliance_diag.batch.table import TableFormat
from alliance_diag.core.errors import InputError
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.textfold import fold, visible_text
from alliance_diag.engine.aggregate import GroupResult
from alliance_diag.engine.answer_columns import AnswerTable, unanswered
from alliance_diag.engine.network_totals import NetworkAccumulator
from alliance_diag.engine.result import Status
from alliance_diag.engine.scoring import scorer_for
from alliance_diag.engine.table import measure_table
from alliance_diag.report import Format
from alliance_diag.report.network_report import BatchFacts

PROGRESS_EVERY = 2048
# rows scored together as one table: enough to spread the work per distinct answer thin,
# few enough that memory stays flat however long the export
TABLE_ROWS = 8192
# rows read (checked and made columns) at a time: their cells are let go of once read
READ_ROWS = 2048
# the version of summary.csv's columns, named by its JSON Schema
SUMMARY_SCHEMA_VERSION = 1
STATUSES = list(get_args(Status))


class SummaryRow(BaseModel):
    """One row of ``summary.csv`` read as JSON: a number cell as a number, an empty cell as
    null. Every dimension adds two columns, ``ID_score`` and ``ID_status``; ``group`` is
    there with ``--group-by``, ``report`` when reports are written."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "patternProperties": {
                "^[a-z][a-z0-9_]*_score$": {
                    "anyOf": [{"type": "number", "minimum": 0, "maximum": 100}, {"type": "null"}]
                },
                "^[a-z][a-z0-9_]*_status$": {"enum": STATUSES},
            },
            "additionalProperties": False,
        },
    )

    row: int = Field(description="the row's number as a spreadsheet counts it")
    organisation: str
    group: str | None = Field(default=None, description="with --group-by")
    overall_score: float | None = Field(ge=0, le=100)
    level: str | None
    report: str | None = Field(default=None, description="reports/STEM, when reports are written")


_ = Catalog(
    {
        "empty_group": {"fr": "(vide)", "en": "(empty)"},
        # a member without a name, in the network report's heat map
        "row": {"fr": "Ligne", "en": "Row"},
        "extra_cells": {
            "fr": "{count} ligne(s) ont des cellules remplies au-delà de la dernière colonne "
            "titrée ; elles sont ignorées",
            "en": "{count} row(s) have filled cells beyond the last titled column; they are "
            "ignored",
        },
        "absent_from_export": {
            "fr": "le fichier de correspondance nomme des colonnes absentes de l'export : "
            "{columns}",
            "en": "the mapping file names columns absent from the export: {columns}",
        },
    }
)


@dataclass(frozen=True, kw_only=True)
class BatchOptions(ExportOptions):
    """What ``alliance-diag batch`` was asked to do: the export read as every command reads
    it, and what to write."""

    output_dir: Path | None = None
    formats: tuple[Format, ...] = (Format.html,)
    group_by: str | None = None
    csv_dialect: CsvDialect = CsvDialect.standard
    template_dir: Path | None = None
    # the date every report says it was made, decided once by the caller
    generated_on: date
    # respondents' names left out of every output, for results shared beyond them
    anonymize: bool = False


@dataclass(frozen=True)
class BatchSummary:
    """What a batch did, for the command's closing lines."""

    output_dir: Path
    table_format: TableFormat
    tool: str
    header_row: int
    rows_read: int
    rows_scored: int
    rows_rejected: int
    reports_written: int
    unmapped: list[str]
    unrecognised: list[Unrecognised]
    warnings: list[str]
    files: list[Path]
    # the batch's language: its reports', its row reasons' and its closing lines'
    lang: str
    groups: list[GroupResult] = field(default_factory=list)
    excluded: int = 0
    excluded_rows: list[Excluded] = field(default_factory=list)
    near_matches: list[tuple[str, str]] = field(default_factory=list)
    not_applicable: list[tuple[str, int]] = field(default_factory=list)
    # the earlier version the export answers, read under today's rules
    earlier_version: str | None = None


@dataclass(frozen=True)
class Progress:
    """How far the batch has gone; the last one carries the summary."""

    fraction: float
    rows: int
    summary: BatchSummary | None = None


def default_output_dir(export: Path) -> Path:
    return Path(f"{export.stem}-diagnostics")


def run_batch(options: BatchOptions) -> Iterator[Progress]:
    """Score every row of an export, yielding progress; the last yield has the summary.

    Bad rows go to errors.csv and never stop the batch; a file that cannot be read as a
    table of answers raises InputError before anything is written.
    """
    if Format.pdf in options.formats:
        # every requested format is checked before the first file is written
        from alliance_diag.report import pdf

        pdf.require()
    with open_export(options, options.template_dir) as opened:
        yield from BatchRun(options, opened).run()


class BatchRun:
    """One batch, in visible steps: read the header and map the columns, then score and
    write each row, then write the network's files and say what was done."""

    def __init__(self, options: BatchOptions, opened: OpenExport) -> None:
        self.options = options
        self.opened = opened
        # the earlier version the export answers, once its columns are mapped
        self.earlier_version: str | None = None
        self.questionnaire = opened.questionnaire
        self.lang = opened.lang
        self.table = opened.table
        self.source = str(options.export)
        self.scorer = scorer_for(opened.questionnaire)
        self.output_dir = options.output_dir or default_output_dir(options.export)
        self.rows_read = self.rows_rejected = self.reports = 0
        self.group_labels: dict[str, str] = {}
        # the checked rows not scored yet: scored together, a table at a time
        self.pending: list[tuple[int, list[str]]] = []
        # the rows checked and kept, not scored yet: numbers, groups, answers as columns
        self.kept = KeptRows()

    def run(self) -> Iterator[Progress]:
        # read as analyze reads: test submissions, duplicates, rejected reviews left out
        rows = export_rows(self.opened)
        self.earlier_version = rows.earlier_version
        columns = rows.columns
        group_column = _group_column(columns, self.options.group_by, self.source, self.lang)
        # the --group-by column is used even when it answers no question
        self.unused = [c for c in columns.unmapped() if c is not group_column]
        self.columns, self.group_column = columns, group_column
        self.reader, self.screen = rows.reader, rows.screen
        self.network = NetworkAccumulator(
            self.questionnaire,
            self.lang,
            grouped_by=group_column.header if group_column else None,
            by_organisation=group_column is not None and group_column is columns.organisation,
        )
        self.writer = BatchOutputs(
            self.output_dir, self.questionnaire, self.options, self.lang, group_column is not None
        )
        try:
            for number, cells in rows.records:
                self.rows_read += 1
                self.pending.append((number, cells))
                if len(self.pending) >= READ_ROWS:
                    self.check_rows()
                if self.kept.rows >= TABLE_ROWS:
                    self.score_rows()
                if self.rows_read % PROGRESS_EVERY == 0:
                    yield Progress(self.table.progress(), self.rows_read)
            self.check_rows()
            self.score_rows()
            files = self.finish()
        except BaseException:
            self.writer.discard()
            raise
        yield Progress(1.0, self.rows_read, self.summary(files))

    def check_rows(self) -> None:
        """Check the rows read: the errors of those rejected written, the others kept."""
        if not self.pending:
            return
        read = read_rows(self.reader, self.pending)
        self.rows_rejected += read.rejected
        if read.problems:
            self.writer.errors(read.problems)
        groups: list[str | None] = [None] * len(read.kept)
        if self.group_column is not None:
            groups = [self._group(self.pending[k][1]) for k in read.kept]
        self.kept.add([self.pending[k][0] for k in read.kept], groups, read.columns)
        self.pending.clear()

    def score_rows(self) -> None:
        """Score the rows kept as one table: each one's summary line and reports."""
        kept, self.kept = self.kept, KeptRows()
        if not kept.rows:
            return
        if self.options.anonymize:
            for key in PERSONAL & kept.columns.keys():
                kept.columns[key] = unanswered(kept.rows)
        table = AnswerTable.of_columns(kept.rows, kept.columns)
        # the gates that held, each row's reasons, matter only to a report that says why
        measured = measure_table(self.scorer, table, words=bool(self.options.formats))
        numbers, groups = kept.numbers, kept.groups
        labels = [""] * len(numbers)
        if ORGANISATION in kept.columns:
            names = kept.columns[ORGANISATION]
            texts = [v if isinstance(v, str) else "" for v in names.values]
            labels = [texts[code] for code in names.codes.tolist()]
        stems = [""] * len(numbers)
        if self.options.formats:
            for r, number in enumerate(numbers):
                stems[r] = self.writer.report(
                    number,
                    labels[r],
                    dict(table.answers[r]),
                    self.reader.sections,
                    measured.measure(r),
                )
                self.reports += len(self.options.formats)
        self.writer.summary(numbers, labels, groups, measured, stems)
        named = [
            label or f"{_('row', self.lang)} {number}"
            for label, number in zip(labels, numbers, strict=True)
        ]
        self.network.add(numbers, named, measured, groups)

    def _group(self, cells: list[str]) -> str:
        """A row's group, as first written (an empty cell is a group of its own)."""
        assert self.group_column is not None
        group = visible_text(cell_at(cells, self.group_column.index)) or ""
        return self.group_labels.setdefault(fold(group), group or _("empty_group", self.lang))

    def finish(self) -> list[Path]:
        """The network's totals worded into its report; every file committed."""
        self.network_summary = self.network.summary()
        facts = BatchFacts(
            source=self.options.export.name,
            rows_read=self.rows_read,
            rows_rejected=self.rows_rejected,
            unmapped=[c.header for c in self.unused],
            generated_on=self.options.generated_on,
        )
        return self.writer.finish(self.network_summary, facts)

    def summary(self, files: list[Path]) -> BatchSummary:
        warnings = list(self.table.format.warnings)
        absent = self.columns.absent_from_export
        if absent:
            warnings.append(_("absent_from_export", self.lang, columns=", ".join(absent)))
        if self.reader.extra_cells:
            warnings.append(_("extra_cells", self.lang, count=self.reader.extra_cells))
        warnings += self.reader.warnings()
        return BatchSummary(
            output_dir=self.output_dir,
            table_format=self.table.format,
            tool=self.columns.tool,
            header_row=self.columns.header_row,
            rows_read=self.rows_read,
            rows_scored=self.rows_read - self.rows_rejected,
            rows_rejected=self.rows_rejected,
            reports_written=self.reports,
            unmapped=[_describe(c) for c in self.unused],
            unrecognised=self.reader.unrecognised(),
            warnings=warnings,
            files=files,
            lang=self.lang,
            groups=self.network_summary.groups,
            excluded=self.screen.count,
            excluded_rows=self.screen.listed,
            near_matches=self.columns.near(),
            not_applicable=sorted(self.screen.not_applicable.items()),
            earlier_version=self.earlier_version,
        )


# what a respondent types about themself, left out by --anonymize
PERSONAL = frozenset({"name"})


def _describe(column: Column) -> str:
    return f"{column.header} ({column.note})" if column.note else column.header


def _group_column(
    columns: ColumnMap, group_by: str | None, source: str, lang: str
) -> Column | None:
    """The column named by --group-by: by its header, or by the question it answers."""
    if group_by is None:
        return None
    for column in columns.columns:
        if column.header == group_by or fold(column.header) == fold(group_by):
            return column
    for column in columns.columns:
        if column.role is Role.question and column.question and column.question.id == group_by:
            return column
    raise InputError([missing_column(group_by, columns, source, lang)])
