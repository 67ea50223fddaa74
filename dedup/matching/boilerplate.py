"""Corpus boilerplate: paragraphs that recur across many articles after different text each
time, such as an outlet's house footer, do not count as evidence of duplication.

A paragraph (a block between blank lines, of at least ``MIN_WORDS`` words) is a *unit*; its
*context* is the five words before it and the five words after it. A syndicated story repeats
its paragraphs in the same context in every copy; a footer follows a different story each
time. So a unit is boilerplate when it occurs in at least ``min_docs`` articles **and** in at
least ``min_docs`` different contexts, which must also be at least half of its occurrences
(eighty copies of a wire story, a few with a typo next to a paragraph, stay evidence).

Copies of one story sit in different outlets' pages, though: a lead or a one-paragraph story
follows each outlet's own byline, intro line or page furniture, and so meets many contexts
too. What tells them from a footer is what else the articles share: copies repeat the
story's other paragraphs, while the stories under one footer share nothing else. So a unit
stays evidence when at least half of its articles share another unit with an article that
also carries it, or have no unit that is not itself a candidate (a one-paragraph story under
its outlet's footer: :func:`copies_carry`).

The units themselves are defined in :mod:`dedup.paragraphs` (the compiled signing kernel
reports them while it signs); this module decides which are boilerplate.
"""

from __future__ import annotations

import numpy as np

from dedup.paragraphs import units


def find_boilerplate(hashes: np.ndarray, contexts: np.ndarray, ends: np.ndarray, min_docs: int) -> np.ndarray:
    """The unit hashes that are boilerplate, sorted.

    ``hashes`` and ``contexts`` hold every article's units one article after another;
    ``ends[i]`` is where article i's units end. Working memory stays near five bytes a unit:
    most units occur once and are dropped after one sort.
    """
    if min_docs <= 0 or len(hashes) < min_docs:
        return np.empty(0, dtype=np.uint32)
    ordered = np.sort(hashes)
    recurring = ordered[min_docs - 1 :] == ordered[: len(ordered) - min_docs + 1]
    candidates = np.unique(ordered[: len(recurring)][recurring])
    del ordered, recurring
    if len(candidates) == 0:
        return candidates
    # each candidate occurrence as two sortable keys: (unit, article) and (unit, context)
    by_doc, by_context = [], []
    for start in range(0, len(hashes), _CHUNK):
        at = start + np.flatnonzero(_member(hashes[start : start + _CHUNK], candidates))
        unit = hashes[at].astype(np.uint64)
        by_doc.append((unit << np.uint64(32)) | np.searchsorted(ends, at, side="right").astype(np.uint64))
        by_context.append((unit << np.uint64(16)) | contexts[at].astype(np.uint64))
    doc_keys, context_keys = np.concatenate(by_doc), np.concatenate(by_context)
    del by_doc, by_context
    occurrences = np.bincount(np.searchsorted(candidates, doc_keys >> np.uint64(32)), minlength=len(candidates))
    docs = _distinct_per_unit(doc_keys, 32, candidates)
    settings = _distinct_per_unit(context_keys, 16, candidates)
    picked = is_boilerplate(docs, settings, occurrences, min_docs)
    candidates, docs = candidates[picked], docs[picked]
    if len(candidates) == 0:
        return candidates
    return candidates[~copies_carry(docs, _corroborated(hashes, ends, candidates))]


def is_boilerplate(docs: np.ndarray, settings: np.ndarray, occurrences: np.ndarray, min_docs: int) -> np.ndarray:
    """The rule, on each unit's count of articles, of distinct contexts and of occurrences
    (the Spark engine counts them with its shuffle and applies the same rule)."""
    return (docs >= min_docs) & (settings >= min_docs) & (2 * settings >= occurrences)


def copies_carry(docs: np.ndarray, corroborated: np.ndarray) -> np.ndarray:
    """Which units that :func:`is_boilerplate` picked are a story's paragraphs instead: at least
    half of the ``docs`` articles that carry one are ``corroborated`` (share another unit with
    another article that carries it, or have no unit but candidates). The Spark engine counts
    the same and applies this."""
    return 2 * corroborated >= docs


