"""A batch split between two processes writes the very files one process writes."""

from __future__ import annotations

import codecs
import csv
import io
import os
import random
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_diag.batch import run as batch
from alliance_diag.batch import split as batch_split
from alliance_diag.batch.csv_files import CsvDialect
from alliance_diag.batch.exports import split_offset
from alliance_diag.batch.run import BatchOptions, BatchSummary, run_batch
from alliance_diag.engine.questionnaire import load_questionnaire

EXPORTS = Path(__file__).parent / "data" / "exports"
# the sample exports answer version 1.0 of the built-in questionnaire
VERSION_1_0 = Path(__file__).parent.parent / "questionnaires" / "1.0" / "alliance-readiness.yaml"
OUTPUTS = ("summary.csv", "errors.csv", "network-report.md", "network-report.html")


def outcome(
    export: Path, folder: Path, *, split: bool, share: float = 0.5, **options: Any
) -> tuple[dict[str, bytes], BatchSummary, list[str]]:
    """The files and summary of a batch, with the split forced or ruled out, and whether
    a worker was started and its rows merged."""
    started = []
    start = batch_split.Worker.start
    append = batch._Outputs.append

    def counted(worker: batch_split.Worker, work: Any) -> None:
        started.append("started")
        start(worker, work)

    def appended(outputs: Any, worker: batch_split.Worker, offset: int) -> None:
        started.append("merged")
        append(outputs, worker, offset)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch_split, "MIN_BYTES", 0 if split else 1 << 62)
        patch.setattr(batch_split, "SECOND_SHARE", share)
        patch.setattr(batch_split.Worker, "start", counted)
        patch.setattr(batch._Outputs, "append", appended)
        summary = None
        for step in run_batch(
            BatchOptions(export=export, output_dir=folder, formats=(), lang="en", **options)
        ):
            summary = step.summary or summary
    assert summary is not None
    files = {name: (folder / name).read_bytes() for name in OUTPUTS}
    # nothing else in the folder: the worker's files had no name
    assert sorted(p.name for p in folder.iterdir()) == sorted(OUTPUTS)
    return files, summary, started


def same(export: Path, tmp: Path, share: float = 0.5, **options: Any) -> list[str]:
    """Compare both runs; return whether the split run started a worker and merged."""
    one, one_summary, none = outcome(export, tmp / "one", split=False, **options)
    two, two_summary, workers = outcome(export, tmp / "two", split=True, share=share, **options)
    assert none == []
    for name in OUTPUTS:
        assert two[name] == one[name], name
    for field in ("rows_read", "rows_scored", "rows_rejected", "unrecognised", "warnings"):
        assert getattr(two_summary, field) == getattr(one_summary, field), field
    return workers


def generated(
    path: Path,
    rows: int,
    *,
    seed: int = 5,
    bom: bool = False,
    dialect: str = ",",
    garbage: int = 0,
    breaks: bool = True,
) -> Path:
    """Rows of the full questionnaire with bad cells, blank lines, multi-line quoted
    cells and quotes inside cells; ``garbage`` distinct unknown texts in one column."""
    questionnaire = load_questionnaire("alliance-readiness")
    questions = list(questionnaire.questions)
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=dialect, lineterminator="\r\n")
    writer.writerow(["organisation", "partner_type", "stage", *(q.id for q in questions)])
    partner_types = questionnaire.partner_types()
    for number in range(rows):
        kind = rng.random()
        if kind < 0.05:
            out.write("\r\n")
            continue
        name = f"Asso {number}"
        if kind < 0.15 and breaks:
            name = f'Asso "{number}"\r\nsur deux lignes, {dialect} et plus'
        elif kind < 0.2:
            name = f"=Asso {number}"
        row = [name, rng.choice(partner_types), rng.choice(["exploring", "experimenting"])]
        for question in questions:
            ids = [o.id for o in question.options or []]
            row.append(rng.choice(ids) if ids and rng.random() < 0.9 else "")
        if kind > 0.97:
            row[3] = "pas une réponse"
        if garbage and number > rows // 2:
            row[4] = f"inconnu {number % garbage}"
        writer.writerow(row)
    data = out.getvalue().encode("utf-8")
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
    return path


