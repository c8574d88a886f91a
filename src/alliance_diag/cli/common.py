"""What every command shares: the date its reports carry."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from alliance_diag.errors import UsageError
from alliance_diag.i18n import Catalog

_ = Catalog(
    {
        "bad_epoch": {
            "fr": "SOURCE_DATE_EPOCH doit être un nombre de secondes depuis le "
            "1er janvier 1970, entre 0 et {top} ; reçu « {value} ».",
            "en": "SOURCE_DATE_EPOCH must be a number of seconds since 1 January 1970, "
            "between 0 and {top}; got '{value}'.",
        },
    }
)

# 31 December 9999, the last day a date can hold
_LAST_EPOCH = 253402300799


def report_day() -> date:
    """The date every report of this run says it was generated: today, or the day the
    reproducible-builds ``SOURCE_DATE_EPOCH`` gives, so that the same answers give the
    same files. Decided once here; the renderers take it as an argument."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return date.today()
    value = epoch.strip()
    if not (value.isascii() and value.isdigit()) or int(value) > _LAST_EPOCH:
        raise UsageError(_("bad_epoch", value=epoch[:40], top=_LAST_EPOCH))
    return datetime.fromtimestamp(int(value), tz=UTC).date()
