"""The questionnaire checks' messages, in French and English."""

from __future__ import annotations

from alliance_diag.core.i18n import Catalog

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
