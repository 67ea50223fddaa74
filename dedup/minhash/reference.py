"""The plain path: shingles as bytes, hashed and permuted by datasketch itself.

Slow (about a thousand articles a second) and obviously right; the fast path in
:mod:`dedup.minhash.fast` must agree with it exactly.

>>> from dedup import Config
>>> sig = reference_signature("the quick brown fox jumps over the lazy dog", Config(ngram=3))
>>> sig.shape, sig.dtype
((128,), dtype('uint32'))
"""

from __future__ import annotations

import numpy as np
import xxhash
from datasketch import LeanMinHash, MinHash

from dedup.config import Config
from dedup.normalize import matching, words


def shingle_hash(shingle: bytes) -> int:
    """The pinned hash of one shingle: xxHash32 of its UTF-8 bytes, seed 0."""
    return xxhash.xxh32_intdigest(shingle)


def shingles(text: str, config: Config) -> list[bytes]:
    """The shingles of ``text``: word n-grams joined by one space, or character n-grams of
    the words joined by one space. A text shorter than one shingle is one shingle."""
    joined = words(matching(text))
    n = config.ngram
    if config.shingle == "word":
        if len(joined) <= n:
            return [b" ".join(joined)] if joined else []
        return [b" ".join(joined[i : i + n]) for i in range(len(joined) - n + 1)]
    chars = " ".join(w.decode("utf-8") for w in joined)
    if len(chars) <= n:
        return [chars.encode("utf-8")] if chars else []
    return [chars[i : i + n].encode("utf-8") for i in range(len(chars) - n + 1)]


def reference_minhash(text: str, config: Config) -> MinHash:
    minhash = MinHash(num_perm=config.num_perm, seed=config.seed, hashfunc=shingle_hash, scheme="affine32")
    minhash.update_batch(shingles(text, config))
    return minhash


def reference_signature(text: str, config: Config) -> np.ndarray:
    """The datasketch signature of ``text`` as a ``uint32`` row."""
    return np.asarray(reference_minhash(text, config).hashvalues, dtype=np.uint32)


def permutations(config: Config) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters ``(a, b)`` for this config."""
    a, b = MinHash(num_perm=config.num_perm, seed=config.seed, scheme="affine32").permutations
    return np.ascontiguousarray(a, dtype=np.uint32), np.ascontiguousarray(b, dtype=np.uint32)


def to_lean_minhash(signature: np.ndarray, config: Config) -> LeanMinHash:
    """Wrap a signature row (``signatures(texts, config).matrix[i]``) for datasketch's indexes
    (``MinHashLSH`` and friends)."""
    row = np.asarray(signature, dtype=np.uint32)
    if row.shape != (config.num_perm,):
        raise ValueError(f"to_lean_minhash takes one signature row of {config.num_perm} values, not an array of shape "
                         f"{row.shape}: give signatures(texts, config).matrix[i]")
    return LeanMinHash(seed=config.seed, hashvalues=row, scheme="affine32")
