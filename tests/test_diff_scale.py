"""Long articles: the differ's memory grows with the texts, not with their product, and what it
returns for them is as complete as for short ones (every sentence aligned once, in order; the
changes rebuild B)."""

from __future__ import annotations

import random
import tracemalloc

from dedup.differ import diff
from dedup.differ.align import CELLS, align
from dedup.differ.segment import sentences
from tests.text import article, edit


def long_pair(words: int, seed: int) -> tuple[str, str]:
    a = article(words, seed=seed)
    paragraphs = edit(a, 15, seed=seed + 1).split("\n\n")
    rng = random.Random(seed)
    for _ in range(len(paragraphs) // 20):  # some paragraphs moved, some cut
        paragraphs.insert(rng.randrange(len(paragraphs)), paragraphs.pop(rng.randrange(len(paragraphs))))
        paragraphs.pop(rng.randrange(len(paragraphs)))
    return a, "\n\n".join(paragraphs)


def peak_bytes(a: str, b: str) -> int:
    tracemalloc.start()
    try:
        diff(a, b)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_with_the_texts_not_their_product():
    diff(*long_pair(500, seed=1))  # what a first diff loads is not the texts' memory
    small, large = long_pair(8_000, seed=1), long_pair(32_000, seed=1)  # about 55 KB and 220 KB
    ratio = peak_bytes(*large) / peak_bytes(*small)
    assert ratio < 8, f"four times the text took {ratio:.1f} times the memory"  # quadratic: about 16


def test_a_long_pair_is_aligned_completely_and_its_changes_rebuild_b():
    a, b = long_pair(40_000, seed=2)
    sa, sb = [t for *_, t in sentences(a)], [t for *_, t in sentences(b)]
    assert len(sa) * len(sb) > 10 * CELLS  # aligned in pieces
    alignment = align(sa, sb)
    assert [i for entry in alignment for i in entry.a] == list(range(len(sa)))
    assert [j for entry in alignment for j in entry.b] == list(range(len(sb)))
    paired = sum(1 for entry in alignment if entry.a and entry.b)
    assert paired > 0.8 * min(len(sa), len(sb))  # the edited copy is found sentence by sentence
    result = diff(a, b)
    assert result.apply() == b
    assert any("moved" in c.tags for c in result.visible)


def test_unrelated_long_texts_are_aligned_in_blocks():
    a, b = article(30_000, seed=3), article(30_000, seed=4)
    sa, sb = [t for *_, t in sentences(a)], [t for *_, t in sentences(b)]
    alignment = align(sa, sb)
    assert [i for entry in alignment for i in entry.a] == list(range(len(sa)))
    assert [j for entry in alignment for j in entry.b] == list(range(len(sb)))
    assert diff(a, b).apply() == b
