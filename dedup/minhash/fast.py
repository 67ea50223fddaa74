"""The fast path: one compiled pass from UTF-8 bytes to signatures, many articles at once.

The kernel finds the words (the byte classes of :data:`dedup.normalize.WORD`), writes them
joined by single spaces, hashes each shingle's bytes with xxHash32, pre-mixes the hash with
the MurmurHash3 finalizer and keeps the minimum of ``a * h + b`` (mod 2**32) per permutation:
the arithmetic of datasketch's ``affine32`` scheme, without a Python call per shingle.
Batches of at least :data:`FEW` articles are spread over threads with ``prange``; smaller ones
(an index query, a stream's next article) are signed on the calling thread, which costs a
fraction of waking the thread pool and does not jitter on a busy machine. A process's first
texts, until the kernel has been loaded for a larger batch, are signed by the same steps in
plain Python (:mod:`dedup.minhash.plain`), see :func:`sign_forms`.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np
from numba import njit, prange

from dedup.compiled import CACHE, announce_first_compile, cached, loaded
from dedup.config import Config
from dedup.minhash import plain
from dedup.minhash.xxh32 import M32, xxh32
from dedup.normalize import signing_form
from dedup.paragraphs import CONTEXT_WORDS, END, MIN_WORDS, SEED_CONTEXT, SEED_UNIT, START


@njit(inline="always", cache=CACHE)
def _fmix32(h):
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & M32
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & M32
    h ^= h >> np.uint64(16)
    return h


@njit(inline="always", cache=CACHE)
def _is_word_byte(c):
    return (c >= 48 and c <= 57) or (c >= 97 and c <= 122) or c >= 128


@njit(inline="always", cache=CACHE)
def _permute_min(h, a, b, sig):
    for k in range(a.shape[0]):
        v = np.uint32((np.uint64(a[k]) * h + np.uint64(b[k])) & M32)
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


@njit(inline="always", cache=CACHE)
def _is_break_space(c):
    # whitespace that may stand between the two line breaks of a paragraph break
    return c == 32 or c == 9 or c == 13 or c == 11 or c == 12 or (c >= 28 and c <= 31)


@njit(cache=CACHE)
def _sign_one(data, start, end, ngram, char_shingles, a, b, sig, unit_hash, unit_context, unit_base, skip,
              hashes, hash_base):
    """Sign ``data[start:end]`` into ``sig`` and write its paragraph units from ``unit_base``;
    paragraphs whose unit hash is in ``skip`` (sorted) are left out of the signature. When
    ``hashes`` has room, its distinct shingle hashes are written from ``hash_base`` in the
    order the text first has them. Return (distinct shingle hashes, words signed, units)."""
    n_bytes = end - start
    joined = np.empty(n_bytes + 1, dtype=np.uint8)
    # word starts in `joined` (plus its end), and the word each paragraph starts at
    wstart = np.empty(n_bytes + 2, dtype=np.int64)
    pstart = np.empty(n_bytes + 2, dtype=np.int64)
    n_words = 0
    n_paras = 0
    newlines = 0
    pending_break = False
    length = 0
    in_word = False
    for p in range(start, end):
        c = data[p]
        if _is_word_byte(c):
            if not in_word:
                if length > 0:
                    joined[length] = 32
                    length += 1
                if n_words == 0 or pending_break:
                    pstart[n_paras] = n_words
                    n_paras += 1
                pending_break = False
                newlines = 0
                wstart[n_words] = length
                n_words += 1
                in_word = True
            joined[length] = c
            length += 1
        elif c == 39 and in_word and p + 1 < end and _is_word_byte(data[p + 1]):
            continue  # an apostrophe inside a word joins it: "country's" is "countrys"
        else:
            in_word = False
            if c == 10:
                newlines += 1
                if newlines >= 2:
                    pending_break = True
            elif not _is_break_space(c):
                newlines = 0
    if length == 0:
        return 0, 0, 0
    wstart[n_words] = length + 1  # one past the last word's separator
    pstart[n_paras] = n_words
    n_units = _paragraph_units(joined, wstart, n_words, pstart, n_paras, unit_hash, unit_context, unit_base)
    if skip.shape[0] > 0:
        joined, wstart, n_words, length = _drop_paragraphs(joined, wstart, n_words, pstart, n_paras, skip)
        if length == 0:
            return 0, 0, n_units

    if char_shingles:
        marks = np.empty(length + 1, dtype=np.int64)
        units = 0
        for p in range(length):
            if (joined[p] & 0xC0) != 0x80:
                marks[units] = p
                units += 1
        marks[units] = length
        gap = 0
    else:
        marks = wstart
        units = n_words
        gap = 1  # a word shingle stops before the space that follows it
    keep = hashes.shape[0] > 0
    if units <= ngram:
        h = xxh32(joined, 0, length, 0)
        _permute_min(_fmix32(h), a, b, sig)
        if keep:
            hashes[hash_base] = np.uint32(h)
        return 1, n_words, n_units
    count = units - ngram + 1
    size = 16
    while size < 2 * count:
        size *= 2
    seen = np.zeros(size, dtype=np.uint64)
    distinct = 0
    for i in range(count):
        h = xxh32(joined, marks[i], marks[i + ngram] - gap, 0)
        if _insert(seen, h):
            if keep:
                hashes[hash_base + distinct] = np.uint32(h)
            distinct += 1
            _permute_min(_fmix32(h), a, b, sig)
    return distinct, n_words, n_units


@njit(cache=CACHE)
def _paragraph_units(joined, wstart, n_words, pstart, n_paras, unit_hash, unit_context, base):
    """Hash and context of every paragraph of at least MIN_WORDS words (see dedup.paragraphs)."""
    n_units = 0
    for q in range(n_paras):
        first, last = pstart[q], pstart[q + 1]
        if last - first < MIN_WORDS:
            continue
        stop = wstart[last] - 1
        unit_hash[base + n_units] = np.uint32(xxh32(joined, wstart[first], stop, SEED_UNIT))
        before = np.uint64(START)
        if first > 0:
            before = xxh32(joined, wstart[max(0, first - CONTEXT_WORDS)], wstart[first] - 1, SEED_CONTEXT)
        after = np.uint64(END)
        if last < n_words:
            after = xxh32(joined, wstart[last], wstart[min(n_words, last + CONTEXT_WORDS)] - 1, SEED_CONTEXT)
        both = (before ^ ((after * np.uint64(0x9E3779B1)) & M32)) & M32
        unit_context[base + n_units] = np.uint16((both ^ (both >> np.uint64(16))) & np.uint64(0xFFFF))
        n_units += 1
    return n_units


@njit(cache=CACHE)
def _drop_paragraphs(joined, wstart, n_words, pstart, n_paras, skip):
    """``joined`` and its word starts without the paragraphs whose unit hash is in ``skip``."""
    kept = np.empty(joined.shape[0], dtype=np.uint8)
    kstart = np.empty(wstart.shape[0], dtype=np.int64)
    length = 0
    k_words = 0
    for q in range(n_paras):
        first, last = pstart[q], pstart[q + 1]
        if last - first >= MIN_WORDS:
            stop = wstart[last] - 1
            h = np.uint32(xxh32(joined, wstart[first], stop, SEED_UNIT))
            i = np.searchsorted(skip, h)
            if i < skip.shape[0] and skip[i] == h:
                continue
        for w in range(first, last):
            if length > 0:
                kept[length] = 32
                length += 1
            kstart[k_words] = length
            k_words += 1
            for p in range(wstart[w], wstart[w + 1] - 1):
                kept[length] = joined[p]
                length += 1
    kstart[k_words] = length + 1
    return kept, kstart, k_words, length


@njit(inline="always", cache=CACHE)
def _sign_doc(d, data, offsets, ngram, char_shingles, a, b, out, shingles, words, unit_hash, unit_context, unit_slots, units, skip,
              hashes, hash_slots):
    sig = out[d]
    sig[:] = np.uint32(0xFFFFFFFF)
    shingles[d], words[d], units[d] = _sign_one(
        data, offsets[d], offsets[d + 1], ngram, char_shingles, a, b, sig, unit_hash, unit_context, unit_slots[d], skip,
        hashes, hash_slots[d]
    )


@njit(parallel=True, cache=CACHE)
def _sign_batch(data, offsets, ngram, char_shingles, a, b, out, shingles, words, unit_hash, unit_context, unit_slots, units, skip,
                hashes, hash_slots):
    for d in prange(offsets.shape[0] - 1):
        _sign_doc(d, data, offsets, ngram, char_shingles, a, b, out, shingles, words, unit_hash, unit_context, unit_slots, units, skip,
                  hashes, hash_slots)


@njit(cache=CACHE)
def _sign_few(data, offsets, ngram, char_shingles, a, b, out, shingles, words, unit_hash, unit_context, unit_slots, units, skip,
              hashes, hash_slots):
    """:func:`_sign_batch` on this thread: a few texts do not pay for waking a thread pool."""
    for d in range(offsets.shape[0] - 1):
        _sign_doc(d, data, offsets, ngram, char_shingles, a, b, out, shingles, words, unit_hash, unit_context, unit_slots, units, skip,
                  hashes, hash_slots)


@njit(cache=CACHE)
def _close_up(values, slots, counts):
    """Move each text's ``counts[d]`` values, written from ``slots[d]``, to follow the text
    before's, in place; return how many there are in all. (An index array of the moves would
    take 8 bytes a value, twice over: at a settle batch's 8 million hashes, some 200 MB.)"""
    end = 0
    for d in range(counts.shape[0]):
        start = slots[d]
        if start != end:
            for i in range(counts[d]):
                values[end + i] = values[start + i]
        end += counts[d]
    return end


