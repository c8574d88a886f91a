"""The report's content, computed and worded in Python once, for every format to lay out."""

from __future__ import annotations

from datetime import date
from typing import Any

from alliance_diag.core.dates import format_date
from alliance_diag.core.i18n import format_number, pick
from alliance_diag.engine.answers import option_label
from alliance_diag.engine.level_reasons import gate_rules, join, level_reasons
from alliance_diag.engine.question_count import asked_in_result
from alliance_diag.engine.questionnaire import PARTNER_TYPE, RESPONDENT_FIELDS, STAGE, Questionnaire
from alliance_diag.engine.result import DimensionResult, RecommendationResult, Result
from alliance_diag.report.messages import _, horizon_label, labels, status_label
from alliance_diag.report.templating import format_percent
from alliance_diag.report.views import (
    DimensionView,
    FamilyView,
    HorizonView,
    LevelView,
    MethodView,
    NoteView,
    OverallView,
    ProfileRow,
    PullDownView,
    ReportContext,
    ResourceView,
    StepView,
)

HORIZONS = ("now", "3_months", "12_months")
STATUSES = ("strength", "to_watch", "concern", "insufficient", "not_yet")
TOP_STEPS = 3
# Recherches & Solidarités, "La France associative en mouvement" (2017): partners per association
AVERAGE_PARTNERS = 2.5
PARTNERS_COUNT = "partners_count"
# the profile question telling a network or federation from an association
ORGANISATION_KIND = "organisation_kind"
NETWORK = "network"


def build(result: Result, questionnaire: Questionnaire, generated_on: date) -> ReportContext:
    """The context of a report of ``result``, in the result's language."""
    lang = result.language
    dimensions = [_dimension(d, questionnaire, lang) for d in result.dimensions]
    by_id = {d.id: d for d in dimensions}
    families = [
        FamilyView(
            id=family.id,
            label=pick(family.label, lang),
            dimensions=[d for d in dimensions if d.family == family.id],
        )
        for family in questionnaire.families
    ]
    stages = {s.id: pick(s.label, lang) for s in questionnaire.journey}
    steps = [_step(r, stages, by_id, lang) for r in result.recommendations]
    # the first steps stand apart, first; the others follow by horizon
    later = steps[TOP_STEPS:]
    horizons = [
        HorizonView(id=h, label=horizon_label(h, lang), steps=[s for s in later if s.horizon == h])
        for h in HORIZONS
    ]
    return ReportContext(
        lang=lang,
        t=labels(lang),
        title=pick(questionnaire.title, lang),
        edition=pick(questionnaire.edition, lang) if questionnaire.edition else "",
        questionnaire_text=_(
            "questionnaire",
            lang,
            title=pick(questionnaire.title, lang),
            version=result.questionnaire.version,
        ),
        organisation=result.respondent.get("organisation") or "",
        partner=_partner(result, questionnaire, lang),
        generated_on=generated_on,
        generated_on_text=_("generated_on", lang, date=format_date(generated_on, lang)),
        overall=_overall(result, questionnaire, by_id, lang),
        dimensions=dimensions,
        families=[f for f in families if f.dimensions],
        strengths=[by_id[d].label for d in result.strengths],
        concerns=[by_id[d].label for d in result.concerns],
        # the first steps in the order of their horizon: "now" before "within 3 months"
        top_steps=sorted(steps[:TOP_STEPS], key=lambda step: HORIZONS.index(step.horizon)),
        horizons=horizons,
        notes=_notes(result, questionnaire, by_id, lang),
        profile=_profile(result, questionnaire, lang),
        partners_sentence=partners_sentence(
            result.profile.get(PARTNERS_COUNT),
            lang,
            network=result.profile.get(ORGANISATION_KIND) == NETWORK,
        ),
        method=_method(result, questionnaire, lang),
        warnings=list(result.warnings),
        notices=[notice.text for notice in result.notices],
        more_steps_text=_more_steps(len(later), lang),
    )


def _more_steps(count: int, lang: str) -> str:
    if count == 0:
        return ""
    key = "more_steps_one" if count == 1 else "more_steps"
    return _(key, lang, count=count)


def _dimension(d: DimensionResult, questionnaire: Questionnaire, lang: str) -> DimensionView:
    model = questionnaire.dimension(d.id)
    family = next(f for f in questionnaire.families if f.id == d.family)
    return DimensionView(
        id=d.id,
        label=d.label,
        family=d.family,
        family_label=pick(family.label, lang),
        description=pick(model.description, lang),
        score=d.score,
        score_text=_score_text(d, lang),
        status=d.status,
        status_label=status_label(d.status, lang),
        coverage=d.coverage,
        coverage_text="—" if d.status == "not_yet" else format_percent(d.coverage, lang),
        answered=d.answered,
        applicable=d.applicable,
        answers_text=_("answers_of", lang, answered=d.answered, applicable=d.applicable),
        weight=d.weight,
        weight_text=format_number(d.weight, lang, None),
        to_confirm_text=_("to_confirm", lang) if d.to_confirm else "",
        dont_know_text=_dont_know_text(d, lang),
        pulled_down=[
            PullDownView(
                question=p.text,
                answer=p.answer_label,
                value=p.value,
                value_text=format_number(p.value, lang),
            )
            for p in d.pulled_down_by
        ],
    )


