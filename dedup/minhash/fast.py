"""The fast path: one compiled pass from UTF-8 bytes to signatures, many articles at once.

The kernel finds the words (the byte classes of :data:`dedup.normalize.WORD`), writes them
joined by single spaces, hashes each shingle's bytes with xxHash32, pre-mixes the hash with
the MurmurHash3 finalizer and keeps the minimum of ``a * h + b`` (mod 2**32) per permutation:
the arithmetic of datasketch's ``affine32`` scheme, without a Python call per shingle.
Articles are spread over threads with ``prange``.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np
from numba import njit, prange

from dedup.compiled import CACHE
from dedup.config import Config
from dedup.minhash.reference import permutations
from dedup.normalize import normalize


_M32 = np.uint64(0xFFFFFFFF)
_P1 = np.uint64(0x9E3779B1)
_P2 = np.uint64(0x85EBCA77)
_P3 = np.uint64(0xC2B2AE3D)
_P4 = np.uint64(0x27D4EB2F)
_P5 = np.uint64(0x165667B1)


@njit(inline="always", cache=CACHE)
def _rotl(x, r):
    return ((x << np.uint64(r)) | (x >> np.uint64(32 - r))) & _M32


@njit(inline="always", cache=CACHE)
def _read32(buf, p):
    return (
        np.uint64(buf[p])
        | (np.uint64(buf[p + 1]) << np.uint64(8))
        | (np.uint64(buf[p + 2]) << np.uint64(16))
        | (np.uint64(buf[p + 3]) << np.uint64(24))
    )


@njit(inline="always", cache=CACHE)
def _round(acc, lane):
    acc = (acc + lane * _P2) & _M32
    return (_rotl(acc, 13) * _P1) & _M32


@njit(cache=CACHE)
def xxh32(buf, start, end):
    """xxHash32 (seed 0) of ``buf[start:end]``; equal to ``xxhash.xxh32_intdigest``."""
    length = end - start
    p = start
    if length >= 16:
        v1 = (_P1 + _P2) & _M32
        v2 = _P2
        v3 = np.uint64(0)
        v4 = (np.uint64(0x100000000) - _P1) & _M32
        limit = end - 16
        while p <= limit:
            v1 = _round(v1, _read32(buf, p))
            v2 = _round(v2, _read32(buf, p + 4))
            v3 = _round(v3, _read32(buf, p + 8))
            v4 = _round(v4, _read32(buf, p + 12))
            p += 16
        h = (_rotl(v1, 1) + _rotl(v2, 7) + _rotl(v3, 12) + _rotl(v4, 18)) & _M32
    else:
        h = _P5
    h = (h + np.uint64(length)) & _M32
    while p + 4 <= end:
        h = (h + _read32(buf, p) * _P3) & _M32
        h = (_rotl(h, 17) * _P4) & _M32
        p += 4
    while p < end:
        h = (h + np.uint64(buf[p]) * _P5) & _M32
        h = (_rotl(h, 11) * _P1) & _M32
        p += 1
    h ^= h >> np.uint64(15)
    h = (h * _P2) & _M32
    h ^= h >> np.uint64(13)
    h = (h * _P3) & _M32
    h ^= h >> np.uint64(16)
    return h


@njit(inline="always", cache=CACHE)
def _fmix32(h):
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & _M32
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & _M32
    h ^= h >> np.uint64(16)
    return h


@njit(inline="always", cache=CACHE)
def _is_word_byte(c):
    return (c >= 48 and c <= 57) or (c >= 97 and c <= 122) or c >= 128


@njit(inline="always", cache=CACHE)
def _permute_min(h, a, b, sig):
    for k in range(a.shape[0]):
        v = np.uint32((np.uint64(a[k]) * h + np.uint64(b[k])) & _M32)
        if v < sig[k]:
            sig[k] = v


@njit(inline="always", cache=CACHE)
def _insert(table, h):
    """Add 32-bit hash ``h`` to an open-addressing set (slot value ``h + 1``; 0 is empty);
    return 1 if it was new."""
    mask = table.shape[0] - 1
    key = h + np.uint64(1)
    slot = (h * np.uint64(0x9E3779B1)) & np.uint64(mask)
    while table[slot] != 0:
        if table[slot] == key:
            return 0
        slot = (slot + np.uint64(1)) & np.uint64(mask)
    table[slot] = key
    return 1


@njit(cache=CACHE)
def _sign_one(data, start, end, ngram, char_shingles, a, b, sig):
    """Sign ``data[start:end]`` into ``sig``; return (distinct shingle hashes, words)."""
    n_bytes = end - start
    joined = np.empty(n_bytes + 1, dtype=np.uint8)
    # word starts (or, for character shingles, character starts) in `joined`, plus its end
    marks = np.empty(n_bytes + 2, dtype=np.int64)
    n_marks = 0
    n_words = 0
    length = 0
    in_word = False
    for p in range(start, end):
        c = data[p]
        if _is_word_byte(c):
            if not in_word:
                if length > 0:
                    joined[length] = 32
                    length += 1
                if not char_shingles:
                    marks[n_marks] = length
                    n_marks += 1
                n_words += 1
                in_word = True
            joined[length] = c
            length += 1
        else:
            in_word = False
    if length == 0:
        return 0, 0
    if char_shingles:
        for p in range(length):
            if (joined[p] & 0xC0) != 0x80:
                marks[n_marks] = p
                n_marks += 1
    units = n_marks
    marks[n_marks] = length + (0 if char_shingles else 1)  # one past the last unit's separator
    if units <= ngram:
        h = xxh32(joined, 0, length)
        _permute_min(_fmix32(h), a, b, sig)
        return 1, n_words
    count = units - ngram + 1
    size = 16
    while size < 2 * count:
        size *= 2
    seen = np.zeros(size, dtype=np.uint64)
    distinct = 0
    for i in range(count):
        stop = marks[i + ngram] - (0 if char_shingles else 1)
        h = xxh32(joined, marks[i], stop)
        if _insert(seen, h):
            distinct += 1
            _permute_min(_fmix32(h), a, b, sig)
    return distinct, n_words


@njit(parallel=True, cache=CACHE)
def _sign_batch(data, offsets, ngram, char_shingles, a, b, out, shingles, words):
    for d in prange(offsets.shape[0] - 1):
        sig = out[d]
        sig[:] = np.uint32(0xFFFFFFFF)
        shingles[d], words[d] = _sign_one(data, offsets[d], offsets[d + 1], ngram, char_shingles, a, b, sig)


class Signatures(NamedTuple):
    """Signature rows of a batch of texts, with each text's set size and word count."""

    matrix: np.ndarray  #: ``(texts, num_perm)`` ``uint32``; an empty text's row is all ``0xFFFFFFFF``
    shingles: np.ndarray  #: distinct shingle hashes per text: the set size that containment needs
    words: np.ndarray  #: words per text, for the too-short check


def signatures(texts: list[str], config: Config) -> Signatures:
    """Sign many texts at once."""
    encoded = [normalize(t).encode("utf-8") for t in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    del encoded
    a, b = _permutations(config)
    result = Signatures(
        np.empty((len(texts), config.num_perm), dtype=np.uint32),
        np.empty(len(texts), dtype=np.int64),
        np.empty(len(texts), dtype=np.int64),
    )
    _set_threads(config.jobs)
    _sign_batch(data, offsets, config.ngram, config.shingle == "char", a, b, *result)
    return result


_PERMUTATIONS: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}


def _permutations(config: Config) -> tuple[np.ndarray, np.ndarray]:
    key = (config.num_perm, config.seed)
    if key not in _PERMUTATIONS:
        _PERMUTATIONS[key] = permutations(config)
    return _PERMUTATIONS[key]


def _set_threads(jobs: int) -> None:
    limit = numba.config.NUMBA_NUM_THREADS
    numba.set_num_threads(min(jobs, limit) if jobs > 0 else limit)
