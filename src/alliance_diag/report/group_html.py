"""Several respondents as one HTML document: the group view first, then each one's report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from alliance_diag.core.dates import format_date
from alliance_diag.core.i18n import Catalog, format_number, pick
from alliance_diag.engine.aggregate import DIVERGENCE, GroupDimension, GroupResult, group_level
from alliance_diag.engine.questionnaire import PARTNER_TYPE, Questionnaire
from alliance_diag.engine.result import Result
from alliance_diag.report import html
from alliance_diag.report.templating import get_template, render_template

TEMPLATE = "group.html.j2"
ROLE = "role"
# two dots closer than this (points on 0–100) share a lane, so the lower one moves down
DOT_ROOM = 6.0

_ = Catalog(
    {
        "title": {"fr": "Vue de groupe", "en": "Group view"},
        "respondents": {"fr": "{n} répondants", "en": "{n} respondents"},
        "respondent": {"fr": "Répondant {n}", "en": "Respondent {n}"},
        "level": {"fr": "Niveau du groupe", "en": "Group level"},
        "mean_score": {"fr": "Score du groupe", "en": "Group score"},
        "no_level": {"fr": "Pas de niveau", "en": "No level"},
        "level_rule": {
            "fr": "Le niveau du groupe applique aux moyennes des dimensions les mêmes règles "
            "et les mêmes verrous qu'à un répondant.",
            "en": "The group level applies the same rules and gates to the dimension means "
            "as to one respondent.",
        },
        "members": {"fr": "Membres : {members}.", "en": "Members: {members}."},
        "members_rule": {
            "fr": "Le niveau du groupe est celui qu'atteint la majorité de ses membres, jamais "
            "au-dessus.",
            "en": "The group's level is the one most of its members reach, never above it.",
        },
        "who": {"fr": "Qui a répondu", "en": "Who answered"},
        "by_dimension": {"fr": "Dimension par dimension", "en": "Dimension by dimension"},
        "dimension": {"fr": "Dimension", "en": "Dimension"},
        "scores": {"fr": "Chaque répondant", "en": "Each respondent"},
        "mean": {"fr": "Moyenne", "en": "Mean"},
        "range": {"fr": "Min – max", "en": "Min – max"},
        "sd": {"fr": "Écart-type", "en": "Std. dev."},
        "divergent": {"fr": "à discuter", "en": "to discuss"},
        "divergent_note": {
            "fr": "« à discuter » : les scores s'écartent de {gap} points ou plus.",
            "en": "'to discuss': scores are {gap} points or more apart.",
        },
        "discussion": {"fr": "Questions pour l'atelier", "en": "Questions for the workshop"},
        "no_discussion": {
            "fr": "Les regards convergent : aucune dimension ne s'écarte de {gap} points ou plus.",
            "en": "Views converge: no dimension is {gap} points or more apart.",
        },
        "question": {
            "fr": "{dimension} : de {low} ({low_names}) à {high} ({high_names}). Qu'est-ce "
            "que chacun a en tête en répondant, et sur quoi s'accorder avant d'aller plus loin ?",
            "en": "{dimension}: from {low} ({low_names}) to {high} ({high_names}). What does "
            "each of you have in mind, and what should you agree on before going further?",
        },
        "by_role": {"fr": "Par rôle", "en": "By role"},
        "headline": {
            "fr": "Niveau du groupe : {level} (score moyen des membres : {score} / 100).",
            "en": "Group level: {level} (members' mean score: {score} / 100).",
        },
        "headline_none": {
            "fr": "Pas de niveau de groupe\u00a0: trop peu de dimensions notées.",
            "en": "No group level: too few dimensions scored.",
        },
        "no_role": {"fr": "Rôle non précisé", "en": "Role not given"},
        "warnings": {"fr": "Avant de lire", "en": "Before you read"},
        "mixed_organisations": {
            "fr": "Ces réponses viennent de plusieurs organisations ({names}) : la vue de "
            "groupe les mélange.",
            "en": "These answers come from several organisations ({names}): the group view "
            "mixes them.",
        },
        "mixed_partner_types": {
            "fr": "Ces réponses visent plusieurs types de partenaire ({names}) : les modules "
            "diffèrent, et le niveau du groupe est calculé avec les poids par défaut.",
            "en": "These answers concern several partner types ({names}): the modules differ, "
            "and the group level uses the default weights.",
        },
        "reports": {"fr": "Le rapport de chaque répondant", "en": "Each respondent's report"},
        "generated": {"fr": "Généré le {date}", "en": "Generated on {date}"},
    }
)


@dataclass(frozen=True, slots=True)
class Person:
    number: int
    name: str
    role: str
    # the level of this member's own answers, beside their name
    level: str = ""


@dataclass(frozen=True, slots=True)
class Dot:
    number: int
    name: str
    score_text: str
    left: float
    lane: int


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    mean_text: str
    mean_left: float | None
    range_text: str
    sd_text: str
    divergent: bool
    dots: list[Dot]
    lanes: int


def mix_warnings(results: list[Result], questionnaire: Questionnaire, lang: str) -> list[str]:
    """What the reader must know before comparing: several organisations or partner types."""
    warnings = []
    organisations = _distinct(r.respondent.get("organisation") for r in results)
    if len(organisations) > 1:
        warnings.append(_("mixed_organisations", lang, names=", ".join(organisations)))
    types = _distinct(r.profile.get(PARTNER_TYPE) for r in results)
    if len(types) > 1:
        labels = [_option_label(questionnaire, PARTNER_TYPE, t, lang) for t in types]
        warnings.append(_("mixed_partner_types", lang, names=", ".join(labels)))
    return warnings


def headline(
    questionnaire: Questionnaire, group: GroupResult, results: list[Result], lang: str
) -> str:
    """The group's level in one line, for the terminal and Markdown group views."""
    verdict = _verdict(questionnaire, group, results, lang)
    people = _people(results, questionnaire, lang)
    members = _("members", lang, members=", ".join(f"{p.name} ({p.level})" for p in people))
    if not verdict["level_label"]:
        return f"{_('headline_none', lang)} {members}"
    line = _("headline", lang, level=verdict["level_label"], score=verdict["score_text"])
    return f"{line} {verdict['capped']} {members}"


