"""The assessment result: frozen models that serialise to the contract's JSON."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1
# "not_yet": every applicable statement was answered "not yet", a real answer at this
# stage: nothing to measure yet, which is not a lack of answers
Status = Literal["strength", "to_watch", "concern", "insufficient", "not_yet"]


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionnaireRef(Frozen):
    id: str
    version: str


class AppliedGate(Frozen):
    """A gate that held: ``dimension`` scored ``score`` (None: not enough answers), below
    ``below``, so the level is at most ``cap``; ``lowered`` when it changed the level.

    ``count`` is how many dimensions that gate needed below ``below`` (two or more in
    concern); ``below`` is None for the rule that an unscored dimension passes no gate.
    """

    dimension: str
    score: float | None
    below: float | None
    cap: str
    lowered: bool
    count: int = 1
    # the gate's position in the questionnaire's gates; None for the rule that an
    # unscored dimension passes no gate
    gate: int | None = None


CapKind = Literal["ceiling", "critical", "notices"]


class AppliedCap(Frozen):
    """A cap on the level beyond the dimension gates (gates 1.2) that holds here.

    ``kind``: ``ceiling`` (a questionnaire ceiling, ``id`` its id: the stage ceilings),
    ``critical`` (a red-flag answer: ``id`` the question, ``answer`` what was answered),
    or ``notices`` (answers to read again: ``id`` says which notices). ``cap`` is the
    highest level it allows; ``lowered`` when it changed the level.
    """

    kind: CapKind
    id: str
    cap: str
    lowered: bool
    answer: Any = None


class Overall(Frozen):
    score: float | None
    level: str | None
    level_label: str | None
    capped_by: list[str]
    level_before_gates: str | None
    gates: list[AppliedGate]
    coverage: float
    answered: int
    applicable: int
    # true exactly when an applicable dimension has too few answers to be scored
    provisional: bool = False
    unscored: list[str] = []
    # the questionnaire's gates (positions) whose condition holds for this respondent
    gates_applying: list[int] = []
    # set when "don't know" answers, counted as their scale's lowest answer, lowered the
    # level: the level the known answers alone give, and the dimensions concerned
    known_answers_level: str | None = None
    doubtful: list[str] = []
    # what made the answers unknown for the level: "dont_know", "skipped", "late_not_yet"
    unknown_kinds: list[str] = []
    # the caps beyond the dimension gates that hold (stage, critical answers, notices)
    caps: list[AppliedCap] = []


class PullDown(Frozen):
    """An answer that pulled its dimension down, with its value on 0–100."""

    question: str
    text: str
    answer: Any
    answer_label: str
    value: float


class DimensionResult(Frozen):
    id: str
    label: str
    family: str
    score: float | None
    coverage: float
    status: Status
    answered: int
    applicable: int
    weight: float
    pulled_down_by: list[PullDown]
    # "don't know" answers, and the score had each been the scale's second-lowest answer
    dont_know: int = 0
    score_if_dont_know_low: float | None = None
    # that answer's label, when every such question shares it
    dont_know_as: str | None = None
    # scored on less than the coverage that makes a score firm
    to_confirm: bool = False
    # "not yet" answers that are real at this stage: out of the count, never missing
    not_yet: int = 0


class Notice(Frozen):
    """Something that makes the result fragile, shown beside it: answers that contradict
    the profile (``check``), or the same answer nearly everywhere (``acquiescence``)."""

    id: str
    kind: Literal["check", "acquiescence"]
    text: str


class ResourceResult(Frozen):
    title: str
    url: str


class RecommendationResult(Frozen):
    id: str
    dimension: str | None
    priority: int
    horizon: Literal["now", "3_months", "12_months"]
    stage: str | None
    text: str
    resources: list[ResourceResult]


class Result(Frozen):
    """Everything a report shows; computed once by ``score`` and never changed."""

    schema_version: int = SCHEMA_VERSION
    questionnaire: QuestionnaireRef
    language: str
    respondent: dict[str, str | None]
    profile: dict[str, Any]
    overall: Overall
    dimensions: list[DimensionResult]
    recommendations: list[RecommendationResult]
    strengths: list[str]
    concerns: list[str]
    notes: dict[str, str]
    warnings: list[str]
    notices: list[Notice] = []

    def dimension(self, dimension_id: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.id == dimension_id)
