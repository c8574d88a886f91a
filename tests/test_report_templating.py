"""The template environment: locale formats, Markdown escaping, overrides, located errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from alliance_diag.core.dates import format_date
from alliance_diag.core.errors import InputError
from alliance_diag.core.i18n import set_language
from alliance_diag.report.templating import (
    environment,
    escaped,
    format_number,
    format_percent,
    get_template,
    markdown_escape,
    render_template,
)


@pytest.mark.parametrize(
    ("value", "lang", "digits", "expected"),
    [
        (63.44, "fr", 1, "63,4"),
        (63.44, "en", 1, "63.4"),
        (100.0, "fr", 1, "100,0"),
        (1234.5, "fr", 1, "1\u202f234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (1.5, "fr", None, "1,5"),
        (2.0, "fr", None, "2"),
        (0.75, "en", None, "0.75"),
        (None, "fr", 1, ""),
    ],
)
def test_numbers(value: float | None, lang: str, digits: int | None, expected: str) -> None:
    assert format_number(value, lang, digits) == expected


def test_percent_and_dates() -> None:
    assert format_percent(0.853, "fr") == "85\u00a0%"
    assert format_percent(0.853, "en") == "85%"
    assert format_date(date(2026, 11, 26), "fr") == "26 novembre 2026"
    assert format_date(date(2026, 11, 26), "en") == "26 November 2026"
    assert format_date(date(2026, 2, 1), "fr") == "1er février 2026"
    assert format_date(date(2026, 8, 3), "fr") == "3 août 2026"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("*gras* [lien](x) a|b", "\\*gras\\* \\[lien\\](x) a\\|b"),
        ("Jean-Pierre & Cie", "Jean-Pierre & Cie"),
        ("&lt;", "\\&lt;"),
        ("# titre", "\\# titre"),
        ("- puce", "\\- puce"),
        ("12. item", "12\\. item"),
        ("deux\nlignes", "deux lignes"),
    ],
)
def test_markdown_escape(text: str, expected: str) -> None:
    assert markdown_escape(text) == expected


def test_autoescape_only_for_html(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("{{ value }}", "utf-8")
    html = get_template(tmp_path, "t.j2", html=True)
    text = get_template(tmp_path, "t.j2", html=False)
    assert render_template(html, value="<b>") == "&lt;b&gt;"
    assert render_template(text, value="<b>") == "<b>"


def test_override_folder_comes_first_and_ours_stay_behind(tmp_path: Path) -> None:
    (tmp_path / "brand.css").write_text(".logo { color: red; }", "utf-8")
    env = environment(tmp_path, html=True)
    assert env.get_template("brand.css").render() == ".logo { color: red; }"
    assert "report.css" in env.list_templates()


def test_environment_is_built_once_per_folder(tmp_path: Path) -> None:
    assert environment(tmp_path, html=True) is environment(tmp_path, html=True)
    assert environment(tmp_path, html=True) is not environment(tmp_path, html=False)


def test_missing_folder_is_a_located_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(InputError) as caught:
        environment(missing, html=True)
    assert str(caught.value).startswith(str(missing))


def test_template_mistakes_are_located(tmp_path: Path) -> None:
    (tmp_path / "syntax.j2").write_text("ok\n{% if %}\n", "utf-8")
    (tmp_path / "undefined.j2").write_text("ok\n{{ no_such_name }}\n", "utf-8")
    with pytest.raises(InputError) as syntax:
        get_template(tmp_path, "syntax.j2", html=False)
    assert f"{tmp_path / 'syntax.j2'}:2:" in str(syntax.value)
    template = get_template(tmp_path, "undefined.j2", html=False)
    with pytest.raises(InputError) as undefined:
        render_template(template)
    assert f"{tmp_path / 'undefined.j2'}:2:" in str(undefined.value)
    assert "no_such_name" in str(undefined.value)


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language(None)


@pytest.mark.parametrize(
    ("body", "line", "detail"),
    [
        ("a\nb\n{{ 1 / 0 }}\n", 3, "division by zero"),
        ("{% macro again() %}{{ again() }}{% endmacro %}\n{{ again() }}\n", 1, "recursion"),
        ("a\n{{ cycler.__init__.__globals__ }}\n", 2, "unsafe"),
        ("a\n{{ 'x' * 10 ** 7 }}\n", 2, "result too large"),
    ],
)
def test_a_template_failing_as_it_runs_is_located(
    tmp_path: Path, body: str, line: int, detail: str, english: None
) -> None:
    (tmp_path / "t.j2").write_text(body, "utf-8")
    template = get_template(tmp_path, "t.j2", html=False)
    with pytest.raises(InputError) as caught:
        render_template(template)
    assert str(caught.value).startswith(f"{tmp_path / 't.j2'}:{line}: ")
    assert detail in str(caught.value)


def test_only_regular_utf8_files_inside_the_folder_are_templates(
    tmp_path: Path, english: None
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("root:x:0:0\n")
    (folder / "leak.j2").symlink_to(tmp_path / "secret.txt")
    (folder / "latin1.j2").write_bytes(b"ok\nR\xe9sum\xe9\n")
    (folder / "real.j2").write_text("{{ 1 + 1 }}\n", "utf-8")
    (folder / "alias.j2").symlink_to("real.j2")
    with pytest.raises(InputError, match="not a regular file inside the template folder"):
        get_template(folder, "leak.j2", html=False)
    with pytest.raises(InputError) as latin1:
        get_template(folder, "latin1.j2", html=False)
    assert str(latin1.value).startswith(f"{folder / 'latin1.j2'}:2: ")
    assert render_template(get_template(folder, "alias.j2", html=False)) == "2\n"


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ('{% import "palette.j2" as palette %}{{ palette.accent }}', "#2f6f8f"),
        ('{% import "palette.j2" as palette %}{{ palette["accent"] }}', "#2f6f8f"),
        ("{% for x in [1, 2] %}{{ loop.first }}{{ loop.length }} {% endfor %}", "True2 False2 "),
        ("{{ t.colon }}|{{ t.items is callable }}|{{ t.nothing is undefined }}", ":|True|True"),
    ],
)
def test_a_template_reads_words_and_colours_as_jinja_reads_them(
    tmp_path: Path, body: str, shown: str
) -> None:
    """``t.colon`` is the key, ``t.items`` the dict's method, as in Jinja without the fast
    path for headings and palette colours."""
    (tmp_path / "t.j2").write_text(body, "utf-8")
    template = get_template(tmp_path, "t.j2", html=True)
    assert render_template(template, t={"colon": ":"}) == shown


def test_what_palette_j2_sets_is_read_and_nothing_underscored(
    tmp_path: Path, english: None
) -> None:
    (tmp_path / "t.j2").write_text(
        '{% import "palette.j2" as palette %}\n{{ palette.__class__ }}\n', "utf-8"
    )
    template = get_template(tmp_path, "t.j2", html=True)
    with pytest.raises(InputError) as caught:
        render_template(template)
    assert str(caught.value).startswith(f"{tmp_path / 't.j2'}:2: ")
    assert "unsafe" in str(caught.value)


@given(
    st.one_of(
        st.text(),
        st.integers(),
        st.floats(allow_nan=False),
        st.none(),
        st.text().map(Markup),
    )
)
def test_a_value_is_written_into_a_page_as_markupsafe_escapes_it(value: object) -> None:
    """The pages write each value as plain text, not Markup: the same characters."""
    assert escaped(value) == str(markupsafe.escape(value))
