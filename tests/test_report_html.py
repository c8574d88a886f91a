"""The HTML report as a reader sees it: level and why, cards, charts, steps, notes, escaping."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import extreme_answers
from report_fixtures import (
    FEDERATION,
    HOSTILE_NOTE,
    REPORT_DATE,
    ROOT,
    SCRIPT,
    SMALL_ASSOCIATION,
    capped,
    hostile,
    scored,
)

from alliance_diag.core.errors import InputError
from alliance_diag.core.i18n import typeset_fr
from alliance_diag.engine.explanation import score
from alliance_diag.report import html
from alliance_diag.report.context import build
from alliance_diag.report.html import radar, wrap


def page(path: Path = SMALL_ASSOCIATION, lang: str | None = None) -> str:
    result, questionnaire = scored(path, lang)
    return html.render(result, questionnaire, generated_on=REPORT_DATE)


def text_of(markup: str) -> str:
    """The page's visible text with whitespace collapsed, as a reader would search it."""

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.skip += tag in ("style", "title")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("style", "title")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    collector = Collector()
    collector.feed(markup)
    # ASCII whitespace only: the no-break spaces of French typography are part of the text
    return " ".join(re.split(r"[ \t\n\r\f\v]+", " ".join(collector.parts))).strip()


def test_level_and_why_up_front() -> None:
    markup = page()
    text = text_of(markup)
    assert "La Roue Libre — atelier vélo solidaire" in text
    assert "En émergence" in text
    assert "45,3" in text
    head = text[: text.index("Dimensions")]
    assert "Pourquoi ce niveau" in head
    assert (
        typeset_fr("Pour dépasser « En émergence », il faudra relever Confiance mutuelle (25,0).")
        in head
    )
    # the first three steps stand right under the reasons, in the first screen
    assert "Vos trois premières étapes" in head


def test_gate_that_lowered_the_level_is_named() -> None:
    result, questionnaire = capped()
    text = text_of(html.render(result, questionnaire, generated_on=REPORT_DATE))
    assert (
        typeset_fr("Plafonné à « Émergence » parce que Confiance mutuelle est à 0,0, sous 40.")
        in text
    )
    english, questionnaire = capped("en")
    text = text_of(html.render(english, questionnaire, generated_on=REPORT_DATE))
    assert "Capped at “Emerging” because Mutual trust is 0.0, below 40." in text


def test_every_dimension_with_its_french_score_status_and_coverage() -> None:
    result, questionnaire = scored(SMALL_ASSOCIATION)
    text = text_of(html.render(result, questionnaire, generated_on=REPORT_DATE))
    for dimension in result.dimensions:
        assert dimension.score is not None
        card = text[text.index(f"{dimension.label} ") :]
        assert f"{dimension.score:.1f}".replace(".", ",") in text
        assert dimension.label in card
    assert "Confiance mutuelle Point faible 25,0 / 100" in text
    assert "Taux de réponse\u00a0: 83\u00a0% (5 sur 6)" in text
    assert typeset_fr("Poids : 1,5") in text


def test_answers_that_pulled_a_dimension_down() -> None:
    text = text_of(page())
    assert "Les réponses qui ont le plus pesé" in text
    assert "Pas du tout d'accord Nous savons comment ce partenaire prend ses décisions" in text


def test_insufficient_dimension_says_so_and_is_never_drawn_at_zero() -> None:
    result, questionnaire = hostile()
    markup = html.render(result, questionnaire, generated_on=REPORT_DATE)
    text = text_of(markup)
    assert "Exigence Pas assez de réponses pas assez de réponses" in text
    assert "Exigence 0,0" not in text
    assert "pas assez de réponses pour noter cette dimension" in text  # the warning


def test_next_steps_grouped_by_horizon_with_resources() -> None:
    result, questionnaire = scored(SMALL_ASSOCIATION)
    markup = html.render(result, questionnaire, generated_on=REPORT_DATE)
    text = text_of(markup)
    first = text.index("Vos trois premières étapes")
    third = text.index(" ".join(result.recommendations[2].text.split()))
    now, months3, months12 = (
        text.index("Maintenant", third),
        text.index("Dans les 3 mois", third),
        text.index("Dans les 12 mois", third),
    )
    assert first < now < months3 < months12
    for recommendation in result.recommendations[:3]:
        assert first < text.index(" ".join(recommendation.text.split())) < now
    for recommendation in result.recommendations[3:]:
        position = text.index(" ".join(recommendation.text.split()))
        bounds = {"now": (now, months3), "3_months": (months3, months12)}
        low, high = bounds.get(recommendation.horizon, (months12, len(text)))
        assert low < position < high, recommendation.id
    assert '<a href="https://www.info-dla.fr">' in markup


