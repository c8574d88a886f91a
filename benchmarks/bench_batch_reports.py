"""The default batch: one HTML report per member, in ms per report (goal ≤ 1.5 ms).

The whole path a network analyst runs (read a row, check it, score it, explain it, render
it, write it) on a generated export of the full questionnaire, against the same batch
writing JSON reports (the same path without the HTML), measured in the same run.

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
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.report import Format

GOAL_MS = 1.5


def timed(export: Path, out: Path, fmt: Format) -> float:
    start = time.perf_counter()
    for _step in run_batch(
        BatchOptions(generated_on=date(2026, 11, 26), export=export, output_dir=out, formats=(fmt,))
    ):
        pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        export = work / "export.csv"
        generate(export, args.rows, load_questionnaire("alliance-readiness"))
        html = min(timed(export, work / f"html{i}", Format.html) for i in range(args.runs))
        json = min(timed(export, work / f"json{i}", Format.json) for i in range(args.runs))
    per_report = html / args.rows * 1000
    print(
        f"{args.rows:,} HTML reports: {html:.2f} s, {per_report:.2f} ms each (best of {args.runs})"
    )
    print(
        f"{args.rows:,} JSON reports (baseline): {json:.2f} s, "
        f"{json / args.rows * 1000:.2f} ms each"
    )
    print(f"ratio: {html / json:.2f} x the JSON batch; goal: at most {GOAL_MS} ms a report")
    return 0 if per_report <= GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
