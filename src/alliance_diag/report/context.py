"""The report's content, computed and worded in Python once, for every format to lay out."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from alliance_diag.engine.answers import option_label
from alliance_diag.engine.question_count import asked_in_result
from alliance_diag.engine.questionnaire import PARTNER_TYPE, RESPONDENT_FIELDS, STAGE, Questionnaire
from alliance_diag.engine.result import (
    AppliedCap,
    AppliedGate,
    DimensionResult,
    RecommendationResult,
    Result,
)
from alliance_diag.i18n import Catalog, format_number, pick
from alliance_diag.report.templating import format_date, format_percent

HORIZONS = ("now", "3_months", "12_months")
STATUSES = ("strength", "to_watch", "concern", "insufficient", "not_yet")
TOP_STEPS = 3
# Recherches & Solidarités, "La France associative en mouvement" (2017): partners per association
AVERAGE_PARTNERS = 2.5
PARTNERS_COUNT = "partners_count"
# the profile question telling a network or federation from an association
ORGANISATION_KIND = "organisation_kind"
NETWORK = "network"

_ = Catalog(
    {
        # headings and short words that templates lay out
        "report_title": {
            "fr": "Rapport de préparation à l'alliance",
            "en": "Alliance readiness report",
        },
        "organisation": {"fr": "Organisation", "en": "Organisation"},
        "colon": {"fr": "\u00a0:", "en": ":"},
        "partner": {"fr": "Partenaire", "en": "Partner"},
        "level": {"fr": "Niveau", "en": "Level"},
        "overall_score": {"fr": "Score global", "en": "Overall score"},
        "out_of_100": {"fr": "sur 100", "en": "out of 100"},
        "why_level": {"fr": "Pourquoi ce niveau", "en": "Why this level"},
        "summary": {"fr": "Synthèse", "en": "Summary"},
        "dimensions": {"fr": "Dimensions", "en": "Dimensions"},
        "dimension": {"fr": "Dimension", "en": "Dimension"},
        "score": {"fr": "Score", "en": "Score"},
        "status": {"fr": "Statut", "en": "Status"},
        "coverage": {"fr": "Taux de réponse", "en": "Response rate"},
        "answers_count": {"fr": "Réponses", "en": "Answers"},
        "weight": {"fr": "Poids", "en": "Weight"},
        "strengths": {"fr": "Points forts", "en": "Strengths"},
        "concerns": {"fr": "Points faibles", "en": "Weak points"},
        "none": {"fr": "aucun", "en": "none"},
        "pulled_down": {
            "fr": "Les réponses qui ont le plus pesé",
            "en": "The answers that weighed most",
        },
        "next_steps": {"fr": "Prochaines étapes", "en": "Next steps"},
        "top_steps": {"fr": "Vos trois premières étapes", "en": "Your first three steps"},
        "more_steps": {
            "fr": "Les {count} autres étapes, par échéance, sont dans le rapport complet (HTML, "
            "Markdown ou PDF).",
            "en": "The {count} other steps, by horizon, are in the full report (HTML, Markdown "
            "or PDF).",
        },
        "more_steps_one": {
            "fr": "Une autre étape est dans le rapport complet (HTML, Markdown ou PDF).",
            "en": "One more step is in the full report (HTML, Markdown or PDF).",
        },
        "no_steps": {
            "fr": "Aucune recommandation ne s'applique à ces réponses.",
            "en": "No recommendation applies to these answers.",
        },
        "resources": {"fr": "Pour aller plus loin", "en": "Further reading"},
        "priority": {"fr": "priorité {n}", "en": "priority {n}"},
        "notes": {"fr": "Vos notes", "en": "Your notes"},
        "no_notes": {"fr": "Aucune note.", "en": "No notes."},
        "profile": {"fr": "Profil", "en": "Profile"},
        "warnings": {"fr": "Avertissements", "en": "Warnings"},
        "methodology": {"fr": "Méthode", "en": "Method"},
        "levels": {"fr": "Niveaux", "en": "Levels"},
        "scales": {"fr": "Échelles de réponse", "en": "Answer scales"},
        "gates": {"fr": "Verrous", "en": "Gates"},
        "weights": {"fr": "Poids dans le score global", "en": "Weights in the overall score"},
        "generated_on": {"fr": "Rapport généré le {date}", "en": "Report generated on {date}"},
        "questionnaire": {
            "fr": "Questionnaire « {title} », version {version}",
            "en": "Questionnaire “{title}”, version {version}",
        },
        "radar_title": {"fr": "Profil des dimensions", "en": "Dimension profile"},
        "bars_title": {"fr": "Scores par dimension", "en": "Scores by dimension"},
        "not_enough": {"fr": "pas assez de réponses", "en": "not enough answers"},
        "not_computed": {
            "fr": "non calculé (pas assez de réponses)",
            "en": "not computed (not enough answers)",
        },
        "not_yet_score": {"fr": "pas encore mesurable", "en": "not yet measurable"},
        "score_scope": {
            "fr": "calculé sur {scored} dimensions sur {total}",
            "en": "based on {scored} of {total} dimensions",
        },
        "no_level": {"fr": "Pas de niveau", "en": "No level"},
        "answers_of": {"fr": "{answered} sur {applicable}", "en": "{answered} of {applicable}"},
        # statuses and horizons
        # three names a board cannot take for synonyms
        "status_strength": {"fr": "Point fort", "en": "Strength"},
        "status_to_watch": {"fr": "À consolider", "en": "To build up"},
        "status_concern": {"fr": "Point faible", "en": "Weak point"},
        "status_insufficient": {"fr": "Pas assez de réponses", "en": "Not enough answers"},
        "status_not_yet": {
            "fr": "Pas encore mesurable à ce stade",
            "en": "Not yet measurable at this stage",
        },
        "horizon_now": {"fr": "Maintenant", "en": "Now"},
        "horizon_3_months": {"fr": "Dans les 3 mois", "en": "Within 3 months"},
        "horizon_12_months": {"fr": "Dans les 12 mois", "en": "Within 12 months"},
        # profile rows whose question text is too long for a label
        "profile_organisation": {"fr": "Organisation", "en": "Organisation"},
        "profile_name": {"fr": "Personne qui répond", "en": "Respondent"},
        "profile_role": {"fr": "Rôle", "en": "Role"},
        "profile_partner_type": {"fr": "Type de partenaire", "en": "Partner type"},
        "profile_partner_name": {"fr": "Partenaire", "en": "Partner"},
        "profile_stage": {"fr": "Étape de l'alliance", "en": "Stage of the alliance"},
        "profile_partners_count": {"fr": "Partenaires actuels", "en": "Current partners"},
        "profile_sector": {"fr": "Secteur", "en": "Sector"},
        "profile_territory": {"fr": "Territoire", "en": "Territory"},
        "profile_employees_fte": {"fr": "Salariés (ETP)", "en": "Employees (FTE)"},
        "profile_budget_band": {"fr": "Budget annuel", "en": "Annual budget"},
        "profile_organisation_kind": {"fr": "Type d'organisation", "en": "Kind of organisation"},
        "profile_private_kind": {"fr": "Entreprise ou fondation", "en": "Company or foundation"},
        "profile_public_funding_mode": {
            "fr": "Financement public",
            "en": "Public funding",
        },
        "profile_facilitator": {"fr": "Tiers facilitateur", "en": "Third-party facilitator"},
        # sentences
        "reason_band": {
            "fr": "Le score global de {score} sur 100 correspond au niveau « {level} » "
            "({low} à {high}).",
            "en": "The overall score of {score} out of 100 falls in the level “{level}” "
            "({low} to {high}).",
        },
        "reason_gate_one": {
            "fr": "Plafonné à « {cap} » parce {that} est à {score}, sous {below}.",
            "en": "Capped at “{cap}” because {that} is {score}, below {below}.",
        },
        "reason_gate_many": {
            "fr": "Plafonné à « {cap} » parce {that} sont sous {below}.",
            "en": "Capped at “{cap}” because {that} are below {below}.",
        },
        "reason_lift": {
            "fr": "Pour dépasser « {cap} », il faudra relever {dimensions}.",
            "en": "To go beyond “{cap}”, {dimensions} will have to rise.",
        },
        "reason_lift_below": {"fr": "{label} ({score})", "en": "{label} ({score})"},
        "and": {"fr": "et", "en": "and"},
        "reason_count": {
            "fr": "Plafonné à « {cap} » parce qu'au moins {count} dimensions sont sous {below} : "
            "{dimensions}.",
            "en": "Capped at “{cap}” because at least {count} dimensions are below {below}: "
            "{dimensions}.",
        },
        "reason_doubt": {
            "fr": "Vos réponses connues mènent à « {known} ». Mais, pour le niveau, {unknowns} "
            "({dimensions}) comptent comme la réponse la plus basse, et mènent à « {level} » : "
            "une incertitude ne relève jamais le niveau.",
            "en": "Your known answers lead to “{known}”. But for the level, {unknowns} "
            "({dimensions}) count as the lowest answer, and lead to “{level}”: an uncertainty "
            "never raises the level.",
        },
        "unknown_dont_know": {"fr": "les « Je ne sais pas »", "en": "the “Don't know” answers"},
        "unknown_skipped": {
            "fr": "les questions restées sans réponse",
            "en": "the questions left unanswered",
        },
        "unknown_late_not_yet": {
            "fr": "les « Pas encore » donnés à une étape où la réponse devrait être connue",
            "en": "the “Not yet” answers given at a stage where the answer should be known",
        },
        "reason_critical": {
            "fr": "Au plus « {cap} » : à « {question} », la réponse est « {answer} ». {reason}",
            "en": "At most “{cap}”: to “{question}”, the answer is “{answer}”. {reason}",
        },
        "reason_critical_also": {
            "fr": "À noter aussi : à « {question} », la réponse est « {answer} ». {reason}",
            "en": "Also to note: to “{question}”, the answer is “{answer}”. {reason}",
        },
        "reason_ceiling": {"fr": "Au plus « {cap} » : {reason}", "en": "At most “{cap}”: {reason}"},
        "reason_notices": {
            "fr": "Au plus « {cap} » : réponses à relire avec vous. Les remarques placées avant "
            "le résultat signalent des réponses qui se contredisent ou se ressemblent trop ; "
            "le niveau ne sera fiable qu'une fois ces réponses relues ensemble.",
            "en": "At most “{cap}”: answers to go through with you. The remarks above the "
            "result point to answers that contradict each other or look too alike; the level "
            "will only be reliable once these answers have been gone through together.",
        },
        "reason_unscored_one": {
            "fr": "Au plus « {cap} » tant {that} n'a pas assez de réponses pour être "
            "notée : une dimension inconnue ne franchit aucun verrou.",
            "en": "At most “{cap}” while {dimensions} lacks the answers to be scored: an unknown "
            "dimension passes no gate.",
        },
        "reason_unscored": {
            "fr": "Au plus « {cap} » tant {that} n'ont pas assez de réponses pour être "
            "notées : une dimension inconnue ne franchit aucun verrou.",
            "en": "At most “{cap}” while {dimensions} lack the answers to be scored: an unknown "
            "dimension passes no gate.",
        },
        "provisional": {"fr": "provisoire", "en": "provisional"},
        "label_at": {"fr": "{label} à {score}", "en": "{label} at {score}"},
        "provisional_text": {
            "fr": "Résultat provisoire : complétez {dimensions} pour le confirmer.",
            "en": "Provisional result: complete {dimensions} to confirm it.",
        },
        "to_confirm": {"fr": "à confirmer", "en": "to confirm"},
        "dont_know_one": {
            "fr": "avec {answer} au lieu du « Je ne sais pas », le score serait {score} (comme "
            "pour le niveau, l'inconnu compte pour la réponse la plus basse).",
            "en": "with {answer} instead of the “Don't know”, the score would be {score} (as for "
            "the level, the unknown counts as the lowest answer).",
        },
        "dont_know_many": {
            "fr": "avec {answer} au lieu des {count} « Je ne sais pas », le score serait {score} "
            "(comme pour le niveau, l'inconnu compte pour la réponse la plus basse).",
            "en": "with {answer} instead of the {count} “Don't know” answers, the score would "
            "be {score} (as for the level, the unknown counts as the lowest answer).",
        },
        "second_lowest": {
            "fr": "la réponse la plus basse de chaque échelle",
            "en": "the lowest answer of each scale",
        },
        "answer_named": {"fr": "« {label} »", "en": "“{label}”"},
        "notices": {"fr": "À lire avant le résultat", "en": "Read before the result"},
        "gate_held": {"fr": "s'applique ici", "en": "holds here"},
        "gate_not_applying": {"fr": "ne concerne pas ce partenaire", "en": "not for this partner"},
        "gate_no_level": {
            "fr": "sans objet : pas de niveau calculé",
            "en": "not applicable: no level computed",
        },
        "rule_critical_one": {
            "fr": "une réponse critique : au plus « {cap} »",
            "en": "one critical answer: at most “{cap}”",
        },
        "rule_critical_many": {
            "fr": "{count} réponses critiques ou plus : au plus « {cap} »",
            "en": "{count} critical answers or more: at most “{cap}”",
        },
        "rule_notices": {
            "fr": "au moins {checks} réponses qui se contredisent, ou des réponses données trop "
            "vite : au plus « {cap} » (réponses à relire)",
            "en": "at least {checks} answers that contradict each other, or answers given too "
            "fast: at most “{cap}” (answers to go through again)",
        },
        "gate_rule_count": {
            "fr": "au moins {count} dimensions sous {below} : au plus « {cap} »",
            "en": "at least {count} dimensions below {below}: at most “{cap}”",
        },
        "gate_rule_unscored": {
            "fr": "une dimension sans assez de réponses : au plus « {cap} » (résultat provisoire)",
            "en": "a dimension without enough answers: at most “{cap}” (provisional result)",
        },
        "or": {"fr": "ou", "en": "or"},
        "reason_no_cap": {
            "fr": "Aucun verrou n'abaisse ce niveau.",
            "en": "No gate lowers this level.",
        },
        "reason_no_score": {
            "fr": "Aucune dimension n'a reçu assez de réponses : pas de score global ni de niveau.",
            "en": "No dimension has enough answers: no overall score and no level.",
        },
        "reason_too_few": {
            "fr": "Seules {scored} dimensions sur {total} ont reçu assez de réponses : pas de "
            "score global ni de niveau.",
            "en": "Only {scored} of {total} dimensions have enough answers: no overall score and "
            "no level.",
        },
        "reason_too_few_one": {
            "fr": "Seule une dimension sur {total} a reçu assez de réponses : pas de score global "
            "ni de niveau.",
            "en": "Only one of {total} dimensions has enough answers: no overall score and no "
            "level.",
        },
        "reason_coverage": {
            "fr": "{asked} questions posées ({profile} sur le profil, {applicable} "
            "affirmations) ; score calculé sur les {answered} affirmations répondues "
            "(taux de réponse {coverage}).",
            "en": "{asked} questions asked ({profile} about the profile, {applicable} "
            "statements); score based on the {answered} statements answered "
            "(response rate {coverage}).",
        },
        "reason_not_yet": {
            "fr": "{count} réponses « Pas encore » sont laissées de côté : à votre étape, elles "
            "disent où en est l'alliance, pas ce qui lui manque.",
            "en": "{count} “Not yet” answers are left aside: at your stage, they say where the "
            "alliance stands, not what it lacks.",
        },
        "reason_not_yet_one": {
            "fr": "Une réponse « Pas encore » est laissée de côté : à votre étape, elle dit où en "
            "est l'alliance, pas ce qui lui manque.",
            "en": "One “Not yet” answer is left aside: at your stage, it says where the alliance "
            "stands, not what it lacks.",
        },
        "partners_one": {
            "fr": "{count} partenaire actif",
            "en": "{count} active partner",
        },
        "partners_many": {
            "fr": "{count} partenaires actifs",
            "en": "{count} active partners",
        },
        "partners_network": {
            "fr": "{partners} (la moyenne de 2,5 partenaires relevée par Recherches & "
            "Solidarités en 2017 vaut pour une association, pas pour un réseau).",
            "en": "{partners} (the average of 2.5 partners found by Recherches & Solidarités "
            "in 2017 is an association's, not a network's).",
        },
        "partners_below": {
            "fr": "{partners} : moins que la moyenne de {average} partenaires par association "
            "relevée par Recherches & Solidarités en 2017.",
            "en": "{partners}: fewer than the average of {average} partners per association "
            "found by Recherches & Solidarités in 2017.",
        },
        "partners_above": {
            "fr": "{partners} : plus que la moyenne de {average} partenaires par association "
            "relevée par Recherches & Solidarités en 2017.",
            "en": "{partners}: more than the average of {average} partners per association "
            "found by Recherches & Solidarités in 2017.",
        },
        "partners_equal": {
            "fr": "{partners} : autant que la moyenne de {average} partenaires par association "
            "relevée par Recherches & Solidarités en 2017.",
            "en": "{partners}: as many as the average of {average} partners per association "
            "found by Recherches & Solidarités in 2017.",
        },
        "method_items": {
            "fr": "Chaque réponse devient une valeur de 0 à 1 sur son échelle (la réponse la plus "
            "défavorable vaut 0, la plus favorable 1) ; les affirmations formulées en négatif "
            "sont inversées. Le score d'une dimension vaut 100 × la moyenne pondérée de ses "
            "réponses, arrondi à une décimale.",
            "en": "Each answer becomes a value from 0 to 1 on its scale (the least favourable "
            "answer is 0, the most favourable 1); statements phrased negatively are reversed. "
            "A dimension's score is 100 × the weighted mean of its answers, rounded to one "
            "decimal place.",
        },
        "method_unanswered": {
            "fr": "« Pas encore / sans objet », quand c'est une vraie réponse à votre étape, "
            "laisse la question de côté : elle ne compte ni dans le score ni dans le taux de "
            "réponse, et une dimension où tout est « Pas encore » est « pas encore mesurable "
            "à ce stade ». « Je ne sais pas » et une question sans réponse ne comptent pas dans "
            "le score : ils réduisent le taux de réponse. Pour le niveau, eux comme un « Pas "
            "encore » donné à une étape où la réponse devrait être connue comptent comme la "
            "réponse la plus basse de leur échelle : une incertitude ne relève jamais le niveau.",
            "en": "“Not yet / not applicable”, when it is a real answer at your stage, leaves "
            "the question aside: it counts neither in the score nor in the response rate, and a "
            "dimension answered “Not yet” throughout is “not yet measurable at this stage”. "
            "“Don't know” and an unanswered question do not count in the score: they lower the "
            "response rate. For the level, they and a “Not yet” given at a stage where the "
            "answer should be known count as the lowest answer of their scale: an uncertainty "
            "never raises the level.",
        },
        "method_coverage": {
            "fr": "Une dimension n'est notée que si au moins {minimum} de ses questions (en poids) "
            "ont reçu une réponse ; sinon le rapport indique « pas assez de réponses », jamais 0.",
            "en": "A dimension is scored only when at least {minimum} of its questions (by weight) "
            "are answered; otherwise the report says “not enough answers”, never 0.",
        },
        "method_bands": {
            "fr": "Statut d'une dimension : point fort à partir de {strength}, à consolider de "
            "{to_watch} à {strength}, point faible sous {to_watch}.",
            "en": "Status of a dimension: strength from {strength}, to build up from {to_watch} "
            "to {strength}, weak point below {to_watch}.",
        },
        "method_overall": {
            "fr": "Le score global est la moyenne pondérée des dimensions notées, avec les poids "
            "du type de partenaire ({partner_type}) : {weights}.",
            "en": "The overall score is the weighted mean of the scored dimensions, with the "
            "weights of the partner type ({partner_type}): {weights}.",
        },
        "method_levels": {
            "fr": "Le score global donne le niveau ; une borne appartient au niveau supérieur.",
            "en": "The overall score gives the level; a bound belongs to the higher level.",
        },
        "method_gates": {
            "fr": "Puis les verrous plafonnent le niveau : le maillon le plus faible compte.",
            "en": "Then gates cap the level: the weakest link counts.",
        },
        "gate_rule": {
            "fr": "{dimension} sous {below} : au plus « {cap} »",
            "en": "{dimension} below {below}: at most “{cap}”",
        },
        "any_dimension": {"fr": "une dimension quelconque", "en": "any dimension"},
        "default_partner": {"fr": "par défaut", "en": "default"},
        "range": {"fr": "{low} à {high}", "en": "{low} to {high}"},
        "disclaimer": {
            "fr": "Ce rapport nourrit une discussion ; ce n'est pas un verdict d'audit. Il reflète "
            "le regard d'une personne à un moment donné : confrontez-le à celui des autres "
            "membres de l'association et à celui du partenaire.",
            "en": "A report feeds a discussion; it is not an audit verdict. It reflects one "
            "person's view at one moment: set it against the views of other members of the "
            "organisation and of the partner.",
        },
    }
)

LABEL_KEYS = (
    "report_title",
    "organisation",
    "colon",
    "partner",
    "level",
    "overall_score",
    "out_of_100",
    "why_level",
    "summary",
    "dimensions",
    "dimension",
    "score",
    "status",
    "coverage",
    "answers_count",
    "weight",
    "strengths",
    "concerns",
    "none",
    "pulled_down",
    "next_steps",
    "top_steps",
    "notices",
    "no_steps",
    "resources",
    "notes",
    "no_notes",
    "profile",
    "warnings",
    "methodology",
    "levels",
    "scales",
    "gates",
    "weights",
    "radar_title",
    "bars_title",
    "not_enough",
    "no_level",
)


@functools.cache
def labels(lang: str) -> dict[str, str]:
    """The headings and short words of a report, in one language."""
    return {key: _(key, lang) for key in LABEL_KEYS}


def status_label(status: str, lang: str) -> str:
    return _(f"status_{status}", lang)


def horizon_label(horizon: str, lang: str) -> str:
    return _(f"horizon_{horizon}", lang)


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
    items: str
    scales: list[str]
    unanswered: str
    coverage: str
    bands: str
    overall: str
    levels_rule: str
    levels: list[LevelView]
    gates_rule: str
    gates: list[str]
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


def _overall(
    result: Result, questionnaire: Questionnaire, dims: dict[str, DimensionView], lang: str
) -> OverallView:
    overall = result.overall
    if overall.score is None or overall.level is None:
        return OverallView(
            score=None,
            score_text=_("not_computed", lang),
            level=None,
            level_label=_("no_level", lang),
            level_description="",
            coverage_text=format_percent(overall.coverage, lang),
            reasons=[_too_few(result, lang)],
            capped=False,
        )
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
    reasons.extend(_level_reasons(result, questionnaire, dims, lang) or [_("reason_no_cap", lang)])
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
    missing = _join([dims[d].label for d in overall.unscored], lang)
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


def _level_reasons(
    result: Result, questionnaire: Questionnaire, dims: dict[str, DimensionView], lang: str
) -> list[str]:
    """What decides the level, one sentence each: the gates and caps that hold it where
    it is (or, below every cap, the next ceiling to lift), every critical answer, and
    the unknown answers that lowered it."""
    overall = result.overall
    assert overall.level is not None
    known = overall.known_answers_level or overall.level
    reasons = _gate_reasons(overall.gates, questionnaire, dims, known, lang)
    reasons += _cap_reasons(result, questionnaire, known, lang)
    if not reasons:
        # below every cap: the next ceiling is what a client must lift next
        order = [level.id for level in questionnaire.levels]
        above = sorted({g.cap for g in overall.gates}, key=order.index)
        if above:
            reasons = _gate_reasons(overall.gates, questionnaire, dims, above[0], lang)
    reasons += [
        _critical_reason(cap, result, questionnaire, lang, also=True)
        for cap in overall.caps
        if cap.kind == "critical" and cap.cap != known
    ]
    if overall.known_answers_level is not None:
        unknowns = [_(f"unknown_{kind}", lang) for kind in overall.unknown_kinds]
        reasons.append(
            _(
                "reason_doubt",
                lang,
                known=pick(questionnaire.level(overall.known_answers_level).label, lang),
                level=pick(questionnaire.level(overall.level).label, lang),
                unknowns=_join(unknowns, lang),
                dimensions=_join([dims[d].label for d in overall.doubtful], lang),
            )
        )
    return reasons


def _cap_reasons(result: Result, questionnaire: Questionnaire, level: str, lang: str) -> list[str]:
    """The caps beyond the gates that hold the level where it is, worded."""
    cap_label = pick(questionnaire.level(level).label, lang)
    reasons = []
    ceilings = {c.id: c for c in questionnaire.ceilings}
    for cap in result.overall.caps:
        if cap.cap != level:
            continue
        if cap.kind == "ceiling":
            reason = pick(ceilings[cap.id].reason, lang)
            reasons.append(_("reason_ceiling", lang, cap=cap_label, reason=reason))
        elif cap.kind == "critical":
            reasons.append(_critical_reason(cap, result, questionnaire, lang, also=False))
        else:
            reasons.append(_("reason_notices", lang, cap=cap_label))
    return reasons


def _critical_reason(
    cap: AppliedCap, result: Result, questionnaire: Questionnaire, lang: str, *, also: bool
) -> str:
    """A critical answer named: the statement, the answer given, and why it matters."""
    question = questionnaire.question(cap.id)
    assert question is not None and question.critical is not None
    return _(
        "reason_critical_also" if also else "reason_critical",
        lang,
        cap=pick(questionnaire.level(cap.cap).label, lang),
        question=pick(question.text, lang),
        answer=option_label(question, cap.answer, lang),
        reason=pick(question.critical.reason, lang),
    )


def _gate_reasons(
    gates: list[AppliedGate],
    questionnaire: Questionnaire,
    dims: dict[str, DimensionView],
    level: str,
    lang: str,
) -> list[str]:
    """Why gates decide the level: one sentence per gate that lowered it to ``level``,
    and one sentence for all those that hold it there without lowering it (what to
    raise to go beyond); the engine's reasons, worded, never re-derived.

    Gates capping higher are moot.
    """
    by_gate: dict[int | None, list[AppliedGate]] = {}
    for gate in gates:
        if gate.cap == level:
            by_gate.setdefault(gate.gate, []).append(gate)
    cap = pick(questionnaire.level(level).label, lang)
    reasons = []
    unscored_named: list[str] = []
    # the gates that hold without lowering: what to raise to go beyond
    holding: list[AppliedGate] = []
    for index, members in by_gate.items():
        missing = [g for g in members if g.score is None]
        scored = [g for g in members if g.score is not None]
        if index is None or missing:
            unscored_named.extend(dims[g.dimension].label for g in missing)
        if not scored:
            continue
        if not members[0].lowered:
            holding.extend(scored)
            continue
        below = format_number(scored[0].below, lang, None)
        if members[0].count > 1:
            listed = _join([_label_at(g, dims, lang) for g in scored], lang)
            reasons.append(_("reason_count", lang, cap=cap, count=members[0].count, below=below,
                             dimensions=listed))  # fmt: skip
            continue
        if len(scored) == 1:
            names, key = dims[scored[0].dimension].label, "reason_gate_one"
        else:
            names, key = _join([_label_at(g, dims, lang) for g in scored], lang), "reason_gate_many"
        reasons.append(_(key, lang, cap=cap, that=_that(names, lang),
                         score=format_number(scored[0].score, lang), below=below))  # fmt: skip
    if holding:
        reasons.append(_lift_reason(holding, cap, dims, lang))
    if unscored_named:
        unique = list(dict.fromkeys(unscored_named))
        key = "reason_unscored_one" if len(unique) == 1 else "reason_unscored"
        names = _join(unique, lang)
        reasons.append(_(key, lang, cap=cap, that=_that(names, lang), dimensions=names))
    return reasons


def _lift_reason(
    holding: list[AppliedGate], cap: str, dims: dict[str, DimensionView], lang: str
) -> str:
    """One sentence for every gate that holds the level without lowering it: each
    dimension to raise, once, with the highest bar it must pass."""
    bars: dict[str, AppliedGate] = {}
    for gate in holding:
        known = bars.get(gate.dimension)
        if known is None or (gate.below or 0) > (known.below or 0):
            bars[gate.dimension] = gate
    listed = [
        _(
            "reason_lift_below",
            lang,
            label=dims[g.dimension].label,
            score=format_number(g.score, lang),
        )
        for g in bars.values()
    ]
    return _("reason_lift", lang, cap=cap, dimensions=_join(listed, lang))


_VOWELS = tuple("AEIOUYÀÂÉÈÊËÎÏÔÛÜaeiouyàâéèêëîïôûü")


def _that(names: str, lang: str) -> str:
    """« que » before a name in French, elided before a vowel (« qu’Exigence »); the name
    alone in English."""
    if lang != "fr":
        return names
    return f"qu\u2019{names}" if names.startswith(_VOWELS) else f"que {names}"


def _gate_rules(
    result: Result,
    questionnaire: Questionnaire,
    dims: dict[str, str],
    levels: dict[str, str],
    lang: str,
) -> list[str]:
    """Each gate of the questionnaire in a sentence, saying which held for this result."""
    held = {g.gate for g in result.overall.gates}
    rules = []
    for index, gate in enumerate(questionnaire.gates):
        below = format_number(gate.below, lang, None)
        if gate.count > 1:
            text = _("gate_rule_count", lang, count=gate.count, below=below, cap=levels[gate.cap])
        else:
            named = [dims.get(d, d) for d in gate.named]
            dimension = _join(named, lang, "or") if named else _("any_dimension", lang)
            text = _("gate_rule", lang, dimension=dimension, below=below, cap=levels[gate.cap])
        if result.overall.level is None:
            text += f" — {_('gate_no_level', lang)}"
        elif index in held:
            text += f" — {_('gate_held', lang)}"
        elif index not in result.overall.gates_applying:
            text += f" — {_('gate_not_applying', lang)}"
        rules.append(text)
    if questionnaire.unscored_cap is not None:
        text = _("gate_rule_unscored", lang, cap=levels[questionnaire.unscored_cap])
        if None in held:
            text += f" — {_('gate_held', lang)}"
        rules.append(text)
    return rules + _cap_rules(result, questionnaire, levels, lang)


def _cap_rules(
    result: Result, questionnaire: Questionnaire, levels: dict[str, str], lang: str
) -> list[str]:
    """The caps beyond the gates in a sentence each, saying which held for this result."""
    kinds = {cap.kind for cap in result.overall.caps}
    held = {cap.id for cap in result.overall.caps}
    rules = []
    for ceiling in questionnaire.ceilings:
        reason = pick(ceiling.reason, lang)
        text = _("reason_ceiling", lang, cap=levels[ceiling.cap], reason=reason).rstrip(".")
        rules.append(text + (f" — {_('gate_held', lang)}" if ceiling.id in held else ""))
    for rule in questionnaire.critical_caps:
        key = "rule_critical_one" if rule.count == 1 else "rule_critical_many"
        text = _(key, lang, count=rule.count, cap=levels[rule.cap])
        rules.append(text + (f" — {_('gate_held', lang)}" if "critical" in kinds else ""))
    notice = questionnaire.notice_cap
    if notice is not None:
        text = _("rule_notices", lang, checks=notice.checks, cap=levels[notice.cap])
        rules.append(text + (f" — {_('gate_held', lang)}" if "notices" in kinds else ""))
    return rules


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


def _label_at(gate: AppliedGate, dims: dict[str, DimensionView], lang: str) -> str:
    label = dims[gate.dimension].label
    return _("label_at", lang, label=label, score=format_number(gate.score, lang))


def gate_reasons(result: Result, questionnaire: Questionnaire, lang: str) -> list[str]:
    """What caps the result's level, worded as the report words it; empty when nothing does."""
    if result.overall.level is None:
        return []
    dims = {d.id: _dimension(d, questionnaire, lang) for d in result.dimensions}
    return _level_reasons(result, questionnaire, dims, lang)


def _join(items: list[str], lang: str, word: str = "and") -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_(word, lang)} {items[-1]}"


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
    scales = list(
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
        levels=[
            LevelView(
                id=level.id,
                label=pick(level.label, lang),
                range_text=_("range", lang, low=num(level.min), high=num(level.max)),
                description=pick(level.description, lang),
                current=level.id == result.overall.level,
            )
            for level in questionnaire.levels
        ],
        gates_rule=_("method_gates", lang),
        gates=_gate_rules(result, questionnaire, dims, levels, lang),
        disclaimer=_("disclaimer", lang),
    )