def _score_text(d: DimensionResult, lang: str) -> str:
    if d.score is not None:
        return format_number(d.score, lang)
    return _("not_yet_score" if d.status == "not_yet" else "not_enough", lang)


def _too_few(result: Result, lang: str) -> str:
    """Why there is no level: how many of the dimensions that apply have a score."""
    measured = [d for d in result.dimensions if d.status != "not_yet"]
    scored = sum(1 for d in measured if d.score is not None)
    if scored == 0:
        return _("reason_no_score", lang)
    if scored == 1:
        return _("reason_too_few_one", lang, total=len(measured))
    return _("reason_too_few", lang, scored=scored, total=len(measured))


def _no_level(result: Result, lang: str) -> OverallView:
    """The verdict when there is none: why, and no score."""
    return OverallView(
        score=None,
        score_text=_("not_computed", lang),
        level=None,
        level_label=_("no_level", lang),
        level_description="",
        coverage_text=format_percent(result.overall.coverage, lang),
        reasons=[_too_few(result, lang)],
        capped=False,
    )


def _overall(
    result: Result, questionnaire: Questionnaire, dims: dict[str, DimensionView], lang: str
) -> OverallView:
    overall = result.overall
    if overall.score is None or overall.level is None:
        return _no_level(result, lang)
    before = questionnaire.level(overall.level_before_gates or overall.level)
    reasons = [
        _(
            "reason_band",
            lang,
            score=format_number(overall.score, lang),
            level=pick(before.label, lang),
            low=format_number(before.min, lang, None),
            high=format_number(before.max, lang, None),
        )
    ]
    labels = {key: view.label for key, view in dims.items()}
    reasons.extend(level_reasons(result, questionnaire, labels, lang) or [_("reason_no_cap", lang)])
    lowering = any(g.lowered for g in overall.gates) or any(c.lowered for c in overall.caps)
    asked, profile = asked_in_result(questionnaire, result)
    reasons.append(
        _(
            "reason_coverage",
            lang,
            asked=asked,
            profile=profile,
            answered=overall.answered,
            applicable=asked - profile,
            coverage=format_percent(overall.coverage, lang),
        )
    )
    not_yet = sum(d.not_yet for d in result.dimensions)
    if not_yet:
        key = "reason_not_yet_one" if not_yet == 1 else "reason_not_yet"
        reasons.append(_(key, lang, count=not_yet))
    level = questionnaire.level(overall.level)
    stage = result.profile.get(STAGE)
    description = level.stage_descriptions.get(stage) if isinstance(stage, str) else None
    missing = join([dims[d].label for d in overall.unscored], lang)
    return OverallView(
        score=overall.score,
        score_text=format_number(overall.score, lang),
        level=overall.level,
        level_label=pick(level.label, lang),
        level_description=pick(description or level.description, lang),
        coverage_text=format_percent(overall.coverage, lang),
        reasons=reasons,
        capped=lowering,
        provisional_label=_("provisional", lang) if overall.provisional else "",
        provisional_text=_("provisional_text", lang, dimensions=missing)
        if overall.provisional
        else "",
        score_scope=_score_scope(result, lang),
    )


def _score_scope(result: Result, lang: str) -> str:
    """ "based on 5 of 7 dimensions" when the overall score leaves applicable ones out."""
    measured = [d for d in result.dimensions if d.status != "not_yet"]
    scored = sum(1 for d in measured if d.score is not None)
    if scored == len(measured):
        return ""
    return _("score_scope", lang, scored=scored, total=len(measured))


def _dont_know_text(d: DimensionResult, lang: str) -> str:
    """What the "don't know" answers may hide, when there are some."""
    if d.score_if_dont_know_low is None or d.score is None:
        return ""
    score = format_number(d.score_if_dont_know_low, lang)
    answer = (
        _("answer_named", lang, label=d.dont_know_as)
        if d.dont_know_as
        else _("second_lowest", lang)
    )
    if d.dont_know == 1:
        return _("dont_know_one", lang, answer=answer, score=score)
    return _("dont_know_many", lang, count=d.dont_know, answer=answer, score=score)


def _step(
    r: RecommendationResult, stages: dict[str, str], dims: dict[str, DimensionView], lang: str
) -> StepView:
    return StepView(
        id=r.id,
        text=r.text,
        horizon=r.horizon,
        horizon_label=horizon_label(r.horizon, lang),
        priority=r.priority,
        priority_label=_("priority", lang, n=r.priority),
        dimension_label=dims[r.dimension].label if r.dimension in dims else "",
        stage_label=stages.get(r.stage or "", ""),
        resources=[ResourceView(title=x.title, url=x.url) for x in r.resources],
    )