@pytest.mark.parametrize(
    "name",
    ["excel-fr.csv", "framaforms.csv", "google-forms.csv", "kobotoolbox.csv", "limesurvey.csv"],
)
def test_every_sample_export_gives_the_same_files(name: str, tmp_path: Path) -> None:
    mapping = EXPORTS / "limesurvey.map.yaml" if name == "limesurvey.csv" else None
    for share in (0.3, 0.5, 0.7):
        folder = tmp_path / str(share)
        folder.mkdir()
        same(EXPORTS / name, folder, share, mapping=mapping, questionnaire=VERSION_1_0)


def test_a_generated_export_splits_and_gives_the_same_files(tmp_path: Path) -> None:
    export = generated(tmp_path / "export.csv", 400)
    assert same(export, tmp_path) == ["started", "merged"]


def test_without_line_breaks_in_cells_the_worker_numbers_its_rows_right(
    tmp_path: Path,
) -> None:
    # its rows are copied as they are, not renumbered
    export = generated(tmp_path / "export.csv", 400, breaks=False)
    assert same(export, tmp_path) == ["started", "merged"]


def test_bom_and_french_dialects(tmp_path: Path) -> None:
    export = generated(tmp_path / "export.csv", 300, bom=True, dialect=";")
    assert same(export, tmp_path, csv_dialect=CsvDialect.excel_fr) == ["started", "merged"]


def test_unrecognised_texts_past_what_a_column_keeps(tmp_path: Path) -> None:
    # more distinct unknown texts after the split than a column keeps: the worker cannot
    # tell which ones a one-process run keeps, so the parent reads its rows after all
    export = generated(tmp_path / "export.csv", 400, garbage=120)
    assert same(export, tmp_path) == ["started"]
    few = generated(tmp_path / "few.csv", 400, garbage=10)
    (tmp_path / "few").mkdir()
    assert same(few, tmp_path / "few") == ["started", "merged"]


def test_quotes_that_are_not_rfc_4180_cross_the_split(tmp_path: Path) -> None:
    # a lone quote inside an unquoted cell is a plain character to the CSV reader, but it
    # flips the quote parity: the split falls inside a record, and the parent reads on
    export = generated(tmp_path / "export.csv", 300)
    lines = export.read_bytes().split(b"\r\n")
    lines[40] = lines[40].replace(b"Asso ", b'Asso 5" ', 1)
    export.write_bytes(b"\r\n".join(lines))
    assert same(export, tmp_path, share=0.5) == ["started"]


def test_a_failing_worker_leaves_its_rows_to_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any) -> Any:
        raise OSError("disk full")

    monkeypatch.setattr(batch, "csv_part", broken)
    export = generated(tmp_path / "export.csv", 300)
    assert same(export, tmp_path) == ["started"]


def test_an_interrupted_batch_leaves_no_file_and_no_process(tmp_path: Path) -> None:
    export = generated(tmp_path / "export.csv", 3000)
    folder = tmp_path / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch_split, "MIN_BYTES", 0)
        patch.setattr(batch, "PROGRESS_EVERY", 1)
        steps = run_batch(BatchOptions(export=export, output_dir=folder, formats=()))
        assert isinstance(steps, types.GeneratorType)
        next(steps)
        steps.close()
    assert list(folder.iterdir()) == []
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_small_or_unsplittable_exports_stay_in_one_process(tmp_path: Path) -> None:
    export = generated(tmp_path / "export.csv", 50)
    _files, _summary, workers = outcome(export, tmp_path / "a", split=False)
    assert workers == []
    assert split_offset(export, "utf-16", 0.5) is None
    assert split_offset(export, "utf-8", 0.999999) is None


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(share=st.floats(min_value=0.02, max_value=0.98))
def test_any_split_point_gives_the_same_files(share: float, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    if not export.exists():
        generated(export, 120, seed=9)
    folder = tmp_path / f"{share!r}"
    folder.mkdir()
    same(export, folder, share=share)


def test_no_second_process_to_be_had_reads_everything_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")  # EAGAIN: process limit

    monkeypatch.setattr(batch_split.os, "fork", refused)
    export = generated(tmp_path / "export.csv", 300)
    # the start was tried, nothing was merged, and the files are those of one process
    assert same(export, tmp_path) == ["started"]
