"""Reliability statistics against figures computed by hand and a published worked example."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_diag.analysis.statistics import (
    alphas_if_deleted,
    corrected_item_totals,
    correlation,
    covariances,
    cronbach_alpha,
    f_quantile,
    feldt_interval,
)

# Four respondents, three items. By hand (sample variances, n − 1 = 3):
#   item a: 1 2 3 4 → mean 2.5, squares of deviations 2.25+0.25+0.25+2.25 = 5 → var 5/3
#   item b: 2 2 4 4 → mean 3,   squares 1+1+1+1 = 4 → var 4/3
#   item c: 1 3 2 4 → mean 2.5, squares 2.25+0.25+0.25+2.25 = 5 → var 5/3
#   totals: 4 7 9 12 → mean 8, squares 16+1+1+16 = 34 → var 34/3
#   alpha = 3/2 · (1 − (5+4+5)/34) = 3/2 · 20/34 = 15/17
HAND = [[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 4.0, 4.0], [1.0, 3.0, 2.0, 4.0]]


def test_alpha_by_hand() -> None:
    assert cronbach_alpha(HAND) == pytest.approx(15 / 17)


def test_corrected_item_totals_by_hand() -> None:
    # a against b + c (3 5 6 8): deviations of a −1.5 −.5 .5 1.5, of b+c −2.5 −.5 .5 2.5;
    # products sum 3.75+.25+.25+3.75 = 8, squares of b+c 6.25+.25+.25+6.25 = 13
    #   r = 8 / √(5 · 13)
    # b against a + c (2 5 5 8): deviations −3 0 0 3; b's −1 −1 1 1 → products 3+0+0+3 = 6,
    #   squares 18 → r = 6 / √(4 · 18) = 1/√2
    # c against a + b (3 4 7 8): deviations −2.5 −1.5 1.5 2.5; c's −1.5 .5 −.5 1.5
    #   products 3.75−.75−.75+3.75 = 6, squares 6.25+2.25+2.25+6.25 = 17 → r = 6 / √(5 · 17)
    found = corrected_item_totals(covariances(HAND))
    expected = [8 / math.sqrt(65), 1 / math.sqrt(2), 6 / math.sqrt(85)]
    assert found == pytest.approx(expected)


def test_alpha_if_deleted_by_hand() -> None:
    # without a: b and c, variances 4/3 and 5/3, total b+c variance 13/3 → 2 · (1 − 9/13)
    # without b: a and c, total a+c variance 18/3 → 2 · (1 − 10/18)
    # without c: a and b, total a+b variance 17/3 → 2 · (1 − 9/17)
    found = alphas_if_deleted(covariances(HAND))
    assert found == pytest.approx([2 * 4 / 13, 2 * 8 / 18, 2 * 8 / 17])


def test_correlation_by_hand() -> None:
    # a and b: products of deviations (−1.5·−1)+(−.5·−1)+(.5·1)+(1.5·1) = 4 → 4 / √(5 · 4)
    assert correlation(HAND[0], HAND[1]) == pytest.approx(4 / math.sqrt(20))
    assert correlation([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == pytest.approx(-1.0)


def test_published_worked_example() -> None:
    """Statology, "How to Calculate Cronbach's Alpha in Python" (Zach Bobbitt): a restaurant
    survey of 10 customers on three items rated 1–3; pingouin.cronbach_alpha gives
    (0.7734375, array([0.336, 0.939])), the interval by Feldt's method at 95 % (statology.org,
    "Statistics in Python" tutorials).
    """
    q1 = [1, 2, 2, 3, 2, 2, 3, 3, 2, 3]
    q2 = [1, 1, 1, 2, 3, 3, 2, 3, 3, 3]
    q3 = [1, 1, 2, 1, 2, 3, 3, 3, 2, 3]
    alpha = cronbach_alpha([[float(x) for x in q] for q in (q1, q2, q3)])
    assert alpha == pytest.approx(0.7734375)
    assert alpha is not None
    low, high = feldt_interval(alpha, n=10, k=3)
    assert (round(low, 3), round(high, 3)) == (0.336, 0.939)


@pytest.mark.parametrize(
    ("p", "d1", "d2", "table"),
    [
        # as printed in the usual tables of the F distribution
        (0.95, 5, 10, 3.326),
        (0.975, 10, 20, 2.774),
        (0.99, 1, 10, 10.044),
        (0.95, 4, 40, 2.606),
    ],
)
def test_f_quantiles_match_printed_tables(p: float, d1: int, d2: int, table: float) -> None:
    assert f_quantile(p, d1, d2) == pytest.approx(table, abs=1e-3)


def test_undefined_figures_are_none() -> None:
    assert cronbach_alpha([[1.0, 2.0, 3.0]]) is None
    assert cronbach_alpha([[2.0, 2.0, 2.0], [3.0, 3.0, 3.0]]) is None
    assert correlation([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]) is None
    assert corrected_item_totals(covariances([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]])) == [None, None]


# answers as an export holds them, on a scale of 0–1 in hundredths: float noise (a 1e-35
# beside 1.0) says nothing of the statistics, and a shift would round it away
values = st.integers(min_value=0, max_value=100).map(lambda hundredths: hundredths / 100)


@st.composite
def item_columns(draw: st.DrawFn) -> list[list[float]]:
    k = draw(st.integers(min_value=3, max_value=5))
    n = draw(st.integers(min_value=4, max_value=25))
    return [draw(st.lists(values, min_size=n, max_size=n)) for _ in range(k)]


def _close(a: list[float | None], b: list[float | None]) -> bool:
    return all(
        (x is None and y is None) or (x is not None and y is not None and abs(x - y) < 1e-6)
        for x, y in zip(a, b, strict=True)
    )


@settings(max_examples=60, deadline=None)
@given(item_columns(), st.floats(min_value=-5, max_value=5), st.randoms(use_true_random=False))
def test_invariances(columns: list[list[float]], shift: float, rng: object) -> None:
    """A constant added to one item's answers, or the respondents in another order, changes
    neither alpha, nor any item-total correlation, nor any alpha-if-deleted."""
    matrix = covariances(columns)
    alpha = cronbach_alpha(columns)
    item_totals = corrected_item_totals(matrix)
    deleted = alphas_if_deleted(matrix)

    shifted = [[x + shift for x in columns[0]], *columns[1:]]
    order = list(range(len(columns[0])))
    rng.shuffle(order)  # type: ignore[attr-defined]
    permuted = [[column[i] for i in order] for column in columns]
    for other in (shifted, permuted):
        other_matrix = covariances(other)
        assert _close([cronbach_alpha(other)], [alpha])
        assert _close(corrected_item_totals(other_matrix), item_totals)
        assert _close(alphas_if_deleted(other_matrix), deleted)


@settings(max_examples=60, deadline=None)
@given(item_columns())
def test_alpha_bounds_and_feldt_order(columns: list[list[float]]) -> None:
    """Alpha never exceeds 1; its interval, when there is one, holds it."""
    alpha = cronbach_alpha(columns)
    if alpha is None:
        return
    assert alpha <= 1 + 1e-9
    low, high = feldt_interval(alpha, len(columns[0]), len(columns))
    assert low <= alpha + 1e-9 <= high + 2e-9