def test_notes_with_their_question() -> None:
    text = text_of(page())
    assert "Vos notes" in text
    assert (
        "Notre conseil d'administration a-t-il donné un mandat explicite pour engager (ou "
        "explorer) cette alliance ? · Cadre clair Le sujet sera à l'ordre du jour du conseil "
        "d'administration de janvier." in text
    )


def test_profile_against_the_average_of_partners() -> None:
    small = text_of(page(SMALL_ASSOCIATION))
    assert (
        typeset_fr(
            "1 partenaire actif : moins que la moyenne de 2,5 partenaires par association "
            "relevée par Recherches & Solidarités en 2017."
        )
        in small
    )
    federation = text_of(page(FEDERATION))
    assert typeset_fr("9 partenaires actifs : plus que la moyenne de 2,5 partenaires") in federation
    english = text_of(page(FEDERATION, "en"))
    assert (
        "9 active partners: more than the average of 2.5 partners per association found by "
        "Recherches & Solidarités in 2017." in english
    )


def test_method_and_date() -> None:
    text = text_of(page())
    assert (
        typeset_fr("Ce rapport nourrit une discussion ; ce n'est pas un verdict d'audit.") in text
    )
    assert "au moins 60\u00a0% de ses questions" in text
    assert "point fort à partir de 75" in text
    assert typeset_fr("Confiance mutuelle sous 40 : au plus « En émergence »") in text
    assert "Rapport généré le 26 novembre 2026" in text


def test_english() -> None:
    text = text_of(page(SMALL_ASSOCIATION, "en"))
    assert "Alliance readiness report" in text
    assert "Emerging" in text and "45.3" in text
    assert "Mutual trust Weak point 25.0 / 100" in text
    assert "Report generated on 26 November 2026" in text
    assert "A report feeds a discussion; it is not an audit verdict." in text


def test_user_text_is_escaped() -> None:
    result, questionnaire = hostile()
    markup = html.render(result, questionnaire, generated_on=REPORT_DATE)
    assert SCRIPT not in markup
    assert "<b>à revoir</b>" not in markup
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in markup
    assert HOSTILE_NOTE in text_of(markup)


def test_self_contained() -> None:
    markup = page()
    assert "<script" not in markup.lower()
    assert "<link" not in markup.lower()
    assert not re.search(r"""(src|srcset)\s*=""", markup)
    assert "@import" not in markup and "url(" not in markup
    # the only addresses are the links of next steps, which a reader may follow
    assert set(re.findall(r'href="([^"]+)"', markup)) <= {
        "https://www.info-dla.fr",
        "https://www.adasi.org",
        "https://www.lerameau.fr",
    }


def test_charts_are_inline_svg() -> None:
    markup = page()
    assert markup.count("<svg") == 2
    assert 'id="radar-chart"' in markup and 'id="bars-chart"' in markup
    assert markup.count('<circle class="dot"') == 7


def test_print_stylesheet() -> None:
    markup = page()
    assert "@page" in markup and "size: A4" in markup
    assert "break-inside: avoid" in markup


def test_radar_skips_unscored_dimensions() -> None:
    result, questionnaire = scored(SMALL_ASSOCIATION)
    dimensions = build(result, questionnaire, REPORT_DATE).dimensions
    full = radar(dimensions, "fr")
    assert full is not None and len(full.dots) == 7
    unscored = dataclasses.replace(dimensions[0], score=None)
    partial = radar([unscored, *dimensions[1:]], "fr")
    assert partial is not None and len(partial.dots) == 6
    assert radar(dimensions[:2], "fr") is None


@pytest.mark.parametrize(
    ("label", "lines"),
    [
        ("Patience (le temps long)", ["Patience", "(le temps long)"]),
        ("Confiance en soi et équilibre", ["Confiance en soi", "et équilibre"]),
        ("Exigence", ["Exigence"]),
    ],
)
def test_chart_labels_wrap(label: str, lines: list[str]) -> None:
    assert wrap(label) == lines


