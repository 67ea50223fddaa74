"""How much a word says about which story an article tells, from its frequency in general use.

A pair of articles must be scored on its own, with no corpus to count document frequencies in,
so the background comes from the ``wordfreq`` package (frequencies of some 40 languages drawn
from web, news, subtitle and book text). A word's *rarity* is how much rarer it is than a
common word, in Zipf units (log10 of occurrences per billion words): ``MAX_RARITY - zipf``,
clipped at zero; its weight is the square root of that, so that a rare name counts for more
than a topic word without drowning the rest of the story (the root agreed better with human
judgements, in English and in five other languages, than the rarity itself). "the" (Zipf 7.7)
and "said" (6.0) weigh nothing, "strike" (4.7) 1.2, "embassy" (4.1) 1.4, a name never seen
``sqrt(MAX_RARITY)``, 2.45. (Counting words as common as "said" lost a little agreement on
other languages' pairs to gain English, and made two stories from one town look alike.)
Figures have rarity ``NUMBER_RARITY``, little: dates, times and years recur across unrelated
stories of one day as often as counts tie reports of one event together.

>>> weights = Weights("en")
>>> weights.weight("said"), round(weights.weight("embassy"), 1), round(weights.weight("xqzvlorp"), 2)
(0.0, 1.4, 2.45)
"""

from __future__ import annotations

import math
from functools import lru_cache

from dedup.errors import ConfigError

UNSPACED = frozenset({"zh", "ja", "th", "my", "km", "lo"})  # scripts written without spaces between words
MAX_RARITY = 6.0
NUMBER_RARITY = 0.5
#: the weight of a word never seen, the heaviest there is
MAX_WEIGHT = math.sqrt(MAX_RARITY)


class Weights:
    """Word weights for one language (its frequency table is loaded once)."""

    def __init__(self, language: str) -> None:
        try:
            from wordfreq import available_languages, get_frequency_dict
        except ImportError as error:  # pragma: no cover - a dependency of the package
            raise ImportError("the same-story tier needs wordfreq: pip install wordfreq") from error
        if language in UNSPACED:
            raise ConfigError("language", f"{language!r} is written without spaces between words, which the same-story "
                                          "tier does not split yet; it reads languages that space their words")
        if language not in available_languages(wordlist="large") and language not in available_languages():
            known = ", ".join(sorted(available_languages()))
            raise ConfigError("language", f"no word frequencies for {language!r}; use one of {known}")
        wordlist = "large" if language in available_languages(wordlist="large") else "best"
        self.language = language
        self._frequency = get_frequency_dict(language, wordlist=wordlist)

    def weight(self, word: str) -> float:
        """The weight of one word in matching form (lower case)."""
        if word[0].isdigit():
            return math.sqrt(NUMBER_RARITY)
        frequency = self._frequency.get(word, 0.0)
        zipf = math.log10(frequency) + 9.0 if frequency > 0 else 0.0
        return math.sqrt(min(MAX_RARITY, max(0.0, MAX_RARITY - zipf)))


@lru_cache(maxsize=8)
def weights_for(language: str) -> Weights:
    """The shared :class:`Weights` of ``language`` (loading one takes a tenth of a second)."""
    return Weights(language)
