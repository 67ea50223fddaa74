"""The profiles of a scan's articles, row by row, packed in a few arrays (no object per
article): every row's term hashes and weights end to end, and each row's range and norm."""

from __future__ import annotations

from array import array

import numpy as np

from dedup.signed import _append
from dedup.story.profiles import Profile


class Profiles:
    """Profiles, one per scan row, appended in row order; a row's profile can be replaced (an
    article re-read without its boilerplate), in place when it fits."""

    def __init__(self) -> None:
        self._terms = np.empty(0, dtype=np.uint32)
        self._weights = np.empty(0, dtype=np.float32)
        self._used = 0
        self._lo = array("q")
        self._hi = array("q")
        self._norms = array("d")

    def __len__(self) -> int:
        return len(self._lo)

    def add(self, profile: Profile) -> None:
        self._lo.append(self._used)
        self._hi.append(self._used)
        self._norms.append(0.0)
        self.replace(len(self._lo) - 1, profile)

    def replace(self, row: int, profile: Profile) -> None:
        weights = profile.weights.astype(np.float32)
        n = len(weights)
        start = self._lo[row]
        if n > self._hi[row] - start:  # a new row, or one that grew: room at the end
            start = self._used
            self._terms = _append(self._terms, profile.terms, start)
            self._weights = _append(self._weights, weights, start)
            self._used = start + n
        else:
            self._terms[start : start + n] = profile.terms
            self._weights[start : start + n] = weights
        self._lo[row], self._hi[row] = start, start + n
        wide = weights.astype(np.float64)
        self._norms[row] = float(np.sqrt(wide @ wide))  # of the stored (float32) weights

    def packed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(lo, hi, terms, weights, norms)``: row ``r`` holds ``terms[lo[r]:hi[r]]`` (sorted)
        with their weights, and ``norms[r]`` is the norm of those weights. Views, not copies;
        entries outside every row's range are left-overs of replaced rows."""
        return (
            np.frombuffer(self._lo, dtype=np.int64) if self._lo else np.empty(0, dtype=np.int64),
            np.frombuffer(self._hi, dtype=np.int64) if self._hi else np.empty(0, dtype=np.int64),
            self._terms[: self._used],
            self._weights[: self._used],
            np.frombuffer(self._norms, dtype=np.float64) if self._norms else np.empty(0),
        )
