"""The terminal report: organisation and level first, why, the table, next steps, warnings."""

from __future__ import annotations

from report_fixtures import REPORT_DATE, SCRIPT, SMALL_ASSOCIATION, capped, hostile, scored

from alliance_diag.i18n import typeset_fr
from alliance_diag.report import terminal


def test_reads_top_down() -> None:
    result, questionnaire = scored(SMALL_ASSOCIATION)
    text = terminal.render(result, questionnaire, generated_on=REPORT_DATE, width=120)
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[0] == "La Roue Libre — atelier vélo solidaire — En émergence (45,3 / 100)"
    # the first three steps right under the reasons, then the dimensions
    order = [
        text.index(s) for s in ("Pourquoi ce niveau", "Vos trois premières étapes", "Dimension")
    ]
    assert order == sorted(order)
    assert "il faudra relever Confiance mutuelle (25,0)" in text
    assert "autres étapes, par échéance, sont dans le rapport complet" in text
    row = next(line for line in lines if line.lstrip().startswith("Confiance mutuelle"))
    assert "█████░░░░░░░░░░░░░░░" in row
    assert "25,0" in row and "Point faible" in row and "83\u00a0% (5 sur 6)" in row
    assert "\x1b[" not in text


def test_color_when_asked() -> None:
    result, questionnaire = scored(SMALL_ASSOCIATION)
    assert "\x1b[" in terminal.render(
        result, questionnaire, generated_on=REPORT_DATE, color=True, width=120
    )


def test_insufficient_and_warnings() -> None:
    result, questionnaire = hostile()
    text = terminal.render(result, questionnaire, generated_on=REPORT_DATE, width=160)
    row = next(line for line in text.splitlines() if line.lstrip().startswith("Exigence"))
    assert "Pas assez de réponses" in row and "—" in row
    assert "0,0" not in row
    assert "Avertissements" in text
    assert typeset_fr("Exigence : pas assez de réponses pour noter cette dimension") in text


def test_user_text_is_not_rich_markup() -> None:
    result, questionnaire = hostile()
    text = terminal.render(result, questionnaire, generated_on=REPORT_DATE, width=160)
    assert f"Les Amis {SCRIPT} & Cie" in text  # shown as typed, not interpreted


def test_capped_in_english() -> None:
    result, questionnaire = capped("en")
    text = terminal.render(result, questionnaire, generated_on=REPORT_DATE, width=140)
    assert "Capped at “Emerging” because Mutual trust is 0.0, below 40." in text
    assert "Why this level" in text
