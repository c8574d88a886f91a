"""A measure explained: the ``Result`` a report shows — which answers pulled a dimension
down, the notices, the next steps, the warnings. Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from alliance_diag.core.i18n import Catalog, pick
from alliance_diag.engine.answers import AnswerSet, AnswerValue, option_label
from alliance_diag.engine.items import Item
from alliance_diag.engine.levels import round1
from alliance_diag.engine.measure import (
    Measure,
    Pattern,
)
from alliance_diag.engine.questionnaire import PARTNER_TYPE, Question, Questionnaire, Recommendation
from alliance_diag.engine.result import (
    DimensionResult,
    Notice,
    Overall,
    PullDown,
    QuestionnaireRef,
    RecommendationResult,
    ResourceResult,
    Result,
)
from alliance_diag.engine.scoring import Scorer, scorer_for

PULL_DOWN_LIMIT = 3


# a dimension scored on less of its weight than this is marked "to confirm"
FIRM_COVERAGE = 0.8


_ = Catalog(
    {
        "ignored": {
            "fr": "réponse à « {id} » ignorée : la question ne s'applique pas à ce profil",
            "en": "answer to '{id}' ignored: the question does not apply to this profile",
        },
        "insufficient": {
            "fr": "{label} : pas assez de réponses pour noter cette dimension ({answered} sur "
            "{applicable}, couverture {coverage} % ; il faut {minimum} %)",
            "en": "{label}: not enough answers to score this dimension ({answered} of "
            "{applicable}, coverage {coverage}%; {minimum}% needed)",
        },
        "acquiescence_same": {
            "fr": "{share} des réponses notées sont la même (« {answer} ») : le résultat est "
            "fragile ; relisez les questions ensemble avant d'en tirer des conclusions.",
            "en": "{share} of the scored answers are the same (“{answer}”): the result is "
            "fragile; go through the questions together before drawing conclusions.",
        },
        "acquiescence_reverse": {
            "fr": "Les affirmations formulées à l'envers reçoivent le même accord que les "
            "autres : certaines ont peut-être été lues trop vite, et le résultat est fragile.",
            "en": "Statements worded the other way round get the same agreement as the others: "
            "some may have been read too fast, and the result is fragile.",
        },
        "earlier_version": {
            "fr": "Ces réponses ont été données avec la version {old} du questionnaire ; elles "
            "sont lues ici avec les règles de la version {new}, plus exigeantes : le niveau "
            "peut différer de celui obtenu à l'époque, et les questions ajoutées depuis "
            "restent sans réponse.",
            "en": "These answers were given for version {old} of the questionnaire; they are "
            "read here under the rules of version {new}, which are stricter: the level may "
            "differ from the one obtained then, and the questions added since stay "
            "unanswered.",
        },
        "removed_answers": {
            "fr": "Réponses laissées de côté, faute de question équivalente aujourd'hui : "
            "{questions}.",
            "en": "Answers left aside, for want of an equivalent question today: {questions}.",
        },
        "earlier_rules": {
            "fr": "Le calcul d'origine reste disponible (questionnaire {id}@{old}).",
            "en": "The original scoring remains available (questionnaire {id}@{old}).",
        },
        "unfinished": {
            "fr": "Questionnaire inachevé : {missing} des {total} affirmations qui "
            "s'appliquent n'ont pas encore été posées ; le résultat ne porte que sur les "
            "réponses données. Reprenez l'entretien pour le compléter.",
            "en": "Unfinished questionnaire: {missing} of the {total} statements that apply "
            "have not been asked yet; the result rests only on the answers given. Resume the "
            "interview to complete it.",
        },
        "unfinished_one": {
            "fr": "Questionnaire inachevé : 1 des {total} affirmations qui s'appliquent n'a "
            "pas encore été posée ; le résultat ne porte que sur les réponses données. "
            "Reprenez l'entretien pour le compléter.",
            "en": "Unfinished questionnaire: 1 of the {total} statements that apply has not "
            "been asked yet; the result rests only on the answers given. Resume the "
            "interview to complete it.",
        },
        "no_overall": {
            "fr": "Trop peu de dimensions notées ({scored} sur {total}) : pas de score global ni "
            "de niveau.",
            "en": "Too few dimensions scored ({scored} of {total}): no overall score or level.",
        },
    }
)


def score(questionnaire: Questionnaire, answers: AnswerSet, lang: str | None = None) -> Result:
    """Score one answer set (already checked and normalised) into an explained Result.

    ``lang`` defaults to the answer file's language when the questionnaire has it, else
    the questionnaire's own.
    """
    chosen = questionnaire.language
    for candidate in (lang, answers.language):
        if candidate in questionnaire.languages:
            chosen = str(candidate)
            break
    measure = scorer_for(questionnaire).measure(answers.profile_values(), answers.answers)
    return explain(questionnaire, answers, measure, chosen)


def explain(
    questionnaire: Questionnaire, answers: AnswerSet, measure: Measure, lang: str
) -> Result:
    """The Result of an answer set whose numbers are measured: reasons, steps, warnings."""
    scorer = scorer_for(questionnaire)
    profile = answers.profile_values()
    pattern = scorer.pattern(profile, answers.answers)
    warnings = [_("ignored", lang, id=qid) for qid in pattern.skipped if answers.answers.get(qid)
                is not None]  # fmt: skip
    dimensions = _dimension_results(questionnaire, scorer, measure, pattern, answers, lang)
    for result in dimensions:
        if result.status == "insufficient":
            warnings.append(
                _(
                    "insufficient",
                    lang,
                    label=result.label,
                    answered=result.answered,
                    applicable=result.applicable,
                    coverage=round(result.coverage * 100),
                    minimum=round(questionnaire.min_coverage * 100),
                )
            )
    overall = _overall(questionnaire, measure, pattern, lang)
    if overall.score is None:
        scored = sum(1 for d in dimensions if d.score is not None)
        warnings.append(_("no_overall", lang, scored=scored, total=len(dimensions)))
    context = scorer.context(profile)
    context["answers"].update((qid, answers.answers.get(qid)) for ids in pattern.ids for qid in ids)
    recommendations = _recommendations(questionnaire, dimensions, overall, context, lang)
    notices = [
        *_version_notice(questionnaire, answers, lang),
        *_unfinished(pattern, answers, lang),
        *_notices(questionnaire, measure, lang),
    ]
    return Result(
        questionnaire=QuestionnaireRef(id=questionnaire.id, version=questionnaire.version),
        language=lang,
        respondent=answers.respondent.model_dump(),
        profile=dict(answers.profile),
        overall=overall,
        dimensions=dimensions,
        recommendations=recommendations,
        strengths=[d.id for d in dimensions if d.status == "strength"],
        concerns=[d.id for d in dimensions if d.status == "concern"],
        notes=dict(answers.notes),
        warnings=warnings,
        notices=notices,
    )


def _dimension_results(
    questionnaire: Questionnaire,
    scorer: Scorer,
    measure: Measure,
    pattern: Pattern,
    answers: AnswerSet,
    lang: str,
) -> list[DimensionResult]:
    partner_type = answers.profile_values().get(PARTNER_TYPE)
    weights = scorer.weights_for(partner_type if isinstance(partner_type, str) else None)
    items = scorer.item_of
    results = []
    for d, dimension in enumerate(questionnaire.dimensions):
        lows = []
        for qid in pattern.ids[d]:
            raw = answers.answers.get(qid)
            found = items[qid].worth(raw)
            if found is not None and found < 0.5:
                lows.append((found, items[qid].question, raw))
        dim_score = measure.dimensions[d]
        dont_know, if_low, low_label = _dont_know_sensitivity(
            [items[qid] for qid in pattern.ids[d]], answers.answers, lang
        )
        results.append(
            DimensionResult(
                id=dimension.id,
                label=pick(dimension.label, lang),
                family=dimension.family,
                score=measure.dimensions[d],
                coverage=measure.coverage[d],
                status=measure.statuses[d],
                answered=measure.answered[d],
                applicable=measure.applicable[d],
                weight=weights[d],
                pulled_down_by=_pull_downs(lows, lang),
                dont_know=dont_know,
                score_if_dont_know_low=if_low,
                dont_know_as=low_label,
                to_confirm=dim_score is not None and measure.coverage[d] < FIRM_COVERAGE,
                not_yet=measure.not_yet[d],
            )
        )
    return results


def _dont_know_sensitivity(
    items: list[Item], answers: Mapping[str, AnswerValue], lang: str
) -> tuple[int, float | None, str | None]:
    """How many "don't know" answers a dimension has; its score had each of them been the
    lowest answer of its scale, as the level counts them (None without any), and that
    answer's label when every such question shares it: what the silence may hide."""
    answered_weight = weighted_sum = 0.0
    count = 0
    labels: set[str] = set()
    for item in items:
        raw = answers.get(item.question.id)
        value = item.worth(raw)
        if isinstance(raw, str) and raw in item.dont_know:
            count += 1
            value = 0.0
            labels.update(
                pick(o.label, lang)
                for o in item.question.options or []
                if o.score is not None and item.value(o.id) == 0.0
            )
        if value is not None:
            answered_weight += item.weight
            weighted_sum += item.weight * value
    if not count or answered_weight <= 0:
        return count, None, None
    shared = labels.pop() if len(labels) == 1 else None
    return count, round1(100 * weighted_sum / answered_weight), shared


