"""The one base of every frozen model: questionnaires, results, group and network views."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """A value that never changes once built, and refuses unknown fields.

    Infinite or undefined numbers are refused: they would pass every check and then give
    scores that mean nothing, and a result read back (compare takes score's JSON) holds
    finite numbers only."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
