"""Dates: today (for every review-date decision, so reviewers, tests and CI can look at another day),
and calendar dates as front matter and mkdocs.yml write them."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from alliance.problems import AllianceError

TODAY_VARIABLE = "ALLIANCE_TODAY"


def today() -> dt.date:
    """Today's date, or ALLIANCE_TODAY (YYYY-MM-DD) so reviewers and tests can see a future build."""
    value = os.environ.get(TODAY_VARIABLE)
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AllianceError(
            f"{TODAY_VARIABLE}: '{value}' is not a date; write YYYY-MM-DD or unset it"
        ) from None


def as_date(value: Any) -> dt.date | None:
    """A calendar date from YAML (a date, or ISO text), or None; a date with a time is refused."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
