"""The item analysis as frozen models: what the renderers show and ``--format json`` writes."""

from __future__ import annotations

from enum import StrEnum

from alliance_diag.core.model import Frozen
from alliance_diag.engine.result import QuestionnaireRef

SCHEMA_VERSION = 1


class ItemFlag(StrEnum):
    """What makes an item worth a look."""

    low_item_total = "low_item_total"
    many_dont_know = "many_dont_know"
    keying = "keying"
    other_dimension = "other_dimension"


class DimensionFlag(StrEnum):
    """What makes a dimension worth a look, or not yet judgeable."""

    low_alpha = "low_alpha"
    too_few_cases = "too_few_cases"
    too_few_items = "too_few_items"


class Thresholds(Frozen):
    """The lines the flags are drawn at (docs/analysis.md gives their sources)."""

    alpha: float
    item_total: float
    dont_know: float
    min_cases: int


class ItemAnalysis(Frozen):
    """One scored question: how it was answered and how it hangs with its dimension.

    Shares are over the rows where the question applies (``applicable``); floor and
    ceiling are over the answers with a value, on the item's keyed value (reverse
    applied: the floor is the answer worth least). ``core`` items apply to every row
    and make the dimension's alpha; the others are set against the core's total.
    """

    id: str
    text: str
    reverse: bool
    core: bool
    applicable: int
    answered: int
    dont_know: int
    not_applicable: int
    blank: int
    dont_know_share: float | None
    not_applicable_share: float | None
    blank_share: float | None
    floor_share: float | None
    ceiling_share: float | None
    item_total: float | None
    item_total_cases: int
    alpha_if_deleted: float | None
    closer_to: str | None
    closer_correlation: float | None
    flags: list[ItemFlag]


class DimensionAnalysis(Frozen):
    """One dimension: Cronbach's alpha of its core items on complete cases, and its items."""

    id: str
    label: str
    core_items: int
    complete_cases: int
    alpha: float | None
    alpha_low: float | None
    alpha_high: float | None
    flags: list[DimensionFlag]
    items: list[ItemAnalysis]


class Analysis(Frozen):
    """The whole item analysis of one export."""

    schema_version: int = SCHEMA_VERSION
    questionnaire: QuestionnaireRef
    language: str
    source: str
    rows_read: int
    rows_analysed: int
    rows_rejected: int
    not_in_export: list[str]
    confidence: float
    thresholds: Thresholds
    dimensions: list[DimensionAnalysis]
    warnings: list[str]
