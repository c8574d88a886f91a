"""The questionnaire format: the pydantic models. ``questionnaire_parse`` reads them from
YAML, ``questionnaire_checks`` checks them across fields."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import ConfigDict, Field, PrivateAttr, field_validator
from pydantic_core import PydanticCustomError

from alliance_diag.core import patterns
from alliance_diag.core.model import Frozen
from alliance_diag.engine.conditions import Condition

if TYPE_CHECKING:
    # the scorer compiles a questionnaire: it imports this module, never the other way
    from alliance_diag.engine.scoring import Scorer

RESPONDENT_FIELDS = ("organisation", "name", "role")
PARTNER_TYPE = "partner_type"
STAGE = "stage"
MAX_QUESTIONS = 1_000

Id = Annotated[str, Field(pattern=patterns.ID, max_length=64)]
OptionId = Annotated[str, Field(pattern=patterns.OPTION_ID, max_length=64)]
LocalText = dict[str, str]
Score = Annotated[float | None, Field(strict=True)]


# the largest number a questionnaire may hold (a weight, a score, a bound, a threshold):
# a thousand questions of such weights and scores, summed and squared, stay finite
MAX_NUMBER = 1e12


class Model(Frozen):
    """A frozen model whose numbers are bounded: a huge one (1e308) would overflow to an
    infinite score.

    Its validator is built when a questionnaire is first validated, not when this module
    is imported: a built-in questionnaire read back compiled from the cache needs none.
    """

    model_config = ConfigDict(defer_build=True)

    @field_validator("*", mode="after")
    @classmethod
    def _bounded(cls, value: Any) -> Any:
        """Every number of the questionnaire within MAX_NUMBER, and every text free of
        control codes and bidi overrides (an ESC written "\\e" would drive the terminal
        of whoever shows or answers the questionnaire), wherever they sit."""
        for item in _leaves(value):
            if isinstance(item, int | float) and not isinstance(item, bool):
                if abs(item) > MAX_NUMBER:
                    raise PydanticCustomError("number_too_large", "", {"limit": "10¹²"})
            elif isinstance(item, str) and (found := _UNPRINTABLE.search(item)):
                code = f"U+{ord(found[0]):04X}"
                raise PydanticCustomError("control_in_text", "", {"code": code})
        return value


# C0 and C1 controls but tab and line feed; bidi embeddings, overrides and isolates
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


class QuestionType(StrEnum):
    likert = "likert"
    single = "single"
    multiple = "multiple"
    yes_no = "yes_no"
    number = "number"
    text = "text"


CHOICE_TYPES = {QuestionType.likert, QuestionType.single, QuestionType.multiple}


class Option(Model):
    id: OptionId
    label: LocalText
    score: Score = None
    # what an option without a score means: "don't know" (the default), or "not yet / not
    # applicable"; both lower coverage, never the score, but only "don't know" hides an
    # opinion whose weight the report estimates
    meaning: Literal["dont_know", "not_applicable"] | None = None

    @property
    def unanswered_as(self) -> Literal["dont_know", "not_applicable"] | None:
        """How an unscored option counts: None for a scored one."""
        if self.score is not None:
            return None
        return self.meaning or "dont_know"


class Scale(Model):
    options: list[Option] = Field(min_length=1)


class Family(Model):
    id: Id
    label: LocalText


class Dimension(Model):
    id: Id
    family: Id
    label: LocalText
    description: LocalText | None = None
    weights: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=lambda: {"default": 1.0}
    )

    def weight_for(self, partner_type: str | None) -> float:
        if partner_type is not None and partner_type in self.weights:
            return self.weights[partner_type]
        return self.weights.get("default", 1.0)


class Critical(Model):
    """A red-flag answer: ``options`` (the answers that raise it) or ``when`` (a condition
    over the answers, for a combination such as dependence with fear of disagreeing).

    ``cap`` is the highest level it allows alone (default: the questionnaire's
    ``critical_caps``); ``reason`` is what the report says after naming the answer.
    """

    options: list[OptionId] | None = None
    when: str | None = None
    cap: Id | None = None
    reason: LocalText


class Question(Model):
    id: Id
    dimension: Id | None = None
    text: LocalText
    help: LocalText | None = None
    type: QuestionType
    scale: Id | None = None
    options: list[Option] | None = None
    reverse: bool = False
    weight: Annotated[float, Field(gt=0)] = 1.0
    required: bool = False
    when: str | None = None
    min: float | None = None
    max: float | None = None
    # a count (partners, people): a number question that takes whole numbers only
    integer: bool = False
    # the id of the question this one mirrors in the questionnaire the other side of the
    # alliance answers; whether it exists there is checked by ``compare``
    mirrors: Id | None = None
    # an answer that is a red flag on its own, however good the rest (gates 1.2, point 9)
    critical: Critical | None = None
    # the stage (an option of the profile question ``stage``) from which "not yet" is no
    # longer a real answer: from then on it counts, for the level, as the lowest answer;
    # before, or without this key, "not yet" leaves the question out (not applicable)
    known_from: OptionId | None = None

    def option(self, option_id: str) -> Option | None:
        for option in self.options or ():
            if option.id == option_id:
                return option
        return None


class JourneyStage(Model):
    id: Id
    label: LocalText
    description: LocalText | None = None


class Level(Model):
    id: Id
    label: LocalText
    description: LocalText | None = None
    # what the level means at one stage of the alliance (profile ``stage`` option id)
    stage_descriptions: dict[str, LocalText] = Field(default_factory=dict)
    min: float
    max: float


ANY = "any"


class Gate(Model):
    """At most ``cap`` while ``count`` of the named dimensions score below ``below``.

    ``dimension`` names one dimension or ``any``; ``dimensions`` names several. A gate
    whose ``when`` does not hold (``profile.partner_type == 'private'``) is not applied.
    A named dimension that could not be scored does not pass the gate.
    """

    dimension: Id | None = None
    dimensions: list[Id] | None = None
    below: Annotated[float, Field(ge=0, le=100)]
    count: Annotated[int, Field(ge=1)] = 1
    cap: Id
    when: str | None = None

    @property
    def named(self) -> list[str]:
        """The dimensions this gate names; empty for a gate on any dimension."""
        if self.dimensions is not None:
            return list(self.dimensions)
        return [] if self.dimension in (None, ANY) else [str(self.dimension)]


class Ceiling(Model):
    """At most ``cap`` whenever ``when`` holds, whatever the scores: the ceilings by stage
    (nothing above « experimenting » before a joint project has been tested) and other
    caps read from the whole answer set. ``reason`` is the report's sentence."""

    id: Id
    when: str
    cap: Id
    reason: LocalText


