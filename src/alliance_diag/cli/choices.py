"""An option's value among fixed choices: any case, and a suggestion when it is misspelt."""

from __future__ import annotations

from collections.abc import Sequence

from alliance_diag.core.errors import UsageError
from alliance_diag.core.i18n import Catalog
from alliance_diag.core.suggest import did_you_mean

_ = Catalog(
    {
        "bad_choice": {
            "fr": "{option} : « {value} » n'est pas un choix possible.{guess} Choix : {choices}.",
            "en": "{option}: '{value}' is not one of the choices.{guess} Choices: {choices}.",
        },
        "guess": {"fr": " Vouliez-vous dire {guess} ?", "en": " Did you mean {guess}?"},
    }
)


def choose(option: str, value: str, choices: Sequence[str]) -> str:
    """The choice ``value`` names, whatever its case; a usage error saying what was meant."""
    folded = value.strip().casefold()
    for choice in choices:
        if choice.casefold() == folded:
            return choice
    guess = did_you_mean(folded, [c.casefold() for c in choices])
    raise UsageError(
        _(
            "bad_choice",
            option=option,
            value=value,
            guess=_("guess", guess=guess) if guess else "",
            choices=", ".join(choices),
        )
    )
