"""The ``imported:`` date of a corpus file: when the importer last wrote its page with new content.

Written as an ISO 8601 date-time with its offset, to the second
(``imported: 2026-11-22T23:49:47+00:00``). The reader also takes a plain date
(``2026-11-22``, read as midnight UTC) and a quoted date-time; a date-time without
a time zone is refused, since a feed and a coverage line need the instant.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

EXAMPLE = "2024-05-01T12:00:00+00:00"


def imported_date(value: Any) -> dt.datetime:
    """Return the front matter value ``value`` (as YAML read it) as an aware date-time.

    Raises ValueError with a message for the corpus file when it is not an ISO 8601
    date or a date-time with a time zone.
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            value = (dt.date.fromisoformat(text) if len(text) == len("2024-05-01")
                     else dt.datetime.fromisoformat(text))
        except ValueError:
            raise ValueError(f"'imported' must be an ISO 8601 date or date-time, e.g. "
                             f"{EXAMPLE}, not {text[:40]!r}") from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"'imported' needs a time zone, e.g. {EXAMPLE} "
                             f"(or Z for UTC)")
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    raise ValueError(f"'imported' must be an ISO 8601 date or date-time, e.g. {EXAMPLE}")


def format_imported(value: dt.datetime) -> str:
    """Return ``value`` as the corpus writes it: ISO 8601 with its offset (the importer's
    dates are to the second)."""
    return value.isoformat()


def import_time(now: dt.datetime | None = None) -> dt.datetime:
    """Return the date a page imported now gets: ``now`` (default: the current time), in
    UTC, to the second. Raises ValueError for a ``now`` without a time zone."""
    moment = dt.datetime.now(dt.UTC) if now is None else now
    if moment.tzinfo is None:
        raise ValueError("the import time needs a time zone")
    return moment.astimezone(dt.UTC).replace(microsecond=0)
