"""An export read one way for every command: open → map → check → screen → read.

``batch`` scores the rows this yields and ``questionnaire analyze`` analyses the same
rows: test submissions, duplicates and rows turned down in review are left out of both.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alliance_diag.batch.exports import open_table
from alliance_diag.batch.mapping import ORGANISATION, ColumnMap, map_columns
from alliance_diag.batch.mapping_file import Mapping, load_mapping
from alliance_diag.batch.rows import RowReader
from alliance_diag.batch.screening import Screen
from alliance_diag.batch.table import Kind, Record, Table
from alliance_diag.core.errors import InputError, Problem
from alliance_diag.core.i18n import Catalog, choose_language, pick
from alliance_diag.core.suggest import suggestion
from alliance_diag.core.textfold import fold
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.io.atomic import reading
from alliance_diag.io.questionnaire_files import earlier_version_answered, load_questionnaire

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
    }
)


@dataclass(frozen=True)
class ExportOptions:
    """Which export to read, and how: the reading options ``batch`` and ``analyze`` share."""

    export: Path
    questionnaire: str | Path | None = None
    mapping: Path | None = None
    org_column: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    lang: str | None = None
    # test submissions, duplicates and rejected reviews read like any row
    keep_excluded: bool = False


@dataclass(frozen=True)
class OpenExport:
    """An export opened: its questionnaire, language, mapping file and table."""

    options: ExportOptions
    questionnaire: Questionnaire
    lang: str
    mapping: Mapping | None
    table: Table


@contextmanager
def open_export(options: ExportOptions, *also: Path | None) -> Iterator[OpenExport]:
    """Load the questionnaire and the mapping, open the table; within, no command's writer
    replaces one of these files, nor any file ``also`` names (a template folder in use)."""
    questionnaire = load_questionnaire(options.questionnaire)
    lang = choose_language(options.lang, questionnaire.languages, questionnaire.default_language)
    mapping = load_mapping(options.mapping, questionnaire) if options.mapping else None
    with (
        reading(options.export, options.mapping, options.questionnaire, *also),
        open_table(
            options.export,
            encoding=options.encoding,
            delimiter=options.delimiter,
            sheet=options.sheet,
        ) as table,
    ):
        yield OpenExport(options, questionnaire, lang, mapping, table)


@dataclass(frozen=True)
class ExportRows:
    """An export's columns, checked, the reader of its rows, and the rows to read (those
    the screen leaves out are counted and listed by ``screen``)."""

    columns: ColumnMap
    reader: RowReader
    screen: Screen
    records: Iterator[Record]
    # the earlier version the export answers (``id@version``), read under today's rules
    earlier_version: str | None = None

    @property
    def mapped(self) -> set[str]:
        """The questions the export has a column for."""
        return {c.question.id for c in self.columns.columns if c.question is not None}


def export_rows(opened: OpenExport) -> ExportRows:
    """Map and check the columns, then the rows to read, screened."""
    options = opened.options
    columns, data = _mapped_rows(
        opened.table, opened.questionnaire, opened.mapping, options.org_column, opened.lang
    )
    earlier = _earlier_version(options, [c.header for c in columns.unmapped()])
    reader = RowReader(
        columns, opened.questionnaire, opened.mapping, opened.lang, carried=earlier is not None
    )
    screen = Screen(reader, keep=options.keep_excluded)
    return ExportRows(columns, reader, screen, screen.records(data), earlier)


def _earlier_version(options: ExportOptions, unknown: list[str]) -> str | None:
    """The earlier version of the built-in questionnaire that the export's unknown
    columns answer (``id@version``), when the current one is read; None otherwise."""
    ref = options.questionnaire
    if isinstance(ref, Path) or (ref is not None and "@" in ref) or not unknown:
        return None  # a file, or an exact version asked for: read as it is
    return earlier_version_answered(ref, unknown)


def _mapped_rows(
    table: Table,
    questionnaire: Questionnaire,
    mapping: Mapping | None,
    org_column: str | None,
    lang: str,
) -> tuple[ColumnMap, Iterator[Record]]:
    """An export's columns, checked, and its answer rows.

    InputError when the file has no answer row or nothing the questionnaire scores.
    """
    source = str(table.path)
    head = list(itertools.islice(table.records, 6))
    if not head:
        raise InputError([Problem(source, _("no_rows", lang))])
    candidates = head[:1] if table.format.kind is Kind.jsonl else head
    columns = map_columns(candidates, questionnaire, mapping, org_column)
    _check_columns(columns, questionnaire, org_column, source, lang)
    # JSON Lines' header is row 0, no line of the file; data lines keep their numbers
    data = _skip_hashtag_row(
        itertools.chain((r for r in head if r[0] > columns.header_row), table.records)
    )
    first = next(data, None)
    if first is None:
        raise InputError([Problem(source, _("no_rows", lang))])
    return columns, itertools.chain([first], data)


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
    org_column: str | None,
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
    if org_column and fold(org_column) not in named:
        problems.append(missing_column(org_column, columns, source, lang))
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


def missing_column(name: str, columns: ColumnMap, source: str, lang: str) -> Problem:
    headers = [c.header for c in columns.columns]
    hint = suggestion(name, headers, lang)
    listed = ", ".join(headers[:12]) + (", …" if len(headers) > 12 else "")
    return Problem(source, _("no_such_column", lang, column=name, hint=hint, columns=listed))
