"""A package's ``created`` date when its recipe gives none: the day it is made, never invented.

Why: the release date, the citation's year and every timestamp in a release's zip and workbook
come from ``created``. A date made up from the report years (a 2018–2025 panel "created" on
2025-01-01) is cited as "(2025)" though the data was made in 2026. So ``gwrdata init`` (of one
report or of a panel) writes the day it was run into the new recipe (builds of that recipe then
stay byte-deterministic; edit it to date the data otherwise), and a recipe without ``created``
(one report or a panel) is dated by its build: the
``SOURCE_DATE_EPOCH`` of reproducible builds when it is set, else today's date (UTC, at
midnight, so two builds on one day give the same bytes).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from gwrdata.errors import InputError

EPOCH = "SOURCE_DATE_EPOCH"


def now() -> str:
    """``created`` for something made now: SOURCE_DATE_EPOCH's moment, else today at 00:00 UTC."""
    value = os.environ.get(EPOCH, "").strip()
    if not value:
        return datetime.now(UTC).strftime("%Y-%m-%dT00:00:00Z")
    try:
        moment = datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise InputError(EPOCH, "", f"{value[:40]!r} is not a number of seconds since 1970-01-01",
                         f"set {EPOCH} to an integer such as 1767225600, or unset it") from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
