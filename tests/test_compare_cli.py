"""`alliance-diag compare` end to end, the partner-side questionnaire, and every format."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from compare_fixtures import CURRENT, OURS, PARTNER, answer_file, write
from report_fixtures import EXAMPLES
from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.cli.compare_files import compare_files
from alliance_diag.core.i18n import typeset_fr
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.report.comparison import CompareFormat, render_comparison

runner = CliRunner()
OUR_SIDE = EXAMPLES / "petite-asso-entreprise.yaml"
THEIR_SIDE = EXAMPLES / "petite-asso-entreprise-partenaire.yaml"
DAY = date(2026, 11, 26)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["compare", *args], env={"LANG": "fr_FR.UTF-8"})
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- partner questionnaire


def test_partner_questionnaire_validates() -> None:
    path = Path(__file__).parents[1] / "questionnaires" / "alliance-readiness-partner.yaml"
    result = runner.invoke(app, ["questionnaire", "validate", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert "valid (50–53 questions asked, 7 dimensions)" in result.stdout


def test_partner_questionnaire_shares_the_rules_of_ours() -> None:
    """Same families, dimensions, levels, gates and bands as our current version: scores
    compare. Its scales are its own (answers compare as values from 0 to 1)."""
    for field in ("families", "dimensions", "levels", "unscored_cap", "status_bands"):
        assert getattr(PARTNER, field) == getattr(CURRENT, field), field
    # each side under its own rules: the company gate (patience, confidence, demand) is
    # the association's, never the company's; every other gate is shared
    company_gate = [g for g in CURRENT.gates if g.when == "profile.partner_type == 'private'"]
    assert company_gate and [g for g in CURRENT.gates if g not in company_gate] == PARTNER.gates
    # the stage ceilings hold on both sides
    assert {c.id for c in PARTNER.ceilings} == {"stage_exploring", "stage_first_project"}
    assert PARTNER.version == CURRENT.version == "1.2"


def test_the_company_is_not_held_to_the_associations_condition() -> None:
    # Cycles Germain, a company, answers the partner questionnaire: its patience (20.0)
    # and demand (29.2) below 50 hold no company gate there, while La Roue Libre, the
    # association, is held by it (patience 20.8, demand 20.8)
    comparison = compare_files(
        [OUR_SIDE, THEIR_SIDE], [], [], lang="en", label_a="Roue", label_b="Germain"
    )

    def company_gate(gates: list[Any]) -> list[str]:
        return sorted({g.dimension for g in gates if g.below == 50 and g.count == 1})

    assert company_gate(comparison.a.gates) == ["demand", "patience"]
    assert company_gate(comparison.b.gates) == []


def test_every_mirror_names_one_of_our_statements() -> None:
    ours = {q.id: q for q in CURRENT.questions}
    mirrors = [q for q in PARTNER.questions if q.mirrors]
    assert len(mirrors) >= 40
    for question in mirrors:
        assert question.mirrors in ours, question.id
        assert ours[question.mirrors].dimension == question.dimension, question.id


def test_mirrors_is_a_plain_id_and_only_on_statements(tmp_path: Path) -> None:
    text = (Path(__file__).parents[1] / "questionnaires" / "alliance-readiness.yaml").read_text(
        "utf-8"
    )
    text = text.replace(
        "  - id: trust_history\n", "  - id: trust_history\n    mirrors: other.yaml#x\n", 1
    )
    text = text.replace(
        "  - id: partner_name\n", "  - id: partner_name\n    mirrors: partner_name\n", 1
    )
    path = tmp_path / "q.yaml"
    path.write_text(text, "utf-8")
    result = runner.invoke(app, ["questionnaire", "validate", str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert "profile[6].mirrors: a profile question is not compared: remove mirrors" in (
        result.stderr
    )
    assert "questions[0].mirrors: invalid id" in result.stderr


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "json"])
def test_partner_answers_score_and_render(lang: str, fmt: str) -> None:
    result = runner.invoke(app, ["score", str(THEIR_SIDE), "--format", fmt, "--lang", lang])
    assert result.exit_code == 0, result.stderr
    words = {"fr": "Confiance mutuelle", "en": "Mutual trust"}
    assert words[lang] in result.stdout
    if fmt == "json":
        scored = json.loads(result.stdout)
        assert scored["questionnaire"] == {"id": "alliance-readiness-partner", "version": "1.2"}
        assert scored["overall"]["level"] == "emerging"


def test_partner_description_is_plain_and_in_both_languages() -> None:
    description = PARTNER.description or {}
    # the time is the tool's one estimate (questionnaire list), never guessed here
    assert "minute" not in description["fr"] and "minute" not in description["en"]
    assert "\u00a0:" in description["fr"] and " :" not in description["fr"]


# ---------------------------------------------------------------- the command


def test_two_sides_in_json_follow_the_contract() -> None:
    code, out, err = run(str(OUR_SIDE), str(THEIR_SIDE), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    # content 1.2: our side is at 40.6, but its « Je ne sais pas » count as the lowest
    # answer for the level (see the terminal test below)
    assert (data["level_a"], data["level_b"]) == ("not_ready", "emerging")
    trust = data["dimensions"][0]
    assert trust == {
        "id": "trust",
        "label": "Confiance mutuelle",
        # ours: history "none" 0, knowledge "strongly disagree" 0, intentions "neutral"
        # 0.5, informal "less than yearly" 0.25, decision "strongly disagree" 0 (three
        # "not yet" left out): 0.75 / 5 = 15.0. Theirs: joint actions "one" 1/3, who
        # decides "agree" 0.75, doubts "disagree" reversed 0.75, informal "once or twice a
        # year" 0.5, constraints "neutral" 0.5 (two "not yet" left out): 2.83 / 5 = 56.7
        "a": 15.0,
        "b": 56.7,
        "delta": 41.7,
        "flagged": True,
        "status_a": "concern",
        "status_b": "to_watch",
    }
    # joint actions are now counted on the same scale on both sides: « Aucune » against
    # « Une » is one step, not quoted; the one gap left is who decides, three steps apart
    # (strongly disagree 0 against agree 0.75)
    assert [(i["a"]["question"], i["b"]["question"], i["steps"]) for i in data["items"]] == [
        ("trust_knowledge", "partner_trust_decisions", 3.0)
    ]
    # the partner counts joint actions on our scale: a gap is a figure, and none of the
    # pairs is set aside as of another kind
    assert data["side_by_side"] == []
    assert data["series"] == []


def test_two_sides_in_the_terminal_with_labels() -> None:
    code, out, _err = run(
        str(OUR_SIDE), str(THEIR_SIDE), "--label-a", "Association", "--label-b", "Entreprise"
    )
    assert code == 0
    # trust 15.0, complementarity 63.5, framework 37.5, flexibility 68.8 (their "not yet"
    # answers are real at the exploring stage: left aside, gates 1.2), patience 20.8,
    # confidence 65.0, demand 20.8; with a company the three parameters weigh 1.5:
    # (15.0 + 63.5 + 37.5 + 68.8 + 1.5 × (20.8 + 65.0 + 20.8)) / 8.5 = 40.6, and the
    # level is « Préparation » since the "don't know" answers count as the lowest
    assert "Association\u00a0: Préparation (40,6 / 100)" in out
    assert "Entreprise\u00a0: Émergence (45,4 / 100)" in out
    assert "à discuter" in out
    assert "Avant toute convention" in out
    assert "alliance-readiness-partner 1.2" in out


def test_a_result_file_compares_with_an_answer_file(tmp_path: Path) -> None:
    scored = runner.invoke(app, ["score", str(OUR_SIDE), "--format", "json"])
    result_file = tmp_path / "resultat.json"
    result_file.write_text(scored.stdout, "utf-8")
    code, out, err = run(str(result_file), str(THEIR_SIDE), "--format", "markdown", "--lang", "en")
    assert code == 0, err
    # trust 15.0 against 56.7, computed in the JSON test above
    assert "| Mutual trust | 15.0 | 56.7 | **+41.7** | to discuss |" in out
    assert "Statements are compared only between answer files" in out


def test_groups_with_a_and_b(tmp_path: Path) -> None:
    files = [
        write(tmp_path / f"{name}.yaml", answer_file(CURRENT, {"trust": value}))
        for name, value in (("camille", 0.0), ("karim", 0.5), ("lea", 0.75))
    ]
    code, out, err = run(
        "--a", str(files[0]), "--a", str(files[1]), "--b", str(files[2]), "-f", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["a"]["respondents"] == 2
    assert data["dimensions"][0]["a"] == 25.0
    assert data["dimensions"][0]["delta"] == 50.0


def dated_file(tmp_path: Path, day: str, trust: float, default: float) -> Path:
    stamp = datetime.fromisoformat(f"{day}T09:30:00")
    answers = answer_file(CURRENT, {"trust": trust}, default=default, updated_at=stamp)
    return write(tmp_path / f"bilan-{day}.yaml", answers)


def three_dates(tmp_path: Path) -> list[Path]:
    """Trust at 0, 50 and 75 (the rest at 50, 50 and 75): September 2025 to 2026."""
    return [
        dated_file(tmp_path, "2025-09-01", 0.0, 0.5),
        dated_file(tmp_path, "2026-03-01", 0.5, 0.5),
        dated_file(tmp_path, "2026-09-01", 0.75, 0.75),
    ]


def test_three_dates_in_json_oldest_first(tmp_path: Path) -> None:
    files = list(reversed(three_dates(tmp_path)))
    code, out, err = run(*map(str, files), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["kind"] == "dates"
    assert [p["date"] for p in data["series"]] == ["2025-09-01", "2026-03-01", "2026-09-01"]
    assert [p["dimensions"][0]["score"] for p in data["series"]] == [0.0, 50.0, 75.0]
    # read under 1.2: the items 1.2 adds are unanswered, and an unknown counts as the
    # lowest answer for the level, which takes the first date (trust at 0) below 40
    assert [p["level"] for p in data["series"]] == ["not_ready", "emerging", "experimenting"]
    assert data["dimensions"][0]["delta"] == 75.0
    assert data["resolved"] == ["trust"]


def test_three_dates_in_html_draw_a_line_per_dimension(tmp_path: Path) -> None:
    files = three_dates(tmp_path)
    target = tmp_path / "evolution.html"
    code, _out, err = run(*map(str, files), "--format", "html", "-o", str(target))
    assert code == 0, err
    page = target.read_text("utf-8")
    assert page.count('<figure class="multiple">') == 7
    assert page.count("<polyline") == 7
    assert "compare-radar" not in page
    assert "1er septembre 2025" in page
    assert "Préparation → Émergence → Expérimentation" in page


def test_two_sides_in_html_draw_both_outlines() -> None:
    comparison = compare_files(
        [OUR_SIDE, THEIR_SIDE], [], [], lang="en", label_a="Ours", label_b="Theirs"
    )
    page = render_comparison(comparison, CompareFormat.html, generated_on=DAY)
    assert 'class="shape shape-a"' in page and 'class="shape shape-b"' in page
    # our side's "not yet" answers are real at the exploring stage: every dimension scored
    assert page.count('class="dot dot-a"') == 7 and page.count('class="dot dot-b"') == 7
    assert "Comparison made on 26 November 2026" in page
    assert "<script" not in page


def test_user_text_is_escaped_in_html(tmp_path: Path) -> None:
    ours = write(tmp_path / "a.yaml", answer_file(OURS, {}, organisation="<b>Les Amis</b>"))
    theirs = write(tmp_path / "b.yaml", answer_file(PARTNER, {}, partner_type="private"))
    comparison = compare_files([ours, theirs], [], [], lang=None, label_a=None, label_b=None)
    page = render_comparison(comparison, CompareFormat.html, generated_on=DAY)
    assert "<b>Les Amis</b>" not in page and "&lt;b&gt;Les Amis&lt;/b&gt;" in page
    text = render_comparison(comparison, CompareFormat.markdown, generated_on=DAY)
    assert "<b>" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["one.yaml"], "compare needs two files at least (or --a and --b)"),
        (["--a", "one.yaml"], "--a and --b go together"),
        (["--a", "one.yaml", "--b", "two.yaml", "three.yaml"], "--a and --b go together"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, _out, err = run(*args, "--lang", "en")
    assert code == 2
    assert message in err


def test_a_file_of_the_wrong_kind_exits_1_naming_it(tmp_path: Path) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text("title: compte rendu\nitems: [a, b]\n", "utf-8")
    broken = tmp_path / "resultat.json"
    broken.write_text('{"overall": {"score": 50}, "dimensions": []}', "utf-8")
    code, _out, err = run(str(notes), str(broken), "--lang", "en")
    assert code == 1
    assert f"{notes}: neither an answer file (key answers) nor a result of" in err
    assert f"{broken}:1:1: questionnaire: required field missing" in err
    assert "Traceback" not in err


def test_three_organisations_are_not_a_trend(tmp_path: Path) -> None:
    files = [write(tmp_path / f"{n}.yaml", answer_file(OURS, {}, organisation=n)) for n in "xyz"]
    code, _out, err = run(*map(str, files), "--lang", "en")
    assert code == 2
    assert "these come from several organisations (x, y, z)" in err


def test_output_file_and_stdout(tmp_path: Path) -> None:
    target = tmp_path / "comparaison.md"
    code, out, err = run(str(OUR_SIDE), str(THEIR_SIDE), "-f", "markdown", "-o", str(target))
    assert code == 0
    assert out == ""
    assert typeset_fr("Écrit : ") + str(target) in err
    assert target.read_text("utf-8").startswith(typeset_fr("# Deux regards sur l'alliance — "))


def test_the_partner_example_is_the_partner_of_an_example() -> None:
    partner = load_questionnaire("alliance-readiness-partner")
    assert THEIR_SIDE.read_text("utf-8").count("La Roue Libre") >= 1
    assert partner.question("partner_name") is not None


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_committed_comparison_is_current(fmt: str) -> None:
    committed = EXAMPLES / "reports" / f"petite-asso-entreprise-comparaison.{fmt}"
    regenerate = (
        f"alliance-diag compare {OUR_SIDE.relative_to(EXAMPLES.parent)} "
        f"{THEIR_SIDE.relative_to(EXAMPLES.parent)} --label-a 'La Roue Libre' "
        f"--label-b 'Cycles Germain' -f {'markdown' if fmt == 'md' else 'html'} "
        f"-o {committed.relative_to(EXAMPLES.parent)}"
    )
    comparison = compare_files(
        [OUR_SIDE, THEIR_SIDE], [], [], lang=None, label_a="La Roue Libre", label_b="Cycles Germain"
    )
    fresh = render_comparison(
        comparison, CompareFormat.markdown if fmt == "md" else CompareFormat.html, generated_on=DAY
    )
    dated = re.compile(r"Comparaison faite le [^·<*]+")
    assert dated.sub("DATE", committed.read_text("utf-8")) == dated.sub("DATE", fresh), (
        f"{committed} is out of date; regenerate it with: {regenerate}"
    )


def test_three_dates_in_markdown_a_line_per_dimension(tmp_path: Path) -> None:
    files = three_dates(tmp_path)
    code, out, err = run(*map(str, files), "--format", "markdown", "--lang", "en")
    assert code == 0, err
    assert "| | 1 September 2025 | 1 March 2026 | 1 September 2026 |" in out
    assert "| Mutual trust | 0.0 | 50.0 | 75.0 |" in out
    assert "| Level | Preparation | Emerging | Experimentation |" in out
    assert "**Concerns resolved**: Mutual trust" in out
    assert "## What the trend calls for" in out


def test_a_group_document_is_refused_with_what_to_give_instead(tmp_path: Path) -> None:
    group = runner.invoke(
        app,
        ["score", str(OUR_SIDE), str(EXAMPLES / "federation-alliance-pairs.yaml"), "-f", "json"],
    )
    document = tmp_path / "groupe.json"
    document.write_text(group.stdout, "utf-8")
    code, _out, err = run(str(document), str(THEIR_SIDE), "--lang", "en")
    assert code == 1
    assert err == (
        f"{document}: a document of several results (score with several files): give the "
        "answer files instead, or one result per file\n"
    )


def test_partner_texts_in_both_languages_with_a_module_per_partner_type() -> None:
    for question in PARTNER.all_questions():
        assert question.text["fr"].strip() and question.text["en"].strip()
        assert question.text["fr"] != question.text["en"]
    for partner_type in ("peer", "public", "private"):
        module = [q for q in PARTNER.questions if q.when and f"'{partner_type}'" in q.when]
        assert len(module) >= 4, partner_type


def test_partner_statements_are_our_own_words() -> None:
    """No run of eight words of the source article stands in the partner questionnaire."""
    seed = Path(__file__).parents[1].parent / "shared" / "seed"
    article = seed / "alliances-article-2018-fr.txt"
    if not article.is_file():
        pytest.skip("the source article is not beside this checkout")
    words = re.findall(r"\w+", article.read_text("utf-8").lower())
    runs = {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
    path = Path(__file__).parents[1] / "questionnaires" / "alliance-readiness-partner.yaml"
    ours = re.findall(r"\w+", path.read_text("utf-8").lower())
    copied = [
        " ".join(ours[i : i + 8]) for i in range(len(ours) - 7) if tuple(ours[i : i + 8]) in runs
    ]
    assert copied == []


def _edited(result: dict[str, object], change: str) -> str:
    """A score JSON edited by hand: its text, with one change."""
    match change:
        case "unknown strength":
            result["strengths"] = ["nosuch"]
        case "unknown gate cap":
            result["overall"]["capped_by"] = ["zz"]  # type: ignore[index]
        case "NaN score":
            result["dimensions"][0]["score"] = float("nan")  # type: ignore[index]
        case "infinite overall":
            result["overall"]["score"] = float("inf")  # type: ignore[index]
    return json.dumps(result)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("unknown strength", "dimension(s) unknown to this result: nosuch"),
        ("unknown gate cap", "dimension(s) unknown to this result: zz"),
        ("NaN score", "dimensions[0].score: a finite number is expected"),
        ("infinite overall", "overall.score: a finite number is expected"),
    ],
)
def test_compare_checks_a_score_json_it_is_given(
    change: str, expected: str, tmp_path: Path
) -> None:
    scored = runner.invoke(app, ["score", str(OUR_SIDE), "-f", "json"])
    first = tmp_path / "ours.json"
    first.write_text(scored.stdout, "utf-8")
    edited = tmp_path / "edited.json"
    edited.write_text(_edited(json.loads(scored.stdout), change), "utf-8")
    code, out, err = run(str(first), str(edited), "--lang", "en")
    assert code == 1, out
    assert err.startswith(f"{edited}:") and expected in err
    assert "nan" not in out.lower() and "Traceback" not in err