class Signatures(NamedTuple):
    """Signature rows of a batch of texts, with each text's set size, word count and paragraph
    units (see :mod:`dedup.paragraphs`)."""

    matrix: np.ndarray  #: ``(texts, num_perm)`` ``uint32``; an empty text's row is all ``0xFFFFFFFF``
    shingles: np.ndarray  #: distinct shingle hashes per text: the set size that containment needs
    words: np.ndarray  #: words per text, for the too-short check
    unit_hashes: np.ndarray  #: every text's unit hashes, one text after another
    unit_contexts: np.ndarray  #: the context of each of those units
    unit_ends: np.ndarray  #: where each text's units end in those two arrays
    #: with ``keep_hashes``, every text's distinct shingle hashes in the order the text first
    #: has them, one text after another (``shingles`` of them each); else empty
    hashes: np.ndarray


def signatures(texts: list[str], config: Config, skip: np.ndarray | None = None, keep_hashes: bool = False) -> Signatures:
    """Sign many texts at once; paragraphs whose unit hash is in ``skip`` (sorted ``uint32``,
    from :func:`dedup.matching.boilerplate.find_boilerplate`) are left out. With ``keep_hashes``, the
    shingle hashes themselves come back too (for the pairs a scan settles exactly,
    :mod:`dedup.matching.walk`)."""
    return sign_forms([signing_form(t) for t in texts], config, skip, keep_hashes)


