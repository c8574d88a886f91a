"""The questionnaire format: pydantic models and every check at once, on YAML already read."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from alliance_diag.engine.conditions import Condition, Scope, check
from alliance_diag.errors import InputError, Problem
from alliance_diag.i18n import Catalog
from alliance_diag.io import pydantic_problems as validation
from alliance_diag.io.located_yaml import Loc, Located, dotted
from alliance_diag.suggest import suggestion

RESPONDENT_FIELDS = ("organisation", "name", "role")
PARTNER_TYPE = "partner_type"
STAGE = "stage"
MAX_QUESTIONS = 1_000

Id = Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*$", max_length=64)]
OptionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$", max_length=64)]
LocalText = dict[str, str]
Score = Annotated[float | None, Field(strict=True)]

_ = Catalog(
    {
        "missing_language": {
            "fr": "texte manquant en « {lang} » (langues déclarées : {declared})",
            "en": "text missing in '{lang}' (declared languages: {declared})",
        },
        "extra_language": {
            "fr": "langue « {lang} » non déclarée dans languages",
            "en": "language '{lang}' is not declared in languages",
        },
        "duplicate_id": {
            "fr": "identifiant « {id} » déjà utilisé (ligne {line})",
            "en": "id '{id}' is already used (line {line})",
        },
        "unknown_ref": {
            "fr": "référence inconnue : {kind} « {ref} »{hint}",
            "en": "unknown {kind} '{ref}'{hint}",
        },
        "default_language": {
            "fr": "la langue par défaut « {lang} » n'est pas dans languages",
            "en": "default language '{lang}' is not in languages",
        },
        "scale_and_options": {
            "fr": "donnez soit scale, soit options, pas les deux",
            "en": "give either scale or options, not both",
        },
        "needs_options": {
            "fr": "une question de type {type} a besoin de scale ou d'options",
            "en": "a {type} question needs a scale or options",
        },
        "no_options_here": {
            "fr": "une question de type {type} n'a pas d'options",
            "en": "a {type} question takes no options",
        },
        "needs_dimension": {
            "fr": "une question notée a besoin d'une dimension",
            "en": "a scored question needs a dimension",
        },
        "profile_dimension": {
            "fr": "une question de profil n'est pas notée : retirez dimension",
            "en": "a profile question is not scored: remove dimension",
        },
        "profile_mirrors": {
            "fr": "une question de profil n'est pas comparée : retirez mirrors",
            "en": "a profile question is not compared: remove mirrors",
        },
        "profile_score": {
            "fr": "une question de profil n'est pas notée : retirez score",
            "en": "a profile question is not scored: remove score",
        },
        "text_scored": {
            "fr": "une question de type text ne peut pas être notée ; placez-la dans profile",
            "en": "a text question cannot be scored; put it in profile",
        },
        "two_scores": {
            "fr": "une question notée a besoin d'au moins deux scores numériques différents",
            "en": "a scored question needs at least two different numeric scores",
        },
        "number_bounds": {
            "fr": "une question number notée a besoin de min et max (min < max)",
            "en": "a scored number question needs min and max (min < max)",
        },
        "min_max": {"fr": "min doit être inférieur à max", "en": "min must be below max"},
        "levels_empty": {
            "fr": "au moins un niveau est nécessaire",
            "en": "at least one level is needed",
        },
        "levels_start": {
            "fr": "le premier niveau doit commencer à 0 (il commence à {value})",
            "en": "the first level must start at 0 (it starts at {value})",
        },
        "levels_end": {
            "fr": "le dernier niveau doit finir à 100 (il finit à {value})",
            "en": "the last level must end at 100 (it ends at {value})",
        },
        "levels_gap": {
            "fr": "trou entre les niveaux « {a} » (jusqu'à {end}) et « {b} » (à partir de {start})",
            "en": "gap between levels '{a}' (up to {end}) and '{b}' (from {start})",
        },
        "levels_overlap": {
            "fr": "les niveaux « {a} » (jusqu'à {end}) et « {b} » (à partir de {start}) se "
            "chevauchent",
            "en": "levels '{a}' (up to {end}) and '{b}' (from {start}) overlap",
        },
        "no_questions": {
            "fr": "la dimension « {id} » n'a aucune question",
            "en": "dimension '{id}' has no question",
        },
        "weights_need_partner_type": {
            "fr": "des poids par type de partenaire demandent une question de profil partner_type",
            "en": "weights per partner type need a partner_type profile question",
        },
        "all_weights_zero": {
            "fr": "toutes les dimensions pèsent 0 pour « {partner_type} » : aucun score global "
            "ne pourrait être calculé",
            "en": "every dimension weighs 0 for '{partner_type}': no overall score could be "
            "computed",
        },
        "bands": {
            "fr": "le seuil strength doit être supérieur à to_watch",
            "en": "the strength threshold must be above to_watch",
        },
        "kind_dimension": {"fr": "dimension", "en": "dimension"},
        "kind_family": {"fr": "famille", "en": "family"},
        "kind_scale": {"fr": "échelle", "en": "scale"},
        "kind_level": {"fr": "niveau", "en": "level"},
        "kind_stage": {"fr": "étape du parcours", "en": "journey stage"},
        "kind_partner_type": {"fr": "type de partenaire", "en": "partner type"},
        "kind_ceiling": {"fr": "plafond", "en": "ceiling"},
        "kind_stage_option": {
            "fr": "réponse à la question de profil stage",
            "en": "answer to the profile question stage",
        },
        "gate_target": {
            "fr": "un verrou nomme soit dimension (une dimension ou any), soit dimensions "
            "(une liste), pas les deux ni aucun",
            "en": "a gate names either dimension (one dimension or any) or dimensions (a "
            "list), not both and not neither",
        },
        "meaning_scored": {
            "fr": "meaning ne s'emploie que pour une option sans score",
            "en": "meaning is only for an option without a score",
        },
        "critical_target": {
            "fr": "une réponse critique se déclare soit par options (les réponses qui "
            "alertent), soit par when (une condition), pas les deux ni aucun",
            "en": "a critical answer is declared either by options (the answers that raise "
            "the alarm) or by when (a condition), not both and not neither",
        },
        "critical_option": {
            "fr": "« {option} » n'est pas une réponse possible à cette question ({valid})",
            "en": "'{option}' is not an answer to this question ({valid})",
        },
        "known_from_without_not_yet": {
            "fr": "known_from ne s'emploie que pour une question qui propose « Pas encore » "
            "(une option dont meaning vaut not_applicable)",
            "en": 'known_from is only for a question offering "not yet" (an option with '
            "meaning: not_applicable)",
        },
        "known_from_without_stage": {
            "fr": "known_from demande une question de profil stage",
            "en": "known_from needs a stage profile question",
        },
        "profile_rule": {
            "fr": "{field} ne s'emploie que pour une affirmation notée, pas pour le profil",
            "en": "{field} is only for a scored statement, not for the profile",
        },
        "not_a_mapping": {
            "fr": "un questionnaire est un dictionnaire YAML (clé: valeur)",
            "en": "a questionnaire is a YAML mapping (key: value)",
        },
    }
)


class Model(BaseModel):
    # an infinite or undefined weight, score or bound would pass every check and then
    # give scores that mean nothing
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]


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
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
    version: str
    title: LocalText
    description: LocalText | None = None
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]] = Field(min_length=1)
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
    _plan: Any = PrivateAttr(default=None)

    @property
    def language(self) -> str:
        return self.default_language or self.languages[0]

    def all_questions(self) -> Iterator[Question]:
        yield from self.profile
        yield from self.questions

    def question(self, question_id: str) -> Question | None:
        if not self._index:
            self._index.update({q.id: q for q in self.all_questions()})
        return self._index.get(question_id)

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def level(self, level_id: str) -> Level:
        return next(level for level in self.levels if level.id == level_id)

    def partner_types(self) -> list[str]:
        question = self.question(PARTNER_TYPE)
        return [option.id for option in (question.options or [])] if question else []

    def condition(self, key: str) -> Condition | None:
        """The compiled condition of question ``id`` or of recommendation ``rec:id``."""
        return self._conditions.get(key)


def parse_questionnaire(located: Located) -> Questionnaire:
    """Validate plain YAML data into a resolved Questionnaire, or raise every problem."""
    if not isinstance(located.data, dict):
        raise InputError([located.problem((), _("not_a_mapping"))])
    try:
        questionnaire = Questionnaire.model_validate(located.data)
    except ValidationError as exc:
        problems = validation.problems(exc, located, Questionnaire)
        problems.extend(_problems_beyond(located, exc))
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems) from exc
    checker = _Checker(questionnaire, located)
    problems = checker.run()
    if problems:
        raise InputError(problems)
    return _resolve(questionnaire, checker.conditions)


_LIST_SECTIONS = {
    "families",
    "dimensions",
    "journey",
    "profile",
    "questions",
    "levels",
    "gates",
    "recommendations",
    "ceilings",
    "critical_caps",
}


def _problems_beyond(located: Located, error: ValidationError) -> list[Problem]:
    """The cross-field problems hidden behind structural ones, so all come out at once.

    Unknown fields are dropped and list entries that fail are set aside (their ids
    and dimensions still count as known, so no problem is invented about them); if
    the rest then validates, its cross-field checks run too.
    """
    data = copy.deepcopy(located.data)
    broken: set[tuple[str, int]] = set()
    for item in error.errors():
        loc = item["loc"]
        if item["type"] == "extra_forbidden":
            parent: Any = data
            for part in loc[:-1]:
                parent = parent[part]
            parent.pop(loc[-1], None)
        elif len(loc) >= 2 and loc[0] in _LIST_SECTIONS and isinstance(loc[1], int):
            broken.add((str(loc[0]), loc[1]))
        else:
            return []  # a top-level field is wrong: nothing sound to check beyond it
    tolerated: set[str] = set()
    kept: dict[str, list[int]] = {}
    for section in {section for section, _index in broken}:
        entries = data[section]
        kept[section] = [i for i in range(len(entries)) if (section, i) not in broken]
        for i in range(len(entries)):
            if (section, i) in broken and isinstance(entries[i], dict):
                tolerated.update(str(entries[i][k]) for k in ("id", "dimension") if k in entries[i])
        data[section] = [entries[i] for i in kept[section]]
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError:
        return []
    return _Checker(questionnaire, _Renumbered(located, kept), frozenset(tolerated)).run()


class _Renumbered(Located):
    """Positions in the file as written, for a copy whose broken list entries were removed."""

    def __init__(self, located: Located, kept: dict[str, list[int]]) -> None:
        super().__init__(data=located.data, source=located.source, positions=located.positions)
        self.kept = kept

    def _original(self, loc: Loc) -> Loc:
        if len(loc) >= 2 and loc[0] in self.kept and isinstance(loc[1], int):
            return (loc[0], self.kept[str(loc[0])][loc[1]], *loc[2:])
        return loc

    def position(self, loc: Loc) -> tuple[int | None, int | None]:
        return super().position(self._original(loc))

    def problem(self, loc: Loc, message: str) -> Problem:
        original = self._original(loc)
        line, column = super().position(original)
        return Problem(self.source, message, line, column, dotted(original) or None)


_YES_NO = [
    Option(id="yes", label={"fr": "Oui", "en": "Yes"}, score=1),
    Option(id="no", label={"fr": "Non", "en": "No"}, score=0),
]


def _resolve(questionnaire: Questionnaire, conditions: dict[str, Condition]) -> Questionnaire:
    """Write each question's options out from its scale, and attach its checked conditions."""

    def resolved(question: Question) -> Question:
        if question.scale is not None:
            return question.model_copy(
                update={"options": questionnaire.scales[question.scale].options}
            )
        if question.type is QuestionType.yes_no and not question.options:
            return question.model_copy(update={"options": _YES_NO})
        return question

    result = questionnaire.model_copy(
        update={
            "profile": [resolved(q) for q in questionnaire.profile],
            "questions": [resolved(q) for q in questionnaire.questions],
        }
    )
    result._conditions.update(conditions)
    result._index.clear()
    return result