def render(
    scored: list[tuple[Result, Questionnaire]],
    group: GroupResult,
    *,
    template_dir: Path | None = None,
    generated_on: date,
) -> str:
    """One page: the group, then every respondent's report with ids kept apart."""
    results = [result for result, _questionnaire in scored]
    questionnaire = scored[0][1]
    lang = results[0].language
    people = _people(results, questionnaire, lang)
    day = generated_on
    bodies = [
        html.render_body(result, q, id_prefix=f"r{i}-", template_dir=template_dir, generated_on=day)
        for i, (result, q) in enumerate(scored, start=1)
    ]
    variables = {
        "lang": lang,
        "t": {key: _(key, lang) for key in _STATIC},
        "title": _title(group, lang),
        "style": html.style(template_dir, lang),
        "respondents_text": _("respondents", lang, n=group.respondents),
        "verdict": _verdict(questionnaire, group, results, lang),
        "people": people,
        "rows": [_row(d, results, people, lang) for d in group.dimensions],
        "divergent_note": _("divergent_note", lang, gap=f"{DIVERGENCE:g}"),
        "questions": _questions(group, results, people, lang),
        "no_discussion": _("no_discussion", lang, gap=f"{DIVERGENCE:g}"),
        "by_role": _by_role(group, results, people, lang),
        "warnings": mix_warnings(results, questionnaire, lang),
        "reports": list(zip(people, bodies, strict=True)),
        "generated_text": _("generated", lang, date=format_date(day, lang)),
    }
    template = get_template(template_dir, TEMPLATE, html=True)
    return render_template(template, **variables)


_STATIC = (
    "level",
    "mean_score",
    "level_rule",
    "who",
    "by_dimension",
    "dimension",
    "scores",
    "mean",
    "range",
    "sd",
    "divergent",
    "discussion",
    "by_role",
    "warnings",
    "reports",
)


def _title(group: GroupResult, lang: str) -> str:
    return f"{_('title', lang)} — {group.label}" if group.label else _("title", lang)


