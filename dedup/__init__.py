"""newsdedup: find syndicated, copied and rewritten versions of news articles.

>>> import dedup
>>> result = dedup.scan("fixtures/corpus")
>>> sorted(c.canonical for c in result.clusters)[:2]
['wire/halvard-results.txt', 'wire/pilots-president.txt']

Names are imported when first used, so ``import dedup`` (and a reading worker, or
``dedup --help``) does not load the compiled kernels or the matching stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: each public name and the module it lives in
_WHERE = {
    "Article": "dedup.records",
    "Cluster": "dedup.records",
    "Comparison": "dedup.records",
    "Decision": "dedup.records",
    "Match": "dedup.records",
    "Member": "dedup.records",
    "ScanResult": "dedup.records",
    "Skipped": "dedup.records",
    "Summary": "dedup.records",
    "Config": "dedup.config",
    "ConfigError": "dedup.errors",
    "DedupError": "dedup.errors",
    "InputError": "dedup.errors",
    "ArticleDiff": "dedup.differ",
    "Change": "dedup.differ",
    "QuoteDrift": "dedup.differ",
    "diff": "dedup.differ",
    "compare": "dedup.comparison",
    "Dropped": "dedup.extraction",
    "Extraction": "dedup.extraction",
    "extract": "dedup.extraction",
    "Index": "dedup.index",
    "stream": "dedup.index",
    "article": "dedup.readers",
    "read": "dedup.readers",
    "read_articles": "dedup.readers",
    "scan": "dedup.batch",
    "deduplicate": "dedup.frames",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'dedup' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value  # found once, then an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


if TYPE_CHECKING:
    from dedup.batch import scan
    from dedup.comparison import compare
    from dedup.config import Config
    from dedup.differ import ArticleDiff, Change, QuoteDrift, diff
    from dedup.errors import ConfigError, DedupError, InputError
    from dedup.extraction import Dropped, Extraction, extract
    from dedup.frames import deduplicate
    from dedup.index import Index, stream
    from dedup.readers import article, read, read_articles
    from dedup.records import Article, Cluster, Comparison, Decision, Match, Member, ScanResult, Skipped, Summary
