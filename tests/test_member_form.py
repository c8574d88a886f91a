"""The member's form (`form --to html`) in a real browser: filled in, switched, saved, scored.

Playwright drives Debian's Chromium (never a downloaded browser); the browser tests are
skipped when either is absent. The file is opened from a file:// URL, as a member would.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from condition_fixtures import shapes_with_conditions
from report_fixtures import REPORT_DATE

from alliance_diag.engine.answers import AnswerSet, section_of
from alliance_diag.engine.questionnaire import Question, Questionnaire, QuestionType
from alliance_diag.engine.scoring import score
from alliance_diag.forms import FormFormat, render_form
from alliance_diag.forms.script import javascript
from alliance_diag.io.answer_files import load_answers
from alliance_diag.io.questionnaire_files import load_questionnaire

BUILTIN = load_questionnaire("alliance-readiness")
REPORT_EPOCH = datetime(
    REPORT_DATE.year, REPORT_DATE.month, REPORT_DATE.day, tzinfo=UTC
).timestamp()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# conditions no paper form can word (filters, tests, chained comparisons), for the browser
EXTRA = """
  - id: many
    dimension: means
    type: yes_no
    when: "answers.channels | length >= 2 and 5 < answers.budget <= 30"
    text: {fr: "Beaucoup", en: "Many"}
  - id: named
    dimension: means
    type: yes_no
    when: "profile.region | lower == 'bretagne' or profile.region is not none
      and answers.meet != 'never' and answers.hours is number"
    text: {fr: "Nommée", en: "Named"}
  - id: none_of
    dimension: means
    type: yes_no
    when: "answers.meet not in ['never', 'sometimes'] and not answers.quarrel"
    text: {fr: "Aucun", en: "None of"}
