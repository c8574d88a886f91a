"""The files a batch writes: summary.csv and errors.csv as it goes, each row's
reports, groups.csv and the network report at the end."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import numpy as np
import numpy.typing as npt

from alliance_diag.batch.csv_files import CsvDialect, CsvFile
from alliance_diag.batch.rows import RowProblem
from alliance_diag.core.i18n import Catalog, pick
from alliance_diag.engine.aggregate import GroupResult
from alliance_diag.engine.answers import AnswerSet, AnswerValue
from alliance_diag.engine.explanation import explain
from alliance_diag.engine.levels import optional
from alliance_diag.engine.measure import Measure
from alliance_diag.engine.network_totals import NetworkSummary
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Status
from alliance_diag.engine.table import TableMeasure
from alliance_diag.engine.table_numbers import STATUS_NAMES
from alliance_diag.io.atomic import HeldFolder, plain_folder, write_atomically
from alliance_diag.io.file_lock import FileLock
from alliance_diag.io.safe_names import UniqueNames, inside
from alliance_diag.report import EXTENSIONS, render
from alliance_diag.report.messages import status_label
from alliance_diag.report.network_report import BatchFacts, build, render_html, render_markdown

if TYPE_CHECKING:
    from alliance_diag.batch.run import BatchOptions

# the note left in an output folder while a batch writes there, and after one stopped short
INCOMPLETE = "INCOMPLETE.txt"

_ = Catalog(
    {
        "row": {"fr": "ligne", "en": "row"},
        "incomplete": {
            "fr": "Ce dossier est incomplet : un « alliance-diag batch » y écrit, ou s'est "
            "arrêté avant la fin. Les rapports de reports/ et summary.csv peuvent venir de "
            "lancements différents. Relancez le batch ; ce fichier disparaît quand il finit.\n",
            "en": "This folder is incomplete: an 'alliance-diag batch' is writing to it, or "
            "stopped before the end. The reports in reports/ and summary.csv may come from "
            "different runs. Run the batch again; this file goes when it finishes.\n",
        },
    }
)


class BatchOutputs:
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
        self.reports: HeldFolder | None = None
        # one batch at a time in a folder; until this one ends, a note says it is partial
        folder.mkdir(parents=True, exist_ok=True)
        self.lock = FileLock(folder / "summary.csv", held="folder_locked")
        self.lock.acquire()
        try:
            write_atomically(folder / INCOMPLETE, _("incomplete", lang), durable=False)
        except BaseException:
            self.lock.release()
            raise
        self.names = UniqueNames()
        self.generated_on = options.generated_on
        self.dimension_ids = [d.id for d in questionnaire.dimensions]
        self.level_ids = [level.id for level in questionnaire.levels]
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
        # for French Excel, read by people: each level and status in words beside its code
        self.words: dict[str, str] | None = None
        if options.csv_dialect is CsvDialect.excel_fr:
            levels = {level.id: pick(level.label, self.lang) for level in self.questionnaire.levels}
            statuses = {s: status_label(s, self.lang) for s in get_args(Status)}
            self.words = {"": "", **levels, **statuses}
            header.append("level_label")
        for dimension_id in self.dimension_ids:
            header += [f"{dimension_id}_score", f"{dimension_id}_status"]
            if self.words is not None:
                header.append(f"{dimension_id}_status_label")
        if options.formats:
            header.append("report")
        self.summary_file.write(header)
        self.errors_file.write(["row", "column", "value", "reason"])

    def summary(
        self,
        numbers: Sequence[int],
        organisations: Sequence[str],
        groups: Sequence[str | None],
        measured: TableMeasure,
        stems: Sequence[str],
    ) -> None:
        """The summary lines of a table of scored rows, written column by column: each
        distinct number and word is formatted once."""
        out = self.summary_file
        words = self.words
        levels = _texts(measured.level, lambda p: self.level_ids[p] if p >= 0 else "")
        columns = [list(map(str, numbers)), list(map(out.text, organisations))]
        if self.grouped:
            columns.append(list(map(out.text, groups)))

        def number(value: float) -> str:
            return out.number(optional(value))

        columns += [_texts(measured.overall, number), levels]
        if words is not None:
            columns.append([words[level] for level in levels])
        for d in range(len(self.dimension_ids)):
            statuses = _texts(measured.statuses[:, d], STATUS_NAMES.__getitem__)
            columns += [_texts(measured.scores[:, d], number), statuses]
            if words is not None:
                columns.append([words[status] for status in statuses])
        if self.options.formats:
            columns.append([out.text(f"reports/{stem}") if stem else "" for stem in stems])
        out.write_rows(zip(*columns, strict=True))

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
        self,
        number: int,
        organisation: str,
        values: dict[str, Any],
        sections: dict[str, str],
        measure: Measure,
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
        result = explain(self.questionnaire, answer_set, measure, self.lang)
        stem = self.names.take(organisation, f"{_('row', self.lang)}-{number}")
        for fmt in self.options.formats:
            content = render(
                result,
                self.questionnaire,
                fmt,
                template_dir=self.options.template_dir,
                generated_on=self.generated_on,
            )
            if self.reports is None:
                # held open from the first report on: a link swapped in for it later
                # carries no report out of the output folder
                self.reports = HeldFolder(self.reports_folder)
            self.reports.write(inside(self.reports_folder, stem, EXTENSIONS[fmt]).name, content)
        return stem

    def finish(self, summary: NetworkSummary, facts: BatchFacts) -> list[Path]:
        if self.reports is not None:
            self.reports.sync()
            self.reports.close()
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
        (self.folder / INCOMPLETE).unlink(missing_ok=True)
        self.lock.release()
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

    def discard(self) -> None:
        """The batch stopped short: the files being written go; INCOMPLETE.txt stays, to
        say that the folder mixes this run's reports with an earlier run's summary."""
        self.summary_file.discard()
        self.errors_file.discard()
        if self.reports is not None:
            self.reports.close()
        self.lock.release()


def _texts(values: npt.NDArray[Any], text: Callable[[Any], str]) -> list[str]:
    """``text`` of every value of a column, called once per distinct value."""
    distinct, inverse = np.unique(values, return_inverse=True)
    texts = np.array([text(v) for v in distinct.tolist()], dtype=object)
    found: list[str] = texts[inverse.reshape(-1)].tolist()
    return found
