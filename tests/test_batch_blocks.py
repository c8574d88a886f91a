"""The block scorer (rows scored column by column) against the per-row hot path and batch."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_diag.batch import blocks as blocks_module
from alliance_diag.batch import run as batch_module
from alliance_diag.batch.blocks import BlockScorer
from alliance_diag.batch.mapping import map_columns
from alliance_diag.batch.rows import RowReader, RowScorer
from alliance_diag.batch.run import BatchOptions, BatchSummary, run_batch
from alliance_diag.engine.questionnaire import load_questionnaire
from alliance_diag.engine.scoring import QuickScorer
from alliance_diag.i18n import set_language

# Version 1.0 of the built-in questionnaire: its answer values are all quarters, which the
# block scorer needs (1.1's four-option factual scales give thirds, scored row by row).
FULL = load_questionnaire(
    Path(__file__).parent.parent / "questionnaires" / "1.0" / "alliance-readiness.yaml"
)
HEADER = ["organisation", "partner_type", "stage", *(q.id for q in FULL.questions)]
PARTNER_TYPES = ["peer", "public", "private", "Un acteur privé", "", "???"]
STAGES = ["exploring", "formalised", "first_project", "", "Nous explorons"]


@st.composite
def export_rows(draw: st.DrawFn) -> list[list[str]]:
    """Rows of the full questionnaire in every shape a survey tool gives, some of them bad."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    rows = []
    for number in range(draw(st.integers(1, 40))):
        cells = [rng.choice([f"Asso {number}", "", "=SUM(A1)", " Org  "])]
        cells.append(rng.choice(PARTNER_TYPES))
        cells.append(rng.choice(STAGES))
        for question in FULL.questions:
            option = rng.choice(question.options or [])
            shapes = [option.id, option.id, option.label["en"], option.label["fr"].upper(), ""]
            if option.score is not None:
                shapes.append(f"{option.score:g}")
            cells.append("?!" if rng.random() < 0.01 else rng.choice(shapes))
        shape = rng.choice(["same", "same", "same", "short", "long", "wide-empty"])
        if shape == "short":
            cells = cells[: rng.randrange(1, len(cells))]
        elif shape == "long":
            cells.append("extra")
        elif shape == "wide-empty":
            cells.append("")
        rows.append(cells)
    return rows


def scorers() -> tuple[RowReader, RowScorer]:
    columns = map_columns([(1, HEADER)], FULL)
    reader = RowReader(columns, FULL, None, "en")
    row_scorer = RowScorer(reader, QuickScorer(FULL))
    assert row_scorer.usable
    return reader, row_scorer


@settings(max_examples=25, deadline=None)
@given(export_rows(), export_rows())
def test_a_block_scores_each_row_as_the_row_scorer_does(
    taught: list[list[str]], rows: list[list[str]]
) -> None:
    reader, row_scorer = scorers()
    # the caches learn as a batch teaches them: accepted rows through the slow path
    for number, cells in enumerate([*taught, *rows], start=2):
        if row_scorer.score(cells) is None:
            values, problems = reader.read(number, cells)
            if not problems:
                row_scorer.learn(cells, values)
    block_scorer = BlockScorer(row_scorer)
    assert block_scorer.usable
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blocks_module, "FALLBACK_SHARE", 0)
        block = block_scorer.score(rows)
    assert block is not None
    for i, cells in enumerate(rows):
        fast = row_scorer.score(cells)
        if i in block.fallback:
            continue
        # a row the block scored is one the per-row hot path scores, to the same numbers
        assert fast is not None, cells
        answers, quick = fast
        organisation = answers.get("organisation")
        assert block.labels[i] == (organisation if isinstance(organisation, str) else "")
        assert block.overall[i] == quick.overall
        assert block.levels[i] == quick.level
        assert [column[i] for column in block.scores] == list(quick.dimensions)
        assert [column[i] for column in block.statuses] == list(quick.statuses)
        assert [column[i] for column in block.coverage] == list(quick.coverage)


def test_a_block_leaves_unknown_texts_and_odd_rows_to_the_per_row_path() -> None:
    reader, row_scorer = scorers()
    good = ["Asso", "peer", "exploring", *(q.options[0].id for q in FULL.questions if q.options)]
    values, problems = reader.read(2, good)
    assert not problems
    row_scorer.learn(good, values)
    unknown = [*good[:5], "?!", *good[6:]]
    rows = [good, unknown, good[:-1], [*good, "x"], good]
    # most of the rows: cheaper to take them all one by one
    assert BlockScorer(row_scorer).score(rows) is None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blocks_module, "FALLBACK_SHARE", 0)
        block = BlockScorer(row_scorer).score(rows)
    assert block is not None
    assert block.fallback == [1, 2, 3]
    assert block.labels[::4] == ["Asso", "Asso"]


def run(path: Path, out: Path) -> BatchSummary:
    summary = None
    for step in run_batch(
        BatchOptions(export=path, output_dir=out, formats=(), lang="en", generated_on=None)
    ):
        summary = step.summary or summary
    assert summary is not None
    return summary


@settings(max_examples=12, deadline=None)
@given(export_rows(), st.integers(1, 9))
def test_batch_in_blocks_writes_what_batch_row_by_row_writes(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], block_rows: int
) -> None:
    folder = tmp_path_factory.mktemp("blocks")
    path = folder / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([HEADER, *rows, *rows])
    set_language("en")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(batch_module, "BLOCK_ROWS", block_rows)
            patch.setattr(blocks_module, "FALLBACK_SHARE", 0)
            blocks = run(path, folder / "blocks")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(BlockScorer, "score", lambda _self, _rows: None)
            rows_alone = run(path, folder / "rows")
    finally:
        set_language(None)
    assert blocks.rows_read == rows_alone.rows_read
    assert blocks.rows_rejected == rows_alone.rows_rejected
    assert blocks.unrecognised == rows_alone.unrecognised
    assert blocks.warnings == rows_alone.warnings
    for name in ("summary.csv", "errors.csv", "network-report.md", "network-report.html"):
        assert (folder / "blocks" / name).read_bytes() == (folder / "rows" / name).read_bytes()
