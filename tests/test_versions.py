"""Today's rules for yesterday's answers (gates 1.2, point 15): an answer file naming an
earlier version is read under the current rules, with a notice; ``id@version`` asks for
the exact old scoring."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DATA, run_cli
from report_fixtures import ANSWERS_1_0

from alliance_diag.engine.explanation import score
from alliance_diag.io.answer_files import load_answers
from alliance_diag.io.questionnaire_files import load_questionnaire

OLD_FILE = ANSWERS_1_0 / "petite-asso-entreprise.yaml"
CURRENT = load_questionnaire("alliance-readiness")


def test_an_earlier_version_is_read_under_the_current_rules_with_a_notice() -> None:
    answers, questionnaire = load_answers(OLD_FILE)
    assert questionnaire.version == CURRENT.version
    earlier, removed = answers.carried_from
    assert earlier == "1.0"
    # answers carried over by id: only questions the current version asks remain
    assert all(questionnaire.question(qid) is not None for qid in answers.answers)
    # ... and the others, gone or now on another scale (trust_history counts actions), are
    # named by their 1.0 text
    old = load_questionnaire("alliance-readiness@1.0")
    gone = [q for q in old.questions if q.id in _raw_answers() and CURRENT.question(q.id) is None]
    texts = [r["fr"] for r in removed]
    assert gone and all(q.text["fr"] in texts for q in gone)
    assert old.question("trust_history").text["fr"] in texts  # type: ignore[union-attr]
    result = score(questionnaire, answers, "fr")
    [notice] = [n for n in result.notices if n.kind == "version"]
    assert notice.text.startswith("Ces réponses ont été données avec la version 1.0")
    assert "alliance-readiness@1.0" in notice.text
    assert gone[0].text["fr"] in notice.text


def _raw_answers() -> dict[str, object]:
    import yaml

    data = yaml.safe_load(OLD_FILE.read_text("utf-8"))
    return dict(data["answers"])


def test_id_at_version_gives_the_exact_old_scoring() -> None:
    old = load_questionnaire("alliance-readiness@1.0")
    answers, questionnaire = load_answers(OLD_FILE, "alliance-readiness@1.0")
    assert questionnaire.version == "1.0" and answers.carried_from == (None, ())
    assert set(answers.answers) == set(_raw_answers())
    result = score(questionnaire, answers, "fr")
    assert result.questionnaire.version == "1.0"
    assert [n for n in result.notices if n.kind == "version"] == []
    assert old.version == "1.0"


def test_the_command_line_reads_both_ways() -> None:
    today = run_cli("score", str(OLD_FILE), "-f", "json", "--lang", "en")
    assert today.returncode == 0, today.stderr
    current = json.loads(today.stdout)
    assert current["questionnaire"]["version"] == CURRENT.version
    assert any(n["kind"] == "version" for n in current["notices"])
    then = run_cli("score", str(OLD_FILE), "-q", "alliance-readiness@1.0", "-f", "json")
    assert then.returncode == 0, then.stderr
    assert json.loads(then.stdout)["questionnaire"]["version"] == "1.0"


def test_a_version_that_does_not_exist_is_named_with_those_that_do() -> None:
    done = run_cli("score", str(OLD_FILE), "-q", "alliance-readiness@0.9", "--lang", "en")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "alliance-readiness@0.9: alliance-readiness has no version 0.9: versions available "
        f"1.0, 1.1, {CURRENT.version}"
    )


def test_a_batch_on_an_export_of_an_earlier_version_says_which_and_how_to_score_it(
    tmp_path: Path,
) -> None:
    export = DATA / "exports" / "excel-fr.csv"  # answers version 1.0
    today = run_cli("batch", str(export), "-o", str(tmp_path / "today"), "--lang", "en")
    # read under today's rules, as an answer file of 1.0 is: every row is scored, the
    # answers today's questions no longer accept left empty and counted
    assert today.returncode == 0, today.stdout
    assert "Rows read: 5 · scored: 5 · rejected: 0" in today.stdout
    assert (
        "'framework_mandate': an answer of the earlier version that today's question no "
        "longer accepts, left empty in 5 row(s)"
    ) in today.stdout
    assert today.stdout.rstrip().endswith(
        "To score it under the rules of then: --questionnaire alliance-readiness@1.0"
    )
    then = run_cli(
        "batch", str(export), "-o", str(tmp_path / "then"), "-q", "alliance-readiness@1.0"
    )
    assert "earlier version" not in then.stdout
    assert (tmp_path / "then" / "summary.csv").read_text("utf-8").count("\n") >= 5
