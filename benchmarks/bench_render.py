"""Rendering 1,000 HTML reports (goal: well under 2 s), against serialising the same results."""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.explanation import score
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.engine.scoring import scorer_for
from alliance_diag.io.answer_files import load_answers
from alliance_diag.report import html

REPORTS = 1_000
RUNS = 5
GOAL_SECONDS = 2.0
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DAY = date(2026, 11, 26)


def results(count: int) -> tuple[list[Result], Questionnaire]:
    """Distinct results: the examples' answers, each item redrawn at random, seeded."""
    seeds = [load_answers(path) for path in sorted(EXAMPLES.glob("*.yaml"))]
    randomness = random.Random(2017)
    scored = []
    questionnaire = seeds[0][1]
    for index in range(count):
        answers, questionnaire = seeds[index % len(seeds)]
        redrawn: AnswerSet = answers.model_copy(deep=True)
        for item in scorer_for(questionnaire).items:
            options = [o.id for o in item.question.options or []]
            if options and item.question.id in redrawn.answers:
                redrawn.answers[item.question.id] = randomness.choice(options)
        redrawn.respondent.organisation = f"Association n°{index}"
        scored.append(score(questionnaire, redrawn))
    return scored, questionnaire


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    batch, questionnaire = results(REPORTS)
    html.render(batch[0], questionnaire, generated_on=DAY)  # compile the templates once

    def render_all() -> None:
        for result in batch:
            html.render(result, questionnaire, generated_on=DAY)

    def serialise_all() -> None:
        for result in batch:
            result.model_dump_json()

    size = statistics.mean(len(html.render(r, questionnaire, generated_on=DAY)) for r in batch[:20])
    ours = best_of(RUNS, render_all)
    baseline = best_of(RUNS, serialise_all)
    print(
        f"{REPORTS} HTML reports: {ours:.3f} s ({ours / REPORTS * 1000:.2f} ms each, "
        f"{size / 1024:.0f} KiB each; best of {RUNS})"
    )
    print(f"{REPORTS} results to JSON (baseline): {baseline:.3f} s (best of {RUNS})")
    print(f"ratio: {ours / baseline:.1f} x the JSON baseline; goal: under {GOAL_SECONDS:.0f} s")
    return 0 if ours < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
