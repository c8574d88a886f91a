"""Start-up of `alliance-diag --help` as a ratio to `python -c "import typer"` (goal ≤ 1.5)."""

from __future__ import annotations

import sys

from interleaved import medians

RUNS = 21
GOAL = 1.5


def main() -> int:
    ours = [sys.executable, "-m", "alliance_diag", "--help"]
    baseline = [sys.executable, "-c", "import typer"]
    ours_median, baseline_median = medians(ours, baseline, RUNS)
    ratio = ours_median / baseline_median
    print(f"alliance-diag --help : {ours_median * 1000:.1f} ms (median of {RUNS})")
    print(f"python -c 'import typer' : {baseline_median * 1000:.1f} ms (median of {RUNS})")
    print(f"ratio: {ratio:.2f} (goal <= {GOAL})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