def sign_forms(encoded: list[bytes], config: Config, skip: np.ndarray | None = None, keep_hashes: bool = False) -> Signatures:
    """:func:`signatures` of texts already in their signing form
    (:func:`dedup.normalize.signing_form`).

    Until the kernel has run in this process, texts are signed in plain Python while the
    process has signed fewer than :data:`PLAIN_TEXTS` (:data:`PLAIN_TEXTS_CACHED` when the
    kernel's compiled code is on disk): plain signing costs about a millisecond a text, loading
    the cached kernel some 0.3 s and compiling it some 10 s of CPU, so a scan of a few hundred
    files never waits for either and a large one loads the kernel at its second batch."""
    kernel = _sign_few if len(encoded) < FEW else _sign_batch
    if _plain_pays(kernel, len(encoded)):
        a, b = _permutations(config)
        return Signatures(*plain.sign_forms(encoded, config.ngram, config.shingle == "char", a, b, skip, keep_hashes))
    return kernel_sign_forms(encoded, config, skip, keep_hashes)


def kernel_sign_forms(encoded: list[bytes], config: Config, skip: np.ndarray | None = None,
                      keep_hashes: bool = False) -> Signatures:
    """:func:`sign_forms` by the compiled kernel, whatever it costs to load."""
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    n = len(encoded)
    del encoded
    a, b = _permutations(config)
    # room for every paragraph a text could hold; compacted below
    slots = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.diff(offsets) // (2 * MIN_WORDS) + 1, out=slots[1:])
    unit_hash = np.empty(slots[-1], dtype=np.uint32)
    unit_context = np.empty(slots[-1], dtype=np.uint16)
    matrix = np.empty((n, config.num_perm), dtype=np.uint32)
    shingles, words, units = (np.empty(n, dtype=np.int64) for _ in range(3))
    # room for every shingle a text could have: a word shingle per word (each at least a
    # byte and a separator), a character shingle per byte
    hash_slots = np.zeros(n + 1, dtype=np.int64)
    if keep_hashes:
        per_text = np.diff(offsets) + 1 if config.shingle == "char" else np.diff(offsets) // 2 + 2
        np.cumsum(per_text, out=hash_slots[1:])
    hashes = np.empty(hash_slots[-1], dtype=np.uint32)
    if n < FEW:
        sign = _sign_few
    else:
        _set_threads(config.jobs)
        sign = _sign_batch
    announce_first_compile(sign)  # the first kernel a scan runs: the others compile with it
    sign(data, offsets, config.ngram, config.shingle == "char", a, b, matrix, shingles, words,
         unit_hash, unit_context, slots, units, _NO_SKIP if skip is None else skip.astype(np.uint32), hashes, hash_slots)
    ends = np.cumsum(units)
    keep = np.arange(ends[-1] if n else 0) + np.repeat(slots[:-1] - (ends - units), units)
    if keep_hashes:  # each text's hashes moved up to the one before, and the room let go
        hashes = hashes[: _close_up(hashes, hash_slots, shingles)].copy()
    return Signatures(matrix, shingles, words, unit_hash[keep], unit_context[keep], ends, hashes)