def _unfinished(pattern: Pattern, answers: AnswerSet, lang: str) -> list[Notice]:
    """A notice when statements that apply were never reached: neither answered nor
    skipped (a skip is recorded as null; a statement never asked has no entry at all)."""
    applicable = pattern.ids_flat
    missing = sum(1 for qid in applicable if qid not in answers.answers)
    if not missing:
        return []
    key = "unfinished_one" if missing == 1 else "unfinished"
    text = _(key, lang, missing=missing, total=len(applicable))
    return [Notice(id="unfinished", kind="unfinished", text=text)]


def _version_notice(questionnaire: Questionnaire, answers: AnswerSet, lang: str) -> list[Notice]:
    """What a reader must know of answers given for an earlier version."""
    earlier, removed = answers.carried_from
    if earlier is None:
        return []
    text = _("earlier_version", lang, old=earlier, new=questionnaire.version)
    if removed:
        listed = ", ".join(f"« {pick(t, lang)} »" if lang == "fr" else f"“{pick(t, lang)}”"
                           for t in removed)  # fmt: skip
        text += " " + _("removed_answers", lang, questions=listed)
    text += " " + _("earlier_rules", lang, id=questionnaire.id, old=earlier)
    return [Notice(id="earlier_version", kind="version", text=text)]


