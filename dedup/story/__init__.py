"""The same-story tier: rewrites of one story that share words but hardly any phrase.

``weights`` gives each word a background rarity, ``profiles`` reads an article's weighted
terms, ``score`` turns two profiles into a same-story score, and ``keys`` gives the
locality-sensitive keys that find candidate pairs in a corpus without comparing all of them.
"""

from dedup.story.profiles import Profile, profile
from dedup.story.score import cosine, story, story_of
from dedup.story.weights import weights_for

__all__ = ["Profile", "cosine", "profile", "story", "story_of", "weights_for"]
