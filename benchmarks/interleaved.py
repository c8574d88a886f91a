"""Two commands timed in turns, so that a noisy moment hits both alike: their medians."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def medians(ours: list[str], baseline: list[str], runs: int) -> tuple[float, float]:
    """The median wall time of each command over ``runs`` interleaved runs, in seconds,
    after one run of each that warms the file cache (and anything a first run builds)."""
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        # pip compiled the libraries when it installed them; an editable install of ours
        # is compiled again at every start when Python may not write its bytecode
        print(
            "note: PYTHONDONTWRITEBYTECODE is set: our modules are compiled at every start, "
            "the libraries' are not",
            file=sys.stderr,
        )
    timed(ours), timed(baseline)
    ours_times, baseline_times = [], []
    for _ in range(runs):
        ours_times.append(timed(ours))
        baseline_times.append(timed(baseline))
    return statistics.median(ours_times), statistics.median(baseline_times)
