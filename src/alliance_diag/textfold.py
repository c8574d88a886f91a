"""Text compared as people read it: accents and ligatures folded away."""

from __future__ import annotations

import re
import unicodedata

# letters that NFKD leaves whole: without this, 'Œuvre' would never match 'Oeuvre'
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
    }
)


def strip_accents(text: str) -> str:
    """'Œuvre déjà' → 'Oeuvre deja'; case and punctuation are kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# bidirectional overrides reorder what a terminal or page shows: 'gpj.exe' can read 'exe.jpg'
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def printable(text: str) -> str:
    """Text a user typed, safe to print: no control codes (ESC sequences) nor bidi overrides."""
    return "".join(
        char
        for char in text
        if char in "\n\t" or (unicodedata.category(char) != "Cc" and char not in _BIDI)
    )


# what takes no room on screen: controls but tab and line feed, soft hyphen, zero-width
# spaces and joiners, direction marks, bidi embeddings and isolates, word joiners and
# invisible operators, byte order marks, interlinear annotations, tag characters
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def visible_text(text: str) -> str | None:
    """Text a respondent typed (an organisation's name, an answer), as it shows: without
    the characters that take no room on screen, which would split groups that print the
    same and carry terminal codes into the summary; None when nothing visible is left."""
    return _INVISIBLE.sub("", text).strip() or None


_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Text compared as people read it: no case, accents, punctuation or extra spaces."""
    return " ".join(_NON_WORD.sub(" ", strip_accents(text.casefold())).split())


def number_text(text: str) -> str:
    """``1 234,5`` → ``1234.5``: French decimal commas and grouped thousands."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    return cleaned
