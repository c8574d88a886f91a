"""Reliability statistics on item columns: Cronbach's alpha and its Feldt interval, correlations.

Pure functions on lists of numbers (one list per item, one value per respondent, every
list of the same length); None where a figure is undefined (an item that never varies,
fewer than two items), never a made-up number.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

Columns = Sequence[Sequence[float]]
Matrix = list[list[float]]

# the continued fraction of the incomplete beta function converges in about the square
# root of its larger parameter; (n - 1)(k - 1) for 100,000 answers to 10 items is 900,000
_FRACTION_STEPS = 5_000
_TINY = 1e-300


def covariances(columns: Columns) -> Matrix:
    """The sample covariance matrix (n − 1 in the denominator) of item columns."""
    n = len(columns[0]) if columns else 0
    if n < 2:
        raise ValueError("covariances need at least two respondents")
    means = [math.fsum(column) / n for column in columns]
    centred = [[x - mean for x in column] for column, mean in zip(columns, means, strict=True)]
    return [[math.fsum(map(operator.mul, a, b)) / (n - 1) for b in centred] for a in centred]


def alpha_of(matrix: Matrix, items: Sequence[int]) -> float | None:
    """Cronbach's alpha of some items, from their covariance matrix.

    α = k / (k − 1) · (1 − Σ item variances / variance of the total); None for fewer than
    two items or a total that never varies.
    """
    k = len(items)
    if k < 2:
        return None
    total = math.fsum(matrix[i][j] for i in items for j in items)
    if total <= 0:
        return None
    return k / (k - 1) * (1 - math.fsum(matrix[i][i] for i in items) / total)


def cronbach_alpha(columns: Columns) -> float | None:
    """Cronbach's alpha of item columns answered by the same respondents."""
    return alpha_of(covariances(columns), range(len(columns)))


def alphas_if_deleted(matrix: Matrix) -> list[float | None]:
    """For each item, the alpha of the other items."""
    k = len(matrix)
    return [alpha_of(matrix, [j for j in range(k) if j != i]) for i in range(k)]


def corrected_item_totals(matrix: Matrix) -> list[float | None]:
    """For each item, its correlation with the total of the other items ("corrected")."""
    k = len(matrix)
    found: list[float | None] = []
    for i in range(k):
        rest = [j for j in range(k) if j != i]
        covariance = math.fsum(matrix[i][j] for j in rest)
        rest_variance = math.fsum(matrix[a][b] for a in rest for b in rest)
        found.append(_ratio(covariance, matrix[i][i], rest_variance))
    return found


def correlation(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's correlation of two equally long series; None when either never varies."""
    if len(x) != len(y):
        raise ValueError("correlation needs two series of the same length")
    if len(x) < 2:
        return None
    matrix = covariances([x, y])
    return _ratio(matrix[0][1], matrix[0][0], matrix[1][1])


def _ratio(covariance: float, variance_a: float, variance_b: float) -> float | None:
    if variance_a <= 0 or variance_b <= 0:
        return None
    value = covariance / math.sqrt(variance_a * variance_b)
    return min(max(value, -1.0), 1.0)


def feldt_interval(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt's confidence interval of Cronbach's alpha for n respondents and k items.

    (1 − α) / (1 − α̂) follows an F distribution with n − 1 and (n − 1)(k − 1) degrees of
    freedom (Feldt, Woodruff & Salih 1987, Applied Psychological Measurement 11(1)).
    """
    if n < 2 or k < 2:
        raise ValueError("Feldt's interval needs two respondents and two items at least")
    d1, d2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - level) / 2
    low = 1 - (1 - alpha) * f_quantile(1 - tail, d1, d2)
    high = 1 - (1 - alpha) * f_quantile(tail, d1, d2)
    return low, high


def f_quantile(p: float, d1: float, d2: float) -> float:
    """The value an F(d1, d2) variable stays under with probability p (found by bisection)."""
    if not 0 < p < 1:
        raise ValueError("a quantile needs 0 < p < 1")
    low, high = 0.0, 1.0
    while f_cdf(high, d1, d2) < p:
        low, high = high, high * 2
    # sixty halvings take the bracket well below a float's precision at these magnitudes
    for _step in range(60):
        middle = (low + high) / 2
        if f_cdf(middle, d1, d2) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def f_cdf(x: float, d1: float, d2: float) -> float:
    """P(F ≤ x) for an F(d1, d2) variable."""
    if x <= 0:
        return 0.0
    return regularized_beta(d1 * x / (d1 * x + d2), d1 / 2, d2 / 2)


def regularized_beta(x: float, a: float, b: float) -> float:
    """The regularized incomplete beta function I_x(a, b).

    Lentz's continued fraction, on the side of x where it converges fast (Press et al.,
    Numerical Recipes, 3rd ed., §6.4).
    """
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(x, a, b) / a
    return 1 - math.exp(log_front) * _beta_fraction(1 - x, b, a) / b


def _beta_fraction(x: float, a: float, b: float) -> float:
    c = 1.0
    d = _nonzero(1 - (a + b) * x / (a + 1))
    d = 1 / d
    fraction = d
    for m in range(1, _FRACTION_STEPS):
        even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1 / _nonzero(1 + even * d)
        c = _nonzero(1 + even / c)
        fraction *= d * c
        odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1 / _nonzero(1 + odd * d)
        c = _nonzero(1 + odd / c)
        step = d * c
        fraction *= step
        if abs(step - 1) < 1e-15:
            break
    return fraction


def _nonzero(value: float) -> float:
    return value if abs(value) >= _TINY else _TINY