def _notices(questionnaire: Questionnaire, measure: Measure, lang: str) -> list[Notice]:
    """The checks that fired and the signs of answers given too fast, worded."""
    texts = {check.id: check.text for check in questionnaire.checks}
    notices = [
        Notice(id=check_id, kind="check", text=pick(texts[check_id], lang))
        for check_id in measure.checks
    ]
    for sign in measure.acquiescence:
        if sign.id == "same_answer":
            question = questionnaire.question(sign.question or "")
            assert question is not None and sign.answer is not None
            share = f"{round(100 * sign.share)}" + ("\u00a0%" if lang == "fr" else "%")
            label = option_label(question, sign.answer, lang)
            text = _("acquiescence_same", lang, share=share, answer=label)
        else:
            text = _("acquiescence_reverse", lang)
        notices.append(Notice(id=sign.id, kind="acquiescence", text=text))
    return notices


def _pull_downs(lows: list[tuple[float, Question, AnswerValue]], lang: str) -> list[PullDown]:
    """The answers below the middle of their scale, lowest first."""
    lows.sort(key=lambda entry: entry[0])
    return [
        PullDown(
            question=question.id,
            text=pick(question.text, lang),
            answer=raw,
            answer_label=option_label(question, raw, lang),
            value=round1(100 * value),
        )
        for value, question, raw in lows[:PULL_DOWN_LIMIT]
    ]


