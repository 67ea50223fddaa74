"""Reading articles from files, folders, streams and data frames.

Text, Markdown, JSON (an object or an array of records), JSON Lines, CSV, Parquet and saved
web pages, in whatever encoding they came in, compressed or not; site chrome found and kept
out of each article's matching text (:mod:`dedup.readers.chrome`). Every input is accounted
for: read, or skipped with a reason.

- :mod:`~dedup.readers.source`: :func:`read` and :func:`read_articles`, the entry points;
- :mod:`~dedup.readers.files`: walking folders (what is read, what is skipped and why);
- :mod:`~dedup.readers.entries`: one file to its article(s); :mod:`~dedup.readers.containers`:
  files of many records; :mod:`~dedup.readers.frames`: rows of a data frame;
- :mod:`~dedup.readers.fields`: the one way an article is made from fields (:func:`article`);
- :mod:`~dedup.readers.workers`: reading on every core, from any caller;
- :mod:`~dedup.readers.decode`, :mod:`~dedup.readers.html`, :mod:`~dedup.readers.text`,
  :mod:`~dedup.readers.chrome`, :mod:`~dedup.readers.dates`, :mod:`~dedup.readers.jsonrec`:
  bytes to text, pages to text, headers, site chrome, dates, record fields.
"""

from dedup.readers.fields import article, article_from_fields
from dedup.readers.source import STDIN, Source, accept, read, read_articles

__all__ = ["STDIN", "Source", "accept", "article", "article_from_fields", "read", "read_articles"]
