"""The form command's outputs: XLSForm through pyxform, LimeSurvey's TSV, CSV, paper forms."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml
from condition_fixtures import shapes_with_conditions
from openpyxl import load_workbook
from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.forms import FormFormat, render_form
from alliance_diag.forms.codes import limesurvey_codes
from alliance_diag.forms.common import module_of, pages
from alliance_diag.forms.limesurvey import COLUMNS, Expression
from alliance_diag.forms.relevance import relevance
from alliance_diag.forms.xlsform import XPath
from alliance_diag.io.questionnaire_files import load_questionnaire

DATA = Path(__file__).parent / "data" / "questionnaires"
BUILTIN = load_questionnaire("alliance-readiness")
# frozen content for the tests that read given wording: in 1.0 trust_history sits on
# the five-step agreement scale and Q1 asks for the organisation's name
BUILTIN_1_0 = load_questionnaire("alliance-readiness@1.0")


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    return shapes_with_conditions(tmp_path_factory.mktemp("q"))


def question(q: Questionnaire, question_id: str):  # type: ignore[no-untyped-def]
    found = q.question(question_id)
    assert found is not None
    return found


def test_conditions_become_xpath(shapes: Questionnaire) -> None:
    xpath = XPath()
    assert relevance(shapes, question(shapes, "talks"), xpath) == (
        "((${partner_type} = 'peer' or ${partner_type} = 'private') and not(${signed} = 'no'))"
    )
    assert relevance(shapes, question(shapes, "by_mail"), xpath) == (
        "((selected(${channels}, 'email') or ${budget} = '') or ${hours} > 3)"
    )
    assert relevance(shapes, question(shapes, "meet"), xpath) == ""


def test_conditions_become_limesurvey_expressions_on_codes(shapes: Questionnaire) -> None:
    expression = Expression(limesurvey_codes(shapes))
    assert relevance(shapes, question(shapes, "staff_time"), expression) == (
        'partnertype.NAOK == "A2"'
    )
    assert relevance(shapes, question(shapes, "talks"), expression) == (
        '((partnertype.NAOK == "peer" or partnertype.NAOK == "A2") and !(signed.NAOK == "no"))'
    )
    assert relevance(shapes, question(shapes, "by_mail"), expression) == (
        '((channels_email.NAOK == "Y" or is_empty(budget.NAOK)) or hours.NAOK > 3)'
    )


def xform(q: Questionnaire, tmp_path: Path) -> str:
    from pyxform.xls2xform import convert

    content = render_form(q, FormFormat.xlsform, "fr")[0].content
    assert isinstance(content, bytes)
    path = tmp_path / "form.xlsx"
    path.write_bytes(content)
    converted = convert(xlsform=str(path), validate=False)
    assert converted.warnings == []
    return converted.xform


@pytest.mark.parametrize("name", ["alliance-readiness", "alliance-readiness-quick", "shapes"])
def test_the_xlsform_converts_with_pyxform_and_keeps_every_condition(
    name: str, shapes: Questionnaire, tmp_path: Path
) -> None:
    q = shapes if name == "shapes" else load_questionnaire(name)
    xml = xform(q, tmp_path)
    conditioned = [x.id for x in q.all_questions() if x.when]
    relevant = re.findall(r'nodeset="/data/[^/"]+/(\w+)"[^>]*relevant="', xml)
    assert sorted(relevant) == sorted(conditioned)
    required = re.findall(r'nodeset="/data/[^/"]+/(\w+)"[^>]*required="true\(\)"', xml)
    assert sorted(required) == sorted(x.id for x in q.all_questions() if x.required)
    assert "Français" in xml and "English" in xml


def test_the_xlsform_sheets_follow_the_questionnaire(tmp_path: Path) -> None:
    content = render_form(BUILTIN_1_0, FormFormat.xlsform, "fr")[0].content
    assert isinstance(content, bytes)
    (tmp_path / "f.xlsx").write_bytes(content)
    book = load_workbook(tmp_path / "f.xlsx")
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = list(book["survey"].iter_rows(values_only=True))
    assert survey[0][:4] == ("type", "name", "label::Français (fr)", "label::English (en)")
    groups = [row[1] for row in survey if row[0] == "begin_group"]
    modules = [f"module_{t}" for t in ("peer", "public", "private")]
    assert groups == ["profile", *(d.id for d in BUILTIN_1_0.dimensions), *modules]
    assert survey[2][:2] == ("text", "organisation")
    history = next(row for row in survey if row[1] == "trust_history")
    assert history[0] == "select_one agreement"
    settings = list(book["settings"].iter_rows(values_only=True))
    assert settings[1][3] == "Français (fr)"
    choices = [row for row in book["choices"].iter_rows(values_only=True) if row[0] == "agreement"]
    assert [row[1] for row in choices] == [
        o.id for o in question(BUILTIN_1_0, "trust_history").options
    ]


def test_the_xlsform_gives_each_1_1_scale_its_own_list(tmp_path: Path) -> None:
    """Content 1.1: a four-step factual scale and "not yet" options reach the form."""
    content = render_form(BUILTIN, FormFormat.xlsform, "fr")[0].content
    assert isinstance(content, bytes)
    (tmp_path / "f.xlsx").write_bytes(content)
    book = load_workbook(tmp_path / "f.xlsx")
    types = {row[1]: row[0] for row in book["survey"].iter_rows(values_only=True)}
    assert types["trust_history"] == "select_one joint_actions"
    assert types["trust_transparency"] == "select_one agreement_or_not_yet"
    lists: dict[str, list[str]] = {}
    for row in book["choices"].iter_rows(min_row=2, values_only=True):
        lists.setdefault(row[0], []).append(row[1])
    assert lists["joint_actions"] == ["none", "one", "several", "regular", "dont_know"]
    assert lists["agreement_or_not_yet"][-2:] == ["not_yet", "dont_know"]


def test_the_limesurvey_structure_has_every_question_in_every_language() -> None:
    text = render_form(BUILTIN, FormFormat.limesurvey, "fr")[0].content
    assert isinstance(text, str)
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    assert list(rows[0]) == COLUMNS
    codes = limesurvey_codes(BUILTIN)
    for lang in ("fr", "en"):
        asked = [r["name"] for r in rows if r["class"] == "Q" and r["language"] == lang]
        assert asked == [codes.questions[q.id] for p in pages(BUILTIN) for q in p.questions]
    survey = {r["name"]: r["text"] for r in rows if r["class"] == "S"}
    assert survey["language"] == "fr" and survey["additional_languages"] == "en"
    convention = next(r for r in rows if r["name"] == "frameworkconvention")
    assert (
        convention["relevance"]
        == '(stage.NAOK == "A3" or stage.NAOK == "A4" or stage.NAOK == "A5")'
    )
    assert next(r for r in rows if r["name"] == "organisation")["mandatory"] == "Y"


def test_the_csv_template_comes_with_the_list_of_questions() -> None:
    template, listing = render_form(BUILTIN_1_0, FormFormat.csv, "en")
    assert listing.suffix == "-questions.csv"
    rows = list(csv.reader(io.StringIO(str(listing.content))))
    assert rows[0][:2] == ["id", "section"]
    history = next(row for row in rows if row[0] == "trust_history")
    assert "strongly_agree = Strongly agree" in history[4]
    assert len(rows) == 1 + len(next(csv.reader(io.StringIO(str(template.content)))))
    assert rows[0][-1] == "asked only if"
    assert history[-1] == ""
    module = next(row for row in rows if row[0] == "private_skills")
    assert module[-1] == "Q4 = “A private actor (company, foundation)”"


def test_limesurvey_subquestions_get_ids_that_no_question_has(shapes: Questionnaire) -> None:
    text = str(render_form(shapes, FormFormat.limesurvey, "fr")[0].content)
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    questions = {r["id"] for r in rows if r["class"] == "Q"}
    subquestions = [r for r in rows if r["class"] == "SQ"]
    assert subquestions and all(r["id"] for r in subquestions)
    assert not questions & {r["id"] for r in subquestions}
    # the same subquestion keeps its id in every language, as tsvSurveyExport writes it
    by_language = {
        lang: [r["id"] for r in subquestions if r["language"] == lang] for lang in ("fr", "en")
    }
    assert by_language["fr"] == by_language["en"]


def test_limesurvey_codes_avoid_the_words_expression_script_renames(tmp_path: Path) -> None:
    source = (DATA / "batch.yaml").read_text(encoding="utf-8")
    for word in ("self", "that", "this"):
        path = tmp_path / f"{word}.yaml"
        path.write_text(source.replace("{id: region,", f"{{id: {word},"), encoding="utf-8")
        assert limesurvey_codes(load_questionnaire(path)).questions[word] == "q" + word


def test_the_paper_form_numbers_questions_and_says_when_they_apply() -> None:
    markdown = str(render_form(BUILTIN_1_0, FormFormat.markdown, "en")[0].content)
    assert "**1. What is the name of your organisation?** (free text, required)" in markdown
    # a partner type's module is one section of its own, its condition said once
    assert "*This part only if Q4 = “Another association (peer alliance)”.*" in markdown
    assert "Only if Q4 =" not in markdown
    assert markdown.count("- [ ] Strongly agree") > 30
    html = str(render_form(BUILTIN_1_0, FormFormat.html, "fr")[0].content)
    assert html.count('class="question"') == len(list(BUILTIN_1_0.all_questions()))
    assert "Cette partie seulement si Q4 = «\u202fUne autre association (alliance" in html


def test_each_partner_module_is_a_section_of_its_own_that_google_forms_can_skip() -> None:
    markdown = str(render_form(BUILTIN, FormFormat.markdown, "fr")[0].content)
    sections = markdown.split("\n## ")[1:]
    modules = [s for s in sections if s.startswith("Questions propres à votre partenaire")]
    assert len(modules) == 3
    for module, kind in zip(modules, ("peer", "public", "private"), strict=True):
        numbers = [int(n) for n in re.findall(r"^\*\*(\d+)\. ", module, re.MULTILINE)]
        asked = [q.id for q in BUILTIN.questions if module_of(BUILTIN, q) == kind]
        assert len(numbers) == len(asked)
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    # no general section holds a module question
    general = "\n".join(s for s in sections if s not in modules)
    assert "peer_" not in general and "partner_type ==" not in general


def test_a_stage_condition_reads_as_words_not_as_code() -> None:
    markdown = str(render_form(BUILTIN, FormFormat.markdown, "fr")[0].content)
    assert "non (" not in markdown
    assert "n’est ni «\u202fNous expérimentons plusieurs actions ensemble\u202f», ni" in markdown


def test_form_writes_its_files_where_told(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "sheet.csv"
    result = runner.invoke(app, ["form", "alliance-readiness", "--to", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file() and (tmp_path / "sheet-questions.csv").is_file()
    result = runner.invoke(app, ["form", "alliance-readiness", "--to", "xlsform", "-o", "-"])
    assert result.exit_code == 2
    assert "--output" in result.output
    result = runner.invoke(app, ["form", "nope", "--to", "html", "--lang", "en"])
    assert result.exit_code == 1
    assert "questionnaire not found" in result.output
    result = runner.invoke(app, ["form", "alliance-readiness", "--to", "markdown", "-o", "-"])
    assert result.exit_code == 0 and result.stdout.startswith("# Prêts à faire alliance")


def test_a_condition_a_tool_cannot_say_is_an_error_naming_the_question(tmp_path: Path) -> None:
    text = (DATA / "batch.yaml").read_text("utf-8")
    path = tmp_path / "lower.yaml"
    path.write_text(text.replace("answers.signed == 'yes'", "answers.signed|lower == 'yes'"))
    result = CliRunner().invoke(app, ["form", str(path), "--to", "xlsform", "--lang", "en"])
    assert result.exit_code == 1
    assert "the condition of 'signed_recent'" in result.output
    assert "'|lower' has no equivalent there" in result.output


def _mini_saying(tmp_path: Path, french: str, english: str) -> Path:
    """mini.yaml with question trust_c's text replaced."""
    text = (DATA / "mini.yaml").read_text("utf-8")
    old = 'text: {fr: "C", en: "C"}'
    assert old in text
    path = tmp_path / "q.yaml"
    path.write_text(text.replace(old, f"text: {{fr: {french}, en: {english}}}"), "utf-8")
    return path