class CriticalCap(Model):
    """With ``count`` critical answers or more, at most ``cap``."""

    count: Annotated[int, Field(ge=1, le=MAX_QUESTIONS)]
    cap: Id


class NoticeCap(Model):
    """At most ``cap`` when the answers must be read again with the respondent:
    ``acquiescence`` notices of answers given too fast, or ``checks`` consistency checks
    (contradictions), or more."""

    cap: Id
    checks: Annotated[int, Field(ge=1, le=MAX_QUESTIONS)] = 2
    acquiescence: Annotated[int, Field(ge=1, le=MAX_QUESTIONS)] = 1


class Check(Model):
    """A note shown in the report when its condition holds (answers that contradict)."""

    id: Id
    when: str
    text: LocalText


class RecommendationLimits(Model):
    total: Annotated[int, Field(ge=1)] | None = None
    now: Annotated[int, Field(ge=0)] | None = None


class StatusBands(Model):
    strength: Annotated[float, Field(ge=0, le=100)] = 75
    to_watch: Annotated[float, Field(ge=0, le=100)] = 50


class Resource(Model):
    title: LocalText
    url: Annotated[str, Field(pattern=patterns.URL)]


class Recommendation(Model):
    id: Id
    dimension: Id | None = None
    # of the recommendations sharing a topic, only the first chosen is kept
    topic: Id | None = None
    stage: Id | None = None
    priority: Annotated[int, Field(ge=1, le=3)] = 2
    horizon: Literal["now", "3_months", "12_months"] = "3_months"
    when: str | None = None
    text: LocalText
    resources: list[Resource] = Field(default_factory=list)