def _notes(
    result: Result, questionnaire: Questionnaire, dims: dict[str, DimensionView], lang: str
) -> list[NoteView]:
    order = {q.id: i for i, q in enumerate(questionnaire.all_questions())}
    views = []
    for question_id in sorted(result.notes, key=lambda qid: order.get(qid, len(order))):
        text = result.notes[question_id].strip()
        if not text:
            continue
        question = questionnaire.question(question_id)
        dimension = question.dimension if question else None
        views.append(
            NoteView(
                question_id=question_id,
                question=pick(question.text, lang) if question else question_id,
                dimension_label=dims[dimension].label if dimension in dims else "",
                text=text,
            )
        )
    return views


def _profile_value(questionnaire: Questionnaire, question_id: str, value: Any, lang: str) -> str:
    question = questionnaire.question(question_id)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, lang, None)
    if question is None:
        return str(value)
    return option_label(question, value, lang)


def _profile(result: Result, questionnaire: Questionnaire, lang: str) -> list[ProfileRow]:
    rows = []
    for question in questionnaire.profile:
        if question.id in RESPONDENT_FIELDS:
            value: Any = result.respondent.get(question.id)
        else:
            value = result.profile.get(question.id)
        if value is None or value == "" or value == []:
            continue
        key = f"profile_{question.id}"
        label = _(key, lang) if key in _ else pick(question.text, lang)
        rows.append(
            ProfileRow(
                id=question.id,
                label=label,
                value=_profile_value(questionnaire, question.id, value, lang),
            )
        )
    return rows


def _partner(result: Result, questionnaire: Questionnaire, lang: str) -> str:
    """ "Partner name (partner type)", whichever of the two is known."""
    name = result.profile.get("partner_name")
    partner_type = result.profile.get(PARTNER_TYPE)
    question = questionnaire.question(PARTNER_TYPE)
    type_label = (
        option_label(question, partner_type, lang) if question and partner_type is not None else ""
    )
    # the partner's own questionnaire describes its respondent with that type: the name
    # alone says who the partner is
    partner_side = any(q.mirrors for q in questionnaire.questions)
    if name and type_label and not partner_side:
        return f"{name} — {type_label}"
    return str(name or type_label)


def partners_sentence(count: Any, lang: str, *, network: bool = False) -> str:
    """The number of current partners set against the 2017 average, or "" when unknown;
    for a network or federation, the count alone: the average is an association's."""
    if isinstance(count, bool) or not isinstance(count, int | float):
        return ""
    # French keeps the singular below two ("0 partenaire actif"); English only for one
    singular = count < 2 if lang == "fr" else count == 1
    partners = _(
        "partners_one" if singular else "partners_many",
        lang,
        count=format_number(count, lang, None),
    )
    if network:
        return _("partners_network", lang, partners=partners)
    if count < AVERAGE_PARTNERS:
        key = "partners_below"
    elif count > AVERAGE_PARTNERS:
        key = "partners_above"
    else:
        key = "partners_equal"
    return _(key, lang, partners=partners, average=format_number(AVERAGE_PARTNERS, lang, None))


def _method(result: Result, questionnaire: Questionnaire, lang: str) -> MethodView:
    def num(value: float) -> str:
        return format_number(value, lang, None)

    # two scales that differ only by their options without a score read the same here
    scales = tuple(
        dict.fromkeys(
            " · ".join(
                f"{pick(o.label, lang)} {num(o.score)}" for o in s.options if o.score is not None
            )
            for s in questionnaire.scales.values()
        )
    )
    dims = {d.id: d.label for d in result.dimensions}
    levels = {level.id: pick(level.label, lang) for level in questionnaire.levels}
    partner_type = result.profile.get(PARTNER_TYPE)
    question = questionnaire.question(PARTNER_TYPE)
    partner_label = (
        option_label(question, partner_type, lang)
        if question and isinstance(partner_type, str)
        else _("default_partner", lang)
    )
    weights = ", ".join(f"{d.label} {num(d.weight)}" for d in result.dimensions)
    bands = questionnaire.status_bands
    return MethodView(
        items=_("method_items", lang),
        scales=scales,
        unanswered=_("method_unanswered", lang),
        coverage=_(
            "method_coverage", lang, minimum=format_percent(questionnaire.min_coverage, lang)
        ),
        bands=_("method_bands", lang, strength=num(bands.strength), to_watch=num(bands.to_watch)),
        overall=_("method_overall", lang, partner_type=partner_label, weights=weights),
        levels_rule=_("method_levels", lang),
        levels=tuple(
            LevelView(
                id=level.id,
                label=pick(level.label, lang),
                range_text=_("range", lang, low=num(level.min), high=num(level.max)),
                description=pick(level.description, lang),
                current=level.id == result.overall.level,
            )
            for level in questionnaire.levels
        ),
        gates_rule=_("method_gates", lang),
        gates=tuple(gate_rules(result, questionnaire, dims, levels, lang)),
        disclaimer=_("disclaimer", lang),
    )
