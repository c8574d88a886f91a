"""Batch scoring of a survey export: every row checked on its own, reports and summaries out."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from alliance_diag.batch import split as batch_split
from alliance_diag.batch.blocks import Block, BlockScorer
from alliance_diag.batch.csv_files import CsvDialect, CsvFile
from alliance_diag.batch.exports import (
    FirstPart,
    Kind,
    Table,
    TableFormat,
    csv_part,
    open_table,
    split_offset,
)
from alliance_diag.batch.mapping import (
    ORGANISATION,
    Column,
    ColumnMap,
    Mapping,
    Role,
    load_mapping,
    map_columns,
)
from alliance_diag.batch.network_totals import NetworkAccumulator, NetworkSummary
from alliance_diag.batch.rows import RowProblem, RowReader, RowScorer, Unrecognised, cell_at
from alliance_diag.batch.split import PartResult, Worker
from alliance_diag.engine.aggregate import GroupResult
from alliance_diag.engine.answers import AnswerSet, AnswerValue
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.questionnaire import load_questionnaire as load_questionnaire_ref
from alliance_diag.engine.scoring import QuickScore, QuickScorer, score
from alliance_diag.errors import InputError, Problem
from alliance_diag.i18n import Catalog, choose_language, pick
from alliance_diag.io.atomic import plain_folder, reading, write_atomically
from alliance_diag.io.safe_names import UniqueNames, inside
from alliance_diag.report import EXTENSIONS, Format, render
from alliance_diag.report.network_report import BatchFacts, build, render_html, render_markdown
from alliance_diag.suggest import suggestion
from alliance_diag.textfold import fold

PROGRESS_EVERY = 2048
# rows scored together by the block scorer: small enough to stay in the CPU's caches
BLOCK_ROWS = 512

_ = Catalog(
    {
        "no_rows": {
            "fr": "aucune réponse dans le fichier : il n'a qu'une ligne d'en-tête",
            "en": "no answers in the file: it only has a header row",
        },
        "no_question_column": {
            "fr": "aucune colonne ne correspond à une question notée du questionnaire « {id} » "
            "(en-têtes lus à la ligne {row} : {headers}). Vérifiez le questionnaire "
            "(--questionnaire), le séparateur (--delimiter) ou décrivez les colonnes dans un "
            "fichier de correspondance (--mapping).",
            "en": "no column matches a scored question of questionnaire '{id}' (headers read on "
            "row {row}: {headers}). Check the questionnaire (--questionnaire), the delimiter "
            "(--delimiter) or describe the columns in a mapping file (--mapping).",
        },
        "no_required_column": {
            "fr": "aucune colonne pour la réponse obligatoire « {id} » ({text}){hint}",
            "en": "no column for the required answer '{id}' ({text}){hint}",
        },
        "org_hint": {
            "fr": " : nommez la colonne de l'organisation avec --org-column",
            "en": ": name the organisation column with --org-column",
        },
        "mapping_hint": {
            "fr": " : ajoutez-la dans un fichier de correspondance (--mapping)",
            "en": ": add it in a mapping file (--mapping)",
        },
        "no_such_column": {
            "fr": "pas de colonne « {column} » dans l'export{hint} (colonnes : {columns})",
            "en": "no column '{column}' in the export{hint} (columns: {columns})",
        },
        "row": {"fr": "ligne", "en": "row"},
        "empty_group": {"fr": "(vide)", "en": "(empty)"},
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


@dataclass(frozen=True)
class BatchOptions:
    """What ``alliance-diag batch`` was asked to do."""

    export: Path
    questionnaire: str | Path | None = None
    mapping: Path | None = None
    output_dir: Path | None = None
    formats: tuple[Format, ...] = (Format.html,)
    group_by: str | None = None
    org_column: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    csv_dialect: CsvDialect = CsvDialect.standard
    lang: str | None = None
    template_dir: Path | None = None
    generated_on: date | None = None


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
    groups: list[GroupResult] = field(default_factory=list)


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
    questionnaire = load_questionnaire_ref(options.questionnaire)
    lang = choose_language(options.lang, questionnaire.languages, questionnaire.default_language)
    mapping = load_mapping(options.mapping, questionnaire) if options.mapping else None
    inputs = (options.export, options.mapping, options.questionnaire)
    with (
        reading(*inputs),
        open_table(
            options.export,
            encoding=options.encoding,
            delimiter=options.delimiter,
            sheet=options.sheet,
        ) as table,
    ):
        yield from _run(options, questionnaire, lang, mapping, table)


def _run(
    options: BatchOptions,
    questionnaire: Questionnaire,
    lang: str,
    mapping: Mapping | None,
    table: Table,
) -> Iterator[Progress]:
    source = str(options.export)
    head = list(itertools.islice(table.records, 6))
    if not head:
        raise InputError([Problem(source, _("no_rows", lang))])
    candidates = head[:1] if table.format.kind is Kind.jsonl else head
    columns = map_columns(candidates, questionnaire, mapping, options.org_column)
    _check_columns(columns, questionnaire, options, source, lang)
    # JSON Lines' header is row 0, no line of the file; data lines keep their numbers
    data = _skip_hashtag_row(
        itertools.chain(
            (record for record in head if record[0] > columns.header_row), table.records
        )
    )
    first = next(data, None)
    if first is None:
        raise InputError([Problem(source, _("no_rows", lang))])
    data = itertools.chain([first], data)
    group_column = _group_column(columns, options.group_by, source, lang)
    # the --group-by column is used even when it answers no question
    unused = [c for c in columns.unmapped() if c is not group_column]
    reader = RowReader(columns, questionnaire, mapping, lang)
    scorer = QuickScorer(questionnaire)
    # per-row reports need each row's answers anyway; without them, the hot path
    row_scorer = RowScorer(reader, scorer) if not options.formats else None
    if row_scorer is not None and not row_scorer.usable:
        row_scorer = None
    by_organisation = group_column is not None and group_column is columns.organisation
    network = NetworkAccumulator(
        questionnaire,
        scorer,
        lang,
        grouped_by=group_column.header if group_column else None,
        by_organisation=by_organisation,
    )
    output_dir = options.output_dir or default_output_dir(options.export)
    writer = _Outputs(output_dir, questionnaire, options, lang, group_column is not None)
    blocks = BlockScorer(row_scorer) if row_scorer is not None and group_column is None else None
    if blocks is not None and not blocks.usable:
        blocks = None
    rows_read = rows_rejected = reports = 0
    group_labels: dict[str, str] = {}
    empty_group = _("empty_group", lang)
    row_word = _("row", lang)

    # a worker names its rows once their numbers are known: they start from 1 there
    naming = [True]

    def unnamed(number: int) -> str:
        return f"{row_word} {number}" if naming[0] else ""

    def one(number: int, cells: list[str]) -> None:
        """The per-row path: a row the block scorer left out, or every row."""
        nonlocal rows_rejected, reports
        fast = row_scorer.score(cells) if row_scorer is not None else None
        if fast is not None:
            values, quick = fast
        else:
            values, problems = reader.read(number, cells)
            if problems:
                rows_rejected += 1
                writer.errors(problems)
                return
            quick = scorer.score(values, values)
            if row_scorer is not None:
                row_scorer.learn(cells, values)
        organisation = values.get(ORGANISATION)
        label = organisation if isinstance(organisation, str) else ""
        group = None
        if group_column is not None:
            group = cell_at(cells, group_column.index).strip()
            group = group_labels.setdefault(fold(group), group or empty_group)
        stem = ""
        if options.formats:
            stem = writer.report(number, label, values, reader.sections)
            reports += len(options.formats)
        writer.summary(number, label, group, quick, stem)
        network.add(number, label or unnamed(number), quick, group)

    def score_rows(
        records: Iterator[tuple[int, list[str]]], fraction: Callable[[], float]
    ) -> Iterator[Progress]:
        nonlocal rows_read
        if blocks is None:
            for number, cells in records:
                rows_read += 1
                if rows_read % PROGRESS_EVERY == 0:
                    yield Progress(fraction(), rows_read)
                one(number, cells)
            return
        while chunk := list(itertools.islice(records, BLOCK_ROWS)):
            numbers = [number for number, _cells in chunk]
            block = blocks.score([cells for _number, cells in chunk])
            if block is None:
                for number, cells in chunk:
                    one(number, cells)
            else:
                start = 0
                for position in [*block.fallback, len(chunk)]:
                    if start < position:
                        part = slice(start, position)
                        writer.summary_block(numbers[part], block, part)
                        network.add_block(numbers[part], block, part, unnamed)
                    if position < len(chunk):
                        one(*chunk[position])
                    start = position + 1
            before = rows_read
            rows_read += len(chunk)
            if rows_read // PROGRESS_EVERY > before // PROGRESS_EVERY:
                yield Progress(fraction(), rows_read)

    def second_part(worker: Worker) -> PartResult:
        """In the worker: score the rows past the split, numbered from 1 there."""
        nonlocal network, rows_read, rows_rejected
        assert split is not None
        naming[0] = False
        rows_read = rows_rejected = 0
        network = NetworkAccumulator(questionnaire, scorer, lang)
        writer.to_streams(worker.summary, worker.errors)
        position = [0]
        records = csv_part(
            options.export, split.encoding, delimiter, split.start, split.guess, position
        )
        for step in score_rows(records, lambda: 0.0):
            worker.report(position[0], step.rows)
        return PartResult(
            rows_read=rows_read,
            rows_rejected=rows_rejected,
            extra_cells=reader.extra_cells,
            network=network.part(),
            texts=reader.texts_part(),
        )

    delimiter = table.format.delimiter or ","
    split = _split(options, table, group_column)
    worker: Worker | None = None
    try:
        if split is None:
            yield from score_rows(data, table.progress)
        else:
            part_one = split.part
            try:
                worker = Worker(output_dir)
                writer.flush()
                worker.start(second_part)
            except OSError:
                # no second process to be had (a process limit, no room for its files)
                if worker is not None:
                    worker.stop()
                worker = None

            def both() -> float:
                assert worker is not None
                done = part_one.position[0]
                if not part_one.crossed:
                    done += worker.progress()[0]
                return min(done / table.size, 1.0)

            def alone() -> float:
                return min(part_one.position[0] / table.size, 1.0)

            mine = _skip_hashtag_row(r for r in part_one.records() if r[0] > columns.header_row)
            yield from score_rows(mine, alone if worker is None else both)
            merged = None
            # the first rows (headers, a hashtag row) must all be before the split
            before_split = part_one.count is not None and first[0] <= part_one.count
            if worker is not None and not part_one.crossed and before_split:
                while not worker.wait(0.1):
                    yield Progress(both(), rows_read + worker.progress()[1])
                merged = worker.result()
            if worker is not None and merged is not None and merged.texts is not None:
                assert part_one.count is not None
                assert split is not None
                offset = part_one.count - split.guess
                writer.append(worker, offset)
                naming[0] = True
                network.merge(merged.network, offset, unnamed)
                reader.merge_texts(merged.texts)
                reader.extra_cells += merged.extra_cells
                rows_read += merged.rows_read
                rows_rejected += merged.rows_rejected
            elif not part_one.crossed:
                # the worker's rows are read here after all, as one process reads them
                if worker is not None:
                    worker.stop()
                rest: Iterator[tuple[int, list[str]]]
                rest = (r for r in part_one.rest() if r[0] > columns.header_row)
                if part_one.count is None or first[0] > part_one.count:
                    rest = _skip_hashtag_row(rest)
                yield from score_rows(rest, alone)
        summary = network.summary()
        facts = BatchFacts(
            source=options.export.name,
            rows_read=rows_read,
            rows_rejected=rows_rejected,
            unmapped=[c.header for c in unused],
            generated_on=options.generated_on or date.today(),
        )
        files = writer.finish(summary, facts)
    except BaseException:
        writer.discard()
        raise
    finally:
        if worker is not None:
            worker.stop()
        if split is not None:
            split.part.close()
    warnings = list(table.format.warnings)
    if columns.absent_from_export:
        warnings.append(
            _("absent_from_export", lang, columns=", ".join(columns.absent_from_export))
        )
    if reader.extra_cells:
        warnings.append(_("extra_cells", lang, count=reader.extra_cells))
    yield Progress(
        1.0,
        rows_read,
        BatchSummary(
            output_dir=output_dir,
            table_format=table.format,
            tool=columns.tool,
            header_row=columns.header_row,
            rows_read=rows_read,
            rows_scored=rows_read - rows_rejected,
            rows_rejected=rows_rejected,
            reports_written=reports,
            unmapped=[_describe(c) for c in unused],
            unrecognised=reader.unrecognised(),
            warnings=warnings,
            files=files,
            groups=summary.groups,
        ),
    )


@dataclass(frozen=True)
class _Split:
    """Where a large export is cut in two: the rows before are read here, the rest by a
    worker process."""

    part: FirstPart
    encoding: str
    start: int
    # the worker numbers its rows after the line feeds before the split: right unless
    # cells hold line breaks, and fixed at the merge otherwise
    guess: int


def _split(options: BatchOptions, table: Table, group_column: Column | None) -> _Split | None:
    """A split for a large CSV export scored without reports or groups, on a machine with
    a second core; None otherwise."""
    form = table.format
    if (
        form.kind is not Kind.csv
        or options.formats
        or group_column is not None
        or form.encoding is None
        or form.delimiter is None
        or table.size < batch_split.MIN_BYTES
        or not batch_split.can_fork()
    ):
        return None
    found = split_offset(table.path, form.encoding, 1 - batch_split.SECOND_SHARE)
    if found is None:
        return None
    start, lines = found
    try:
        part = FirstPart(table.path, form.encoding, form.delimiter, start)
    except OSError:
        return None
    return _Split(part, form.encoding, start, lines)


def _describe(column: Column) -> str:
    return f"{column.header} ({column.note})" if column.note else column.header


def _skip_hashtag_row(records: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    """Leave out a KoboToolbox HXL row (#hashtags under the header), when there is one."""
    first = next(records, None)
    if first is None:
        return
    filled = [cell for cell in first[1] if cell.strip()]
    if not (filled and all(cell.strip().startswith("#") for cell in filled)):
        yield first
    yield from records


def _check_columns(
    columns: ColumnMap,
    questionnaire: Questionnaire,
    options: BatchOptions,
    source: str,
    lang: str,
) -> None:
    """The file-level problems: nothing to score, or no column for a required answer."""
    if columns.scored_columns() == 0:
        headers = ", ".join(c.header for c in columns.columns[:8]) or "—"
        if len(columns.columns) > 8:
            headers += ", …"
        message = _(
            "no_question_column", lang, id=questionnaire.id, row=columns.header_row, headers=headers
        )
        raise InputError([Problem(source, message)])
    problems = []
    named = {fold(c.header) for c in columns.columns}
    if options.org_column and fold(options.org_column) not in named:
        problems.append(_missing_column(options.org_column, columns, source, lang))
    mapped = {c.question.id for c in columns.columns if c.question is not None}
    for question in questionnaire.all_questions():
        if question.required and question.when is None and question.id not in mapped:
            hint = _("org_hint" if question.id == ORGANISATION else "mapping_hint", lang)
            text = pick(question.text, lang)
            problems.append(
                Problem(source, _("no_required_column", lang, id=question.id, text=text, hint=hint))
            )
    if problems:
        raise InputError(problems)


def _missing_column(name: str, columns: ColumnMap, source: str, lang: str) -> Problem:
    headers = [c.header for c in columns.columns]
    hint = suggestion(name, headers, lang)
    listed = ", ".join(headers[:12]) + (", …" if len(headers) > 12 else "")
    return Problem(source, _("no_such_column", lang, column=name, hint=hint, columns=listed))


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
    raise InputError([_missing_column(group_by, columns, source, lang)])


class _Outputs:
    """The files a batch writes: summary and errors as it goes, reports, network report."""

    def __init__(
        self,
        folder: Path,
        questionnaire: Questionnaire,
        options: BatchOptions,
        lang: str,
        grouped: bool,
    ) -> None:
        self.folder = folder
        self.questionnaire = questionnaire
        self.options = options
        self.lang = lang
        self.grouped = grouped
        self.reports_folder = plain_folder(folder, "reports")
        self.names = UniqueNames()
        self.generated_on = options.generated_on or date.today()
        self.dimension_ids = [d.id for d in questionnaire.dimensions]
        dialect = options.csv_dialect
        self.summary_file = CsvFile(folder / "summary.csv", dialect)
        try:
            self.errors_file = CsvFile(folder / "errors.csv", dialect)
        except BaseException:
            self.summary_file.discard()
            raise
        try:
            self._start(grouped)
        except BaseException:
            # a full disk on the headers: neither file may stay behind under its hidden name
            self.discard()
            raise

    def _start(self, grouped: bool) -> None:
        """The headers of summary.csv and errors.csv."""
        options = self.options
        header = ["row", "organisation"]
        if grouped:
            header.append("group")
        header += ["overall_score", "level"]
        for dimension_id in self.dimension_ids:
            header += [f"{dimension_id}_score", f"{dimension_id}_status"]
        if options.formats:
            header.append("report")
        self.summary_file.write(header)
        self._row = [""] * len(header)
        self._level_text: dict[str | None, str] = {None: ""}
        self._level_text.update((level.id, level.id) for level in self.questionnaire.levels)
        self._first_score = 5 if grouped else 4
        self._after_scores = self._first_score + 2 * len(self.dimension_ids)
        self.errors_file.write(["row", "column", "value", "reason"])

    def summary(
        self, number: int, organisation: str, group: str | None, quick: QuickScore, stem: str
    ) -> None:
        out = self.summary_file
        row = self._row[:]
        row[0] = str(number)
        row[1] = out.text(organisation)
        if self.grouped:
            row[2] = out.text(group)
        start = self._first_score
        row[start - 2] = out.number(quick.overall)
        row[start - 1] = quick.level or ""
        # each dimension's score then status, written in two strides
        row[start : self._after_scores : 2] = map(out.number, quick.dimensions)
        row[start + 1 : self._after_scores : 2] = quick.statuses
        if self.options.formats:
            row[-1] = out.text(f"reports/{stem}") if stem else ""
        out.write(row)

    def summary_block(self, numbers: list[int], block: Block, part: slice) -> None:
        """Summary lines of rows the block scorer scored (no groups, no reports)."""
        out = self.summary_file
        columns: list[Iterable[str]] = [
            map(str, numbers),
            map(out.text, block.labels[part]),
            out.numbers(block.overall[part]),
            map(self._level_text.__getitem__, block.levels[part]),
        ]
        for scores, statuses in zip(block.scores, block.statuses, strict=True):
            columns.append(out.numbers(scores[part]))
            columns.append(statuses[part])
        out.write_many(zip(*columns, strict=True))

    def errors(self, problems: list[RowProblem]) -> None:
        out = self.errors_file
        for problem in problems:
            out.write(
                [
                    str(problem.row),
                    out.text(problem.column),
                    out.text(problem.value),
                    problem.reason,
                ]
            )

    def report(
        self, number: int, organisation: str, values: dict[str, Any], sections: dict[str, str]
    ) -> str:
        """Write the row's reports in every requested format; return their common stem."""
        respondent: dict[str, Any] = {}
        profile: dict[str, AnswerValue] = {}
        answers: dict[str, AnswerValue] = {}
        for question_id, value in values.items():
            section = sections.get(question_id)
            if section == "respondent":
                respondent[question_id] = None if value is None else str(value)
            elif section == "profile":
                profile[question_id] = value
            elif section == "answers":
                answers[question_id] = value
        answer_set = AnswerSet(
            questionnaire=self.questionnaire.id,
            questionnaire_version=self.questionnaire.version,
            language=self.lang,
            respondent=respondent,
            profile=profile,
            answers=answers,
        )
        result = score(self.questionnaire, answer_set, self.lang)
        stem = self.names.take(organisation, f"{_('row', self.lang)}-{number}")
        for fmt in self.options.formats:
            content = render(
                result,
                self.questionnaire,
                fmt,
                template_dir=self.options.template_dir,
                generated_on=self.generated_on,
            )
            write_atomically(inside(self.reports_folder, stem, EXTENSIONS[fmt]), content)
        return stem

    def finish(self, summary: NetworkSummary, facts: BatchFacts) -> list[Path]:
        view = build(summary, self.questionnaire, facts, self.lang)
        html_path = self.folder / "network-report.html"
        markdown_path = self.folder / "network-report.md"
        write_atomically(html_path, render_html(view, self.options.template_dir))
        write_atomically(markdown_path, render_markdown(view, self.options.template_dir))
        files = [self.folder / "summary.csv", self.folder / "errors.csv"]
        if self.grouped:
            files.append(self._groups(summary.groups))
        self.summary_file.commit()
        self.errors_file.commit()
        return [*files, html_path, markdown_path]

    def _groups(self, groups: list[GroupResult]) -> Path:
        path = self.folder / "groups.csv"
        out = CsvFile(path, self.options.csv_dialect)
        header = ["group", "respondents", "overall_mean"]
        for dimension_id in self.dimension_ids:
            header += [f"{dimension_id}_{name}" for name in ("mean", "sd", "min", "max", "n")]
            header.append(f"{dimension_id}_divergent")
        out.write(header)
        for group in groups:
            cells = [out.text(group.label), str(group.respondents), out.number(group.overall.mean)]
            for d in group.dimensions:
                cells += [out.number(d.mean), out.number(d.sd), out.number(d.min)]
                cells += [out.number(d.max), str(d.n), "yes" if d.divergent else "no"]
            out.write(cells)
        out.commit()
        return path

    def flush(self) -> None:
        """Before a fork: nothing left in a buffer that the worker could write again."""
        self.summary_file.flush()
        self.errors_file.flush()

    def to_streams(self, summary: IO[str], errors: IO[str]) -> None:
        """In a worker: summary and errors rows (no headers) to the worker's files."""
        # the parent's files stay referenced: collecting them here would close them
        self._parent_files = (self.summary_file, self.errors_file)
        dialect = self.options.csv_dialect
        self.summary_file = CsvFile(self.summary_file.path, dialect, stream=summary)
        self.errors_file = CsvFile(self.errors_file.path, dialect, stream=errors)

    def append(self, worker: Worker, offset: int) -> None:
        """The worker's rows after these ones, their numbers corrected by ``offset``."""
        for part, out in ((worker.summary, self.summary_file), (worker.errors, self.errors_file)):
            part.seek(0)
            out.append_renumbered(part, offset)

    def discard(self) -> None:
        self.summary_file.discard()
        self.errors_file.discard()