def _option_ids(q: Questionnaire) -> dict[tuple[str, str | None], frozenset[str]]:
    """Each choice question's option ids, by (section, id), before scales are resolved."""
    values: dict[tuple[str, str | None], frozenset[str]] = {}
    for section, questions in (("profile", q.profile), ("answers", q.questions)):
        for question in questions:
            options = question.options
            if question.scale in q.scales:
                options = q.scales[question.scale].options
            if question.type is QuestionType.yes_no and not options:
                options = _YES_NO
            if options:
                values[(section, question.id)] = frozenset(o.id for o in options)
    return values


def _condition_sources(
    q: Questionnaire, tolerated: frozenset[str] = frozenset()
) -> Iterator[tuple[str, Scope, str]]:
    """Every condition of the questionnaire, keyed, with the scope it may refer to."""
    profile_ids = [p.id for p in q.profile]
    question_ids = [x.id for x in q.questions] + sorted(tolerated)
    dims = frozenset(d.id for d in q.dimensions) | tolerated
    values = _option_ids(q)
    statuses = frozenset({"strength", "to_watch", "concern", "insufficient"})
    values.update({("status", d): statuses for d in dims})
    values[("level", None)] = frozenset(level.id for level in q.levels)
    for index, question in enumerate(q.profile):
        if question.when:
            scope = Scope(
                namespaces={"profile": frozenset(profile_ids[:index])},
                later={"profile": frozenset(profile_ids[index:])},
                values=values,
            )
            yield question.id, scope, question.when
    for index, question in enumerate(q.questions):
        if question.when:
            scope = Scope(
                namespaces={
                    "profile": frozenset(profile_ids),
                    "answers": frozenset(question_ids[:index]),
                },
                later={"answers": frozenset(question_ids[index:])},
                values=values,
            )
            yield question.id, scope, question.when
    full = Scope(
        names=frozenset({"level", "overall"}),
        namespaces={
            "profile": frozenset(profile_ids),
            "answers": frozenset(question_ids),
            "score": dims,
            "status": dims,
            "coverage": dims,
        },
        values=values,
    )
    for recommendation in q.recommendations:
        if recommendation.when:
            yield f"rec:{recommendation.id}", full, recommendation.when
    answered = Scope(
        namespaces={"profile": frozenset(profile_ids), "answers": frozenset(question_ids)},
        values=values,
    )
    yield from _answer_set_conditions(q, answered)


