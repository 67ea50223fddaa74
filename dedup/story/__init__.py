"""The same-story tier: rewrites of one story that share words but hardly any phrase.

``weights`` gives each word a background rarity, ``profiles`` reads an article's weighted
terms, ``score`` turns two profiles into a same-story score; in a scan, ``packed`` keeps every
article's profile in a few arrays and ``link`` finds and verifies same-story pairs through
keys made of salient terms, without comparing all pairs; ``semantic`` adds what a
sentence-embedding model reads of each article, when asked (``semantic=True``).
"""

from dedup.story.profiles import Profile, profile
from dedup.story.score import cosine, cosine_for, story_of
from dedup.story.weights import weights_for

__all__ = ["Profile", "cosine", "cosine_for", "profile", "story_of", "weights_for"]