_NO_SKIP = np.empty(0, dtype=np.uint32)
FEW = 256  # batches smaller than this are signed on the calling thread
PLAIN_TEXTS = 2048  # texts a process signs in plain Python before it compiles the kernel
PLAIN_TEXTS_CACHED = 512  # the same when the compiled kernel is cached on disk
_signed_plain = 0


def _plain_pays(kernel: object, texts: int) -> bool:
    """Whether to sign ``texts`` more in plain Python rather than load or compile ``kernel``."""
    global _signed_plain
    if loaded(kernel):
        return False
    if _signed_plain + texts > (PLAIN_TEXTS_CACHED if cached(kernel) else PLAIN_TEXTS):
        return False
    _signed_plain += texts
    return True
_PERMUTATIONS: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}


def _permutations(config: Config) -> tuple[np.ndarray, np.ndarray]:
    key = (config.num_perm, config.seed)
    if key not in _PERMUTATIONS:
        _PERMUTATIONS[key] = permutations(config)
    return _PERMUTATIONS[key]


def permutations(config: Config) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters ``(a, b)``, drawn as datasketch draws them
    (odd ``a``), without importing datasketch (and the SciPy it loads): the test holds them
    equal to :func:`dedup.minhash.reference.permutations`."""
    gen = np.random.RandomState(config.seed)
    a = gen.randint(0, 1 << 31, config.num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, config.num_perm, dtype=np.uint32)
    return np.ascontiguousarray(a), np.ascontiguousarray(b)


def _set_threads(jobs: int) -> None:
    limit = numba.config.NUMBA_NUM_THREADS  # type: ignore[attr-defined]  # set at run time
    numba.set_num_threads(min(jobs, limit) if jobs > 0 else limit)
