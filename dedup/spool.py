"""Every article a scan signs, kept in a temporary file until the scan ends, so that no later
stage reads an input again (the boilerplate pass re-signs articles from here, the report
shows them from here).

A record is the article's text as read (UTF-8) and its matching spans; the file holds about a
byte a character of text, on the temporary folder's disk (``TMPDIR``), and is gone when the
spool is closed. Rows are numbered in the order articles are added, as
:class:`~dedup.signed.Signed` numbers them.

>>> from dedup.records import Article
>>> with Spool() as spool:
...     spool.add([Article("a", "Share\\nDock workers walked out.", matching=((6, 30),))])
...     spool.article(0, "a").matching_text
'Dock workers walked out.'
"""

from __future__ import annotations

import struct
import tempfile
from array import array
from typing import Iterable

from dedup.records import Article

_COUNT = struct.Struct("<I")


class Spool:
    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="newsdedup-spool-")
        self._ends = array("q", [0])

    def __len__(self) -> int:
        return len(self._ends) - 1

    def add(self, articles: Iterable[Article]) -> None:
        """Append articles (their text and matching spans), one row each."""
        chunk = bytearray()
        for article in articles:
            spans = article.matching
            record = bytearray(_COUNT.pack(-1 & 0xFFFFFFFF if spans is None else len(spans)))
            if spans:
                record += array("q", [p for span in spans for p in span]).tobytes()
            record += article.text.encode("utf-8", "surrogatepass")
            chunk += record
            self._ends.append(self._ends[-1] + len(record))
        self._file.seek(0, 2)
        self._file.write(chunk)

    def article(self, row: int, id: str, **fields: object) -> Article:
        """Row ``row`` as an article with this id (and any other fields given)."""
        start, end = self._ends[row], self._ends[row + 1]
        self._file.seek(start)
        record = self._file.read(end - start)
        (count,) = _COUNT.unpack_from(record)
        offset = _COUNT.size
        matching = None
        if count != 0xFFFFFFFF:
            values = array("q")
            values.frombytes(record[offset : offset + 16 * count])
            matching = tuple((values[2 * i], values[2 * i + 1]) for i in range(count))
            offset += 16 * count
        return Article(id, record[offset:].decode("utf-8", "surrogatepass"), matching=matching, **fields)  # type: ignore[arg-type]

    def matching_texts(self, rows: Iterable[int]) -> list[str]:
        """The matching text of each row, read in row order from the file."""
        return [self.article(row, "").matching_text for row in rows]

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
