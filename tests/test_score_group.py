"""`score` with several answer files: one group document, the group first, then each one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ANSWERS, MINI
from conftest import run_cli as run


def respondents(folder: Path) -> list[Path]:
    """Camille (board) as in the fixture; Karim (staff) who trusts little (trust 18.8)."""
    text = ANSWERS.read_text("utf-8")
    karim = folder / "karim.yaml"
    karim.write_text(
        text.replace('name: "Camille", role: board', 'name: "Karim", role: staff')
        .replace("trust_a: 4 ", "trust_a: 1 ")
        .replace("trust_c: yes", "trust_c: no"),
        "utf-8",
    )
    return [ANSWERS, karim]


def test_several_files_in_html_are_one_document_group_first(tmp_path: Path) -> None:
    files = respondents(tmp_path)
    done = run("score", *map(str, files), "-q", str(MINI), "-f", "html", "--lang", "fr")
    assert done.returncode == 0, done.stderr
    page = done.stdout
    assert page.count("<html") == 1 and page.count("</html>") == 1
    group_at = page.index("Vue de groupe — Asso &lt;b&gt;Test&lt;/b&gt;")
    assert group_at < page.index('id="respondent-1"') < page.index('id="respondent-2"')
    # each respondent's report keeps its ids apart from the other's
    assert 'id="r1-radar-chart"' in page or 'id="r1-bars-chart"' in page
    assert 'id="r2-bars-chart"' in page
    group = page[group_at : page.index('id="respondent-1"')]
    # Camille 83.3 ("Expérimenter"), Karim 37.5 (the lowest level): one group score, the
    # mean of theirs, 60.4; the group's level is the one most members reach, the lower
    # of the two (gates 1.2, point 13), and each member's level stands by their name
    assert "<strong>60,4</strong>" in group
    assert group.count("Expérimenter") == 1
    assert "Camille" in group and "Karim" in group
    # the divergent dimension turned into a question, naming who stands where
    assert "Confiance\u00a0: de 18,8 (Karim) à 87,5 (Camille)." in group
    # the roles differ: a table by role
    assert "Par rôle" in group
    assert done.stderr == ""


def test_o_folder_is_created_and_holds_the_group_view(tmp_path: Path) -> None:
    files = respondents(tmp_path)
    out = tmp_path / "reports" / "board"
    done = run("score", *map(str, files), "-q", str(MINI), "-f", "html", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "group.html",
        "karim.html",
        "mini-private.html",
    ]
    assert "Vue de groupe" in (out / "group.html").read_text("utf-8")
    # one answer file and a folder: the same rule, the report inside it
    single = tmp_path / "single"
    done = run("score", str(ANSWERS), "-q", str(MINI), "-f", "json", "-o", str(single))
    assert done.returncode == 0, done.stderr
    assert [p.name for p in single.iterdir()] == ["mini-private.json"]
    assert json.loads((single / "mini-private.json").read_text("utf-8"))["overall"]


def test_mixing_organisations_or_partner_types_is_warned(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        ANSWERS.read_text("utf-8")
        .replace("Asso <b>Test</b>", "Autre asso")
        .replace("partner_type: private", "partner_type: peer"),
        "utf-8",
    )
    done = run("score", str(ANSWERS), str(other), "-q", str(MINI), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "Warning: These answers come from several organisations (Asso <b>Test</b>, Autre asso): "
        "the group view mixes them.",
        "Warning: These answers concern several partner types (Company, Association): the "
        "modules differ, and the group level uses the default weights.",
    ]


def test_pdf_into_a_folder_holds_the_group_document(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", exc_type=ImportError)
    files = respondents(tmp_path)
    out = tmp_path / "pdf"
    done = run("score", *map(str, files), "-q", str(MINI), "-f", "pdf", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["group.pdf", "karim.pdf", "mini-private.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in out.iterdir())


def test_terminal_and_markdown_group_views_give_the_group_level(tmp_path: Path) -> None:
    files = respondents(tmp_path)
    for fmt in ("terminal", "markdown"):
        done = run("score", *map(str, files), "-q", str(MINI), "-f", fmt, "--lang", "en")
        assert done.returncode == 0, done.stderr
        # the members' mean, 60.4, and the level most of them reach: not Camille's
        assert "(members' mean score: 60.4 / 100)" in done.stdout
        assert "Group level: Experimenting" not in done.stdout
        assert done.stdout.index("Group level") < done.stdout.index("Why this level")
