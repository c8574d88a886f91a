"""The questionnaire analyze command: read an export, analyse its items, write the analysis."""

from __future__ import annotations

from typing import TextIO

from alliance_diag.analysis.compute import analyze
from alliance_diag.analysis.read import read_export
from alliance_diag.batch.read import ExportOptions
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.textfold import printable
from alliance_diag.report import AnalysisFormat
from alliance_diag.report.analysis_render import render

PROBLEMS_SHOWN = 10

_ = Catalog(
    {
        "rejected": {
            "fr": "{count} ligne(s) rejetée(s), laissées hors de l'analyse\u00a0:",
            "en": "{count} row(s) rejected, left out of the analysis:",
        },
        "problem": {
            "fr": "  ligne {row}, {column}\u00a0: {reason}",
            "en": "  row {row}, {column}: {reason}",
        },
        "more": {
            "fr": "  … et {count} autre(s)\u202f; «\u202falliance-diag batch\u202f» les écrit "
            "toutes dans errors.csv",
            "en": "  … and {count} more; 'alliance-diag batch' writes them all to errors.csv",
        },
    }
)


def run(
    options: ExportOptions,
    fmt: AnalysisFormat,
    *,
    color: bool,
    stderr: TextIO,
) -> tuple[str, int]:
    """The rendered analysis and the exit code: 1 when rows were rejected (they are named on
    stderr and left out; the analysis of the others is still given)."""
    read = read_export(options)
    analysis = analyze(read.questionnaire, read.rows, read.facts, read.lang)
    if read.problems:
        lines = [_("rejected", read.lang, count=analysis.rows_rejected)]
        for problem in read.problems[:PROBLEMS_SHOWN]:
            column = problem.column or "—"
            lines.append(
                _("problem", read.lang, row=problem.row, column=column, reason=problem.reason)
            )
        if len(read.problems) > PROBLEMS_SHOWN:
            lines.append(_("more", read.lang, count=len(read.problems) - PROBLEMS_SHOWN))
        # export cells are shown as typed: keep their control codes away from the terminal
        stderr.write(printable("\n".join(lines)) + "\n")
    return render(analysis, fmt, color=color), 1 if read.problems else 0
