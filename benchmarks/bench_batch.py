"""`batch --format none` on 100,000 exported rows against a minimal pandas script.

Goals (issue 5): wall time ≤ pandas' (ratio ≤ 1.0) while checking every cell; peak
memory ≤ half of pandas'; peak memory at 1,000,000 rows within 10% of that at 100,000
(streaming: memory must not grow with the rows). Both sides run as child processes on
the same generated file, interleaved, and each child's peak RSS comes from wait4().

Usage: python benchmarks/bench_batch.py [--rows N] [--runs R] [--no-million]
Needs the bench extra (pandas): pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.applicability import applicable_questions
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.scoring import scorer_for
from alliance_diag.io.questionnaire_files import load_questionnaire

HERE = Path(__file__).resolve().parent
TIME_GOAL = 1.0
MEMORY_GOAL = 0.5
FLATNESS_GOAL = 0.10
STAGES = ("exploring", "first_project", "experimenting", "formalised")


def generate(path: Path, rows: int, questionnaire: Questionnaire, seed: int = 2018) -> None:
    """Valid answers to the full questionnaire: ids as headers, option ids as cells.

    The questions that do not apply to a row's partner type or stage are left empty, as a
    survey tool leaves them; about one answer in twenty is "don't know".
    """
    rng = random.Random(seed)
    questions = list(questionnaire.questions)
    partner_types = questionnaire.partner_types()
    # which questions apply, per (partner type, stage): conditions only read the profile here
    applies: dict[tuple[str, str], list[bool]] = {}
    for partner_type in partner_types:
        for stage in STAGES:
            profile = AnswerSet(
                questionnaire=questionnaire.id,
                questionnaire_version=questionnaire.version,
                profile={"partner_type": partner_type, "stage": stage},
            )
            ids = {q.id for q in applicable_questions(questionnaire, profile)}
            applies[partner_type, stage] = [q.id in ids for q in questions]
    options = [[o.id for o in q.options or []] for q in questions]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["organisation", "partner_type", "stage", *(q.id for q in questions)])
        for number in range(rows):
            partner_type = rng.choice(partner_types)
            stage = rng.choice(STAGES)
            mood = rng.randint(1, 5)
            row = [f"Association {number}", partner_type, stage]
            for applicable, ids in zip(applies[partner_type, stage], options, strict=True):
                if not applicable:
                    row.append("")
                elif rng.random() < 0.05:
                    row.append(ids[-1])
                else:
                    scored = ids[:-1]
                    step = min(max(mood + rng.randint(-1, 1), 1), len(scored))
                    row.append(scored[step - 1])
            writer.writerow(row)


def spec(questionnaire: Questionnaire) -> dict[str, object]:
    """What the pandas script needs: each item's dimension, weight and values on 0–1, and
    its « not yet » answers with the stage from which they stop being real."""
    items = {}
    for item in scorer_for(questionnaire).items:
        reverse = item.question.reverse
        items[item.question.id] = {
            "dimension": questionnaire.dimensions[item.dimension].id,
            "weight": item.weight,
            "values": {
                option: 1.0 - value if reverse else value
                for option, value in item.values.items()
                if value is not None
            },
            "not_yet": sorted(item.not_applicable),
            "known_from": STAGES.index(item.known_from) if item.known_from else None,
        }
    return {
        "dimensions": [d.id for d in questionnaire.dimensions],
        "items": items,
        "min_coverage": questionnaire.min_coverage,
        "stages": list(STAGES),
    }


def measured(command: list[str]) -> tuple[float, int, str]:
    """Run a child; its wall time, peak memory (KiB) and output.

    The peak is the sum of each process's own peak: the child and any worker it forks
    run at the same time, so that is what the machine must hold (an upper bound: pages
    a forked worker shares with its parent are counted twice). wait4()'s ru_maxrss is
    only the largest of them, so the process tree is polled every 50 ms for
    each process's high-water mark (VmHWM); a worker's last moments may be
    missed, which its steady streaming memory makes harmless.
    """
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    peaks: dict[int, int] = {}
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            for pid in _tree(child.pid):
                peak = _high_water_mark(pid)
                if peak is not None:
                    peaks[pid] = max(peaks.get(pid, 0), peak)
            done.wait(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    out = child.stdout.read()
    err = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    poller.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed ({child.returncode}):\n{err.decode()}")
    # wait4 gives the largest of the child's and its workers' peaks, exactly: the child's
    # own is at most that, and at least its last poll
    workers = sum(peak for pid, peak in peaks.items() if pid != child.pid)
    own = max(peaks.get(child.pid, 0), usage.ru_maxrss)
    return seconds, own + workers, out.decode()


def _tree(pid: int) -> list[int]:
    """A process and its descendants, from /proc."""
    found = [pid]
    for parent in found:
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text()
        except OSError:
            continue
        found.extend(int(child) for child in children.split())
    return found


def _high_water_mark(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def our_means(summary: Path, dimensions: list[str]) -> dict[str, float]:
    sums = dict.fromkeys(dimensions, 0.0)
    counts = dict.fromkeys(dimensions, 0)
    with summary.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            for dimension in dimensions:
                value = row[f"{dimension}_score"]
                if value:
                    sums[dimension] += float(value)
                    counts[dimension] += 1
    return {d: sums[d] / counts[d] for d in dimensions}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-million", action="store_true", help="skip the 1,000,000-row run")
    args = parser.parse_args()
    questionnaire = load_questionnaire("alliance-readiness")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        export = work / "export.csv"
        spec_path = work / "spec.json"
        spec_path.write_text(json.dumps(spec(questionnaire)), encoding="utf-8")
        started = time.perf_counter()
        generate(export, args.rows, questionnaire)
        size = export.stat().st_size / 1e6
        print(
            f"generated {args.rows:,} rows ({size:.0f} MB) in {time.perf_counter() - started:.1f} s"
        )
        ours_command = [
            sys.executable, "-m", "alliance_diag", "batch", str(export),
            "--format", "none", "--quiet", "--output-dir", str(work / "out"),
        ]  # fmt: skip
        pandas_command = [
            sys.executable,
            str(HERE / "pandas_baseline.py"),
            str(export),
            str(spec_path),
        ]
        ours_times, pandas_times, ours_rss, pandas_rss = [], [], [], []
        pandas_out = ""
        for _ in range(args.runs):
            # interleaved, so that a noisy moment hits both sides alike
            seconds, rss, _out = measured(ours_command)
            ours_times.append(seconds)
            ours_rss.append(rss)
            seconds, rss, pandas_out = measured(pandas_command)
            pandas_times.append(seconds)
            pandas_rss.append(rss)
        dimensions = [d.id for d in questionnaire.dimensions]
        ours = our_means(work / "out" / "summary.csv", dimensions)
        theirs = json.loads(pandas_out)["means"]
        # ours averages scores rounded to 0.1 per row, pandas unrounded ones
        worst = max(abs(ours[d] - theirs[d]) for d in dimensions)
        time_ratio = statistics.median(ours_times) / statistics.median(pandas_times)
        memory_ratio = max(ours_rss) / max(pandas_rss)
        for name, times, rss in (
            ("alliance-diag batch", ours_times, ours_rss),
            ("pandas baseline", pandas_times, pandas_rss),
        ):
            print(f"{name:20} {statistics.median(times):.2f} s, {max(rss) / 1024:.0f} MiB peak")
        print(f"same dimension means: largest gap {worst:.3f} points")
        print(f"wall-time ratio: {time_ratio:.2f} (goal <= {TIME_GOAL})")
        print(f"peak-memory ratio: {memory_ratio:.2f} (goal <= {MEMORY_GOAL})")
        ok = time_ratio <= TIME_GOAL and memory_ratio <= MEMORY_GOAL and worst < 0.06
        if worst >= 0.06:
            print("the means differ: the baseline no longer computes what we compute")
        if not args.no_million:
            big = work / "big.csv"
            generate(big, 10 * args.rows, questionnaire, seed=2019)
            export.unlink()
            seconds, rss, _out = measured([*ours_command[:4], str(big), *ours_command[5:]])
            growth = rss / max(ours_rss) - 1
            print(
                f"alliance-diag batch on {10 * args.rows:,} rows: {seconds:.1f} s, "
                f"{rss / 1024:.0f} MiB peak ({growth:+.1%} against {args.rows:,} rows; "
                f"goal within {FLATNESS_GOAL:.0%})"
            )
            ok = ok and abs(growth) <= FLATNESS_GOAL
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
