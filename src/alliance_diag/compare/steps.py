"""The next steps a gap calls for, worded per dimension in French and English."""

from __future__ import annotations

from alliance_diag.compare.model import DimensionGap, Fall, GapStep, Side
from alliance_diag.core.i18n import Catalog, format_number

# French typography: a no-break space before a colon, narrow ones inside « » and before ;?!
_ = Catalog(
    {
        "gap": {
            "fr": "\u00ab\u202f{label}\u202f\u00bb\u00a0: {high_score} pour {high}, {low_score} "
            "pour {low}. {advice}",
            "en": "“{label}”: {high_score} for {high}, {low_score} for {low}. {advice}",
        },
        "advice_trust": {
            "fr": "Avant toute convention, prenez le temps d'une conversation franche entre les "
            "responsables des deux structures\u00a0: ce que chacun attend, ce que chacun "
            "redoute, ce qui s'est passé jusqu'ici. Un texte signé ne comble pas un écart de "
            "confiance.",
            "en": "Before any agreement, take time for a frank conversation between the leaders "
            "of both organisations: what each expects, what each fears, what has happened so "
            "far. A signed document does not close a gap in trust.",
        },
        "advice_complementarity": {
            "fr": "Écrivez chacun, sur une page, ce que chaque structure apporte et ce qu'elle y "
            "gagne, puis confrontez les deux pages avant d'engager un nouveau projet.",
            "en": "Each side writes, on one page, what each organisation brings and what it "
            "gains, then compare the two pages before starting a new project.",
        },
        "advice_framework": {
            "fr": "Relisez ensemble qui décide de quoi, où se prennent les décisions communes et "
            "comment chacun peut se retirer\u202f; notez ce qui est convenu et faites-le "
            "valider par les deux instances.",
            "en": "Go over together who decides what, where joint decisions are made and how "
            "either side can withdraw; write down what is agreed and have both decision-making "
            "bodies approve it.",
        },
        "advice_flexibility": {
            "fr": "Mettez-vous d'accord sur un pilote court, avec ses critères de réussite et une "
            "date de bilan où l'on peut ajuster ou arrêter sans que ce soit un échec pour "
            "l'un des deux.",
            "en": "Agree on a short pilot, with its success criteria and a review date at which "
            "it can be adjusted or stopped without being a failure for either side.",
        },
        "advice_patience": {
            "fr": "Dites chacun à quelle échéance vous attendez quels résultats, et fixez "
            "ensemble des étapes intermédiaires que les deux reconnaissent comme des progrès.",
            "en": "Each side says when it expects which results, and together set intermediate "
            "milestones that both recognise as progress.",
        },
        "advice_confidence": {
            "fr": "Parlez de la place de chacun dans les décisions\u00a0: ce que chacun peut "
            "demander, ce que chacun peut refuser. Un tiers de confiance peut aider à ouvrir ce "
            "sujet.",
            "en": "Talk about each side's place in decisions: what each may ask for, what each "
            "may turn down. A trusted third party can help open the subject.",
        },
        "advice_demand": {
            "fr": "Choisissez ensemble trois à cinq indicateurs et un rythme de compte rendu qui "
            "conviennent aux deux.",
            "en": "Choose together three to five indicators and a reporting rhythm that suit "
            "both sides.",
        },
        "advice_other": {
            "fr": "Mettez ce point à l'ordre du jour de votre prochaine rencontre, en partant "
            "des réponses de chacun.",
            "en": "Put this point on the agenda of your next meeting, starting from each side's "
            "answers.",
        },
        "items": {
            "fr": "Partez des {count} affirmations où vos réponses s'écartent de deux crans ou "
            "plus\u00a0: que chacun explique sa réponse avant de chercher à trancher.",
            "en": "Start from the {count} statements where your answers are two steps or more "
            "apart: let each side explain its answer before trying to settle anything.",
        },
        "items_one": {
            "fr": "Partez de l'affirmation où vos réponses s'écartent de deux crans ou plus : "
            "que chacun explique sa réponse avant de chercher à trancher.",
            "en": "Start from the statement where your answers are two steps or more apart: "
            "let each side explain its answer before trying to settle anything.",
        },
        "drop": {
            "fr": "\u00ab\u202f{label}\u202f\u00bb a perdu {points} points entre {first} et "
            "{last}\u00a0: cherchez ensemble ce qui a changé (une personne partie, un projet "
            "arrêté, un engagement non tenu) avant que l'écart ne s'installe.",
            "en": "“{label}” lost {points} points between {first} and {last}: look together "
            "for what changed (someone who left, a project stopped, a commitment not kept) "
            "before the gap settles in.",
        },
    }
)

ADVISED = {"trust", "complementarity", "framework", "flexibility", "patience", "confidence",
           "demand"}  # fmt: skip


def _advice(dimension: str, lang: str) -> str:
    return _(f"advice_{dimension if dimension in ADVISED else 'other'}", lang)


def gap_steps(
    gaps: list[DimensionGap], item_count: int, a: Side, b: Side, lang: str
) -> list[GapStep]:
    """One step per flagged dimension, widest gap first; then one about mirrored statements."""
    steps = []
    for gap in sorted((g for g in gaps if g.flagged), key=lambda g: -abs(g.delta or 0)):
        assert gap.a is not None and gap.b is not None
        (high, high_score), (low, low_score) = sorted(
            ((a.label, gap.a), (b.label, gap.b)), key=lambda pair: -pair[1]
        )
        text = _(
            "gap",
            lang,
            label=gap.label,
            high=high,
            high_score=format_number(high_score, lang),
            low=low,
            low_score=format_number(low_score, lang),
            advice=_advice(gap.id, lang),
        )
        steps.append(GapStep(dimension=gap.id, text=text))
    if item_count:
        key = "items_one" if item_count == 1 else "items"
        steps.append(GapStep(dimension=None, text=_(key, lang, count=item_count)))
    return steps


def drop_steps(
    gaps: list[DimensionGap], falls: list[Fall], first: str, last: str, lang: str
) -> list[GapStep]:
    """Over time: a step for each fall between two consecutive dates, largest first; then
    one for each dimension that fell by the flag's width or more over the whole path and
    fell by less at each step."""
    named = {fall.dimension for fall in falls}
    steps = [
        GapStep(
            dimension=fall.dimension,
            text=_(
                "drop",
                lang,
                label=fall.label,
                points=format_number(fall.points, lang),
                first=fall.before,
                last=fall.after,
            ),
        )
        for fall in sorted(falls, key=lambda f: -f.points)
    ]
    return steps + [
        GapStep(
            dimension=gap.id,
            text=_(
                "drop",
                lang,
                label=gap.label,
                points=format_number(-(gap.delta or 0), lang),
                first=first,
                last=last,
            ),
        )
        for gap in sorted(gaps, key=lambda g: g.delta or 0)
        if gap.flagged and (gap.delta or 0) < 0 and gap.id not in named
    ]
