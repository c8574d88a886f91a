"""Every check across the fields of a questionnaire, run at once on a valid model: ids,
references, conditions, levels, gates and caps, each problem located in the YAML."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from alliance_diag.core.errors import Problem
from alliance_diag.core.located import Loc, Located
from alliance_diag.core.suggest import suggestion
from alliance_diag.engine.condition_check import check
from alliance_diag.engine.conditions import Condition, Scope
from alliance_diag.engine.questionnaire import (
    ANY,
    CHOICE_TYPES,
    PARTNER_TYPE,
    STAGE,
    Critical,
    Option,
    Question,
    Questionnaire,
    QuestionType,
)
from alliance_diag.engine.questionnaire_messages import _

YES_NO = [
    Option(id="yes", label={"fr": "Oui", "en": "Yes"}, score=1),
    Option(id="no", label={"fr": "Non", "en": "No"}, score=0),
]


def _option_ids(q: Questionnaire) -> dict[tuple[str, str | None], frozenset[str]]:
    """Each choice question's option ids, by (section, id), before scales are resolved."""
    values: dict[tuple[str, str | None], frozenset[str]] = {}
    for section, questions in (("profile", q.profile), ("answers", q.questions)):
        for question in questions:
            options = question.options
            if question.scale in q.scales:
                options = q.scales[question.scale].options
            if question.type is QuestionType.yes_no and not options:
                options = YES_NO
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


class Checker:
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
            options = YES_NO
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
            return YES_NO
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