"""


def form_file(questionnaire: Questionnaire, folder: Path, lang: str = "fr") -> Path:
    [main] = render_form(questionnaire, FormFormat.html, lang)
    path = folder / f"{questionnaire.id}-form.html"
    path.write_text(str(main.content), encoding="utf-8")
    return path


def test_the_form_is_one_file_that_fetches_nothing() -> None:
    text = str(render_form(BUILTIN, FormFormat.html, "fr")[0].content)
    assert not re.search(r"<[a-z]+\s[^>]*\b(?:src|href)\s*=", text)
    assert "@import" not in text and "url(" not in text
    assert "<script src" not in text and "<link" not in text
    # every input has its label: radios inside theirs, text answers and notes by id
    assert text.count('<label class="note-label') == len(list(BUILTIN.all_questions()))
    for input_id in re.findall(r'<(?:input|textarea) class="\w+" id="([^"]+)"', text):
        assert f'for="{input_id}"' in text


# --- in the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("request", lambda request: requests.append(request.url))
    opened.errors = errors
    opened.requests = requests
    yield opened
    context.close()


def visible(page: Any, question_id: str) -> bool:
    return bool(page.locator(f"#q-{question_id}").is_visible())


def label_of(question: Question, option_id: str, lang: str = "fr") -> str:
    option = question.option(option_id)
    assert option is not None
    return option.label[lang]


def choose(page: Any, question: Question, option_id: str) -> None:
    page.locator(f"#q-{question.id} input[value='{option_id}']").check()


def fill_visible(page: Any, questionnaire: Questionnaire, seed: int) -> dict[str, Any]:
    """Answer every question shown, as a member would; the answers given, by id."""
    rng = random.Random(seed)
    given: dict[str, Any] = {}
    for question in questionnaire.questions:
        if not visible(page, question.id):
            continue
        if question.type is QuestionType.number:
            value = rng.randint(0, 12)
            page.locator(f"#in-{question.id}").fill(str(value))
        elif question.type is QuestionType.text:
            value = f"texte {question.id}"
            page.locator(f"#in-{question.id}").fill(value)
        elif question.type is QuestionType.multiple:
            value = sorted(rng.sample([o.id for o in question.options or []], 2))
            for option in value:
                choose(page, question, option)
        else:
            value = rng.choice([o.id for o in question.options or []])
            choose(page, question, value)
        given[question.id] = value
    return given


def save(page: Any, folder: Path, button: str = "#save") -> Path:
    with page.expect_download() as download:
        page.locator(button).click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def scored_json(questionnaire: Questionnaire, answers: AnswerSet) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(score(questionnaire, answers, "fr").model_dump_json())
    return result


def test_a_member_fills_in_switches_partner_type_saves_and_the_file_scores(
    page: Any, tmp_path: Path
) -> None:
    page.goto(form_file(BUILTIN, tmp_path).as_uri())
    partner_type = BUILTIN.question("partner_type")
    stage = BUILTIN.question("stage")
    assert partner_type is not None and stage is not None
    assert not visible(page, "private_decision") and not visible(page, "public_officials")
    page.get_by_label("Quel est le nom de votre association ?").fill("Les Amis du Parc")
    page.get_by_label(label_of(partner_type, "private")).check()
    assert visible(page, "private_decision") and not visible(page, "public_officials")
    page.locator("#q-private_decision input[value='agree']").check()
    # the module follows the partner type; stage conditions follow the stage
    page.get_by_label(label_of(partner_type, "public")).check()
    assert not visible(page, "private_decision") and visible(page, "public_officials")
    page.get_by_label(label_of(stage, "formalised")).check()
    assert visible(page, "framework_convention") and not visible(page, "flexibility_pilot")
    page.get_by_label(label_of(stage, "exploring")).check()
    assert not visible(page, "framework_convention") and visible(page, "flexibility_pilot")
    given = fill_visible(page, BUILTIN, seed=3)
    page.locator("#note-trust_history").fill("Premier projet commun en 2021")
    saved = save(page, tmp_path)
    assert saved.name == "diagnostic-les-amis-du-parc.yaml"
    assert page.errors == [] and page.requests == [page.url]

    answers, _questionnaire = load_answers(saved, BUILTIN)
    assert answers.notes == {"trust_history": "Premier projet commun en 2021"}
    assert "private_decision" not in answers.answers  # asked no more: not saved
    expected = AnswerSet(
        questionnaire=BUILTIN.id,
        questionnaire_version=BUILTIN.version,
        notes={"trust_history": "Premier projet commun en 2021"},
    )
    for question in BUILTIN.profile:
        if answers.value(question.id) is not None:
            expected.set_value(question, answers.value(question.id))
    for question_id, value in given.items():
        found = BUILTIN.question(question_id)
        assert found is not None and section_of(found) == "answers"
        expected.set_value(found, value)
    assert answers.profile == {"partner_type": "public", "stage": "exploring"}
    assert answers.respondent.organisation == "Les Amis du Parc"
    assert scored_json(BUILTIN, answers) == scored_json(BUILTIN, expected)


def test_required_answers_are_asked_for_and_a_draft_can_be_saved_and_taken_up(
    page: Any, tmp_path: Path
) -> None:
    page.goto(form_file(BUILTIN, tmp_path, "en").as_uri())
    partner_type = BUILTIN.question("partner_type")
    assert partner_type is not None
    page.get_by_label(label_of(partner_type, "private", "en")).check()
    page.locator("#q-trust_history input[value='several']").check()
    page.locator("#note-trust_history").fill("since 2021")
    page.locator("#save").click()
    status = page.locator("#status").inner_text()
    assert "Some required answers are missing" in status
    assert "What is the name of your association?" in status
    draft = save(page, tmp_path, "#save-draft")
    assert draft.name == "diagnostic-alliance-readiness.yaml"
    answers, _q = load_answers(draft, BUILTIN, complete=False)
    assert answers.language == "en" and answers.answers == {"trust_history": "several"}

    page.reload()
    assert not page.locator("#q-trust_history input[value='several']").is_checked()
    page.locator("#load").set_input_files(str(draft))
    page.wait_for_function("document.getElementById('status').textContent !== ''")
    assert page.locator("#q-trust_history input[value='several']").is_checked()
    assert page.locator("#note-trust_history").input_value() == "since 2021"
    assert visible(page, "private_decision")
    page.get_by_label("What is the name of your association?").fill("Asso")
    # a number score would refuse is caught before saving
    page.locator("#in-partners_count").fill("beaucoup")
    page.locator("#save").click()
    assert "These answers expect a number" in page.locator("#status").inner_text()
    assert page.evaluate("document.activeElement.id") == "in-partners_count"
    page.locator("#in-partners_count").fill("3")
    finished = save(page, tmp_path)
    answers, _q = load_answers(finished, BUILTIN)
    assert answers.respondent.organisation == "Asso"
    assert answers.profile["partner_type"] == "private"
    assert answers.profile["partners_count"] == 3
    assert page.errors == []


def test_an_answer_file_written_by_assess_is_taken_up(page: Any, tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "petite-asso-entreprise.yaml"
    page.goto(form_file(BUILTIN, tmp_path).as_uri())
    page.locator("#load").set_input_files(str(example))
    page.wait_for_function("document.getElementById('status').textContent !== ''")
    assert "reprises" in page.locator("#status").inner_text()
    resaved = save(page, tmp_path)
    before, _q = load_answers(example, BUILTIN)
    after, _q = load_answers(resaved, BUILTIN)
    assert scored_json(BUILTIN, after) == scored_json(BUILTIN, before)
    assert after.notes == before.notes


def test_the_form_is_usable_with_the_keyboard_alone(page: Any, tmp_path: Path) -> None:
    page.goto(form_file(BUILTIN, tmp_path).as_uri())
    page.locator("#q-partner_type input").first.focus()
    page.keyboard.press("Space")
    assert visible(page, "peer_territory")
    page.keyboard.press("ArrowDown")  # the next partner type, as in any radio group
    assert page.locator("#q-partner_type input[value='public']").is_checked()
    assert visible(page, "public_officials") and not visible(page, "peer_territory")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "note-partner_type"


def test_legible_on_a_phone_and_printed_as_the_paper_form(page: Any, tmp_path: Path) -> None:
    page.goto(form_file(BUILTIN, tmp_path).as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.options label')).fontSize)"
    )
    assert size >= 16
    page.emulate_media(media="print")
    # on paper, every question is there with its condition, and no button
    assert visible(page, "private_decision") and visible(page, "public_officials")
    assert not page.locator("#save").is_visible() and not page.locator("#load").is_visible()
    assert not page.locator("#note-trust_history").is_visible()


def python_context(questionnaire: Questionnaire, values: dict[str, Any]) -> dict[str, Any]:
    profile = {q.id: values.get(q.id) for q in questionnaire.profile}
    answers = {q.id: values.get(q.id) for q in questionnaire.questions}
    return {"profile": profile, "answers": answers}


def random_values(questionnaire: Questionnaire, rng: random.Random) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for question in questionnaire.all_questions():
        if rng.random() < 0.25:
            values[question.id] = None
        elif question.type is QuestionType.number:
            values[question.id] = rng.choice([0, 3, 4, 5.5, 30, 31])
        elif question.type is QuestionType.text:
            values[question.id] = rng.choice(["Bretagne", "bretagne", "Nord", ""])
        elif question.type is QuestionType.multiple:
            ids = [o.id for o in question.options or []]
            values[question.id] = rng.sample(ids, rng.randint(0, len(ids)))
        else:
            values[question.id] = rng.choice([o.id for o in question.options or []])
    return values


def test_the_browser_decides_every_condition_as_the_engine_does(page: Any, tmp_path: Path) -> None:
    rng = random.Random(21)
    page.goto(form_file(BUILTIN, tmp_path).as_uri())
    # the built-in questionnaire's conditions as the form holds them, then conditions of
    # every other kind (filters and tests a paper form cannot word) through the compiler
    for questionnaire, inline in (
        (BUILTIN, False),
        (shapes_with_conditions(tmp_path, EXTRA), True),
    ):
        conditioned = [q.id for q in questionnaire.all_questions() if questionnaire.condition(q.id)]
        code = [
            f"(c) => {javascript(questionnaire.condition(q).expression())}"  # type: ignore[union-attr]
            if inline
            else f"CONDITIONS[{json.dumps(q)}]"
            for q in conditioned
        ]
        contexts = [
            python_context(questionnaire, random_values(questionnaire, rng)) for _ in range(150)
        ]
        found = page.evaluate(
            "([code, contexts]) => { const fs = code.map((f) => eval(f));"
            " return contexts.map((c) => fs.map((f) => R.holds(f, c))); }",
            [code, contexts],
        )
        for context, decided in zip(contexts, found, strict=True):
            for question_id, holds in zip(conditioned, decided, strict=True):
                condition = questionnaire.condition(question_id)
                assert condition is not None
                assert holds == condition.evaluate(context), (question_id, context)
    assert page.errors == []


def test_the_saved_file_scores_on_the_command_line(page: Any, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from alliance_diag.cli.app import app

    page.goto(form_file(BUILTIN, tmp_path).as_uri())
    partner_type = BUILTIN.question("partner_type")
    assert partner_type is not None
    page.get_by_label("Quel est le nom de votre association ?").fill("Asso « Élan »")
    page.get_by_label(label_of(partner_type, "peer")).check()
    fill_visible(page, BUILTIN, seed=5)
    saved = save(page, tmp_path)
    result = CliRunner().invoke(
        app,
        ["score", str(saved), "--format", "json", "-o", "-"],
        env={"SOURCE_DATE_EPOCH": str(int(REPORT_EPOCH))},
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["respondent"]["organisation"] == "Asso « Élan »"