def _corroborated(hashes: np.ndarray, ends: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """For each of ``candidates`` (sorted), how many of its articles share another unit with
    another article that carries it, or have no unit but candidates."""
    article = np.searchsorted(ends, np.arange(len(hashes)), side="right")
    # each article's distinct units: (article, unit) keys, sorted
    pairs = np.unique((article.astype(np.uint64) << np.uint64(32)) | hashes.astype(np.uint64))
    owner, unit = (pairs >> np.uint64(32)).astype(np.int64), (pairs & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    # units in two articles or more: the only ones another article can share
    counted = np.unique(unit, return_counts=True)
    shared = _member(unit, counted[0][counted[1] >= 2])
    holds = _member(unit, candidates)
    s_owner, s_unit = owner[shared], unit[shared]
    c_owner, c_unit = owner[holds], unit[holds]
    # every (candidate, other shared unit) pair within one article, with the article
    first = np.searchsorted(s_owner, c_owner, side="left")
    count = np.searchsorted(s_owner, c_owner, side="right") - first
    which = np.repeat(np.arange(len(c_owner)), count)
    other = np.repeat(first, count) + np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    u, v, a = c_unit[which], s_unit[other], c_owner[which]
    distinct = u != v
    u, v, a = u[distinct], v[distinct], a[distinct]
    key = (u.astype(np.uint64) << np.uint64(32)) | v.astype(np.uint64)
    order = np.lexsort((a, key))
    key, u, a = key[order], u[order], a[order]
    # a (candidate, unit) key that two articles have corroborates both
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    size = np.diff(np.r_[starts, len(key)])
    both = np.repeat(size >= 2, size)
    corroborated = (u[both].astype(np.uint64) << np.uint64(32)) | a[both].astype(np.uint64)
    # an article whose every unit is a candidate has nothing of its own: a short story between
    # its outlet's furniture, which its candidates are
    own = np.zeros(int(owner.max()) + 1 if len(owner) else 0, dtype=bool)
    own[owner[~holds]] = True
    alone = ~own[c_owner]
    bare = (c_unit[alone].astype(np.uint64) << np.uint64(32)) | c_owner[alone].astype(np.uint64)
    kept = np.unique(np.concatenate((corroborated, bare)))
    return np.bincount(np.searchsorted(candidates, (kept >> np.uint64(32)).astype(np.uint32)), minlength=len(candidates))


_CHUNK = 1 << 20


def articles_with(hashes: np.ndarray, ends: np.ndarray, found: np.ndarray) -> np.ndarray:
    """The articles (row numbers, sorted) that have a unit in ``found``."""
    rows = [np.searchsorted(ends, start + np.flatnonzero(_member(hashes[start : start + _CHUNK], found)), side="right")
            for start in range(0, len(hashes), _CHUNK)]
    return np.unique(np.concatenate(rows)) if rows else np.empty(0, dtype=np.int64)


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    where = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[where] == values


def _distinct_per_unit(keys: np.ndarray, shift: int, candidates: np.ndarray) -> np.ndarray:
    """For each of ``candidates`` (sorted), how many distinct keys ``unit << shift | other``
    it has; sorts ``keys`` in place."""
    keys.sort()
    new = np.ones(len(keys), dtype=bool)
    new[1:] = keys[1:] != keys[:-1]
    return np.bincount(np.searchsorted(candidates, keys[new] >> np.uint64(shift)), minlength=len(candidates))


def boilerplate_spans(text: str, boilerplate: np.ndarray) -> list[tuple[int, int]]:
    """The units of ``text`` that are boilerplate, as spans of ``text``."""
    if len(boilerplate) == 0:
        return []
    found = [u for u in units(text) if _contains(boilerplate, u.hash)]
    return [(u.start, u.end) for u in found]


def without_boilerplate(text: str, boilerplate: np.ndarray) -> str:
    """``text`` with its boilerplate units cut out."""
    kept, pos = [], 0
    for start, end in boilerplate_spans(text, boilerplate):
        kept.append(text[pos:start])
        pos = end
    return "".join(kept) + text[pos:]


def _contains(sorted_hashes: np.ndarray, value: int) -> bool:
    i = int(np.searchsorted(sorted_hashes, value))
    return i < len(sorted_hashes) and int(sorted_hashes[i]) == value
