"""The profiles of a scan's articles, row by row, packed in a few arrays (no object per
article): term hashes and weights of every row end to end, with each row's end and norm."""

from __future__ import annotations

from array import array

import numpy as np

from dedup.signed import _append
from dedup.story.profiles import Profile


class Profiles:
    """Append-only profiles, one per scan row; a row's profile can be replaced (an article
    re-read without its boilerplate) before :meth:`packed` is called."""

    def __init__(self) -> None:
        self._terms = np.empty(0, dtype=np.uint32)
        self._weights = np.empty(0, dtype=np.float32)
        self._ends = array("q")
        self._replaced: dict[int, Profile] = {}

    def __len__(self) -> int:
        return len(self._ends)

    def add(self, profile: Profile) -> None:
        used = self._ends[-1] if self._ends else 0
        self._terms = _append(self._terms, profile.terms, used)
        self._weights = _append(self._weights, profile.weights.astype(np.float32), used)
        self._ends.append(used + len(profile.terms))

    def replace(self, row: int, profile: Profile) -> None:
        self._replaced[row] = profile

    def packed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(starts, terms, weights, norms)``: row ``r`` holds ``terms[starts[r]:starts[r+1]]``
        (sorted) with their weights; ``norms[r]`` is the norm of its stored weights."""
        ends = np.frombuffer(self._ends, dtype=np.int64) if self._ends else np.empty(0, dtype=np.int64)
        starts = np.concatenate(([0], ends))
        terms, weights = self._terms[: starts[-1]], self._weights[: starts[-1]]
        if self._replaced:
            pieces_t, pieces_w = [], []
            for row in range(len(ends)):
                new = self._replaced.get(row)
                if new is None:
                    pieces_t.append(terms[starts[row] : starts[row + 1]])
                    pieces_w.append(weights[starts[row] : starts[row + 1]])
                else:
                    pieces_t.append(new.terms)
                    pieces_w.append(new.weights.astype(np.float32))
            starts = np.concatenate(([0], np.cumsum([len(p) for p in pieces_t])))
            terms, weights = np.concatenate(pieces_t), np.concatenate(pieces_w)
            self._terms, self._weights = terms, weights
            self._ends = array("q", starts[1:].tolist())
            self._replaced.clear()
        wide = weights.astype(np.float64)
        squares = np.add.reduceat(wide * wide, starts[:-1]) if len(wide) else np.zeros(len(ends))
        squares[starts[:-1] == starts[1:]] = 0.0  # reduceat reads one value for an empty row
        return starts, terms, weights, np.sqrt(squares)
