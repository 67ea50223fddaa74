"""Reading the two versions that ``dedup diff`` and ``dedup compare`` take."""

from __future__ import annotations

from dedup.config import Config
from dedup.errors import InputError
from dedup.records import Article


def one_article(path: str, config: Config) -> Article:
    """The single article in ``path`` (any format the reader takes), or an error saying what
    was found there instead."""
    from dedup.readers import read

    items = list(read(path, config))
    articles = [i for i in items if isinstance(i, Article)]
    if len(articles) != 1:
        reasons = "; ".join(i.reason for i in items if not isinstance(i, Article))
        raise InputError(f"{path}: expected one article, found {len(articles)}" + (f" ({reasons})" if reasons else ""))
    return articles[0]
