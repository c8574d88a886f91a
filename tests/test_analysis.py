"""Item analysis of exports: figures computed by hand, flags, too few cases, the command."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from random import Random

import pytest
from analysis_exports import write_export
from conftest import MINI
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from report_fixtures import QUESTIONNAIRE_1_0
from typer.testing import CliRunner

from alliance_diag.analysis.compute import Missing, ReadFacts, Row, analyze
from alliance_diag.analysis.model import Analysis, DimensionFlag, ItemFlag
from alliance_diag.analysis.read import read_export
from alliance_diag.analysis.statistics import feldt_interval
from alliance_diag.batch.read import ExportOptions
from alliance_diag.cli.app import app
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.report import AnalysisFormat
from alliance_diag.report.analysis_render import render

runner = CliRunner()
HEADER = ["organisation", "partner_type", "trust_a", "trust_b", "trust_c"]
HEADER += ["demand_a", "demand_b", "demand_private"]
# Four kinds of respondent, each ten times (copies change no variance ratio, so alpha and
# the correlations are those of the four rows). Keyed values on 0–1:
#   trust_a   0, .25, .5, .75                  (likert 1–5: (score − 1) / 4)
#   trust_b   .25, .25, .75, .75               (reverse: "agree" is worth .25)
#   trust_c   0, 1, 0, 1                       (no / yes)
#   demand_a  .75, .5, 1, .25;  demand_b  .8, .5, 1, 0  (number 0–10)
#   demand_private  1, .5, 1, —                (asked with a company only)
KINDS = [
    ["private", "strongly_disagree", "agree", "no", "agree", "8", "strongly_agree"],
    ["private", "disagree", "agree", "yes", "neutral", "5", "neutral"],
    ["private", "neutral", "disagree", "no", "strongly_agree", "10", "strongly_agree"],
    ["peer", "agree", "disagree", "yes", "disagree", "0", ""],
]


def write_rows(path: Path, kinds: list[list[str]], copies: int = 10) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        number = 0
        for _copy in range(copies):
            for kind in kinds:
                number += 1
                writer.writerow([f"Association {number}", *kind])
    return path


def words(text: str) -> str:
    """Text with every run of spaces (no-break ones too) as one space, as a reader sees it."""
    return " ".join(text.split())


def analysed(path: Path, questionnaire: Path | None = MINI, lang: str = "fr") -> Analysis:
    read = read_export(ExportOptions(path, questionnaire=questionnaire, lang=lang))
    return analyze(read.questionnaire, read.rows, read.facts, read.lang)


def test_trust_figures_computed_by_hand(tmp_path: Path) -> None:
    analysis = analysed(write_rows(tmp_path / "export.csv", KINDS))
    trust = analysis.dimensions[0]
    # deviations from the means, summed squares (the common 1/(n − 1) cancels out):
    #   a: .3125, b: .25, c: 1; total a+b+c (.25 1.5 1.25 2.5): 2.5625
    #   alpha = 3/2 · (1 − 1.5625 / 2.5625) = 24/41
    assert trust.complete_cases == 40
    assert trust.core_items == 3
    assert trust.alpha == pytest.approx(24 / 41)
    low, high = feldt_interval(24 / 41, 40, 3)
    assert (trust.alpha_low, trust.alpha_high) == pytest.approx((low, high))
    assert trust.flags == [DimensionFlag.low_alpha]
    items = {item.id: item for item in trust.items}
    # a against b+c (.25 1.25 .75 1.75): cross products .5, squares .3125 and 1.25
    # b against a+c (0 1.25 .5 1.75): cross products .25, squares .25 and 1.8125
    # c against a+b (.25 .5 1.25 1.5): cross products .25, squares 1 and 1.0625
    assert items["trust_a"].item_total == pytest.approx(0.5 / math.sqrt(0.3125 * 1.25))
    assert items["trust_b"].item_total == pytest.approx(0.25 / math.sqrt(0.25 * 1.8125))
    assert items["trust_c"].item_total == pytest.approx(0.25 / math.sqrt(1 * 1.0625))
    # without a: b and c do not covary → 0; without b: a+c total 1.8125 → 2 · (1 − 1.3125 /
    # 1.8125); without c: a+b total 1.0625 → 2 · (1 − .5625 / 1.0625)
    assert items["trust_a"].alpha_if_deleted == pytest.approx(0.0, abs=1e-12)
    assert items["trust_b"].alpha_if_deleted == pytest.approx(2 * (1 - 1.3125 / 1.8125))
    assert items["trust_c"].alpha_if_deleted == pytest.approx(2 * (1 - 0.5625 / 1.0625))
    # floor and ceiling: the lowest and highest keyed values, over the answers
    assert (items["trust_a"].floor_share, items["trust_a"].ceiling_share) == (0.25, 0.0)
    assert (items["trust_c"].floor_share, items["trust_c"].ceiling_share) == (0.5, 0.5)
    # only trust_c is under the .3 line; trust_b is reverse and positive: no keying error
    assert {i: items[i].flags for i in items} == {
        "trust_a": [],
        "trust_b": [],
        "trust_c": [ItemFlag.low_item_total],
    }


def test_question_asked_of_some_rows_is_set_against_the_core(tmp_path: Path) -> None:
    analysis = analysed(write_rows(tmp_path / "export.csv", KINDS))
    demand = analysis.dimensions[1]
    assert demand.core_items == 2  # demand_private is asked with a company only
    item = {i.id: i for i in demand.items}["demand_private"]
    assert not item.core
    assert (item.applicable, item.answered, item.item_total_cases) == (30, 30, 30)
    # demand_private 1 .5 1 against the core total 1.55 1 2 (three kinds, ten times each)
    x, y = [1, 0.5, 1], [1.55, 1.0, 2.0]
    mx, my = sum(x) / 3, sum(y) / 3
    products = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    squares_x = sum((a - mx) ** 2 for a in x)
    squares_y = sum((b - my) ** 2 for b in y)
    assert item.item_total == pytest.approx(products / math.sqrt(squares_x * squares_y))
    assert item.alpha_if_deleted is None
    assert item.ceiling_share == pytest.approx(20 / 30)


def test_dont_know_and_blank_are_told_apart(tmp_path: Path) -> None:
    kinds = [kind[:] for kind in KINDS]
    kinds[0][1] = "dont_know"  # trust_a: "don't know" for a quarter of the rows
    kinds[1][1] = ""  # and blank for another quarter
    analysis = analysed(write_rows(tmp_path / "export.csv", kinds))
    item = analysis.dimensions[0].items[0]
    assert (item.applicable, item.answered, item.dont_know, item.blank) == (40, 20, 10, 10)
    assert (item.dont_know_share, item.blank_share) == (0.25, 0.25)
    assert ItemFlag.many_dont_know in item.flags
    # half the rows miss trust_a: on 20 complete cases, alpha comes with a warning only
    trust = analysis.dimensions[0]
    assert trust.complete_cases == 20
    assert trust.flags == [DimensionFlag.too_few_cases]
    assert trust.alpha is not None
    assert all(i.item_total is None and i.alpha_if_deleted is None for i in trust.items)


def test_a_small_sample_gets_alpha_and_its_interval_with_a_warning(tmp_path: Path) -> None:
    analysis = analysed(write_rows(tmp_path / "export.csv", KINDS, copies=3), lang="fr")
    trust = analysis.dimensions[0]
    # copies change no variance ratio: the alpha of 40 rows, on 12, with a wider interval
    assert trust.complete_cases == 12
    assert trust.alpha == pytest.approx(24 / 41)
    assert (trust.alpha_low, trust.alpha_high) == pytest.approx(feldt_interval(24 / 41, 12, 3))
    assert trust.flags == [DimensionFlag.too_few_cases]
    # no item figure on 12 rows: an item-rest correlation that small comes with no interval
    assert all(item.item_total is None and not item.flags for item in trust.items)
    for fmt in (AnalysisFormat.terminal, AnalysisFormat.markdown, AnalysisFormat.html):
        text = words(render(analysis, fmt))
        assert words("Alpha de Cronbach 0,59 (intervalle de confiance à 95 % : -0,") in text
        assert words("sur 12 réponses complètes aux 3 questions posées à tous.") in text
        assert words("il faut au moins 30 réponses complètes pour s’y fier") in text
    english = analysed(write_rows(tmp_path / "export.csv", KINDS, copies=3), lang="en")
    text = words(render(english, AnalysisFormat.markdown))
    assert "it takes at least 30 complete answers to trust it" in text
    assert "alpha on 12 complete answers only: too few to trust it (30 needed)" in text


def test_thirty_respondents_get_an_alpha_interval_for_every_dimension(tmp_path: Path) -> None:
    full = load_questionnaire("alliance-readiness")
    export = write_export(tmp_path / "export.csv", full, 30)
    analysis = analysed(export, questionnaire=None)
    assert analysis.rows_analysed == 30
    for dimension in analysis.dimensions:
        assert 2 <= dimension.complete_cases < 30
        assert dimension.alpha is not None
        assert dimension.alpha_low is not None and dimension.alpha_high is not None
        assert dimension.alpha_low < dimension.alpha < dimension.alpha_high
        assert dimension.flags == [DimensionFlag.too_few_cases]


def test_fewer_than_two_complete_answers_say_why_there_is_no_alpha(tmp_path: Path) -> None:
    analysis = analysed(write_rows(tmp_path / "export.csv", KINDS[:1], copies=1), lang="fr")
    assert analysis.dimensions[0].alpha is None
    text = words(render(analysis, AnalysisFormat.markdown))
    assert words("Trop peu de réponses complètes pour calculer un alpha : 1.") in text
    assert words("et 30 pour s’y fier") in text


def test_planted_keying_error_flags_that_item_and_only_it(tmp_path: Path) -> None:
    # frozen 1.0 content: complementarity_one_sided, the planted item, is not in 1.1
    questionnaire = load_questionnaire(QUESTIONNAIRE_1_0)
    export = write_export(
        tmp_path / "export.csv", questionnaire, 300, miskeyed="complementarity_one_sided"
    )
    analysis = analysed(export, questionnaire=QUESTIONNAIRE_1_0, lang="en")
    flagged = {item.id: item.flags for d in analysis.dimensions for item in d.items if item.flags}
    assert flagged == {
        "complementarity_one_sided": [ItemFlag.low_item_total, ItemFlag.keying],
    }
    # the dimension holding it falls under the line, and would rise above it without it
    dimensions = {d.id: d for d in analysis.dimensions}
    assert {d for d in dimensions if dimensions[d].flags} == {"complementarity"}
    item = {i.id: i for i in dimensions["complementarity"].items}["complementarity_one_sided"]
    assert item.alpha_if_deleted is not None
    assert dimensions["complementarity"].alpha is not None
    assert item.alpha_if_deleted > 0.7 > dimensions["complementarity"].alpha
    text = render(analysis, AnalysisFormat.markdown)
    assert "likely keying error" in text


def test_item_following_another_dimension_is_named(tmp_path: Path) -> None:
    questionnaire = load_questionnaire()
    export = write_export(
        tmp_path / "export.csv", questionnaire, 300, borrowed={"trust_history": "demand"}
    )
    analysis = analysed(export, questionnaire=None, lang="en")
    flagged = {item.id: item for d in analysis.dimensions for item in d.items if item.flags}
    assert set(flagged) == {"trust_history"}
    item = flagged["trust_history"]
    assert item.closer_to == "demand"
    assert ItemFlag.other_dimension in item.flags
    assert "follows 'High standards'" in render(analysis, AnalysisFormat.markdown)


def test_command_writes_each_format(tmp_path: Path) -> None:
    export = write_rows(tmp_path / "export.csv", KINDS)
    for fmt, name in (("json", "a.json"), ("html", "a.html"), ("markdown", "a.md")):
        target = tmp_path / name
        result = runner.invoke(
            app,
            [
                "questionnaire",
                "analyze",
                str(export),
                "-q",
                str(MINI),
                "-f",
                fmt,
                "-o",
                str(target),
            ],
        )
        assert result.exit_code == 0, result.output
        assert target.exists()
    data = json.loads((tmp_path / "a.json").read_text("utf-8"))
    assert data["schema_version"] == 1
    assert data["rows_analysed"] == 40
    assert data["dimensions"][0]["alpha"] == pytest.approx(24 / 41)
    page = (tmp_path / "a.html").read_text("utf-8")
    assert page.count("<svg") == 2  # one chart per dimension
    assert "0,59" in page  # alpha, written the French way


def test_command_prints_the_terminal_view(tmp_path: Path) -> None:
    export = write_rows(tmp_path / "export.csv", KINDS)
    result = runner.invoke(
        app, ["questionnaire", "analyze", str(export), "-q", str(MINI), "--lang", "en"]
    )
    assert result.exit_code == 0
    assert "Cronbach's alpha 0.59" in words(result.output)
    assert "trust_c: correlation with the rest of the dimension 0.24" in words(result.output)


def test_rejected_rows_are_named_and_left_out(tmp_path: Path) -> None:
    kinds = [kind[:] for kind in KINDS]
    kinds.append(["private", "maybe", "agree", "no", "agree", "8", "agree"])
    export = write_rows(tmp_path / "export.csv", kinds, copies=12)
    result = runner.invoke(
        app,
        ["questionnaire", "analyze", str(export), "-q", str(MINI), "-f", "json", "--lang", "en"],
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["rows_read"], data["rows_analysed"], data["rows_rejected"]) == (60, 48, 12)
    assert "12 row(s) rejected, left out of the analysis:" in result.stderr
    assert "row 6, trust_a: " in result.stderr  # the first bad row is the sixth line
    assert "and 2 more" in result.stderr


def test_bad_input_and_usage_exit_codes(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["questionnaire", "analyze", str(tmp_path / "none.csv")])
    assert missing.exit_code == 1
    assert "none.csv" in missing.stderr
    export = write_rows(tmp_path / "export.csv", KINDS)
    bad = runner.invoke(app, ["questionnaire", "analyze", str(export), "-f", "pdf"])
    assert bad.exit_code == 2


# mostly values, sometimes "don't know" or blank: most drawn exports have enough complete cases
answers = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0] * 4 + [Missing.dont_know, Missing.blank])


@st.composite
def mini_rows(draw: st.DrawFn) -> list[Row]:
    """Rows of the mini questionnaire; demand_private applies to some rows only."""
    count = draw(st.integers(min_value=45, max_value=70))
    rows: list[Row] = []
    for _ in range(count):
        ids = ["trust_a", "trust_b", "trust_c", "demand_a", "demand_b"]
        if draw(st.booleans()):
            ids.append("demand_private")
        rows.append({question_id: draw(answers) for question_id in ids})
    return rows


@settings(max_examples=40, deadline=None)
@given(mini_rows(), st.randoms(use_true_random=False))
def test_the_order_of_respondents_changes_nothing(rows: list[Row], rng: Random) -> None:
    questionnaire = load_questionnaire(MINI)
    facts = ReadFacts(source="export.csv", rows_read=len(rows), rows_rejected=0)
    original = analyze(questionnaire, rows, facts, "en")
    assume(original.dimensions[0].alpha is not None)
    shuffled = rows[:]
    rng.shuffle(shuffled)
    assert analyze(questionnaire, shuffled, facts, "en") == original


@pytest.mark.parametrize("fmt", list(AnalysisFormat))
def test_every_format_renders_the_same_figures(tmp_path: Path, fmt: AnalysisFormat) -> None:
    analysis = analysed(write_rows(tmp_path / "export.csv", KINDS), lang="en")
    text = render(analysis, fmt).replace("\\_", "_")  # Markdown escapes underscores
    assert "trust_c" in text
    # the alpha, as each format writes it: 0.59 shown, 0.585… in JSON
    assert ("0.59" in text) if fmt is not AnalysisFormat.json else ('"alpha": 0.585' in text)


def test_not_yet_or_not_applicable_is_shown_apart_and_never_flagged() -> None:
    """Rows as a caller gives them to ``analyze`` (the reader reads every unscored option
    as "don't know" while the format cannot tell them apart)."""
    values = [0.0, 0.25, 0.5, 0.75]
    rows: list[Row] = []
    for number in range(40):
        value = values[number % 4]
        first: float | Missing = Missing.not_applicable if number < 12 else value
        rows.append({"trust_a": first, "trust_b": value, "trust_c": value})
    facts = ReadFacts(source="export.csv", rows_read=40, rows_rejected=0)
    analysis = analyze(load_questionnaire(MINI), rows, facts, "en")
    item = analysis.dimensions[0].items[0]
    assert (item.applicable, item.answered, item.not_applicable) == (40, 28, 12)
    assert (item.not_applicable_share, item.dont_know_share) == (0.3, 0.0)
    assert item.flags == []
    text = render(analysis, AnalysisFormat.markdown)
    assert "| Not yet, N/A |" in text
    assert "| 0% | 30% | 0% |" in text  # don't know, not yet / N/A, blank


def test_the_reading_note_says_how_dont_know_and_not_yet_are_told_apart(tmp_path: Path) -> None:
    export = write_rows(tmp_path / "export.csv", KINDS)
    for lang, wrong, right in (
        ("fr", "ne distingue pas", "compte à part celles qui sont marquées ainsi"),
        ("en", "does not yet tell", "counts apart those marked so"),
    ):
        text = words(render(analysed(export, lang=lang), AnalysisFormat.markdown))
        assert wrong not in text
        assert words(right) in text
        assert "meaning: not\\_applicable" in text
