"""User-facing messages in French and English, and the choice of language."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import ClassVar

LANGUAGES = ("fr", "en")
_current: str | None = None


def language_code(value: str) -> str | None:
    """The language a code names when it is one we speak, in any case and with or without
    a region: ``fr``, ``FR``, ``fr_FR.UTF-8`` and ``en-GB`` name fr and en; None otherwise."""
    code = re.split(r"[-_.@:]", value.strip(), maxsplit=1)[0].lower()
    return code if code in LANGUAGES else None


def language_from_env() -> str | None:
    """The language named by LANGUAGE / LC_ALL / LANG when it is one we speak."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = language_code(os.environ.get(var, ""))
        if code is not None:
            return code
    return None


def set_language(lang: str | None) -> None:
    """Fix the language of messages for this process: the CLI's ``--lang``, else the
    environment's, chosen by the CLI (the library never reads the environment)."""
    global _current
    _current = lang


def language_is_set() -> bool:
    """Whether the CLI has chosen the language of messages for this process."""
    return _current is not None


def current_language() -> str:
    """The language for messages: the one set for this process, else French."""
    return _current or "fr"


def choose_language(requested: str | None, available: list[str], default: str | None) -> str:
    """The language of a report: asked for, else the questionnaire's default, else the
    process's language."""
    for candidate in (requested, default, _current, *available):
        if candidate and candidate in available:
            return candidate
    return available[0]


def pick(text: Mapping[str, str] | None, lang: str) -> str:
    """One language's version of a text, falling back to any language present."""
    if not text:
        return ""
    return text.get(lang) or next(iter(text.values()))


# French typography: a narrow no-break space groups thousands and a no-break space
# sits before %, so "1 000" and "63 %" never wrap across lines.
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def typeset_fr(text: str) -> str:
    """French as a board reads it: typographic apostrophes, a no-break space before « : »,
    narrow no-break spaces before ; ? ! and inside « »; the one place of these rules."""
    text = text.replace("'", "\u2019")
    # inside « » first, so that a quoted « : » keeps narrow spaces on both sides
    text = text.replace("« ", "«" + NARROW_NBSP).replace(" »", NARROW_NBSP + "»")
    text = text.replace(" :", NBSP + ":")
    for mark in ";?!":
        text = text.replace(" " + mark, NARROW_NBSP + mark)
    return text


class Catalog:
    """A module's own messages, each in every language, formatted with ``str.format``;
    French is typeset once, here, so that no message has to remember how."""

    # every catalog made, for the test that proofreads them all
    made: ClassVar[list[Catalog]] = []

    def __init__(self, messages: dict[str, dict[str, str]]) -> None:
        for key, texts in messages.items():
            missing = [lang for lang in LANGUAGES if lang not in texts]
            if missing:
                raise ValueError(f"message {key!r} lacks {missing}")
        self._messages = {
            key: {lang: typeset_fr(text) if lang == "fr" else text for lang, text in texts.items()}
            for key, texts in messages.items()
        }
        Catalog.made.append(self)

    def french(self) -> list[str]:
        """Every French message, as shown."""
        return [texts["fr"] for texts in self._messages.values()]

    def __call__(self, key: str, lang: str | None = None, /, **values: object) -> str:
        texts = self._messages[key]
        return texts[lang or current_language()].format(**values)

    def __contains__(self, key: object) -> bool:
        return key in self._messages


def format_number(
    value: float | None, lang: str, digits: int | None = 1, *, grouped: bool = True
) -> str:
    """``63,4`` in French, ``63.4`` in English; thousands grouped; empty for None.

    ``digits=None`` writes only the decimals needed (``1,5`` and ``2``, for weights and counts);
    ``grouped=False`` leaves thousands ungrouped, for text a person may edit and we read back
    (``1,000`` would read as one in French).
    """
    if value is None:
        return ""
    comma = "," if grouped else ""
    if digits is None:
        text = f"{value:{comma}.6f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:{comma}.{digits}f}"
    if lang == "fr":
        return text.replace(",", NARROW_NBSP).replace(".", ",")
    return text