def test_consultant_templates(tmp_path: Path) -> None:
    (tmp_path / "brand-header.html.j2").write_text(
        '<p class="consultant">Cabinet Exemple — {{ organisation }}</p>', "utf-8"
    )
    (tmp_path / "brand.css").write_text(".consultant { font-weight: 700; }", "utf-8")
    ours = (ROOT / "templates" / "palette.j2").read_text("utf-8")
    (tmp_path / "palette.j2").write_text(ours.replace("#2f6f8f", "#7a1f5c"), "utf-8")
    result, questionnaire = hostile()
    markup = html.render(result, questionnaire, template_dir=tmp_path, generated_on=REPORT_DATE)
    assert '<p class="consultant">Cabinet Exemple — Les Amis &lt;script&gt;' in markup
    assert ".consultant { font-weight: 700; }" in markup
    assert "--accent: #7a1f5c;" in markup
    result, questionnaire = scored(SMALL_ASSOCIATION)
    markup = html.render(result, questionnaire, template_dir=tmp_path, generated_on=REPORT_DATE)
    assert 'stroke="#7a1f5c"' in markup  # the radar's shape: charts follow the palette too
    assert "#2f6f8f" not in markup


def test_the_radar_line_stops_at_an_unscored_axis_instead_of_jumping_over_it() -> None:
    from alliance_diag.report.html import radar_lines

    a, b, c, d, e = (0.0, 1.0), (1.0, 1.0), (2.0, 1.0), (3.0, 1.0), (4.0, 1.0)
    assert radar_lines([a, b, c]) == ("0.0,1.0 1.0,1.0 2.0,1.0", [])
    # the third axis unscored: no closed shape; one line going round past the last axis,
    # d e a b, and nothing from b to d across the gap
    assert radar_lines([a, b, None, d, e]) == ("", ["3.0,1.0 4.0,1.0 0.0,1.0 1.0,1.0"])
    # a scored axis alone between two gaps gets its dot, no line
    assert radar_lines([a, None, c, None, e]) == ("", ["4.0,1.0 0.0,1.0"])


def current_level(markup: str) -> str:
    """The level the method's table marks as this report's."""
    found = re.search(r'<tr class="current"><td><strong>([^<]*)</strong>', markup)
    assert found is not None
    return found[1]


def test_parts_rendered_once_still_follow_each_report_and_each_folder(tmp_path: Path) -> None:
    """The styles, the charts' grids and the method section are rendered once and reused;
    each report still marks its own level, and a folder's palette colours its reports."""
    low, questionnaire = capped()
    best = extreme_answers(questionnaire, best=True, partner_type="private")
    high = score(questionnaire, best, "fr")
    assert low.overall.level != high.overall.level
    for result in (low, high, low):
        markup = html.render(result, questionnaire, generated_on=REPORT_DATE)
        assert current_level(markup) == result.overall.level_label
    ours = (ROOT / "templates" / "palette.j2").read_text("utf-8")
    (tmp_path / "palette.j2").write_text(ours.replace("#d5dae1", "#123456"), "utf-8")
    theirs = html.render(low, questionnaire, template_dir=tmp_path, generated_on=REPORT_DATE)
    again = html.render(low, questionnaire, generated_on=REPORT_DATE)
    ring = '<polygon class="ring" points="[^"]*" fill="none" stroke="{}"'
    assert re.search(ring.format("#123456"), theirs) and "#d5dae1" not in theirs
    assert re.search(ring.format("#d5dae1"), again) and "#123456" not in again


def test_a_shared_part_reading_what_it_is_not_given_is_located(tmp_path: Path) -> None:
    """The method section is rendered once for many reports: it sees the method, not the
    organisation, and a consultant's template that reads it is told where."""
    (tmp_path / "report-method.html.j2").write_text("<p>\n{{ organisation }}</p>\n", "utf-8")
    result, questionnaire = scored(SMALL_ASSOCIATION)
    with pytest.raises(InputError) as caught:
        html.render(result, questionnaire, template_dir=tmp_path, generated_on=REPORT_DATE)
    assert str(caught.value).startswith(f"{tmp_path / 'report-method.html.j2'}:2: ")
    assert "organisation" in str(caught.value)
