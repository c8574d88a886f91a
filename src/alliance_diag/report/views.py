"""What an individual report shows, worded once for every format to lay out: the
views ``context.build`` fills from a result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class PullDownView:
    question: str
    answer: str
    value: float
    value_text: str


@dataclass(frozen=True, slots=True)
class DimensionView:
    id: str
    label: str
    family: str
    family_label: str
    description: str
    score: float | None
    score_text: str
    status: str
    status_label: str
    coverage: float
    coverage_text: str
    answered: int
    applicable: int
    answers_text: str
    weight: float
    weight_text: str
    pulled_down: list[PullDownView]
    # "to confirm" beside the status when coverage is thin; what "don't know" may hide
    to_confirm_text: str = ""
    dont_know_text: str = ""

    @property
    def insufficient(self) -> bool:
        return self.score is None


@dataclass(frozen=True, slots=True)
class FamilyView:
    id: str
    label: str
    dimensions: list[DimensionView]


@dataclass(frozen=True, slots=True)
class ResourceView:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class StepView:
    id: str
    text: str
    horizon: str
    horizon_label: str
    priority: int
    priority_label: str
    dimension_label: str
    stage_label: str
    resources: list[ResourceView]


@dataclass(frozen=True, slots=True)
class HorizonView:
    id: str
    label: str
    steps: list[StepView]


@dataclass(frozen=True, slots=True)
class NoteView:
    question_id: str
    question: str
    dimension_label: str
    text: str


@dataclass(frozen=True, slots=True)
class ProfileRow:
    id: str
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class LevelView:
    id: str
    label: str
    range_text: str
    description: str
    current: bool


@dataclass(frozen=True, slots=True)
class OverallView:
    score: float | None
    score_text: str
    level: str | None
    level_label: str
    level_description: str
    coverage_text: str
    reasons: list[str]
    capped: bool
    provisional_label: str = ""
    provisional_text: str = ""
    # "(based on 5 of 7 dimensions)" beside a score that leaves some out
    score_scope: str = ""


@dataclass(frozen=True, slots=True)
class MethodView:
    """How the report is computed; a value, hashed, so that its HTML is rendered once."""

    items: str
    scales: tuple[str, ...]
    unanswered: str
    coverage: str
    bands: str
    overall: str
    levels_rule: str
    levels: tuple[LevelView, ...]
    gates_rule: str
    gates: tuple[str, ...]
    disclaimer: str


@dataclass(frozen=True, slots=True)
class ReportContext:
    """Everything a report template lays out; every number already computed and formatted."""

    lang: str
    t: dict[str, str]
    title: str
    # « version courte »: said beside the report's title (empty for the full version)
    edition: str
    questionnaire_text: str
    organisation: str
    partner: str
    generated_on: date
    generated_on_text: str
    overall: OverallView
    dimensions: list[DimensionView]
    families: list[FamilyView]
    strengths: list[str]
    concerns: list[str]
    top_steps: list[StepView]
    horizons: list[HorizonView]
    notes: list[NoteView]
    profile: list[ProfileRow]
    partners_sentence: str
    method: MethodView
    warnings: list[str]
    notices: list[str]
    # where the steps beyond the first three are, for a summary that shows only those
    more_steps_text: str = ""

    def variables(self) -> dict[str, Any]:
        """The fields as top-level template variables (``overall``, ``dimensions``, ...)."""
        return {name: getattr(self, name) for name in self.__slots__}
