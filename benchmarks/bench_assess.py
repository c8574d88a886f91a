"""How quickly `assess` moves on after Enter, against the autosave it cannot avoid.

Two ratios, each against a baseline measured in the same run:
- one answer (parse, record, re-evaluate skip logic, find the next question, save with
  fsync) against the save alone (goal <= 1.5: the interview adds little to the disk);
- the first question of `alliance-diag assess` on screen against a process that only
  loads the built-in questionnaire, which dominates (goal <= 1.3).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from alliance_diag.engine.answers import new_answer_set
from alliance_diag.interview.state import Interview
from alliance_diag.io.answer_files import dump_answers, save_answers
from alliance_diag.io.atomic import write_atomically
from alliance_diag.io.questionnaire_files import load_questionnaire

RUNS = 15
ANSWER_GOAL = 1.5
START_GOAL = 1.3
LOAD = "from alliance_diag.io.questionnaire_files import load_questionnaire"


def one_interview(folder: Path) -> tuple[list[float], list[float]]:
    """Per answer: the whole step, and the save alone, interleaved."""
    questionnaire = load_questionnaire("alliance-readiness")
    answers = new_answer_set(questionnaire, "fr")
    interview = Interview(questionnaire, answers, "fr")
    path = folder / "answers.yaml"
    steps, saves = [], []
    while interview.current is not None:
        line = "Asso" if interview.current.id == "organisation" else "1"
        start = time.perf_counter()
        step = interview.interpret(line)
        assert interview.answer(step.value) is None
        save_answers(answers, path)
        steps.append(time.perf_counter() - start)
        start = time.perf_counter()
        write_atomically(folder / "baseline.yaml", dump_answers(answers))
        saves.append(time.perf_counter() - start)
    return steps, saves


def first_prompt(folder: Path) -> float:
    """Seconds from launch to the first question on standard output."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "alliance_diag", "assess", "--lang", "fr"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=folder,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert process.stdout is not None and process.stdin is not None
    while b"> " not in process.stdout.read1(65536):
        pass
    elapsed = time.perf_counter() - start
    process.stdin.close()
    process.wait()
    return elapsed


def load_time() -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", f"{LOAD}; load_questionnaire('alliance-readiness')"], check=True
    )
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        steps, saves = [], []
        for _ in range(3):
            s, b = one_interview(folder)
            steps += s
            saves += b
        step, save = statistics.median(steps), statistics.median(saves)
        answer_ratio = step / save
        print(f"one answer, saved : {step * 1000:.2f} ms (median of {len(steps)})")
        print(f"the save alone    : {save * 1000:.2f} ms")
        print(f"ratio: {answer_ratio:.2f} (goal <= {ANSWER_GOAL})")

        first_prompt(folder), load_time()  # warm the file cache for both
        prompts, loads = [], []
        for _ in range(RUNS):
            # interleaved, so that a noisy moment hits both sides alike
            prompts.append(first_prompt(folder))
            loads.append(load_time())
        prompt, load = statistics.median(prompts), statistics.median(loads)
        start_ratio = prompt / load
        print(f"first question on screen   : {prompt * 1000:.1f} ms (median of {RUNS})")
        print(f"loading the questionnaire  : {load * 1000:.1f} ms")
        print(f"ratio: {start_ratio:.2f} (goal <= {START_GOAL})")
    return 0 if answer_ratio <= ANSWER_GOAL and start_ratio <= START_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
