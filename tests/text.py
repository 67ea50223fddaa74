"""Deterministic article-like text for tests (no real news text)."""

from __future__ import annotations

import random

_SYLLABLES = ["ka", "lo", "mer", "tin", "sa", "vor", "el", "pra", "dun", "ki", "ros", "ba", "tel", "ash", "mo", "rin"]
_COMMON = ["the", "of", "and", "to", "a", "in", "said", "that", "for", "on", "was", "with", "by", "port", "union"]


def words(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.3:
            out.append(rng.choice(_COMMON))
        else:
            out.append("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))))
    return out


def article(n: int, seed: int) -> str:
    """``n`` words in sentences of 12 and paragraphs of four sentences."""
    ws = words(n, seed)
    sentences = [" ".join(ws[i : i + 12]).capitalize() + "." for i in range(0, n, 12)]
    return "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


def edit(text: str, every: int, seed: int) -> str:
    """Replace one word in every ``every`` with another word."""
    rng = random.Random(seed)
    ws = text.split(" ")
    for i in range(rng.randrange(every), len(ws), every):
        ws[i] = "zz" + str(rng.randrange(1000))
    return " ".join(ws)
