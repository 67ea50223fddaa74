"""The trafilatura extractor (``--html-extractor trafilatura``; the ``trafilatura``
extra)."""

from __future__ import annotations

import logging
from typing import Any

from dedup.errors import Skip
from dedup.extras import install


def extract_trafilatura(markup: str) -> dict[str, str | None]:
    try:
        import trafilatura
    except ImportError:
        raise Skip(f"--html-extractor trafilatura needs the trafilatura extra: {install('trafilatura')}") from None
    # its warnings ("discarding data") are about pages it gives up on, which become skip reasons
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        document: Any = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # the extractor's own parser errors, on any malformed page
        raise Skip(f"unreadable HTML: {type(err).__name__}") from None
    if document is None:
        return {"text": None}
    return {"text": document.text or None, "title": document.title or None, "date": document.date or None,
            "byline": document.author or None, "url": document.url or None, "source": document.sitename or None}