class Questionnaire(Model):
    id: Annotated[str, Field(pattern=patterns.QUESTIONNAIRE_ID, max_length=64)]
    version: str
    title: LocalText
    # which version of a diagnostic this is (« version courte »), beside every report's title
    edition: LocalText | None = None
    description: LocalText | None = None
    languages: list[Annotated[str, Field(pattern=patterns.LANGUAGE)]] = Field(min_length=1)
    default_language: str | None = None
    min_coverage: Annotated[float, Field(ge=0, le=1)] = 0.6
    families: list[Family] = Field(min_length=1)
    scales: dict[Id, Scale] = Field(default_factory=dict)
    dimensions: list[Dimension] = Field(min_length=1)
    journey: list[JourneyStage] = Field(default_factory=list)
    profile: list[Question] = Field(default_factory=list)
    # bounds that no real questionnaire nears, so that a hostile file cannot stall a run
    questions: list[Question] = Field(min_length=1, max_length=MAX_QUESTIONS)
    levels: list[Level] = Field(min_length=1)
    gates: list[Gate] = Field(default_factory=list)
    # the highest level while an applicable dimension cannot be scored (None: no cap)
    unscored_cap: Id | None = None
    # caps beyond the dimension gates (gates 1.2): by stage or other whole-answer rules,
    # by the number of critical answers, and when notices ask to read the answers again
    ceilings: list[Ceiling] = Field(default_factory=list)
    critical_caps: list[CriticalCap] = Field(default_factory=list)
    notice_cap: NoticeCap | None = None
    status_bands: StatusBands = StatusBands()
    recommendations: list[Recommendation] = Field(default_factory=list)
    recommendation_limits: RecommendationLimits = RecommendationLimits()
    checks: list[Check] = Field(default_factory=list)

    _conditions: dict[str, Condition] = PrivateAttr(default_factory=dict)
    _index: dict[str, Question] = PrivateAttr(default_factory=dict)
    # the scoring plan compiled from this questionnaire (see scoring.scorer_for)
    _plan: Scorer | None = PrivateAttr(default=None)
    # the ids conditions read: the profile's, then the scored questions'
    _context_ids: tuple[tuple[str, ...], tuple[str, ...]] | None = PrivateAttr(default=None)

    @property
    def language(self) -> str:
        return self.default_language or self.languages[0]

    def all_questions(self) -> Iterator[Question]:
        yield from self.profile
        yield from self.questions

    def _private(self, name: str) -> Any:
        """A private attribute read from pydantic's slot: through the model's
        ``__getattr__`` each read costs a couple of microseconds, and the interview asks
        for every question's condition on every screen (10 ms of its first one)."""
        assert self.__pydantic_private__ is not None, "a questionnaire has private attributes"
        return self.__pydantic_private__[name]

    def question(self, question_id: str) -> Question | None:
        index: dict[str, Question] = self._private("_index")
        if not index:
            index.update({q.id: q for q in self.all_questions()})
        return index.get(question_id)

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def level(self, level_id: str) -> Level:
        return next(level for level in self.levels if level.id == level_id)

    def partner_types(self) -> list[str]:
        question = self.question(PARTNER_TYPE)
        return [option.id for option in (question.options or [])] if question else []

    def context(self, profile: Mapping[str, Any]) -> dict[str, Any]:
        """What conditions read: every profile id (with ``profile``'s answers) and every
        scored question id, unanswered."""
        ids = self._private("_context_ids")
        if ids is None:
            ids = (
                tuple(q.id for q in self.profile),
                tuple(q.id for q in self.questions if q.dimension is not None),
            )
            self.__pydantic_private__["_context_ids"] = ids  # type: ignore[index]
        full: dict[str, Any] = dict.fromkeys(ids[0])
        full.update((k, v) for k, v in profile.items() if k in full)
        return {"profile": full, "answers": dict.fromkeys(ids[1])}

    def condition(self, key: str) -> Condition | None:
        """The compiled condition of question ``id`` or of recommendation ``rec:id``."""
        conditions: dict[str, Condition] = self._private("_conditions")
        return conditions.get(key)
