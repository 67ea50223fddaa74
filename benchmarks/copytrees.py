"""Generated trees of copies, for the lineage benchmark and tests: a story's text copied by
outlet after outlet, each copy made from the text of the original or of another copy, so that
it carries its source's edits and adds its own.

A copy's own edits: two to six words replaced, sometimes a sentence cut, a trim from the end,
an update appended; and its outlet's line, which replaces its source's (an outlet's own line
is never carried on). With ``noise``, characters are garbled at ``noise / 20`` a letter (as
OCR or a bad feed does; later copies carry the garbling on) and, as often as ``noise``, a copy
restores a word its source had replaced. With ``dated``, each copy is dated the day of its
source or up to two days after, else no version carries a date.

>>> tree = copy_tree("The port closed on Monday. Dock workers walked out over pay. " * 6, versions=5, seed=1)
>>> len(tree.texts), tree.parents[0], all(p is not None and p < i for i, p in enumerate(tree.parents) if i)
(5, None, True)
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_FILLER = ("council", "harbour", "official", "statement", "morning", "weekend", "report", "minister", "tuesday",
           "shipping", "union", "talks", "evening", "police", "market", "schools", "river", "budget")


@dataclass(frozen=True)
class CopyTree:
    texts: list[str]
    dates: list[str | None]
    parents: list[int | None]  #: the true source of each version (``None`` for the original)


def copy_tree(text: str, versions: int, seed: int, noise: float = 0.0, dated: bool = True, shape: str = "random") -> CopyTree:
    """``versions`` versions of ``text``: the original first, then copies whose source is a
    random earlier version (``shape="chain"``: always the previous one)."""
    rng = random.Random(seed)
    original = [s.split() for s in _SENTENCE.split(text.strip())]
    bodies: list[list[list[str]]] = [original]
    parents: list[int | None] = [None]
    days = [0]
    for k in range(1, versions):
        parent = k - 1 if shape == "chain" else rng.randrange(k)
        bodies.append(_copy(bodies[parent], original, rng, k, noise))
        parents.append(parent)
        days.append(days[parent] + rng.choice((0, 1, 1, 2)))
    texts = [" ".join(" ".join(words) for words in body) + (f" Published by outlet {k}." if k else "")
             for k, body in enumerate(bodies)]
    start = date(2024, 3, 4)
    dates = [(start + timedelta(days=d)).isoformat() if dated else None for d in days]
    return CopyTree(texts, dates, parents)


def _copy(source: list[list[str]], original: list[list[str]], rng: random.Random, k: int, noise: float) -> list[list[str]]:
    body = [list(words) for words in source]
    for _ in range(rng.randint(2, 6)):
        s = rng.randrange(len(body))
        if body[s]:
            body[s][rng.randrange(len(body[s]))] = f"{rng.choice(_FILLER)}{k}"
    if noise and rng.random() < noise:  # a word of the source restored to the original's
        s = rng.randrange(min(len(body), len(original)))
        for i, word in enumerate(body[s][: len(original[s])]):
            if word != original[s][i]:
                body[s][i] = original[s][i]
                break
    if rng.random() < 0.3 and len(body) > 3:
        del body[rng.randrange(1, len(body))]
    if rng.random() < 0.3 and len(body) > 4:
        del body[len(body) - rng.randint(1, 2):]
    if rng.random() < 0.3:
        body.append(f"Update {k}: officials said more talks were planned for the {rng.choice(_FILLER)}.".split())
    if noise:
        body = [[_garble(word, rng, noise / 20) for word in words] for words in body]
    return body


def _garble(word: str, rng: random.Random, rate: float) -> str:
    return "".join(rng.choice("aeiou") if c.isalpha() and rng.random() < rate else c for c in word)
