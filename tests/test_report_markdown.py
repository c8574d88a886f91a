"""The Markdown report: the same content as the others, inert user text, ready to paste."""

from __future__ import annotations

from report_fixtures import (
    FEDERATION,
    REPORT_DATE,
    SCRIPT,
    SMALL_ASSOCIATION,
    capped,
    hostile,
    scored,
)

from alliance_diag.core.i18n import typeset_fr
from alliance_diag.report import markdown


def test_level_why_and_dimensions() -> None:
    result, questionnaire = scored(SMALL_ASSOCIATION)
    text = markdown.render(result, questionnaire, generated_on=REPORT_DATE)
    assert text.startswith(
        typeset_fr("# Rapport de préparation à l'alliance — ")
        + "La Roue Libre — atelier vélo solidaire\n"
    )
    assert "**En émergence** · Score global 45,3 sur 100 · Taux de réponse 92\u00a0%" in text
    assert "## Pourquoi ce niveau" in text
    assert "| Confiance mutuelle | **25,0** | Point faible | 83\u00a0% | 5 sur 6 |" in text
    assert typeset_fr("1 partenaire actif : moins que la moyenne de 2,5 partenaires") in text
    assert "Rapport généré le 26 novembre 2026" in text


def test_french_typography_survives_the_md_filter() -> None:
    result, questionnaire = scored(SMALL_ASSOCIATION)
    text = markdown.render(result, questionnaire, generated_on=REPORT_DATE)
    assert typeset_fr("1 partenaire actif : moins que la moyenne de 2,5 partenaires") in text


def test_steps_grouped_by_horizon_in_order() -> None:
    result, questionnaire = scored(FEDERATION)
    text = markdown.render(result, questionnaire, generated_on=REPORT_DATE)
    lines = text.splitlines()
    # the first three steps right under « Pourquoi ce niveau », before the dimensions
    assert lines.index("## Pourquoi ce niveau") < lines.index("## Vos trois premières étapes")
    assert lines.index("## Vos trois premières étapes") < lines.index("## Dimensions")
    headings = [line for line in lines if line.startswith(("### Dans", "### Maintenant"))]
    horizons = ["### Maintenant", "### Dans les 3 mois", "### Dans les 12 mois"]
    assert headings == [h for h in horizons if h in headings]
    assert lines.index("## Prochaines étapes") < lines.index(headings[0])
    assert (
        "   - [Le RAMEAU : ressources sur les alliances et partenariats](https://www.lerameau.fr)"
        in text
    )


def test_capped_level_explained() -> None:
    result, questionnaire = capped()
    text = markdown.render(result, questionnaire, generated_on=REPORT_DATE)
    assert (
        typeset_fr("- Plafonné à « Émergence » parce que Confiance mutuelle est à 0,0, sous 40.")
        in text
    )


def test_user_text_cannot_inject_markup() -> None:
    result, questionnaire = hostile()
    text = markdown.render(result, questionnaire, generated_on=REPORT_DATE)
    assert SCRIPT not in text
    assert "Les Amis \\<script\\>alert('x')\\</script\\> & Cie" in text
    assert (
        "| Exigence | *pas assez de réponses* | Pas assez de réponses | 33\u00a0% | 1 sur 3 |"
        in text
    )


def test_english() -> None:
    result, questionnaire = scored(SMALL_ASSOCIATION, "en")
    text = markdown.render(result, questionnaire, generated_on=REPORT_DATE)
    assert "**Emerging** · Overall score 45.3 out of 100 · Response rate 92%" in text
    assert "| Mutual trust | **25.0** | Weak point | 83% | 5 of 6 |" in text
    assert "Report generated on 26 November 2026" in text
