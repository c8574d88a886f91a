"""Start-up of `alliance-diag --help` as a ratio to `python -c "import typer"` (goal ≤ 1.5)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 21
GOAL = 1.5


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    ours = [sys.executable, "-m", "alliance_diag", "--help"]
    baseline = [sys.executable, "-c", "import typer"]
    timed(ours), timed(baseline)  # warm the file cache for both
    ours_times, baseline_times = [], []
    for _ in range(RUNS):
        # interleaved, so that a noisy moment hits both sides alike
        ours_times.append(timed(ours))
        baseline_times.append(timed(baseline))
    ours_median = statistics.median(ours_times)
    baseline_median = statistics.median(baseline_times)
    ratio = ours_median / baseline_median
    print(f"alliance-diag --help : {ours_median * 1000:.1f} ms (median of {RUNS})")
    print(f"python -c 'import typer' : {baseline_median * 1000:.1f} ms (median of {RUNS})")
    print(f"ratio: {ratio:.2f} (goal <= {GOAL})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
