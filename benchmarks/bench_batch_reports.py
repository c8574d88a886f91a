"""The default batch: one HTML report per member, in ms per report (goal ≤ 1.5 ms).

The whole path a network analyst runs (read a row, check it, score it, explain it, render
it, write it) on a generated export of the full questionnaire. In the same run, and
interleaved with it so that a busy machine weighs on all alike, the same batch writing
no report (``--format none``: reading and scoring only) and writing JSON reports (the
same explained result, serialised without a page). What the HTML reports cost is the
HTML batch less the batch without reports: explaining, wording, rendering and writing;
and of that, writing the same pages again through the batch's writer is what the disk
alone takes.

Usage: python benchmarks/bench_batch_reports.py [--rows N] [--runs R]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench_batch import generate

from alliance_diag.batch.run import BatchOptions, run_batch
from alliance_diag.io.atomic import HeldFolder
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.report import Format

GOAL_MS = 1.5
# the batches timed, by the formats they write
BATCHES = {"html": (Format.html,), "json": (Format.json,), "none": ()}


def timed(export: Path, out: Path, formats: tuple[Format, ...]) -> float:
    start = time.perf_counter()
    options = BatchOptions(
        generated_on=date(2026, 11, 26), export=export, output_dir=out, formats=formats
    )
    for _step in run_batch(options):
        pass
    return time.perf_counter() - start


def rewritten(pages: Path, out: Path) -> float:
    """The time to write the pages of ``pages`` again, as the batch writes its reports."""
    contents = [(path.name, path.read_text("utf-8")) for path in sorted(pages.iterdir())]
    start = time.perf_counter()
    folder = HeldFolder(out)
    for name, content in contents:
        folder.write(name, content)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    best = dict.fromkeys(BATCHES, float("inf"))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        export = work / "export.csv"
        generate(export, args.rows, load_questionnaire("alliance-readiness"))
        for run in range(args.runs):
            for name, formats in BATCHES.items():
                seconds = timed(export, work / f"{name}{run}", formats)
                best[name] = min(best[name], seconds)
            seconds = rewritten(work / f"html{run}" / "reports", work / f"disk{run}")
            best["disk"] = min(best.get("disk", seconds), seconds)

    def per_report(seconds: float) -> float:
        return seconds / args.rows * 1000

    html, json, none, disk = (per_report(best[name]) for name in [*BATCHES, "disk"])
    print(f"{args.rows:,} rows, best of {args.runs} runs each, interleaved:")
    print(f"  batch with HTML reports:  {html:.2f} ms a report")
    print(f"  batch with JSON reports:  {json:.2f} ms a report")
    print(f"  batch without reports:    {none:.2f} ms a row (reading and scoring)")
    print(
        f"the HTML report's own cost: {html - none:.2f} ms "
        f"(JSON's: {json - none:.2f} ms); {html / json:.2f} x the JSON batch"
    )
    print(f"  of which writing the page: {disk:.2f} ms (the same pages written again)")
    print(f"goal: at most {GOAL_MS} ms a report for the whole HTML batch: {html:.2f} ms")
    return 0 if html <= GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