def test_a_label_starting_with_equals_is_text_in_every_spreadsheet(tmp_path: Path) -> None:
    questionnaire = _mini_saying(tmp_path, '"=HYPERLINK(\\"http://x\\")"', '"=1+1"')
    runner = CliRunner()
    for to, name in (("xlsform", "form.xlsx"), ("csv", "form.csv")):
        result = runner.invoke(
            app, ["form", str(questionnaire), "--to", to, "-o", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / "form.xlsx")["survey"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)
    rows = list(csv.reader(io.StringIO((tmp_path / "form-questions.csv").read_text("utf-8"))))
    assert [rows[-1][0], rows[-1][2]] == ["trust_c", '\'=HYPERLINK("http://x")'] or any(
        '\'=HYPERLINK("http://x")' in row for row in rows
    )
    assert not any(cell.startswith("=") for row in rows for cell in row)


# written as YAML escapes: a raw break inside quotes would be folded into a space (NEL,
# a control character, is refused with the questionnaire)
@pytest.mark.parametrize("brk", ["\\L", "\\P"])
def test_a_line_break_of_any_kind_in_a_label_keeps_the_blank_answer_file_whole(
    brk: str, tmp_path: Path
) -> None:
    questionnaire = _mini_saying(tmp_path, f'"Avant{brk}trust_a: agree"', '"C"')
    target = tmp_path / "blank.yaml"
    result = CliRunner().invoke(
        app, ["form", str(questionnaire), "--to", "answers-yaml", "-o", str(target), "--lang", "fr"]
    )
    assert result.exit_code == 0, result.output
    blank = yaml.safe_load(target.read_text("utf-8"))
    assert set(blank["answers"].values()) == {None}
    assert "trust_c" in blank["answers"]


def test_a_nel_in_a_label_is_refused_with_the_questionnaire(tmp_path: Path) -> None:
    questionnaire = _mini_saying(tmp_path, '"Avant\\Ntrust_a: agree"', '"C"')
    argv = ["form", str(questionnaire), "--to", "answers-yaml", "-o", str(tmp_path / "b.yaml")]
    result = CliRunner().invoke(app, [*argv, "--lang", "en"])
    assert result.exit_code == 1
    assert "control character U+0085 in the text" in result.stderr
    assert not (tmp_path / "b.yaml").exists()
