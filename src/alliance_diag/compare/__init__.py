"""Two sides of one alliance, or one organisation at several dates, set side by side."""

from alliance_diag.compare.dates import compare_dates
from alliance_diag.compare.model import Comparison, Entry
from alliance_diag.compare.sides import compare_sides

__all__ = ["Comparison", "Entry", "compare_dates", "compare_sides"]
