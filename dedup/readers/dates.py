"""Dates as sortable ISO strings, so that the earliest version of a story can be found
whatever format each outlet wrote.

A date alone becomes ``YYYY-MM-DD``; a timestamp with a zone becomes UTC
(``YYYY-MM-DDTHH:MM:SS+00:00``), so that string order is time order. Text that does not name a
full date (``Monday``, ``March 5``, ``10:30 AM``, ``3 days ago``) is not a date: guessing the
missing year would make a copy look older than the original.

>>> iso_date("December 2, 2025"), iso_date("2025-12-02T08:15:00-05:00"), iso_date("Tuesday, March 5")
('2025-12-02', '2025-12-02T13:15:00+00:00', None)
"""

from __future__ import annotations

import datetime as dt
import re
import warnings

from dateutil import parser as _parser

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
# the longest way of writing a date and time ("Wednesday, 24 December 2025 08:15:00 Eastern
# Standard Time") is far shorter: longer text is no date, and is not handed to the parser
LONGEST = 120
# two defaults that differ in every field: a field taken from the default shows as a difference
_DEFAULTS = (dt.datetime(1904, 1, 1), dt.datetime(1908, 2, 2))


def iso_date(raw: str | None) -> str | None:
    """Return ``raw`` as an ISO date or UTC timestamp, or ``None`` if it names no full date."""
    if not raw or not raw.strip():
        return None
    text = raw.strip()
    if len(text) > LONGEST:
        return None
    try:
        return _as_iso(dt.datetime.fromisoformat(text), has_time="T" in text or " " in text)
    except ValueError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown zone names: read as local time, quietly
            first, second = (_parser.parse(text, default=d) for d in _DEFAULTS)
        if first.date() != second.date():
            return None
        return _as_iso(first, has_time=bool(_HAS_TIME.search(text)))
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None


def _as_iso(value: dt.datetime, has_time: bool) -> str | None:
    try:
        if not has_time:
            return value.date().isoformat()
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.isoformat()
    except (ValueError, OverflowError):
        return None
