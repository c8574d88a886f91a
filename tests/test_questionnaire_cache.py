"""Built-in questionnaires compiled once and kept in the user's cache folder: a kept one
scores as a fresh one, and a changed, damaged, foreign or unwritable cache is never
served, never an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ANSWERS, MINI

from alliance_diag.engine.explanation import score
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.questionnaire_parse import parse_questionnaire
from alliance_diag.io import questionnaire_cache
from alliance_diag.io.answer_files import load_answers
from alliance_diag.io.located_yaml import load_yaml_text

EXAMPLE = Path(__file__).parents[1] / "examples" / "petite-asso-entreprise.yaml"


class Builds:
    """The builder ``compiled`` calls on a miss, counting its calls."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.count = 0

    def __call__(self) -> Questionnaire:
        self.count += 1
        return parse_questionnaire(load_yaml_text(self.text, "mini.yaml"))


def kept(folder: Path, text: str) -> tuple[Questionnaire, Builds]:
    builds = Builds(text)
    return questionnaire_cache.compiled("mini", text, builds, folder), builds


def pickles(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_a_kept_questionnaire_is_read_back_and_scores_as_a_fresh_one(tmp_path: Path) -> None:
    text = MINI.read_text("utf-8")
    fresh, first = kept(tmp_path, text)
    again, second = kept(tmp_path, text)
    assert (first.count, second.count) == (1, 0)
    assert len(pickles(tmp_path)) == 1
    answers, _questionnaire = load_answers(ANSWERS, fresh)
    assert score(again, answers, "fr") == score(fresh, answers, "fr")
    # the when: conditions run again once read back
    condition = again.condition("demand_private")
    assert condition is not None
    assert condition.evaluate({"profile": {"partner_type": "private"}})
    assert not condition.evaluate({"profile": {"partner_type": "peer"}})


def titled(title: str) -> str:
    text = MINI.read_text("utf-8")
    changed = text.replace('title: {fr: "Mini", en: "Mini"}', f'title: {{fr: "{title}", en: "x"}}')
    assert changed != text
    return changed


def test_a_changed_text_is_compiled_again_never_served_stale(tmp_path: Path) -> None:
    kept(tmp_path, titled("Mini"))
    questionnaire, builds = kept(tmp_path, titled("Maxi"))
    assert builds.count == 1
    assert questionnaire.title["fr"] == "Maxi"
    assert kept(tmp_path, titled("Maxi"))[0].title["fr"] == "Maxi"
    assert kept(tmp_path, titled("Mini"))[0].title["fr"] == "Mini"


def test_the_folder_keeps_the_versions_used_last(tmp_path: Path) -> None:
    texts = [titled(f"Version {n}") for n in range(questionnaire_cache.KEPT + 1)]
    for hours_ago, text in zip(range(questionnaire_cache.KEPT, 0, -1), texts, strict=False):
        before = set(pickles(tmp_path))
        kept(tmp_path, text)
        [new] = set(pickles(tmp_path)) - before
        # written hours apart, the first the longest ago
        moment = time.time_ns() - hours_ago * 3_600_000_000_000
        os.utime(new, ns=(moment, moment))
    kept(tmp_path, texts[0])  # the oldest, used again now
    kept(tmp_path, texts[-1])  # one more version: one too many
    assert len(pickles(tmp_path)) == questionnaire_cache.KEPT
    assert kept(tmp_path, texts[0])[1].count == 0
    assert kept(tmp_path, texts[-1])[1].count == 0
    assert kept(tmp_path, texts[1])[1].count == 1, "the one unused longest went"


def test_a_cache_written_by_other_code_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = MINI.read_text("utf-8")
    kept(tmp_path, text)
    monkeypatch.setattr(questionnaire_cache, "_code_fingerprint", lambda: b"another version")
    assert kept(tmp_path, text)[1].count == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not a pickle"),
        lambda path: path.write_bytes(path.read_bytes()[:1000]),
        lambda path: path.write_bytes(b""),
        # a pickle of something else than a questionnaire
        lambda path: path.write_bytes(b"\x80\x04K\x2a."),
    ],
    ids=["garbage", "truncated", "empty", "not-a-questionnaire"],
)
def test_a_damaged_cache_is_rebuilt_and_rewritten(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    text = MINI.read_text("utf-8")
    kept(tmp_path, text)
    [path] = pickles(tmp_path)
    damage(path)
    questionnaire, builds = kept(tmp_path, text)
    assert builds.count == 1
    assert questionnaire.id == "mini"
    assert kept(tmp_path, text)[1].count == 0, "the rebuilt questionnaire is kept again"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_file_others_may_write_is_not_read(tmp_path: Path) -> None:
    text = MINI.read_text("utf-8")
    kept(tmp_path, text)
    [path] = pickles(tmp_path)
    path.chmod(0o666)
    assert kept(tmp_path, text)[1].count == 1
    assert path.stat().st_mode & 0o777 == 0o600, "rewritten for this user only"


def test_a_folder_that_cannot_be_written_keeps_no_cache_and_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    text = MINI.read_text("utf-8")
    questionnaire, _builds = kept(blocker / "cache", text)
    assert questionnaire.id == "mini"
    assert kept(blocker / "cache", text)[1].count == 1


def test_no_folder_means_no_cache() -> None:
    builds = Builds(MINI.read_text("utf-8"))
    assert questionnaire_cache.compiled("mini", builds.text, builds, None).id == "mini"
    assert builds.count == 1


def test_the_cache_folder_follows_the_variable_then_the_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(questionnaire_cache.FOLDER_VARIABLE, str(tmp_path))
    assert questionnaire_cache.cache_folder() == tmp_path
    monkeypatch.delenv(questionnaire_cache.FOLDER_VARIABLE)
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert questionnaire_cache.cache_folder() == tmp_path / "xdg" / "alliance-diag"
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert questionnaire_cache.cache_folder() == tmp_path / "home" / ".cache" / "alliance-diag"


def score_json(cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, questionnaire_cache.FOLDER_VARIABLE: str(cache), "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "alliance_diag", "score", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        env={**env, "SOURCE_DATE_EPOCH": "1767225600"},
        check=False,
    )


def test_score_gives_the_same_report_from_an_empty_a_kept_and_a_damaged_cache(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    first = score_json(cache)
    assert first.returncode == 0, first.stderr
    [path] = pickles(cache)
    second = score_json(cache)
    path.write_bytes(b"\x80\x04damaged")
    third = score_json(cache)
    assert (second.stdout, third.stdout) == (first.stdout, first.stdout)
    assert third.stderr == ""
    unwritable = score_json(tmp_path / "cache" / path.name / "below-a-file")
    assert (unwritable.returncode, unwritable.stdout, unwritable.stderr) == (0, first.stdout, "")


def test_score_json_from_a_kept_questionnaire_stays_lean(tmp_path: Path) -> None:
    """One answer file to JSON, the questionnaire read back compiled: neither Jinja2 (the
    conditions' parser, the templates) nor rich nor any report but JSON is loaded."""
    assert score_json(tmp_path).returncode == 0
    probe = (
        "import json, sys\n"
        "from alliance_diag.cli.app import main\n"
        f"sys.argv = ['alliance-diag', 'score', {str(EXAMPLE)!r}, '-f', 'json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('jinja2', 'rich', 'questionary', 'openpyxl', 'weasyprint')\n"
        "reports = [m for m in sys.modules if m.startswith('alliance_diag.report.')]\n"
        "print(json.dumps([[m for m in heavy if m in sys.modules], reports]), file=sys.stderr)\n"
    )
    env = {**os.environ, questionnaire_cache.FOLDER_VARIABLE: str(tmp_path), "LANG": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert '"schema_version"' in done.stdout
    heavy, reports = json.loads(done.stderr)
    assert heavy == []
    # the JSON renderer, and the names of compare's formats for its --help
    assert set(reports) <= {"alliance_diag.report.json_report", "alliance_diag.report.comparison"}
