"""xxHash32 in compiled code, so that hashing a shingle costs no Python call.

It equals ``xxhash.xxh32_intdigest(data, seed)`` for every input (``tests/test_minhash.py``
checks it on random bytes); the ``xxhash`` package stays the reference.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from dedup.compiled import CACHE

M32 = np.uint64(0xFFFFFFFF)
_P1 = np.uint64(0x9E3779B1)
_P2 = np.uint64(0x85EBCA77)
_P3 = np.uint64(0xC2B2AE3D)
_P4 = np.uint64(0x27D4EB2F)
_P5 = np.uint64(0x165667B1)


@njit(inline="always", cache=CACHE)
def _rotl(x, r):
    return ((x << np.uint64(r)) | (x >> np.uint64(32 - r))) & M32


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
    acc = (acc + lane * _P2) & M32
    return (_rotl(acc, 13) * _P1) & M32


@njit(cache=CACHE)
def xxh32(buf, start, end, seed):
    """xxHash32 of ``buf[start:end]`` with ``seed``, as an unsigned 64-bit integer."""
    seed = np.uint64(seed) & M32
    length = end - start
    p = start
    if length >= 16:
        v1 = (seed + _P1 + _P2) & M32
        v2 = (seed + _P2) & M32
        v3 = seed
        v4 = (seed + np.uint64(0x100000000) - _P1) & M32
        limit = end - 16
        while p <= limit:
            v1 = _round(v1, _read32(buf, p))
            v2 = _round(v2, _read32(buf, p + 4))
            v3 = _round(v3, _read32(buf, p + 8))
            v4 = _round(v4, _read32(buf, p + 12))
            p += 16
        h = (_rotl(v1, 1) + _rotl(v2, 7) + _rotl(v3, 12) + _rotl(v4, 18)) & M32
    else:
        h = (seed + _P5) & M32
    h = (h + np.uint64(length)) & M32
    while p + 4 <= end:
        h = (h + _read32(buf, p) * _P3) & M32
        h = (_rotl(h, 17) * _P4) & M32
        p += 4
    while p < end:
        h = (h + np.uint64(buf[p]) * _P5) & M32
        h = (_rotl(h, 11) * _P1) & M32
        p += 1
    h ^= h >> np.uint64(15)
    h = (h * _P2) & M32
    h ^= h >> np.uint64(13)
    h = (h * _P3) & M32
    h ^= h >> np.uint64(16)
    return h