def _answer_set_conditions(q: Questionnaire, answered: Scope) -> Iterator[tuple[str, Scope, str]]:
    """The conditions read over the whole answer set: gates, checks, ceilings, critical."""
    for index, gate in enumerate(q.gates):
        if gate.when:
            yield f"gate:{index}", answered, gate.when
    for note in q.checks:
        yield f"check:{note.id}", answered, note.when
    for ceiling in q.ceilings:
        yield f"ceiling:{ceiling.id}", answered, ceiling.when
    for question in q.questions:
        if question.critical is not None and question.critical.when:
            yield f"critical:{question.id}", answered, question.critical.when


LOCAL_TEXT_FIELDS = {"title", "description", "label", "text", "help", "reason"}


class _Checker:
    """Cross-field checks that pydantic cannot make alone; collects every problem."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        located: Located,
        tolerated: frozenset[str] = frozenset(),
    ) -> None:
        self.q = questionnaire
        self.located = located
        # ids of entries set aside for structural problems: references to them are not errors
        self.tolerated = tolerated
        self.problems: list[Problem] = []
        # every condition, checked; kept so that resolving need not parse them again
        self.conditions: dict[str, Condition] = {}

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append(self.located.problem(loc, message))

    def ref(self, loc: Loc, kind: str, value: str, known: list[str] | set[str]) -> None:
        if value not in known and value not in self.tolerated:
            hint = suggestion(value, known)
            self.add(loc, _("unknown_ref", kind=_(f"kind_{kind}"), ref=value, hint=hint))

    def run(self) -> list[Problem]:
        self.languages()
        self.unique_ids()
        self.dimensions()
        self.all_weights_zero()
        for section in ("profile", "questions"):
            for index, question in enumerate(getattr(self.q, section)):
                self.question((section, index), question, scored=section == "questions")
        self.profile_mirrors()
        self.levels()
        self.meanings()
        self.gates_and_recommendations()
        self.caps()
        for key, scope, source in _condition_sources(self.q, self.tolerated):
            condition, messages = check(source, scope)
            if condition is not None:
                self.conditions[key] = condition
            for message in messages:
                self.add(self._condition_loc(key), message)
        # a scale's problem is found once per question using it: say it once
        unique = list(dict.fromkeys(self.problems))
        return sorted(unique, key=lambda p: (p.line or 0, p.column or 0))

    def _condition_loc(self, key: str) -> Loc:
        if key.startswith("rec:"):
            ids = [r.id for r in self.q.recommendations]
            return ("recommendations", ids.index(key[4:]), "when")
        if key.startswith("gate:"):
            return ("gates", int(key[5:]), "when")
        if key.startswith("check:"):
            ids = [c.id for c in self.q.checks]
            return ("checks", ids.index(key[6:]), "when")
        if key.startswith("ceiling:"):
            ids = [c.id for c in self.q.ceilings]
            return ("ceilings", ids.index(key[8:]), "when")
        if key.startswith("critical:"):
            ids = [x.id for x in self.q.questions]
            return ("questions", ids.index(key[9:]), "critical", "when")
        for section in ("profile", "questions"):
            ids = [x.id for x in getattr(self.q, section)]
            if key in ids:
                return (section, ids.index(key), "when")
        return ()

    def languages(self) -> None:
        declared = self.q.languages
        if self.q.default_language and self.q.default_language not in declared:
            self.add(("default_language",), _("default_language", lang=self.q.default_language))
        for loc, text in _local_texts(self.q, ()):
            for lang in declared:
                if not text.get(lang, "").strip():
                    self.add(loc, _("missing_language", lang=lang, declared=", ".join(declared)))
            for lang in text:
                if lang not in declared:
                    self.add((*loc, lang), _("extra_language", lang=lang))

    def unique_ids(self) -> None:
        groups: list[list[tuple[Loc, str]]] = [
            [(("families", i, "id"), f.id) for i, f in enumerate(self.q.families)],
            [(("dimensions", i, "id"), d.id) for i, d in enumerate(self.q.dimensions)],
            [(("journey", i, "id"), s.id) for i, s in enumerate(self.q.journey)],
            [(("levels", i, "id"), x.id) for i, x in enumerate(self.q.levels)],
            [(("recommendations", i, "id"), r.id) for i, r in enumerate(self.q.recommendations)],
            [(("ceilings", i, "id"), c.id) for i, c in enumerate(self.q.ceilings)],
            [
                ((section, i, "id"), x.id)
                for section in ("profile", "questions")
                for i, x in enumerate(getattr(self.q, section))
            ],
        ]
        for name, scale in self.q.scales.items():
            groups.append(
                [(("scales", name, "options", i, "id"), o.id) for i, o in enumerate(scale.options)]
            )
        for section in ("profile", "questions"):
            for i, question in enumerate(getattr(self.q, section)):
                groups.append(
                    [
                        ((section, i, "options", j, "id"), o.id)
                        for j, o in enumerate(question.options or [])
                    ]
                )
        for group in groups:
            seen: dict[str, Loc] = {}
            for loc, value in group:
                if value in seen:
                    line, _col = self.located.position(seen[value])
                    self.add(loc, _("duplicate_id", id=value, line=line or "?"))
                else:
                    seen[value] = loc

    def dimensions(self) -> None:
        families = [f.id for f in self.q.families]
        partner_types = self._partner_types()
        for i, dimension in enumerate(self.q.dimensions):
            self.ref(("dimensions", i, "family"), "family", dimension.family, families)
            for key in dimension.weights:
                if key == "default":
                    continue
                if partner_types is None:
                    self.add(("dimensions", i, "weights", key), _("weights_need_partner_type"))
                else:
                    self.ref(
                        ("dimensions", i, "weights", key),
                        "partner_type",
                        key,
                        [*partner_types, "default"],
                    )
            if dimension.id not in self.tolerated and not any(
                q.dimension == dimension.id for q in self.q.questions
            ):
                self.add(("dimensions", i, "id"), _("no_questions", id=dimension.id))

    def all_weights_zero(self) -> None:
        partner_types = self._partner_types() or []
        for partner_type in [None, *partner_types]:
            if not any(d.weight_for(partner_type) > 0 for d in self.q.dimensions):
                name = partner_type or "default"
                self.add(("dimensions",), _("all_weights_zero", partner_type=name))

    def _partner_types(self) -> list[str] | None:
        for question in self.q.profile:
            if question.id == PARTNER_TYPE:
                if question.scale in self.q.scales:
                    return [o.id for o in self.q.scales[question.scale].options]
                return [o.id for o in question.options or []]
        return None

    def question(self, loc: Loc, question: Question, *, scored: bool) -> None:
        self._question_place(loc, question, scored=scored)
        options, options_loc = self._question_options(loc, question)
        if question.min is not None and question.max is not None and question.min >= question.max:
            self.add((*loc, "min"), _("min_max"))
        if not scored:
            for j, option in enumerate(question.options or []):
                if option.score is not None:
                    self.add((*loc, "options", j, "score"), _("profile_score"))
            return
        if question.type is QuestionType.number and (question.min is None or question.max is None):
            self.add((*loc, "type"), _("number_bounds"))
        if options and question.type is not QuestionType.multiple:
            scores = {o.score for o in options if o.score is not None}
            if len(scores) < 2:
                self.add(options_loc, _("two_scores"))

    def _question_place(self, loc: Loc, question: Question, *, scored: bool) -> None:
        """A scored question has a known dimension and is no text; a profile one has none."""
        if scored and question.dimension is None:
            self.add((*loc, "dimension"), _("needs_dimension"))
        if not scored and question.dimension is not None:
            self.add((*loc, "dimension"), _("profile_dimension"))
        if question.dimension is not None:
            dims = [d.id for d in self.q.dimensions]
            self.ref((*loc, "dimension"), "dimension", question.dimension, dims)
        if scored and question.type is QuestionType.text:
            self.add((*loc, "type"), _("text_scored"))

    def _question_options(self, loc: Loc, question: Question) -> tuple[list[Option], Loc]:
        """The options a question offers (its own or its scale's), and where they stand."""
        if question.scale is not None and question.options is not None:
            self.add((*loc, "scale"), _("scale_and_options"))
        options = question.options or []
        options_loc: Loc = (*loc, "options")
        if question.scale is not None:
            self.ref((*loc, "scale"), "scale", question.scale, list(self.q.scales))
            if question.scale in self.q.scales:
                options = self.q.scales[question.scale].options
                options_loc = ("scales", question.scale, "options")
        if question.type in CHOICE_TYPES and not options and question.scale is None:
            self.add((*loc, "type"), _("needs_options", type=question.type.value))
        if question.type in {QuestionType.number, QuestionType.text} and options:
            self.add((*loc, "options"), _("no_options_here", type=question.type.value))
        if question.type is QuestionType.yes_no and not options:
            options = _YES_NO
        return options, options_loc

    def profile_mirrors(self) -> None:
        for index, question in enumerate(self.q.profile):
            if question.mirrors is not None:
                self.add(("profile", index, "mirrors"), _("profile_mirrors"))

    def levels(self) -> None:
        levels = self.q.levels
        for i, level in enumerate(levels):
            if level.min >= level.max:
                self.add(("levels", i, "min"), _("min_max"))
        if levels[0].min != 0:
            self.add(("levels", 0, "min"), _("levels_start", value=_num(levels[0].min)))
        if levels[-1].max != 100:
            self.add(
                ("levels", len(levels) - 1, "max"), _("levels_end", value=_num(levels[-1].max))
            )
        for i in range(1, len(levels)):
            before, after = levels[i - 1], levels[i]
            values = {
                "a": before.id,
                "b": after.id,
                "end": _num(before.max),
                "start": _num(after.min),
            }
            if after.min > before.max:
                self.add(("levels", i, "min"), _("levels_gap", **values))
            elif after.min < before.max:
                self.add(("levels", i, "min"), _("levels_overlap", **values))
        if self.q.status_bands.strength <= self.q.status_bands.to_watch:
            self.add(("status_bands", "strength"), _("bands"))

    def meanings(self) -> None:
        lists: list[tuple[Loc, list[Option]]] = [
            (("scales", name, "options"), scale.options) for name, scale in self.q.scales.items()
        ]
        for section in ("profile", "questions"):
            for index, question in enumerate(getattr(self.q, section)):
                if question.options is not None and question.scale is None:
                    lists.append(((section, index, "options"), question.options))
        for loc, options in lists:
            for j, option in enumerate(options):
                if option.meaning is not None and option.score is not None:
                    self.add((*loc, j, "meaning"), _("meaning_scored"))

    def gates_and_recommendations(self) -> None:
        dims = [d.id for d in self.q.dimensions]
        levels = [x.id for x in self.q.levels]
        stages = [s.id for s in self.q.journey]
        for i, gate in enumerate(self.q.gates):
            if (gate.dimension is None) == (gate.dimensions is None):
                self.add(("gates", i), _("gate_target"))
            if gate.dimension is not None:
                self.ref(("gates", i, "dimension"), "dimension", gate.dimension, [*dims, ANY])
            for j, dimension in enumerate(gate.dimensions or []):
                self.ref(("gates", i, "dimensions", j), "dimension", dimension, dims)
            self.ref(("gates", i, "cap"), "level", gate.cap, levels)
        if self.q.unscored_cap is not None:
            self.ref(("unscored_cap",), "level", self.q.unscored_cap, levels)
        stage_ids = sorted(_option_ids(self.q).get(("profile", STAGE), ()))
        for i, level in enumerate(self.q.levels):
            for stage in level.stage_descriptions:
                self.ref(("levels", i, "stage_descriptions", stage), "stage_option", stage,
                         stage_ids)  # fmt: skip
        for i, recommendation in enumerate(self.q.recommendations):
            if recommendation.dimension is not None:
                self.ref(
                    ("recommendations", i, "dimension"), "dimension", recommendation.dimension, dims
                )
            if recommendation.stage is not None:
                self.ref(("recommendations", i, "stage"), "stage", recommendation.stage, stages)

    def caps(self) -> None:
        """Ceilings, critical answers and "not yet" stages name levels, options and stages
        that exist."""
        levels = [x.id for x in self.q.levels]
        for i, ceiling in enumerate(self.q.ceilings):
            self.ref(("ceilings", i, "cap"), "level", ceiling.cap, levels)
        for i, rule in enumerate(self.q.critical_caps):
            self.ref(("critical_caps", i, "cap"), "level", rule.cap, levels)
        if self.q.notice_cap is not None:
            self.ref(("notice_cap", "cap"), "level", self.q.notice_cap.cap, levels)
        for i, question in enumerate(self.q.profile):
            for field in ("critical", "known_from"):
                if getattr(question, field) is not None:
                    self.add(("profile", i, field), _("profile_rule", field=field))
        for i, question in enumerate(self.q.questions):
            options = self._offered(question)
            if question.known_from is not None:
                self._known_from(("questions", i, "known_from"), question.known_from, options)
            if question.critical is not None:
                self._critical(("questions", i, "critical"), question.critical, options, levels)

    def _known_from(self, loc: Loc, stage: str, options: list[Option]) -> None:
        stages = _option_ids(self.q).get(("profile", STAGE))
        if stages is None:
            self.add(loc, _("known_from_without_stage"))
        else:
            self.ref(loc, "stage_option", stage, sorted(stages))
        if not any(o.unanswered_as == "not_applicable" for o in options):
            self.add(loc, _("known_from_without_not_yet"))

    def _critical(
        self, loc: Loc, critical: Critical, options: list[Option], levels: list[str]
    ) -> None:
        if (critical.options is None) == (critical.when is None):
            self.add(loc, _("critical_target"))
        valid = [o.id for o in options]
        for j, option in enumerate(critical.options or []):
            if option not in valid:
                self.add((*loc, "options", j),
                         _("critical_option", option=option, valid=", ".join(valid)))  # fmt: skip
        if critical.cap is not None:
            self.ref((*loc, "cap"), "level", critical.cap, levels)

    def _offered(self, question: Question) -> list[Option]:
        if question.scale in self.q.scales:
            return self.q.scales[question.scale].options
        if question.type is QuestionType.yes_no and not question.options:
            return _YES_NO
        return question.options or []


def _num(value: float) -> str:
    return f"{value:g}"


def _local_texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, dict[str, str]]]:
    """Every multilingual text in a model tree, with where it stands."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if name in LOCAL_TEXT_FIELDS and isinstance(child, dict):
                yield (*loc, name), child
            else:
                yield from _local_texts(child, (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _local_texts(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _local_texts(item, (*loc, key))
