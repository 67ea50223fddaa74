"""Records: a JSON object (a ``.json`` file, a line of JSON Lines, an element of a JSON
array), a CSV row or a Parquet row, and the article fields picked out of it.

Field names come from the config (``text_field``, ``id_field``, …) and may be dotted paths
into nested records (``content.body``); a key that itself holds the dots wins. Ids may be
strings or whole numbers (``17`` becomes ``"17"``); dates and times become ISO text; other
metadata values that are not strings are written out as JSON would show them.

>>> record_fields({"content": {"body": "Dock workers walked out."}, "id": 7}, Config(text_field="content.body"))["id"]
'7'
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import IO, Any

from dedup.config import Config
from dedup.errors import Skip


class RecordError(Skip):
    """A JSON value that is not an article; the message is the skip reason."""


def parse_json(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        where = f"line {err.lineno} column {err.colno}" if err.lineno > 1 else f"column {err.colno}"
        raise RecordError(f"invalid JSON: {err.msg.removesuffix(' at')} at {where}") from None
    except RecursionError:
        raise RecordError("invalid JSON: nested too deeply to read") from None
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        raise RecordError(f"invalid JSON: {err}") from None


def kind(value: Any) -> str:
    """How a JSON value reads to a person: 'an object', 'a list', 'a number', …"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    names = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}
    return names.get(type(value), f"a value of type {type(value).__name__}")


def record_fields(value: Any, config: Config) -> dict[str, str | None]:
    """Pick the article fields out of one decoded JSON value."""
    if not isinstance(value, dict):
        raise RecordError(f"no text: expected an object with a {config.text_field!r} field, found {kind(value)}")
    text = lookup(value, config.text_field)
    if text is None:
        raise RecordError(f"no text: field {config.text_field!r} is missing (set --text-field to the field that holds it)")
    if not isinstance(text, str):
        raise RecordError(f"no text: field {config.text_field!r} holds {kind(text)}, not a string")
    raw_id = lookup(value, config.id_field)
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        raise RecordError(f"bad id: field {config.id_field!r} holds {kind(raw_id)}; ids are strings or whole numbers")

    def field(name: str) -> str | None:
        raw = lookup(value, name) if name else None
        if raw is None or raw == "":
            return None
        if isinstance(raw, str):
            return raw
        if isinstance(raw, (dt.date, dt.time)):  # Parquet's dates and timestamps
            return raw.isoformat()
        return json.dumps(raw, ensure_ascii=False, default=str)

    return {
        "text": text,
        "id": None if raw_id is None or raw_id == "" else str(raw_id),
        "title": field(config.title_field),
        "date": field(config.date_field),
        "source": field(config.source_field),
        "url": field(config.url_field),
    }


def lookup(record: dict[str, Any], name: str) -> Any:
    """``record[name]``, or the value at the dotted path ``name`` (``None`` when absent)."""
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def bounded_lines(handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Number and bytes of each line; ``None`` for a line longer than ``limit`` bytes, which
    is passed over without being held in memory."""
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line
