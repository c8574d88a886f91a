"""'Did you mean …?' for misspelt ids, column names and options."""

from __future__ import annotations

import difflib
from collections.abc import Collection

from alliance_diag.core.i18n import Catalog

_ = Catalog(
    {"hint": {"fr": " (vouliez-vous dire « {guess} » ?)", "en": " (did you mean '{guess}'?)"}},
)


def did_you_mean(word: str, candidates: Collection[str]) -> str:
    """The closest candidate to a misspelt word, or ''."""
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return close[0] if close else ""


def suggestion(word: str, candidates: Collection[str], lang: str | None = None) -> str:
    """' (did you mean 'x'?)' in the message language, or '' when nothing is close."""
    guess = did_you_mean(word, candidates)
    return _("hint", lang, guess=guess) if guess else ""
