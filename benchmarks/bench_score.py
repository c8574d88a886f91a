"""Start-up of `alliance-diag score FILE --format json` as a ratio to
`python -c "import typer, pydantic, yaml, jinja2"`, the libraries it stands on (goal ≤ 1.5).

The first run compiles the built-in questionnaire into the user's cache folder, as a
user's first command does; the runs timed read it from there.
"""

from __future__ import annotations

import sys
from pathlib import Path

from interleaved import medians

RUNS = 21
GOAL = 1.5
ANSWERS = Path(__file__).parents[1] / "examples" / "petite-asso-entreprise.yaml"


def main() -> int:
    ours = [sys.executable, "-m", "alliance_diag", "score", str(ANSWERS), "--format", "json"]
    baseline = [sys.executable, "-c", "import typer, pydantic, yaml, jinja2"]
    ours_median, baseline_median = medians(ours, baseline, RUNS)
    ratio = ours_median / baseline_median
    print(f"alliance-diag score FILE -f json : {ours_median * 1000:.1f} ms (median of {RUNS})")
    print(f"python -c 'import typer, pydantic, yaml, jinja2' : {baseline_median * 1000:.1f} ms")
    print(f"ratio: {ratio:.2f} (goal <= {GOAL})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
