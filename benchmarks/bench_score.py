"""Start-up of `alliance-diag score FILE --format json` as a ratio to
`python -c "import typer, pydantic, yaml, jinja2"`, the libraries it stands on (goal ≤ 1.5).

The built-in questionnaire is compiled into the user's cache folder by the first run, as
it is by a user's first command; the runs timed read it from there.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 21
GOAL = 1.5
ANSWERS = Path(__file__).parents[1] / "examples" / "petite-asso-entreprise.yaml"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    ours = [sys.executable, "-m", "alliance_diag", "score", str(ANSWERS), "--format", "json"]
    baseline = [sys.executable, "-c", "import typer, pydantic, yaml, jinja2"]
    timed(ours), timed(baseline)  # warm the file cache and the questionnaire cache
    ours_times, baseline_times = [], []
    for _ in range(RUNS):
        # interleaved, so that a noisy moment hits both sides alike
        ours_times.append(timed(ours))
        baseline_times.append(timed(baseline))
    ours_median = statistics.median(ours_times)
    baseline_median = statistics.median(baseline_times)
    ratio = ours_median / baseline_median
    print(
        f"alliance-diag score FILE --format json : {ours_median * 1000:.1f} ms (median of {RUNS})"
    )
    print(f"python -c 'import typer, pydantic, yaml, jinja2' : {baseline_median * 1000:.1f} ms")
    print(f"ratio: {ratio:.2f} (goal <= {GOAL})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
