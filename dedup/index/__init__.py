"""A persistent index for pipelines: "have we seen this story?" for each new article, in
milliseconds, across restarts and worker processes.

An index keeps what a scan keeps for verification (each article's signature, distinct-shingle
count and reported metadata) and its LSH band keys, in a store: a single SQLite file by
default (:mod:`dedup.index.sqlite`). A query signs the article, looks up the articles that
share a band key and verifies them on their signatures, with the same measures and thresholds
as ``dedup scan``. The index records the configuration it was built with; opening it with
other matching settings is refused.

The index's logic is in :mod:`dedup.index.engine`; what it asks of a store, and the rows they
pass, in :mod:`dedup.index.store`.

>>> import tempfile, os
>>> from dedup import Article
>>> story = "Dock workers in the port walked out on Monday over pay and hours, union leaders said."
>>> with tempfile.TemporaryDirectory() as folder, Index.open(os.path.join(folder, "seen.db"), min_words=5) as index:
...     first = index.add_and_query(Article("a", story))
...     again = index.add_and_query(Article("b", story + " More soon."))
...     (first.duplicate_of, again.duplicate_of, len(index))
(None, 'a', 2)
"""

from dedup.index.engine import Index, identity, stream

__all__ = ["Index", "identity", "stream"]
