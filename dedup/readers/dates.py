"""Dates as sortable ISO strings, so that the earliest version of a story can be found
whatever format each outlet wrote.

A date alone becomes ``YYYY-MM-DD``; a timestamp with a zone becomes UTC
(``YYYY-MM-DDTHH:MM:SS+00:00``), so that string order is time order. Text that does not name a
full date (``Monday``, ``March 5``, ``10:30 AM``, ``3 days ago``) is not a date: guessing the
missing year would make a copy look older than the original.

>>> iso_date("December 2, 2025"), iso_date("2025-12-02T08:15:00-05:00"), iso_date("Tuesday, March 5")
('2025-12-02', '2025-12-02T13:15:00+00:00', None)

A zone's name is read as its offset (``EST`` as ``-0500``, ``CET`` as ``+0100``: ``ZONES``).
Dates that dateutil cannot read, when they hold a year, go to dateparser (imported on first
need), which knows the month names of other languages; what it reads is kept as the day it
names, as a page's own date is (:mod:`dedup.readers.page_meta`):

>>> iso_date("3. März 2024"), iso_date("3 de marzo de 2024"), iso_date("2024年3月3日")
('2024-03-03', '2024-03-03', '2024-03-03')
>>> iso_date("March 4, 2024 10:00 EST")
'2024-03-04T15:00:00+00:00'
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from functools import lru_cache

from dateutil import parser as _parser

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
# the longest way of writing a date and time ("Wednesday, 24 December 2025 08:15:00 Eastern
# Standard Time") is far shorter: longer text is no date, and is not handed to the parser
LONGEST = 120
# two defaults that differ in every field: a field taken from the default shows as a difference
_DEFAULTS = (dt.datetime(1904, 1, 1), dt.datetime(1908, 2, 2))


_HOUR = 3600
# zone names as news pages write them, with their offsets. Where a name is ambiguous the reading
# of English-language news wins: CST is US Central (not China), IST India (not Ireland or
# Israel), BST British Summer Time (not Bangladesh).
ZONES: dict[str, int] = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "WEZ": 0, "WEST": _HOUR, "WESZ": _HOUR, "BST": _HOUR, "IST": 11 * _HOUR // 2,
    "CET": _HOUR, "MEZ": _HOUR, "CEST": 2 * _HOUR, "MESZ": 2 * _HOUR, "EET": 2 * _HOUR, "OEZ": 2 * _HOUR,
    "EEST": 3 * _HOUR, "OESZ": 3 * _HOUR, "MSK": 3 * _HOUR, "TRT": 3 * _HOUR, "AST": -4 * _HOUR, "ADT": -3 * _HOUR,
    "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CST": -6 * _HOUR, "CDT": -5 * _HOUR, "MST": -7 * _HOUR, "MDT": -6 * _HOUR,
    "PST": -8 * _HOUR, "PDT": -7 * _HOUR, "AKST": -9 * _HOUR, "AKDT": -8 * _HOUR, "HST": -10 * _HOUR,
    "BRT": -3 * _HOUR, "ART": -3 * _HOUR, "WIB": 7 * _HOUR, "ICT": 7 * _HOUR, "SGT": 8 * _HOUR, "HKT": 8 * _HOUR,
    "AWST": 8 * _HOUR, "PHT": 8 * _HOUR, "JST": 9 * _HOUR, "KST": 9 * _HOUR, "ACST": 19 * _HOUR // 2,
    "AEST": 10 * _HOUR, "AEDT": 11 * _HOUR, "NZST": 12 * _HOUR, "NZDT": 13 * _HOUR,
}
# without a year there is no full date: only text that holds one is worth dateparser's time
_YEAR = re.compile(r"(?<!\d)(?:1[89]|2[01])\d\d(?!\d)|\d{4}\s*年")
# the languages dateparser tries (those of the news the project is tuned on, and a few more);
# trying all of its 200 locales takes seconds on text that names no date
LANGUAGES = ("en", "de", "es", "fr", "it", "pt", "nl", "tr", "pl", "ru", "uk", "zh", "ja", "ar")


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
            warnings.simplefilter("ignore")  # zone names not in ZONES: read as local time, quietly
            first, second = (_parser.parse(text, default=d, tzinfos=ZONES) for d in _DEFAULTS)
        if first.date() != second.date():
            return None
        return _as_iso(first, has_time=bool(_HAS_TIME.search(text)))
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return other_languages(text)


@lru_cache(maxsize=4096)  # a feed writes the same few days again and again, and each reading takes milliseconds
def other_languages(text: str) -> str | None:
    """The day that ``text`` names in any of ``LANGUAGES`` (``3 Mart 2024``, ``3 marca
    2024``), read by dateparser with relative dates ("vor 3 Tagen") and dates missing their
    day, month or year refused, or ``None``."""
    if not _YEAR.search(text):
        return None
    try:
        found = _date_parser().get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd text; odd text names no date
        return None
    if found is None or found.date_obj is None or found.period != "day":
        return None
    try:
        return found.date_obj.date().isoformat()
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=1)
def _date_parser():
    """dateparser's parser for ``LANGUAGES``: absolute dates only, all three parts required."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(LANGUAGES), settings={
        "PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False})


def _as_iso(value: dt.datetime, has_time: bool) -> str | None:
    try:
        if not has_time:
            return value.date().isoformat()
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.isoformat()
    except (ValueError, OverflowError):
        return None
