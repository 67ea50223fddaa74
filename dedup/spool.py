"""Every article a scan signs, kept in a temporary file until the scan ends, so that no later
stage reads an input again: the boilerplate pass re-signs articles from their kept signing
forms, and the same-story tier (when on) profiles them again from their kept text.

A record is the article's signing form (:func:`dedup.normalize.signing_form`, about a byte a
character of text) and, when asked for, its text as read with its matching spans; the file
sits in the temporary folder (``TMPDIR``) and is gone when the spool is closed. Rows are
numbered in the order articles are added, as :class:`~dedup.signed.Signed` numbers them.

>>> from dedup.records import Article
>>> with Spool(articles=True) as spool:
...     spool.add([(Article("a", "Share\\nDock workers walked out.", matching=((6, 30),)), b"dock workers walked out")])
...     spool.forms([0]), spool.article(0, "a").matching_text
([b'dock workers walked out'], 'Dock workers walked out.')
"""

from __future__ import annotations

import struct
import tempfile
from array import array
from collections.abc import Iterable

from dedup.records import Article

_HEADER = struct.Struct("<QI")  # the form's length, the number of matching spans (or NONE)
_NONE = 0xFFFFFFFF


class Spool:
    def __init__(self, articles: bool = False) -> None:
        self.articles = articles
        self._file = tempfile.TemporaryFile(prefix="newsdedup-spool-")
        self._ends = array("q", [0])

    def __len__(self) -> int:
        return len(self._ends) - 1

    def add(self, items: Iterable[tuple[Article, bytes]]) -> None:
        """Append ``(article, signing form)`` pairs, one row each."""
        chunk = bytearray()
        base = self._ends[-1]
        for article, form in items:
            spans = article.matching if self.articles else None
            chunk += _HEADER.pack(len(form), _NONE if spans is None else len(spans))
            chunk += form
            if self.articles:
                if spans:
                    chunk += array("q", [p for span in spans for p in span]).tobytes()
                chunk += article.text.encode("utf-8", "surrogatepass")
            self._ends.append(base + len(chunk))
        self._file.seek(0, 2)
        self._file.write(chunk)

    def forms(self, rows: Iterable[int]) -> list[bytes]:
        """The signing form of each row."""
        out = []
        for row in rows:
            record = self._record(row)
            size, _ = _HEADER.unpack_from(record)
            out.append(bytes(record[_HEADER.size : _HEADER.size + size]))
        return out

    def article(self, row: int, id: str, **fields: object) -> Article:
        """Row ``row`` as an article with this id (and any other fields given); only from a
        spool that keeps articles."""
        record = self._record(row)
        size, count = _HEADER.unpack_from(record)
        offset = _HEADER.size + size
        matching = None
        if count != _NONE:
            values = array("q")
            values.frombytes(record[offset : offset + 16 * count])
            matching = tuple((values[2 * i], values[2 * i + 1]) for i in range(count))
            offset += 16 * count
        return Article(id, bytes(record[offset:]).decode("utf-8", "surrogatepass"), matching=matching, **fields)  # type: ignore[arg-type]

    def matching_texts(self, rows: Iterable[int]) -> list[str]:
        return [self.article(row, "").matching_text for row in rows]

    def _record(self, row: int) -> bytes:
        start, end = self._ends[row], self._ends[row + 1]
        self._file.seek(start)
        return self._file.read(end - start)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
