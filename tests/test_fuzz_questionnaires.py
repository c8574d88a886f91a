"""Any condition text and any questionnaire text end in a checked result or our own error
(a generous Hypothesis deadline bounds the time); what the checks accept evaluates."""

from __future__ import annotations

import json
import math
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from conftest import ANSWERS, MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.core.errors import InputError
from alliance_diag.engine.condition_check import check
from alliance_diag.engine.conditions import Scope
from alliance_diag.engine.questionnaire_parse import parse_questionnaire
from alliance_diag.io.located_yaml import load_yaml_text

SCOPE = Scope(
    names=frozenset({"level", "overall"}),
    namespaces={"profile": frozenset({"partner_type", "staff"}), "answers": frozenset({"a"})},
    values={("profile", "partner_type"): frozenset({"peer", "private"})},
)
TOKENS = [
    "profile.partner_type", "profile.staff", "answers.a", "level", "overall", "==", "!=",
    "<", ">=", "in", "not", "and", "or", "is", "none", "defined", "(", ")", "[", "]", ",",
    "'peer'", "'private'", "1", "2.5", "-", "|length", "|int", "if", "else", "~", "*", "**",
    "()", "._x", "9" * 50,
]  # fmt: skip
VALUES: list[Any] = [None, "peer", "private", 0, 3, 2.5, [], ["x"], "", True]


@settings(
    max_examples=300, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(st.sampled_from(TOKENS), max_size=25), st.text(max_size=40))
def test_any_condition_is_checked_and_what_passes_evaluates(tokens: list[str], noise: str) -> None:
    for source in (" ".join(tokens), noise):
        condition, messages = check(source, SCOPE)
        assert (condition is None) == bool(messages)
        if condition is not None:
            for partner_type in VALUES:
                for staff in VALUES:
                    context = {
                        "profile": {"partner_type": partner_type, "staff": staff},
                        "answers": {"a": staff},
                        "level": partner_type,
                        "overall": staff,
                    }
                    assert condition.evaluate(context) in (True, False)


MINI_TEXT = MINI.read_text("utf-8")


@settings(
    max_examples=150, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow]
)
@given(st.integers(0, len(MINI_TEXT)), st.integers(0, 40), st.text(max_size=30))
def test_a_damaged_questionnaire_loads_or_says_why(start: int, length: int, insert: str) -> None:
    # a questionnaire an author is editing: a span cut out and something typed in its place
    text = MINI_TEXT[:start] + insert + MINI_TEXT[start + length :]
    try:
        parse_questionnaire(load_yaml_text(text, "q.yaml"))
    except InputError as error:
        assert error.problems and all(p.message for p in error.problems)


def _yaml_number(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return f"{value:.17e}"  # with its dot: YAML reads "1e+308" as text


def _finite_everywhere(data: Any) -> bool:
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        return all(_finite_everywhere(v) for v in data.values())
    if isinstance(data, list):
        return all(_finite_everywhere(v) for v in data)
    return True


NUMBERS = st.sampled_from([1e308, 1e12, 1e13, 2.0]) | st.floats(allow_infinity=True)


@settings(
    max_examples=60, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow]
)
@given(NUMBERS, NUMBERS, NUMBERS)
def test_any_number_in_a_questionnaire_is_refused_or_scores_finite(
    weight: float, question_weight: float, bound: float
) -> None:
    text = (
        MINI_TEXT.replace("private: 2}", f"private: {_yaml_number(weight)}}}")
        .replace("weight: 2,", f"weight: {_yaml_number(question_weight)},")
        .replace("min: 0, max: 1000,", f"min: 0, max: {_yaml_number(bound)},")
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q.yaml"
        path.write_text(text, "utf-8")
        argv = ["score", str(ANSWERS), "-q", str(path), "-f", "json", "--lang", "en"]
        result = CliRunner().invoke(app, argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code == 0:
        assert _finite_everywhere(json.loads(result.stdout))
    else:
        # the questionnaire refused, or the answers no longer fitting it: located either way
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith((str(ANSWERS), str(path))), result.stderr
