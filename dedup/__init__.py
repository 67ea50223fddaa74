"""newsdedup: find syndicated, copied and rewritten versions of news articles.

>>> import dedup
>>> result = dedup.scan("fixtures/corpus")  # doctest: +SKIP
>>> for cluster in result.clusters:  # doctest: +SKIP
...     print(cluster.canonical, [m.id for m in cluster.duplicates])
"""

from dedup.compare import compare
from dedup.config import Config
from dedup.diff import ArticleDiff, Change, QuoteDrift, diff
from dedup.errors import ConfigError, DedupError, InputError
from dedup.extraction import Dropped, Extraction, extract
from dedup.index import Index, stream
from dedup.read import read, read_articles
from dedup.records import Article, Cluster, Comparison, Decision, Match, Member, ScanResult, Skipped, Summary
from dedup.scan import scan

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleDiff",
    "Change",
    "Cluster",
    "Comparison",
    "Config",
    "ConfigError",
    "DedupError",
    "Decision",
    "Dropped",
    "Extraction",
    "Index",
    "InputError",
    "Match",
    "Member",
    "QuoteDrift",
    "ScanResult",
    "Skipped",
    "Summary",
    "compare",
    "diff",
    "extract",
    "read",
    "read_articles",
    "scan",
    "stream",
]
