"""JSON articles: one object per ``.json`` file, one per line in ``.jsonl``/``.ndjson``.

Field names come from the config (``text_field``, ``id_field``, …); values that are not
strings are turned into text (a numeric id ``17`` becomes ``"17"``).
"""

from __future__ import annotations

import json
from typing import Any

from dedup.config import Config


class RecordError(ValueError):
    """A JSON value that is not an article; the message is the skip reason."""


def parse_json(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        where = f"line {err.lineno} column {err.colno}" if err.lineno > 1 else f"column {err.colno}"
        raise RecordError(f"invalid JSON: {err.msg.removesuffix(' at')} at {where}") from None


def record_fields(value: Any, config: Config) -> dict[str, str | None]:
    """Pick the article fields out of one decoded JSON value."""
    if not isinstance(value, dict):
        raise RecordError(
            f"no text: expected a JSON object with a {config.text_field!r} field, found {type(value).__name__}"
        )
    text = value.get(config.text_field)
    if text is None:
        raise RecordError(f"no text field {config.text_field!r} (set --text-field to the field that holds it)")
    if not isinstance(text, str):
        raise RecordError(f"no text: field {config.text_field!r} holds {type(text).__name__}, not a string")

    def field(name: str) -> str | None:
        raw = value.get(name)
        return None if raw is None or raw == "" else str(raw)

    return {
        "text": text,
        "id": field(config.id_field),
        "title": field(config.title_field),
        "date": field(config.date_field),
        "source": field(config.source_field),
        "url": field(config.url_field),
    }