def _verdict(
    questionnaire: Questionnaire, group: GroupResult, results: list[Result], lang: str
) -> dict[str, Any]:
    score, level_id = group_level(group)
    return {
        "level": level_id or "none",
        "level_label": pick(questionnaire.level(level_id).label, lang) if level_id else "",
        "no_level": _("no_level", lang),
        "score_text": format_number(score, lang),
        "capped": _("members_rule", lang) if level_id else "",
    }


def _people(results: list[Result], questionnaire: Questionnaire, lang: str) -> list[Person]:
    people = []
    for number, result in enumerate(results, start=1):
        name = result.respondent.get("name") or _("respondent", lang, n=number)
        role = result.respondent.get(ROLE)
        role_label = _option_label(questionnaire, ROLE, role, lang) if role else ""
        level = result.overall.level
        level_label = pick(questionnaire.level(level).label, lang) if level else _("no_level", lang)
        people.append(Person(number, name, role_label, level_label))
    return people


def _row(dimension: GroupDimension, results: list[Result], people: list[Person], lang: str) -> Row:
    """A dimension's line: the aggregate's numbers, and each respondent as a numbered dot."""
    scored = [
        (person, value)
        for person, result in zip(people, results, strict=True)
        if (value := result.dimension(dimension.id).score) is not None
    ]
    dots: list[Dot] = []
    lane_ends: list[float] = []
    for person, value in sorted(scored, key=lambda item: item[1]):
        lane = next((i for i, end in enumerate(lane_ends) if value - end >= DOT_ROOM), None)
        if lane is None:
            lane = len(lane_ends)
            lane_ends.append(value)
        lane_ends[lane] = value
        dots.append(Dot(person.number, person.name, format_number(value, lang), value, lane))
    extremes = "–"
    if dimension.min is not None and dimension.max is not None:
        extremes = f"{format_number(dimension.min, lang)} – {format_number(dimension.max, lang)}"
    return Row(
        label=dimension.label,
        mean_text=format_number(dimension.mean, lang) or "–",
        mean_left=dimension.mean,
        range_text=extremes,
        sd_text=format_number(dimension.sd, lang) or "–",
        divergent=dimension.divergent,
        dots=dots,
        lanes=max(len(lane_ends), 1),
    )


def _questions(
    group: GroupResult, results: list[Result], people: list[Person], lang: str
) -> list[str]:
    questions = []
    for dimension in group.dimensions:
        if not dimension.divergent or dimension.min is None or dimension.max is None:
            continue
        scores = [
            (p, r.dimension(dimension.id).score) for p, r in zip(people, results, strict=True)
        ]
        low = [p.name for p, s in scores if s == dimension.min]
        high = [p.name for p, s in scores if s == dimension.max]
        questions.append(
            _(
                "question",
                lang,
                dimension=dimension.label,
                low=format_number(dimension.min, lang),
                low_names=", ".join(low),
                high=format_number(dimension.max, lang),
                high_names=", ".join(high),
            )
        )
    return questions


def _by_role(
    group: GroupResult, results: list[Result], people: list[Person], lang: str
) -> dict[str, Any] | None:
    """Each dimension's mean for each role, when the respondents' roles differ."""
    roles = _distinct(p.role or _("no_role", lang) for p in people)
    if len(roles) < 2:
        return None
    rows = []
    for dimension in group.dimensions:
        cells = []
        for role in roles:
            values = [
                s
                for p, r in zip(people, results, strict=True)
                if (p.role or _("no_role", lang)) == role
                and (s := r.dimension(dimension.id).score) is not None
            ]
            cells.append(format_number(sum(values) / len(values), lang) if values else "–")
        rows.append((dimension.label, cells))
    return {"roles": roles, "rows": rows}


def _option_label(questionnaire: Questionnaire, question_id: str, value: Any, lang: str) -> str:
    question = questionnaire.question(question_id)
    for option in (question.options or []) if question else []:
        if option.id == value:
            return pick(option.label, lang)
    return str(value)


def _distinct(values: Any) -> list[Any]:
    return list(dict.fromkeys(v for v in values if v is not None))
