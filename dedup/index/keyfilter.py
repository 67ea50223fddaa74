"""Which band keys an SQLite index's band table may hold: a Bloom filter (two bits a key), so
a query seeks only the few of its 64 keys that may be there.

Seeking a key in the band table costs about 1.6 µs (a B-tree of 64 rows an article); a new
article's keys are almost all absent, so without the filter a query spent some 110 µs
confirming that. The filter is kept in the file beside the table and written in the same
transaction as each merge into it, with the watermark it covers (``merged``): a filter never
misses a key of an article numbered up to its watermark (removals leave their bits set, which
only costs a seek). It is sized at 16 bits a key or more, and built again from the band
table once fewer than 8 bits a key are left; an absent key passes it about once in 70 at 16
bits a key, once in 20 at 8 (measured on random keys).

>>> import numpy as np
>>> keys = np.array([3, 1 << 40, (1 << 64) - 5], dtype=np.uint64)
>>> held = KeyFilter.sized(3, merged=0)
>>> held.add(keys[:2])
>>> held.may_hold(keys).tolist()
[True, True, False]
"""

from __future__ import annotations

import numpy as np
from numba import njit

from dedup.compiled import CACHE

LEAST_BITS = 1 << 16
BITS_PER_KEY = 16  # when built
FEWEST_BITS_PER_KEY = 8  # below this it is built again, for the keys it then holds
_SECOND = np.uint64(0x9E3779B97F4A7C15)  # the second bit of a key: from its bits mixed by this odd multiplier


class KeyFilter:
    """Two bits a key in ``bits`` (a power of two of them): the key's leading bits, and the
    leading bits of the key times an odd constant. ``keys`` counts the keys added (with
    repeats), for sizing; ``merged`` is the watermark the filter covers."""

    def __init__(self, bits: np.ndarray, keys: int, merged: int) -> None:
        self.bits, self.keys, self.merged = bits, keys, merged
        self.size = len(bits) * 8  # bits in all: a power of two
        self._shift = np.uint64(64 - (self.size.bit_length() - 1))  # a key's leading log2(size) bits

    @classmethod
    def sized(cls, keys: int, merged: int) -> KeyFilter:
        """An empty filter with room for ``keys`` keys."""
        size = max(LEAST_BITS, 1 << max(0, keys * BITS_PER_KEY - 1).bit_length())
        return cls(np.zeros(size // 8, dtype=np.uint8), 0, merged)

    def full(self, more: int) -> bool:
        """Whether adding ``more`` keys would leave fewer than ``FEWEST_BITS_PER_KEY`` bits a key."""
        return (self.keys + more) * FEWEST_BITS_PER_KEY > self.size

    def add(self, keys: np.ndarray) -> None:
        _add(self.bits, self._shift, keys.astype(np.uint64, copy=False))
        self.keys += len(keys)

    def may_hold(self, keys: np.ndarray) -> np.ndarray:
        """For each of ``keys``, ``False`` when it is certainly not held."""
        out = np.empty(len(keys), dtype=np.bool_)
        _may_hold(self.bits, self._shift, keys.astype(np.uint64, copy=False), out)
        return out


# (compiled: the same in numpy took 18 µs for a query's 64 keys, in ufunc calls)
@njit(inline="always", cache=CACHE)
def _bit(bits, place):
    return (bits[place >> np.uint64(3)] >> (place & np.uint64(7))) & np.uint8(1)


@njit(cache=CACHE)
def _add(bits, shift, keys):
    for key in keys:
        for place in (key >> shift, (key * _SECOND) >> shift):
            bits[place >> np.uint64(3)] |= np.uint8(1) << (place & np.uint64(7))


@njit(cache=CACHE)
def _may_hold(bits, shift, keys, out):
    for i in range(keys.shape[0]):
        out[i] = _bit(bits, keys[i] >> shift) and _bit(bits, (keys[i] * _SECOND) >> shift)