def _overall(
    questionnaire: Questionnaire, measure: Measure, pattern: Pattern, lang: str
) -> Overall:
    decision = measure.decision
    total_answered = sum(measure.answered)
    total_applicable = sum(measure.applicable)
    coverage = measure.overall_coverage
    if decision.level is None:
        return Overall(
            score=None,
            level=None,
            level_label=None,
            capped_by=[],
            level_before_gates=None,
            gates=[],
            coverage=coverage,
            answered=total_answered,
            applicable=total_applicable,
            provisional=decision.provisional,
            unscored=list(decision.unscored),
        )
    return Overall(
        score=decision.score,
        level=decision.level,
        level_label=pick(questionnaire.level(decision.level).label, lang),
        capped_by=list(decision.capped_by),
        level_before_gates=decision.before_gates,
        gates=list(decision.gates),
        gates_applying=[index for index, _gate in pattern.gates],
        known_answers_level=decision.known_answers_level,
        doubtful=list(decision.doubtful),
        unknown_kinds=list(measure.unknown_kinds),
        caps=list(decision.caps),
        coverage=coverage,
        answered=total_answered,
        applicable=total_applicable,
        provisional=decision.provisional,
        unscored=list(decision.unscored),
    )


def _recommendations(
    questionnaire: Questionnaire,
    dimensions: list[DimensionResult],
    overall: Overall,
    context: dict[str, Any],
    lang: str,
) -> list[RecommendationResult]:
    context = {
        **context,
        "score": {d.id: d.score for d in dimensions},
        "status": {d.id: d.status for d in dimensions},
        "coverage": {d.id: d.coverage for d in dimensions},
        "level": overall.level,
        "overall": overall.score,
    }
    scores = {d.id: d.score for d in dimensions}

    def order(position: int) -> tuple[int, float, int]:
        # priority first, then the weakest dimension (a step without a score last)
        recommendation = questionnaire.recommendations[position]
        dim_score = scores.get(recommendation.dimension) if recommendation.dimension else None
        weakness = dim_score if dim_score is not None else 101.0
        return recommendation.priority, weakness, position

    def holds(recommendation: Recommendation) -> bool:
        condition = questionnaire.condition(f"rec:{recommendation.id}")
        return condition is None or bool(condition.evaluate(context))

    ordered = sorted(range(len(questionnaire.recommendations)), key=order)
    chosen = _within_limits(
        questionnaire, [questionnaire.recommendations[i] for i in ordered], holds
    )
    return [
        RecommendationResult(
            id=r.id,
            dimension=r.dimension,
            priority=r.priority,
            horizon=r.horizon,
            stage=r.stage,
            text=pick(r.text, lang),
            resources=[ResourceResult(title=pick(x.title, lang), url=x.url) for x in r.resources],
        )
        for r in chosen
    ]


def _within_limits(
    questionnaire: Questionnaire,
    ordered: list[Recommendation],
    holds: Callable[[Recommendation], bool],
) -> list[Recommendation]:
    """In order, the steps whose condition holds: the first of each topic, then at most the
    questionnaire's total and "now" steps. A condition is evaluated only for a step that
    could still be kept, so a report stops reading conditions once its steps are found."""
    limits = questionnaire.recommendation_limits
    topics: set[str] = set()
    kept: list[Recommendation] = []
    now = 0
    for recommendation in ordered:
        if recommendation.topic in topics or not holds(recommendation):
            continue
        if recommendation.topic is not None:
            topics.add(recommendation.topic)
        if recommendation.horizon == "now":
            if limits.now is not None and now >= limits.now:
                continue
            now += 1
        kept.append(recommendation)
        if limits.total is not None and len(kept) >= limits.total:
            break
    return kept


def recommendations_for(
    questionnaire: Questionnaire,
    dimensions: list[DimensionResult],
    overall: Overall,
    lang: str,
) -> list[RecommendationResult]:
    """The recommendations whose conditions hold for given dimension results, ordered.

    For results that do not come from one answer set (a network's averages): profile
    and answers are unknown, so conditions reading them do not hold.
    """
    context = scorer_for(questionnaire).context({})
    return _recommendations(questionnaire, dimensions, overall, context, lang)
