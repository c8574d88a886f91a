"""The item analysis worded for people, in French or English, and rendered in one format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, assert_never

from alliance_diag.analysis.model import (
    Analysis,
    DimensionAnalysis,
    DimensionFlag,
    ItemAnalysis,
    ItemFlag,
)
from alliance_diag.core.i18n import Catalog, format_number
from alliance_diag.report.templating import format_percent

_ = Catalog(
    {
        "title": {"fr": "Analyse des questions", "en": "Item analysis"},
        "subtitle": {
            "fr": "Quelles questions fonctionnent ensemble, dimension par dimension",
            "en": "Which questions hang together, dimension by dimension",
        },
        "colon": {"fr": "\u00a0:", "en": ":"},
        "source": {"fr": "Export", "en": "Export"},
        "questionnaire": {"fr": "Questionnaire", "en": "Questionnaire"},
        "rows_read": {"fr": "Lignes lues", "en": "Rows read"},
        "rows_analysed": {"fr": "Lignes analysées", "en": "Rows analysed"},
        "rows_rejected": {"fr": "Lignes rejetées", "en": "Rows rejected"},
        "rejected_note": {
            "fr": "Les lignes rejetées sont laissées de côté\u202f; «\u202falliance-diag "
            "batch\u202f» les liste avec la raison dans errors.csv.",
            "en": "Rejected rows are left out; 'alliance-diag batch' lists them with the reason "
            "in errors.csv.",
        },
        "look": {"fr": "À regarder", "en": "Worth a look"},
        "nothing": {
            "fr": "Rien à signaler\u00a0: chaque dimension assez renseignée tient ensemble.",
            "en": "Nothing to report: every dimension with enough answers hangs together.",
        },
        "no_rows": {
            "fr": "Aucune ligne n'a pu être analysée.",
            "en": "No row could be analysed.",
        },
        "alpha_line": {
            "fr": "Alpha de Cronbach {alpha} (intervalle de confiance à {level}\u00a0: {low} à "
            "{high}), sur {cases} réponses complètes aux {items} questions posées à tous",
            "en": "Cronbach's alpha {alpha} ({level} confidence interval: {low} to {high}), on "
            "{cases} complete answers to the {items} questions everyone was asked",
        },
        "no_alpha": {
            "fr": "Pas d'alpha\u00a0: les réponses complètes ne varient pas",
            "en": "No alpha: the complete answers do not vary",
        },
        "too_few_cases": {
            "fr": "Trop peu de réponses complètes pour calculer un alpha\u00a0: {cases}. Il en "
            "faut au moins deux pour le calculer, et {min} pour s'y fier.",
            "en": "Too few complete answers to compute an alpha: {cases}. It takes at least two "
            "to compute it, and {min} to trust it.",
        },
        "small_sample": {
            "fr": "Avec si peu de réponses, cet alpha n'est qu'un ordre de grandeur\u00a0: il "
            "faut au moins {min} réponses complètes pour s'y fier. L'intervalle montre "
            "jusqu'où il peut s'écarter de la vraie valeur\u202f; les corrélations par question "
            "ne sont données qu'à partir de {min} réponses complètes.",
            "en": "With so few answers, this alpha is only a rough guide: it takes at least "
            "{min} complete answers to trust it. The interval shows how far it may be from "
            "the true value; the per-question correlations are given from {min} complete "
            "answers on.",
        },
        "too_few_short": {
            "fr": "alpha sur {cases} réponses complètes seulement\u00a0: trop peu pour s'y fier "
            "(il en faut {min})",
            "en": "alpha on {cases} complete answers only: too few to trust it ({min} needed)",
        },
        "too_few_items": {
            "fr": "Moins de deux questions posées à tous les répondants ({items})\u00a0: pas "
            "d'alpha pour cette dimension.",
            "en": "Fewer than two questions asked of every respondent ({items}): no alpha for "
            "this dimension.",
        },
        "low_alpha": {
            "fr": "alpha {alpha} sous {threshold}\u00a0: les questions ne mesurent pas assez une "
            "même chose",
            "en": "alpha {alpha} below {threshold}: the questions do not measure one thing "
            "closely enough",
        },
        "low_item_total": {
            "fr": "corrélation avec le reste de la dimension {value}, sous {threshold}\u00a0: la "
            "question suit mal les autres",
            "en": "correlation with the rest of the dimension {value}, below {threshold}: the "
            "question follows the others poorly",
        },
        "negative": {
            "fr": " ; elle va même à contresens : serait-elle formulée à l'envers, sans que "
            "le questionnaire le dise (reverse) ?",
            "en": "; it even runs against them: is it worded in reverse (reverse: true missing)?",
        },
        "keying": {
            "fr": "question inversée (reverse: true) qui se comporte comme une question "
            "directe\u00a0: erreur de sens probable, vérifiez reverse",
            "en": "reverse question (reverse: true) that behaves like a straight one: likely "
            "keying error, check reverse",
        },
        "many_dont_know": {
            "fr": "{share} de «\u202fJe ne sais pas\u202f» (plus de {threshold})\u00a0: la "
            "question est-elle claire pour les répondants\u202f?",
            "en": '{share} "don\'t know" (more than {threshold}): is the question clear to '
            "respondents?",
        },
        "other_dimension": {
            "fr": "suit davantage «\u202f{other}\u202f» ({value}) que sa propre dimension ({own})",
            "en": "follows '{other}' ({value}) more closely than its own dimension ({own})",
        },
        "question": {"fr": "Question", "en": "Question"},
        "item_total": {"fr": "Corrélation item-reste", "en": "Item-rest correlation"},
        "alpha_if_deleted": {"fr": "Alpha sans elle", "en": "Alpha if dropped"},
        "floor": {"fr": "Plancher", "en": "Floor"},
        "ceiling": {"fr": "Plafond", "en": "Ceiling"},
        "dont_know": {"fr": "Ne sait pas", "en": "Don't know"},
        "not_applicable": {"fr": "Pas encore, sans objet", "en": "Not yet, N/A"},
        "blank": {"fr": "Sans réponse", "en": "Blank"},
        "answered": {"fr": "Réponses", "en": "Answers"},
        "reverse": {"fr": "inversée", "en": "reverse"},
        "partial": {"fr": "posée à une partie des répondants", "en": "asked of some respondents"},
        "chart": {
            "fr": "Corrélation de chaque question avec le reste de sa dimension (trait\u00a0: "
            "seuil {threshold})",
            "en": "Each question's correlation with the rest of its dimension (line: "
            "threshold {threshold})",
        },
        "not_in_export": {
            "fr": "Questions absentes de l'export",
            "en": "Questions not in the export",
        },
        "warnings": {"fr": "Avertissements", "en": "Warnings"},
        "method": {"fr": "Comment lire ces chiffres", "en": "How to read these figures"},
        "method_core": {
            "fr": "L'alpha se calcule sur les questions posées à tous les répondants, pour les "
            "réponses complètes. Une question posée à une partie seulement (selon le type de "
            "partenaire, l'étape…) est rapprochée du total de ces questions, là où elle est posée.",
            "en": "Alpha is computed on the questions every respondent was asked, over the "
            "complete answers. A question asked of some respondents only (by partner type, "
            "stage…) is set against the total of those questions, where it was asked.",
        },
        "method_values": {
            "fr": "Chaque réponse est prise pour sa valeur dans le score (de 0 à 1, inversion "
            "appliquée)\u00a0: le plancher est la réponse qui vaut le moins, le plafond celle qui "
            "vaut le plus.",
            "en": "Each answer counts at its value in the score (0 to 1, reverse applied): the "
            "floor is the answer worth least, the ceiling the one worth most.",
        },
        "method_dont_know": {
            "fr": "«\u202fNe sait pas\u202f» compte les options sans score qui veulent dire "
            "«\u202fje ne sais pas\u202f», le sens par défaut d'une option sans score "
            "(meaning: dont_know)\u202f; «\u202fPas encore, sans objet\u202f» compte à part "
            "celles qui sont marquées ainsi (meaning: not_applicable), sans jamais les "
            "signaler. Une question qui ne s'applique pas à une ligne n'y est pas comptée.",
            "en": '"Don\'t know" counts the options without a score that mean "don\'t know", '
            'the default for an option without a score (meaning: dont_know); "Not yet, N/A" '
            "counts apart those marked so (meaning: not_applicable), and never flags them. A "
            "question that does not apply to a row is not counted there.",
        },
        "method_thresholds": {
            "fr": "Seuils\u00a0: alpha sous {alpha}, corrélation item-reste sous {item_total}, "
            "plus de {dont_know} de «\u202fne sait pas\u202f», au moins {min} réponses complètes "
            "pour se fier à l'alpha (docs/analysis.md donne leurs sources).",
            "en": "Thresholds: alpha below {alpha}, item-rest correlation below {item_total}, "
            'more than {dont_know} "don\'t know", at least {min} complete answers to '
            "trust alpha (docs/analysis.md gives their sources).",
        },
    }
)


@dataclass(frozen=True, slots=True)
class ItemLine:
    id: str
    text: str
    tags: str
    core: bool
    answered: int
    item_total: str
    alpha_if_deleted: str
    floor: str
    ceiling: str
    dont_know: str
    not_applicable: str
    blank: str
    value: float | None
    status: str
    flags: list[str]


@dataclass(frozen=True, slots=True)
class DimensionBlock:
    id: str
    label: str
    headline: str
    enough: bool
    flags: list[str]
    items: list[ItemLine]


@dataclass(frozen=True, slots=True)
class AnalysisView:
    lang: str
    t: dict[str, str]
    source: str
    questionnaire: str
    rows_read: int
    rows_analysed: int
    rows_rejected: int
    look: list[str]
    dimensions: list[DimensionBlock]
    # the "not yet / not applicable" column, only when some answer was one
    not_applicable_shown: bool
    chart_title: str
    item_total_line: float
    method: list[str]
    not_in_export: list[str]
    warnings: list[str]

    def variables(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def build(analysis: Analysis) -> AnalysisView:
    """Every text and number the analysis shows, formatted for its language."""
    lang = analysis.language
    limits = analysis.thresholds
    labels = {d.id: d.label for d in analysis.dimensions}
    dimensions = [_block(d, analysis, labels) for d in analysis.dimensions]
    look = [f"{d.label}{_('colon', lang)} {flag}" for d in dimensions for flag in d.flags]
    look += [
        f"{d.label} › {item.id}{_('colon', lang)} {flag}"
        for d in dimensions
        for item in d.items
        for flag in item.flags
    ]
    return AnalysisView(
        lang=lang,
        t={key: _(key, lang) for key in _PLAIN},
        source=analysis.source,
        questionnaire=f"{analysis.questionnaire.id} {analysis.questionnaire.version}",
        rows_read=analysis.rows_read,
        rows_analysed=analysis.rows_analysed,
        rows_rejected=analysis.rows_rejected,
        look=look,
        dimensions=dimensions,
        not_applicable_shown=any(
            item.not_applicable for d in analysis.dimensions for item in d.items
        ),
        chart_title=_("chart", lang, threshold=_number(limits.item_total, lang)),
        item_total_line=limits.item_total,
        method=[
            _("method_core", lang),
            _("method_values", lang),
            _("method_dont_know", lang),
            _(
                "method_thresholds",
                lang,
                alpha=_number(limits.alpha, lang),
                item_total=_number(limits.item_total, lang),
                dont_know=format_percent(limits.dont_know, lang),
                min=limits.min_cases,
            ),
        ],
        not_in_export=analysis.not_in_export,
        warnings=analysis.warnings,
    )


def _number(value: float | None, lang: str) -> str:
    """A correlation or an alpha, two decimals; a dash where there is none."""
    return "—" if value is None else format_number(value, lang, 2)


def _share(value: float | None, lang: str) -> str:
    return "—" if value is None else format_percent(value, lang)


def _block(d: DimensionAnalysis, analysis: Analysis, labels: dict[str, str]) -> DimensionBlock:
    lang = analysis.language
    limits = analysis.thresholds
    # the analysis decided whether there are enough cases; the view only words it
    enough = not {DimensionFlag.too_few_items, DimensionFlag.too_few_cases} & set(d.flags)
    flags = []
    if DimensionFlag.too_few_items in d.flags:
        headline = _("too_few_items", lang, items=d.core_items)
    elif d.complete_cases < 2:
        headline = _("too_few_cases", lang, cases=d.complete_cases, min=limits.min_cases)
    elif d.alpha is None:
        headline = _("no_alpha", lang)
    else:
        headline = _(
            "alpha_line",
            lang,
            alpha=_number(d.alpha, lang),
            level=format_percent(analysis.confidence, lang),
            low=_number(d.alpha_low, lang),
            high=_number(d.alpha_high, lang),
            cases=d.complete_cases,
            items=d.core_items,
        )
    if DimensionFlag.too_few_cases in d.flags:
        if d.alpha is not None:
            headline += ". " + _("small_sample", lang, min=limits.min_cases)
        flags.append(_("too_few_short", lang, cases=d.complete_cases, min=limits.min_cases))
    if DimensionFlag.low_alpha in d.flags:
        threshold = _number(limits.alpha, lang)
        flags.append(_("low_alpha", lang, alpha=_number(d.alpha, lang), threshold=threshold))
    return DimensionBlock(
        id=d.id,
        label=d.label,
        headline=headline,
        enough=enough,
        flags=flags,
        items=[_item(item, analysis, labels) for item in d.items],
    )


def _item(item: ItemAnalysis, analysis: Analysis, labels: dict[str, str]) -> ItemLine:
    lang = analysis.language
    tags = [_("reverse", lang)] if item.reverse else []
    if not item.core:
        tags.append(_("partial", lang))
    return ItemLine(
        id=item.id,
        text=item.text,
        tags=", ".join(tags),
        core=item.core,
        answered=item.answered,
        item_total=_number(item.item_total, lang),
        alpha_if_deleted=_number(item.alpha_if_deleted, lang),
        floor=_share(item.floor_share, lang),
        ceiling=_share(item.ceiling_share, lang),
        dont_know=_share(item.dont_know_share, lang),
        not_applicable=_share(item.not_applicable_share, lang),
        blank=_share(item.blank_share, lang),
        value=item.item_total,
        status=_status(item.item_total, analysis.thresholds.item_total),
        flags=[_flag(flag, item, analysis, labels) for flag in item.flags],
    )


def _status(value: float | None, line: float) -> str:
    """The colour of an item-total correlation: the report's status colours."""
    if value is None:
        return "insufficient"
    if value >= line:
        return "strength"
    return "to_watch" if value >= 0 else "concern"


