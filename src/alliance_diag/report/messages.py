"""The words of an individual report, in French and English: headings, statuses,
horizons, and the sentences its views are built from."""

from __future__ import annotations

import functools

from alliance_diag.core.i18n import Catalog

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
        "provisional": {"fr": "provisoire", "en": "provisional"},
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
