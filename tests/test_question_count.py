"""One count of questions: the questions this respondent is asked, everywhere it is shown."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.engine.explanation import score
from alliance_diag.engine.question_count import asked_in_result, count_questions
from alliance_diag.interview.state import Interview
from alliance_diag.io.answer_files import load_answers

EXAMPLE = Path(__file__).parent.parent / "examples" / "petite-asso-entreprise.yaml"
runner = CliRunner()


def test_list_interview_and_report_give_the_same_count() -> None:
    answers, questionnaire = load_answers(EXAMPLE)
    # 14 profile questions (private_kind is asked of a private partner only); 50 general
    # statements and the one of the exploring stage (flexibility_pilot); the 9 of the
    # company module and demand_partner_reporting, asked of peers and companies:
    # 14 + 51 + 10 = 75
    assert count_questions(questionnaire, answers).asked == 75
    assert len(Interview(questionnaire, answers, "fr").questions()) == 75
    assert asked_in_result(questionnaire, score(questionnaire, answers, "fr")) == (75, 14)
    listed = runner.invoke(app, ["questionnaire", "list", "--lang", "fr"])
    # 9 or 10 statements in the partner-type module; one more once the alliance is tested
    assert " 73–76 " in listed.output
    report = runner.invoke(app, ["score", str(EXAMPLE), "--format", "markdown", "--lang", "fr"])
    assert "75 questions posées (14 sur le profil, 61 affirmations)" in report.output


def test_a_skipped_question_is_asked_but_not_answered() -> None:
    answers, questionnaire = load_answers(EXAMPLE)
    given = count_questions(questionnaire, answers)
    skipped = next(q for q in questionnaire.questions if answers.value(q.id) is not None)
    answers.set_value(skipped, None)
    count = count_questions(questionnaire, answers)
    assert (count.asked, count.answered, count.skipped) == (
        given.asked,
        given.answered - 1,
        given.skipped + 1,
    )


README = Path(__file__).parent.parent / "README.md"


def test_one_estimate_of_questions_and_time_for_list_readme_and_first_screen() -> None:
    from alliance_diag.engine.answers import new_answer_set
    from alliance_diag.engine.question_count import expected_length
    from alliance_diag.io.questionnaire_files import builtin_ids, load_questionnaire

    listed = runner.invoke(app, ["questionnaire", "list", "--lang", "en"]).output
    readme = " ".join(README.read_text("utf-8").split())
    for questionnaire_id in builtin_ids():
        questionnaire = load_questionnaire(questionnaire_id)
        length = expected_length(questionnaire)
        row = next(line for line in listed.splitlines() if line.startswith(questionnaire_id))
        assert f" {length.questions} " in row and f"≈ {length.minutes} min" in row
        entry = readme.split(f"- `{questionnaire_id}` (version")[1].split("- `")[0]
        assert f"{length.questions} questions" in entry, questionnaire_id
        assert f"about {length.minutes} minutes" in entry, questionnaire_id
        # the descriptions leave the time to this estimate
        for text in questionnaire.description.values() if questionnaire.description else ():
            assert "minute" not in text, questionnaire_id
    # once the partner type is known, the first screen's range narrows to that module
    full = load_questionnaire("alliance-readiness")
    answers = new_answer_set(full, "fr")
    answers.set_value(full.question("partner_type"), "peer")  # type: ignore[arg-type]
    assert expected_length(full, answers).high < expected_length(full).high
