"""Dates as ISO ``YYYY-MM-DD`` (or full ISO timestamps when a time is given), so that the
earliest version of a story can be found whatever format each outlet wrote.

>>> iso_date("December 2, 2025"), iso_date("2025-12-02T08:15:00Z"), iso_date("soon")
('2025-12-02', '2025-12-02T08:15:00+00:00', None)
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as _parser

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_DEFAULT = dt.datetime(2000, 1, 1)


def iso_date(raw: str | None) -> str | None:
    """Return ``raw`` as an ISO date or timestamp, or ``None`` if it is not a date."""
    if not raw or not raw.strip():
        return None
    try:
        parsed = _parser.parse(raw.strip(), default=_DEFAULT)
    except (ValueError, OverflowError):
        return None
    if _HAS_TIME.search(raw):
        return parsed.isoformat()
    return parsed.date().isoformat()
