"""What a comparison holds: frozen models that serialise to the contract's JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import AppliedGate, QuestionnaireRef, Result, Status

SCHEMA_VERSION = 1
# A difference of this many points between two scores of a dimension is worth a conversation.
FLAG_AT = 20.0
# a fall this large between two consecutive dates is flagged, whatever the whole path
FALL_AT = 15.0
# Mirrored answers this many scale steps apart are quoted side by side.
ITEM_STEPS = 2.0


@dataclass(frozen=True)
class Entry:
    """One scored respondent: the result, and when known the answers, questionnaire and date."""

    result: Result
    source: str
    answers: AnswerSet | None = None
    questionnaire: Questionnaire | None = None
    date: date | None = None


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Side(Frozen):
    """One side of the comparison: one respondent, or a group averaged as in the group view.

    ``capped_by`` and ``gates`` are the engine's; ``caps`` says in words what caps the level.
    """

    label: str
    organisation: str | None
    questionnaire: QuestionnaireRef
    sources: list[str]
    respondents: int
    date: date | None
    overall: float | None
    level: str | None
    level_label: str | None
    capped_by: list[str]
    gates: list[AppliedGate]
    caps: list[str]
    concerns: list[str]
    # an applicable dimension without enough answers: the level is provisional
    provisional: bool = False


class DimensionGap(Frozen):
    """A dimension's score on each side; ``delta`` is b − a, None when either is unscored."""

    id: str
    label: str
    a: float | None
    b: float | None
    delta: float | None
    flagged: bool
    status_a: Status | None
    status_b: Status | None


class ItemSide(Frozen):
    """One side's answers to a statement: their labels, and their mean value on 0–1
    (reverse applied, so that higher always reads better)."""

    question: str
    text: str
    reverse: bool
    answers: list[str]
    value: float


class ItemGap(Frozen):
    """Two mirrored statements whose answers are ``steps`` scale steps apart (b − a)."""

    dimension: str
    dimension_label: str
    a: ItemSide
    b: ItemSide
    steps: float


class ItemPair(Frozen):
    """Two mirrored statements answered on scales of different kinds (a count and an
    agreement, say): shown side by side, with no gap figure."""

    dimension: str
    dimension_label: str
    a: ItemSide
    b: ItemSide


class Fall(Frozen):
    """A dimension that fell by ``points`` or more between two consecutive dates."""

    dimension: str
    label: str
    points: float
    before: str
    after: str


class GapStep(Frozen):
    """A next step that a gap calls for."""

    dimension: str | None
    text: str


class DimensionScore(Frozen):
    id: str
    score: float | None


class SeriesPoint(Frozen):
    """One date of a trend: its level and dimension scores."""

    label: str
    date: date | None
    source: str
    overall: float | None
    level: str | None
    level_label: str | None
    dimensions: list[DimensionScore]
    concerns: list[str]


class Comparison(Frozen):
    """Everything a comparison report shows; computed once and never changed.

    ``kind`` is ``sides`` for two sides of an alliance, ``dates`` for one organisation
    over time (``a`` the oldest, ``b`` the newest, ``series`` every date, oldest first).
    """

    schema_version: int = SCHEMA_VERSION
    kind: Literal["sides", "dates"]
    language: str
    a: Side
    b: Side
    level_a: str | None
    level_b: str | None
    dimensions: list[DimensionGap]
    items: list[ItemGap]
    items_compared: bool
    # mirrored statements on scales of different kinds, side by side
    side_by_side: list[ItemPair] = []
    # over time: every fall of FALL_AT points or more between two consecutive dates
    falls: list[Fall] = []
    next_steps: list[GapStep]
    series: list[SeriesPoint] = []
    appeared: list[str] = []
    resolved: list[str] = []
    most_changed: str | None = None
    warnings: list[str]