def _flag(flag: ItemFlag, item: ItemAnalysis, analysis: Analysis, labels: dict[str, str]) -> str:
    lang = analysis.language
    limits = analysis.thresholds
    match flag:
        case ItemFlag.low_item_total:
            text = _(
                "low_item_total",
                lang,
                value=_number(item.item_total, lang),
                threshold=_number(limits.item_total, lang),
            )
            negative = item.item_total is not None and item.item_total < 0
            return text + (_("negative", lang) if negative and not item.reverse else "")
        case ItemFlag.keying:
            return _("keying", lang)
        case ItemFlag.many_dont_know:
            return _(
                "many_dont_know",
                lang,
                share=_share(item.dont_know_share, lang),
                threshold=format_percent(limits.dont_know, lang),
            )
        case ItemFlag.other_dimension:
            return _(
                "other_dimension",
                lang,
                other=labels.get(item.closer_to or "", item.closer_to),
                value=_number(item.closer_correlation, lang),
                own=_number(item.item_total, lang),
            )
        case _:
            assert_never(flag)


_PLAIN = (
    "title",
    "subtitle",
    "colon",
    "source",
    "questionnaire",
    "rows_read",
    "rows_analysed",
    "rows_rejected",
    "rejected_note",
    "look",
    "nothing",
    "no_rows",
    "question",
    "item_total",
    "alpha_if_deleted",
    "floor",
    "ceiling",
    "dont_know",
    "not_applicable",
    "blank",
    "answered",
    "not_in_export",
    "warnings",
    "method",
)
