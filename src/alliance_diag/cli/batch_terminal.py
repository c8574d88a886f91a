"""The batch command in a terminal: options checked, a progress bar, and the closing summary."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from alliance_diag.batch.csv_files import CsvDialect
from alliance_diag.batch.run import BatchOptions, BatchSummary, run_batch
from alliance_diag.core.errors import UsageError
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.textfold import printable
from alliance_diag.report import Format

UNRECOGNISED_SHOWN = 10
UNMAPPED_SHOWN = 8
HEADER_SHOWN = 60
REASON_SHOWN = 120
FORMAT_NAMES = {
    "html": Format.html,
    "markdown": Format.markdown,
    "md": Format.markdown,
    "json": Format.json,
    "pdf": Format.pdf,
}

_ = Catalog(
    {
        "bad_format": {
            "fr": "format inconnu « {value} » (formats : html, markdown, json, pdf, none)",
            "en": "unknown format '{value}' (formats: html, markdown, json, pdf, none)",
        },
        "none_and_more": {
            "fr": "--format none ne se combine pas avec d'autres formats",
            "en": "--format none does not combine with other formats",
        },
        "bad_dialect": {
            "fr": "dialecte CSV inconnu « {value} » (standard ou excel-fr)",
            "en": "unknown CSV dialect '{value}' (standard or excel-fr)",
        },
        "progress": {"fr": "Notation", "en": "Scoring"},
        "read": {"fr": "{path} : {format}{tool}{header}", "en": "{path}: {format}{tool}{header}"},
        "header": {"fr": ", en-têtes ligne {row}", "en": ", headers on row {row}"},
        "tool": {"fr": " — export {tool}", "en": " — {tool} export"},
        "counts": {
            "fr": "Lignes lues : {read} · notées : {scored} · rejetées : {rejected}",
            "en": "Rows read: {read} · scored: {scored} · rejected: {rejected}",
        },
        "counts_excluded": {
            "fr": " · écartées : {excluded}",
            "en": " · left out: {excluded}",
        },
        "rejected": {
            "fr": "Lignes rejetées : voir {path} (ligne, colonne, valeur, raison)",
            "en": "Rejected rows: see {path} (row, column, value, reason)",
        },
        "earlier_version": {
            "fr": "Les colonnes ignorées sont des questions d'une version antérieure du "
            "questionnaire : cet export y répond sans doute. Il est lu avec les règles "
            "d'aujourd'hui : une réponse que la question actuelle n'accepte plus est laissée "
            "vide, comme dans un fichier de réponses de cette version. Pour le noter avec les "
            "règles d'alors : --questionnaire {ref}",
            "en": "The ignored columns are questions of an earlier version of the "
            "questionnaire: this export probably answers it. It is read under today's rules: "
            "an answer today's question no longer accepts is left empty, as in an answer file "
            "of that version. To score it under the rules of then: --questionnaire {ref}",
        },
        "unmapped": {
            "fr": "Colonnes ignorées, qui ne sont aucune question du questionnaire ({count}) :",
            "en": "Columns ignored, as they are no question of the questionnaire ({count}):",
        },
        "column_line": {"fr": "  « {column} »", "en": "  '{column}'"},
        "near": {
            "fr": "Colonnes reconnues à un texte proche de la question (à vérifier) :",
            "en": "Columns recognised by a text close to the question's (please check):",
        },
        "near_line": {"fr": "  « {column} » → {id}", "en": "  '{column}' → {id}"},
        "excluded": {
            "fr": "Lignes écartées : {count} (--keep-excluded pour les noter) :",
            "en": "Rows left out: {count} (--keep-excluded to score them):",
        },
        "excluded_line": {"fr": "  ligne {row} : {reason}", "en": "  row {row}: {reason}"},
        "not_applicable": {
            "fr": "Réponses ignorées, leur question ne s'appliquant pas à la ligne (le "
            "questionnaire ne la pose qu'à certains) :",
            "en": "Answers ignored, as their question does not apply to the row (the "
            "questionnaire asks it of some only):",
        },
        "not_applicable_line": {
            "fr": "  {id} : {count} ligne(s)",
            "en": "  {id}: {count} row(s)",
        },
        "unrecognised": {
            "fr": "Réponses non reconnues :",
            "en": "Answers not recognised:",
        },
        "unrecognised_line": {
            "fr": "  {column} : « {text} » ×{count}",
            "en": "  {column}: '{text}' ×{count}",
        },
        "more": {"fr": "  … et {count} autres", "en": "  … and {count} more"},
        "warning": {"fr": "Attention : {text}", "en": "Warning: {text}"},
        "reports": {
            "fr": "Rapports individuels : {count} fichier(s) dans {path}",
            "en": "Individual reports: {count} file(s) in {path}",
        },
        "files": {"fr": "Écrit dans {path} : {files}", "en": "Written to {path}: {files}"},
    }
)


def parse_formats(values: list[str] | None) -> tuple[Format, ...]:
    """``--format`` values (repeatable, ``none`` for summaries only) as report formats."""
    if not values:
        return (Format.html,)
    names = [value.lower() for value in values]
    if "none" in names:
        if len(names) > 1:
            raise UsageError(_("none_and_more"))
        return ()
    formats: list[Format] = []
    for name, value in zip(names, values, strict=True):
        if name not in FORMAT_NAMES:
            raise UsageError(_("bad_format", value=value))
        if FORMAT_NAMES[name] not in formats:
            formats.append(FORMAT_NAMES[name])
    return tuple(formats)


def parse_dialect(value: str | None) -> CsvDialect:
    if value is None:
        return CsvDialect.standard
    try:
        return CsvDialect(value.lower())
    except ValueError as exc:
        raise UsageError(_("bad_dialect", value=value)) from exc


def run(options: BatchOptions, *, quiet: bool, stdout: TextIO, stderr: TextIO) -> int:
    """Run the batch with a progress bar on stderr (a terminal only), then say what it did.

    Exit code 1 when a row was rejected: the valid rows are scored and written all the
    same, and errors.csv says which rows and why.
    """
    show_bar = not quiet and stderr.isatty() and not os.environ.get("CI")
    summary: BatchSummary | None = None
    if show_bar:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        console = Console(file=stderr)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rows]}"),
        )
        # refreshed by hand at each step the batch yields, with no thread of its own
        with Progress(*columns, console=console, transient=True, auto_refresh=False) as bar:
            task = bar.add_task(_("progress"), total=1.0, rows="")
            for step in run_batch(options):
                bar.update(task, completed=step.fraction, rows=f"{step.rows:,}".replace(",", " "))
                bar.refresh()
                summary = step.summary or summary
    else:
        for step in run_batch(options):
            summary = step.summary or summary
    assert summary is not None, "run_batch always ends with its summary"
    # export cells are shown as typed: keep their control codes away from the terminal
    lines = describe(summary, options.export, summary.lang)
    if summary.earlier_version:
        lines.append(_("earlier_version", summary.lang, ref=summary.earlier_version))
    text = "\n".join(lines)
    stdout.write(printable(text) + "\n")
    return 1 if summary.rows_rejected else 0


def describe(summary: BatchSummary, export: Path, lang: str) -> list[str]:
    """The closing lines: what was read, scored and rejected, and where the files went."""
    tool = _("tool", lang, tool=summary.tool) if summary.tool else ""
    # JSON Lines have no header line: their columns are the keys
    header = "" if summary.header_row == 0 else _("header", lang, row=summary.header_row)
    lines = [
        _(
            "read",
            lang,
            path=export,
            format=summary.table_format.describe(lang),
            tool=tool,
            header=header,
        ),
        _(
            "counts",
            lang,
            read=summary.rows_read,
            scored=summary.rows_scored,
            rejected=summary.rows_rejected,
        ),
    ]
    if summary.excluded:
        lines[-1] += _("counts_excluded", lang, excluded=summary.excluded)
    lines += [_("warning", lang, text=warning) for warning in summary.warnings]
    lines += _listed(
        _("near", lang), [_("near_line", lang, column=h, id=i) for h, i in summary.near_matches]
    )
    ignored = [_("not_applicable_line", lang, id=i, count=n) for i, n in summary.not_applicable]
    lines += _listed(_("not_applicable", lang), ignored, lang, UNMAPPED_SHOWN)
    unmapped = [_("column_line", lang, column=_short(h)) for h in summary.unmapped]
    lines += _listed(_("unmapped", lang, count=len(unmapped)), unmapped, lang, UNMAPPED_SHOWN)
    excluded = [
        _("excluded_line", lang, row=e.row, reason=_short(e.reason, REASON_SHOWN))
        for e in summary.excluded_rows
    ]
    title = _("excluded", lang, count=summary.excluded)
    lines += _listed(title, excluded, lang, UNRECOGNISED_SHOWN, summary.excluded)
    if summary.unrecognised:
        lines.append(_("unrecognised", lang))
        for item in summary.unrecognised[:UNRECOGNISED_SHOWN]:
            lines.append(
                _(
                    "unrecognised_line",
                    lang,
                    column=_short(item.column),
                    text=_short(item.text),
                    count=item.count,
                )
            )
        if len(summary.unrecognised) > UNRECOGNISED_SHOWN:
            lines.append(_("more", lang, count=len(summary.unrecognised) - UNRECOGNISED_SHOWN))
    if summary.rows_rejected:
        lines.append(_("rejected", lang, path=summary.output_dir / "errors.csv"))
    if summary.reports_written:
        folder = summary.output_dir / "reports"
        lines.append(_("reports", lang, count=summary.reports_written, path=folder))
    names = ", ".join(path.name for path in summary.files)
    lines.append(_("files", lang, path=summary.output_dir, files=names))
    return lines


def _short(text: str, limit: int = HEADER_SHOWN) -> str:
    """One line of at most ``limit`` characters: headers can be whole paragraphs."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _listed(
    title: str, items: list[str], lang: str = "", shown: int = 0, total: int = 0
) -> list[str]:
    """A title and its first ``shown`` items (all when 0), then how many more."""
    if not items:
        return []
    kept = items[:shown] if shown else items
    more = max(total, len(items)) - len(kept)
    return [title, *kept] + ([_("more", lang, count=more)] if more else [])
