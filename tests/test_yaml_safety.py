"""The YAML reader: safe loading, located errors, and files built to explode."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from alliance_diag.errors import InputError
from alliance_diag.i18n import set_language
from alliance_diag.io.located_yaml import MAX_BYTES, load_yaml_file, load_yaml_text


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def error_of(text: str) -> str:
    with pytest.raises(InputError) as caught:
        load_yaml_text(text, "f.yaml")
    return str(caught.value)


def test_python_object_tags_are_refused() -> None:
    message = error_of("a: !!python/object/apply:os.system ['echo pwned']\n")
    assert message.startswith("f.yaml:1:4: ")
    assert "!!python/object/apply:os.system" in message
    assert "not allowed" in message


def test_python_tags_refused_in_questionnaire_files(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text("id: !!python/name:os.system\n", encoding="utf-8")
    with pytest.raises(InputError, match="not allowed"):
        load_yaml_file(path)


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    start = time.perf_counter()
    message = error_of("\n".join(lines) + "\n")
    assert "too large once expanded" in message
    # a generous bound: without the node limit this would never finish
    assert time.perf_counter() - start < 5


def test_an_alias_of_long_text_is_bounded_by_its_characters() -> None:
    # 4 MB of text used a thousand times: few values, but gigabytes once expanded
    text = f"a: &a '{'x' * 4_000_000}'\nb: [{', '.join(['*a'] * 1000)}]\n"
    start = time.perf_counter()
    message = error_of(text)
    assert message.startswith("f.yaml:1:4: ")  # the text that is repeated
    assert "YAML text too long once expanded (more than 10000000 characters" in message
    assert time.perf_counter() - start < 5


def test_text_used_twice_within_the_bound_is_read() -> None:
    text = f"a: &a '{'x' * 1_000_000}'\nb: [*a, *a]\n"
    assert load_yaml_text(text, "f.yaml").data["b"] == ["x" * 1_000_000] * 2


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("w") as stream:
        stream.write("a: '")
        stream.write("x" * (MAX_BYTES + 10))
        stream.write("'\n")
    with pytest.raises(InputError, match="file too large"):
        load_yaml_file(path)


def test_deep_nesting_is_refused() -> None:
    # libyaml stops at its own nesting limit, the pure-Python parser at ours
    message = error_of("[" * 5000)
    assert "nested too deeply" in message or "maximum nesting depth" in message
    assert message.startswith("f.yaml")


def test_malformed_yaml_is_located() -> None:
    message = error_of("a: 1\nb: [1, 2\n")
    # where the list was opened, not the end of the file where the parser noticed
    assert message == "f.yaml:2:4: invalid YAML: list [ … ] not closed (',' or ']' missing)"
    assert error_of("a: b: c\n") == (
        "f.yaml:1:5: invalid YAML: unexpected ':'; if the value holds a colon, put it in quotes"
    )


def test_duplicate_keys_are_errors() -> None:
    message = error_of("a: 1\nb: 2\na: 3\n")
    assert message.startswith("f.yaml:3:1: ")
    assert "'a' appears twice" in message


def test_yes_and_no_stay_text() -> None:
    data = load_yaml_text("a: yes\nb: no\nc: on\nd: true\n", "f.yaml").data
    assert data == {"a": "yes", "b": "no", "c": "on", "d": True}


def test_positions_are_recorded() -> None:
    located = load_yaml_text("a:\n  b:\n    - x\n    - {c: 1}\n", "f.yaml")
    assert located.position(("a", "b", 1, "c")) == (4, 8)
    # an unknown deeper path falls back to the closest known ancestor
    assert located.position(("a", "b", 1, "c", "zz")) == (4, 8)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("a: é\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_yaml_file(path)


def test_a_control_character_is_located_in_our_words() -> None:
    message = error_of("a: 1\nb: é\x01\n")
    assert message == (
        "f.yaml:2:5: control character U+0001 is not allowed in YAML: remove it, or write it "
        "\\u0001 inside double quotes"
    )


def test_a_merge_then_a_key_overrides_the_merged_value() -> None:
    text = "base: &base {a: 1, c: 2}\nitem:\n  <<: *base\n  a: 3\n"
    assert load_yaml_text(text, "f.yaml").data["item"] == {"a": 3, "c": 2}


def test_a_key_written_twice_beside_a_merge_is_still_a_duplicate() -> None:
    message = error_of("item:\n  <<: {a: 1}\n  a: 2\n  a: 3\n")
    assert message == "f.yaml:4:3: key 'a' appears twice (its first value would be ignored)"
