"""The compiled kernel's work in plain Python and numpy, for runs too small to pay for it.

Compiling the kernel costs several seconds of CPU on a fresh install, and loading it from the
cache a few tenths of a second in every process; signing a news article here costs about a
millisecond. So a process signs its first texts here (:func:`dedup.minhash.fast.sign_forms`
decides how many) and a scan of a few files never waits for a compiler. The output equals the
kernel's bit for bit — signatures, set sizes, word counts, paragraph units, the boilerplate
left out, the kept shingle hashes — and ``tests/test_minhash.py`` holds them equal.
"""

from __future__ import annotations

import re

import numpy as np
import xxhash

from dedup.paragraphs import CONTEXT_WORDS, END, MIN_WORDS, SEED_CONTEXT, SEED_UNIT, START, combine_context

# the kernel's byte classes: word bytes, an apostrophe inside a word (dropped), and a paragraph
# break (two line breaks with only spacing between)
_WORD = re.compile(rb"[0-9a-z\x80-\xff]+(?:'[0-9a-z\x80-\xff]+)*")
_BREAK = re.compile(rb"\n[ \t\r\x0b\x0c\x1c-\x1f]*\n")
_M32 = np.uint64(0xFFFFFFFF)
_BLOCK = 4096  # shingles permuted at once: bounded memory for a very long text


def paragraphs(form: bytes) -> list[list[bytes]]:
    """The words of a signing form, paragraph by paragraph."""
    found: list[list[bytes]] = []
    end = -1
    for match in _WORD.finditer(form):
        word = match.group()
        if b"'" in word:
            word = word.replace(b"'", b"")
        if end < 0 or _BREAK.search(form, end, match.start()):
            found.append([word])
        else:
            found[-1].append(word)
        end = match.end()
    return found


def _units(paras: list[list[bytes]]) -> tuple[list[int], list[int], list[int]]:
    """Hash and context of each paragraph of at least MIN_WORDS words, and those hashes per
    paragraph (-1 for a shorter one)."""
    flat = [w for p in paras for w in p]
    hashes, contexts, per_paragraph = [], [], []
    first = 0
    for words in paras:
        last = first + len(words)
        if len(words) < MIN_WORDS:
            per_paragraph.append(-1)
        else:
            h = xxhash.xxh32_intdigest(b" ".join(words), SEED_UNIT)
            before = xxhash.xxh32_intdigest(b" ".join(flat[max(0, first - CONTEXT_WORDS) : first]), SEED_CONTEXT) if first else START
            after = (xxhash.xxh32_intdigest(b" ".join(flat[last : last + CONTEXT_WORDS]), SEED_CONTEXT)
                     if last < len(flat) else END)
            hashes.append(h)
            contexts.append(combine_context(before, after))
            per_paragraph.append(h)
        first = last
    return hashes, contexts, per_paragraph


def shingle_hashes(words: list[bytes], ngram: int, char_shingles: bool) -> list[int]:
    """The distinct shingle hashes of ``words`` in the order the text first has them."""
    joined = b" ".join(words)
    if char_shingles:
        marks = np.flatnonzero((np.frombuffer(joined, dtype=np.uint8) & 0xC0) != 0x80).tolist() + [len(joined)]
        count = len(marks) - 1
        if count <= ngram:
            return [xxhash.xxh32_intdigest(joined)]
        found = (xxhash.xxh32_intdigest(joined[marks[i] : marks[i + ngram]]) for i in range(count - ngram + 1))
    else:
        if len(words) <= ngram:
            return [xxhash.xxh32_intdigest(joined)]
        found = (xxhash.xxh32_intdigest(b" ".join(words[i : i + ngram])) for i in range(len(words) - ngram + 1))
    return list(dict.fromkeys(found))


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint64(16))
    h = (h * np.uint64(0x85EBCA6B)) & _M32
    h = h ^ (h >> np.uint64(13))
    h = (h * np.uint64(0xC2B2AE35)) & _M32
    return h ^ (h >> np.uint64(16))


def signature(hashes: list[int], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The minimum of ``a * fmix32(h) + b`` (mod 2**32) per permutation over the hashes."""
    sig = np.full(len(a), 0xFFFFFFFF, dtype=np.uint64)
    a64, b64 = a.astype(np.uint64), b.astype(np.uint64)
    for start in range(0, len(hashes), _BLOCK):
        h = _fmix32(np.asarray(hashes[start : start + _BLOCK], dtype=np.uint64))
        np.minimum(sig, ((np.outer(h, a64) + b64) & _M32).min(axis=0), out=sig)
    return sig.astype(np.uint32)


def sign_forms(encoded: list[bytes], ngram: int, char_shingles: bool, a: np.ndarray, b: np.ndarray,
               skip: np.ndarray | None, keep_hashes: bool) -> tuple:
    """What :func:`dedup.minhash.fast.sign_forms` returns, field for field."""
    n = len(encoded)
    matrix = np.full((n, len(a)), 0xFFFFFFFF, dtype=np.uint32)
    shingles, words, units = (np.zeros(n, dtype=np.int64) for _ in range(3))
    unit_hashes: list[int] = []
    unit_contexts: list[int] = []
    kept: list[int] = []
    left_out = set() if skip is None else set(skip.tolist())
    for d, form in enumerate(encoded):
        paras = paragraphs(form)
        if not paras:
            continue
        hashes, contexts, per_paragraph = _units(paras)
        unit_hashes += hashes
        unit_contexts += contexts
        units[d] = len(hashes)
        text = [w for p, h in zip(paras, per_paragraph) if h not in left_out for w in p]
        if not text:
            continue
        distinct = shingle_hashes(text, ngram, char_shingles)
        matrix[d] = signature(distinct, a, b)
        shingles[d], words[d] = len(distinct), len(text)
        if keep_hashes:
            kept += distinct
    return (matrix, shingles, words, np.asarray(unit_hashes, dtype=np.uint32), np.asarray(unit_contexts, dtype=np.uint16),
            np.cumsum(units), np.asarray(kept, dtype=np.uint32))
