"""What each version changed: align the sentences of two versions, then diff within what was
aligned, so that rewrites give readable changes instead of "delete everything, insert
everything".

>>> d = diff("Talks failed. “We will not back down,” she said. About 4,200 walked out.",
...          "Talks failed. “We will never back down,” she said. About 4,300 walked out.")
>>> [(c.a_text, c.b_text, c.tags) for c in d.visible]
[('not', 'never', ('quote',)), ('4,200', '4,300', ('number',))]
>>> d.apply() == d.b
True
"""

from dedup.differ.records import Alignment, ArticleDiff, Change, QuoteDrift
from dedup.differ.versions import HIDDEN, diff

__all__ = ["diff", "ArticleDiff", "Change", "QuoteDrift", "Alignment"]
