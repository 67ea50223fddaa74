"""The profiles of a scan's articles, row by row, packed in a few arrays (no object per
article): every row's term hashes and weights end to end, its terms in reading order end to
end, and each row's ranges and norm (a :class:`PackedProfiles`); with ``semantic``, what the
embeddings read of each row too (a :class:`PackedSemantic`). The compiled score reads them by
field name (numba types a named tuple by its class, so each kind compiles once)."""

from __future__ import annotations

from array import array
from typing import NamedTuple, TypeAlias

import numpy as np

from dedup.config import Config
from dedup.signed import append_rows
from dedup.story.profiles import Profile


class PackedProfiles(NamedTuple):
    """Every row's profile: row ``r`` holds ``terms[terms_lo[r]:terms_hi[r]]`` (sorted) with
    their ``weights``, ``norms[r]`` is the norm of those weights, and
    ``sequences[sequences_lo[r]:sequences_hi[r]]`` are its terms in reading order. Entries
    outside every row's range are left-overs of replaced rows."""

    terms_lo: np.ndarray  # int64, one per row
    terms_hi: np.ndarray  # int64, one per row
    terms: np.ndarray  # uint32 term hashes, each row's sorted
    weights: np.ndarray  # float32, one per term
    norms: np.ndarray  # float64, one per row
    sequences_lo: np.ndarray  # int64, one per row
    sequences_hi: np.ndarray  # int64, one per row
    sequences: np.ndarray  # uint32 terms in reading order


class PackedSemantic(NamedTuple):
    """:class:`PackedProfiles`' fields, then what the sentence embeddings read of each row
    (:mod:`dedup.story.semantic`)."""

    terms_lo: np.ndarray
    terms_hi: np.ndarray
    terms: np.ndarray
    weights: np.ndarray
    norms: np.ndarray
    sequences_lo: np.ndarray
    sequences_hi: np.ndarray
    sequences: np.ndarray
    body: np.ndarray  # float32 unit vectors, one row per scan row
    lead: np.ndarray  # float32 unit vectors, one row per scan row
    combination: np.ndarray  # the weights that combine them with the lexical cosine (semantic.weights())


#: what the story stages of a scan read: the profiles, with or without the embeddings
Packed: TypeAlias = PackedProfiles | PackedSemantic


class _Ragged:
    """Rows of varying length end to end in one growing array; a row can be replaced, in
    place when it fits."""

    def __init__(self, dtype: type) -> None:
        self.values: np.ndarray = np.empty(0, dtype=dtype)
        self.used = 0
        self.lo = array("q")
        self.hi = array("q")

    def set(self, row: int, values: np.ndarray) -> int:
        """Store ``values`` as row ``row`` (the next row when ``row`` is ``len``); returns
        where they start."""
        if row == len(self.lo):
            self.lo.append(self.used)
            self.hi.append(self.used)
        n, start = len(values), self.lo[row]
        if n > self.hi[row] - start:  # a new row, or one that grew: room at the end
            start = self.used
            self.values = append_rows(self.values, values, start)
            self.used = start + n
        else:
            self.values[start : start + n] = values
        self.lo[row], self.hi[row] = start, start + n
        return start

    def ranges(self) -> tuple[np.ndarray, np.ndarray]:
        empty = np.empty(0, dtype=np.int64)
        return (np.frombuffer(self.lo, dtype=np.int64) if self.lo else empty,
                np.frombuffer(self.hi, dtype=np.int64) if self.hi else empty)


class Profiles:
    """Profiles, one per scan row, appended in row order; a row's profile can be replaced (an
    article re-read without its boilerplate)."""

    def __init__(self) -> None:
        self._terms = _Ragged(np.uint32)
        self._weights = np.empty(0, dtype=np.float32)
        self._sequences = _Ragged(np.uint32)
        self._norms = array("d")

    def __len__(self) -> int:
        return len(self._norms)

    def add(self, profile: Profile) -> None:
        self._norms.append(0.0)
        self.replace(len(self._norms) - 1, profile)

    def replace(self, row: int, profile: Profile) -> None:
        weights = profile.weights.astype(np.float32)
        start = self._terms.set(row, profile.terms)
        self._weights = append_rows(self._weights, weights, start)
        self._sequences.set(row, profile.sequence)
        wide = weights.astype(np.float64)
        self._norms[row] = float(np.sqrt(wide @ wide))  # of the stored (float32) weights

    def packed(self) -> PackedProfiles:
        """The profiles as arrays (views, not copies)."""
        terms_lo, terms_hi = self._terms.ranges()
        sequences_lo, sequences_hi = self._sequences.ranges()
        return PackedProfiles(
            terms_lo=terms_lo,
            terms_hi=terms_hi,
            terms=self._terms.values[: self._terms.used],
            weights=self._weights[: self._terms.used],
            norms=np.frombuffer(self._norms, dtype=np.float64) if self._norms else np.empty(0),
            sequences_lo=sequences_lo,
            sequences_hi=sequences_hi,
            sequences=self._sequences.values[: self._sequences.used],
        )


class Pieces:
    """What the sentence embeddings read of each scan row (:meth:`Encoder.pieces`), kept
    until the rows are final (an article re-read without its boilerplate replaces its own), so
    that every article is embedded once, in batches, when the scan has read them all."""

    def __init__(self, config: Config) -> None:
        from dedup.story.semantic import encoder

        self.encoder = encoder(config.model, config.jobs)  # loaded, or refused, before any reading
        self.rows: list[np.ndarray] = []

    def add(self, texts: list[str]) -> None:
        self.rows.extend(self.encoder.pieces(texts))

    def replace(self, rows: list[int], texts: list[str]) -> None:
        for row, pieces in zip(rows, self.encoder.pieces(texts)):
            self.rows[row] = pieces

    def packed(self, profiles: PackedProfiles) -> PackedSemantic:
        """``profiles`` (:meth:`Profiles.packed`) with every row's body and lead vectors and
        the weights that combine them with the lexical cosine."""
        from dedup.story.semantic import weights

        vectors = self.encoder.embed(self.rows)
        return PackedSemantic(*profiles, body=vectors.body, lead=vectors.lead, combination=weights())
