"""Seeded synthetic news corpus with known near-duplicate clusters, for benchmarks.

Documents look like wire copy: a headline, a date, an outlet and a ~4 KB body of
650-750 words in paragraphs of 2-4 sentences. The words come from a fixed synthetic
lexicon (50,000 syllable-built word forms plus ~170 real English function and
common news words) drawn with a Zipf law of exponent 1.0, so frequent words dominate the way they
do in English while two unrelated documents share essentially no 5-word sequence.

Hard negatives sit among the originals: a third of the outlets close every story with the
same two-sentence house footer, and about 15% of stories reuse one or two background
paragraphs of a recent, different story; neither makes them the same story.

About ``dup_fraction`` of the documents are syndicated variants of an earlier
original: the same story re-run by another outlet with light edits (retitled,
trimmed, cut down to a brief, typos, curly quotes, hard-wrapped, an outlet intro or
an editor's note, a few words swapped, a number changed). ``SyntheticDoc.story`` is
the true cluster label and ``SyntheticDoc.edit`` names the edits applied, joined by
"+" in the order of ``EDIT_NAMES`` ("exact" if every chosen edit turned out a no-op,
which only happens for very short documents).

    >>> docs = list(generate(50, seed=1))
    >>> len(docs), docs[0].id, docs[0].edit
    (50, 'd0000000', 'original')

Generation streams: ``generate`` is a generator and keeps only the texts of originals
whose copies are still to come. The same ``(n_docs, seed, dup_fraction,
words_per_doc)`` gives the same documents on any machine: randomness comes from
numpy's PCG64 raw output and Python's Mersenne Twister, and no result depends on a
transcendental function whose last bit could differ between platforms.

Command line::

    python benchmarks/corpus.py N OUT_DIR [--seed S] [--jsonl]

writes ``OUT_DIR/<subdir>/<id>.txt`` files (or ``OUT_DIR/corpus.jsonl`` with
``--jsonl``; that file also carries the ``story`` and ``edit`` labels).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

__all__ = ["SyntheticDoc", "generate", "write_folder", "write_jsonl", "EDIT_NAMES"]


@dataclass(frozen=True)
class SyntheticDoc:
    id: str  # e.g. "d0000123" zero-padded, unique
    text: str  # body, paragraphs separated by "\n\n"
    title: str
    date: str  # ISO YYYY-MM-DD
    source: str  # outlet name
    story: int  # true cluster label: index of the original story it derives from
    edit: str  # "original" or the edits applied, e.g. "trim+typos"


# Edit names in the order they are applied (and listed in ``SyntheticDoc.edit``).
EDIT_NAMES = ("retitle", "trim", "brief", "subst", "typos", "number", "intro", "note", "quotes", "wrap")

# --------------------------------------------------------------------------- lexicon

# ~170 real English words, roughly most frequent first: function words and the commonest
# words of news copy. They take the top Zipf ranks, as in real text (~50% of tokens).
FUNCTION_WORDS = (
    "the of and to a in that said for on is was with he it as at by from his be "
    "have has are an but not this they who will had their been were which would its "
    "after she or more about we also one there her new than up out when two into "
    "last year all over first can some other people could government if only them "
    "what time so no like most told may just because while before three where since "
    "made then those these under any both between during against through week "
    "including city officials million did many being do how very our such state "
    "police president years you him us each much even back now well still around "
    "four five next report public says own local officials former our group "
    "should home day month early later among however according second another "
    "across area work plan part national part per due despite whether several "
    "number set high long told way end made us here what why already without "
    "held called across within until least major"
).split()
FUNCTION_WORDS = tuple(dict.fromkeys(FUNCTION_WORDS))  # drop repeats, keep order

N_SYNTH = 50_000
_ONSETS = ("", "", "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
           "y", "z", "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "cr",
           "dr", "fr", "gr", "pr", "tr", "bl", "cl", "fl", "pl", "sl", "st", "sp", "sh", "ch", "th", "qu")
_NUCLEI = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "a", "e", "i", "o", "u", "y", "ea", "ai", "ou",
           "oo", "ie", "ee", "oa")
_CODAS = ("", "", "", "", "", "n", "r", "s", "t", "l", "m", "d", "n", "r", "s", "t", "l", "x", "p", "g",
          "nd", "nt", "st", "rt", "ck", "ng", "sh", "th", "ld", "rn", "mp", "ll", "ss")
_BLOCK_SUB = ("fuck", "shit", "cunt", "nigg", "fag", "whore", "slut", "rape", "nazi", "piss", "dick",
              "cock", "twat", "kike", "spic", "tits")

ZIPF_BITS = 22  # inverse-CDF lookup table of 2**22 entries
NUM_BITS = 15  # number-string pool of 2**15 entries

_START_DAY = date(2023, 1, 1)
_SPAN_DAYS = 3 * 365

_PLACES = ("Harbor", "Northfield", "Riverton", "Eastbrook", "Lakeside", "Westmoor", "Pinecrest", "Bayview",
           "Granite", "Oakdale", "Summit", "Redcliff", "Meadowland", "Ironbridge", "Silverton", "Kingsport")
_KINDS = ("Ledger", "Tribune", "Courier", "Gazette", "Herald", "Post", "Times", "Observer", "Chronicle",
          "Dispatch", "Sentinel", "Journal", "Bulletin", "Record", "Examiner", "Daily")
OUTLETS = tuple(f"{p} {_KINDS[(i * 5 + j * 7) % len(_KINDS)]}" for i, p in enumerate(_PLACES) for j in range(3))
OUTLETS = tuple(dict.fromkeys(OUTLETS + ("Continental Press Wire", "Allied News Service", "Metro Wire")))


def _raw(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` raw uint64 outputs of the PCG64 stream (stable across numpy versions)."""
    return rng.bit_generator.random_raw(int(n)).astype(np.uint64, copy=False)


def _unif(rng: np.random.Generator, n: int) -> np.ndarray:
    """Uniform doubles in [0, 1), exact from 53 raw bits."""
    return (_raw(rng, n) >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)


def _below(raw: np.ndarray, k: int) -> np.ndarray:
    """Map raw uint64 values to integers in [0, k) by multiply-shift on the top 32 bits."""
    return ((raw >> np.uint64(32)) * np.uint64(k)) >> np.uint64(32)


class _Lexicon:
    """The fixed language shared by every seed: word forms, numbers, pieces to join."""

    def __init__(self) -> None:
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([0x5EED, 0x1E71C0])))
        func = list(FUNCTION_WORDS)
        seen = set(func)
        synth: list[str] = []
        no, nn, nc = len(_ONSETS), len(_NUCLEI), len(_CODAS)
        while len(synth) < N_SYNTH:
            sel = _below(_raw(rng, 65536), 1000).tolist()
            shapes = _raw(rng, 65536).tolist()
            for r, x in zip(sel, shapes):
                rank = len(synth)
                if rank >= N_SYNTH:
                    break
                # Zipf's law of abbreviation: frequent words are short.
                if rank < 600:
                    nsyl = 1 if r < 680 else 2
                elif rank < 6000:
                    nsyl = 1 if r < 250 else (2 if r < 850 else 3)
                else:
                    nsyl = 1 if r < 80 else (2 if r < 640 else (3 if r < 970 else 4))
                parts = []
                for i in range(nsyl):
                    y = (x >> (16 * i)) & 0xFFFF
                    parts.append(_ONSETS[y % no])
                    y //= no
                    parts.append(_NUCLEI[y % nn])
                    y //= nn
                    # codas mostly close a word, sometimes a syllable inside it
                    if i == nsyl - 1 or y % 3 == 0:
                        parts.append(_CODAS[(y // 3) % nc])
                w = "".join(parts)
                if len(w) < 2 or w in seen or any(b in w for b in _BLOCK_SUB):
                    continue
                seen.add(w)
                synth.append(w)
        self.words: list[str] = func + synth
        self.n_func = len(func)
        self.V = V = len(self.words)

        # Zipf (s = 1) inverse-CDF table built with exact integer arithmetic.
        size = 1 << ZIPF_BITS
        weights = [(1 << 62) // r for r in range(1, V + 1)]
        total = sum(weights)
        bounds, acc = [], 0
        for w in weights:
            acc += w
            bounds.append(acc * size // total)
        counts = np.diff(np.array([0] + bounds, dtype=np.int64))
        assert counts.min() >= 1 and counts.sum() == size
        assert V < 65536
        self.zipf_table = np.repeat(np.arange(V, dtype=np.uint16), counts)  # 8 MB

        self.numbers = self._number_pool(rng)
        NN = len(self.numbers)
        caps = [w[:1].upper() + w[1:] for w in self.words]
        self.suffixes = (", ", " - ", "-", ". ", ".\n\n", ".",
                         ',\" he said. ', ',\" he said.\n\n', ',\" he said.',
                         ',\" she said. ', ',\" she said.\n\n', ',\" she said.')
        pieces = ([w + " " for w in self.words] + self.words + [c + " " for c in caps] + caps
                  + [s + " " for s in self.numbers] + self.numbers + list(self.suffixes) + ['"'])
        self.P_NUM = 4 * V
        self.P_SFX = 4 * V + 2 * NN
        self.P_QUOTE = self.P_SFX + len(self.suffixes)
        self.pieces = np.array(pieces, dtype=object)
        self.words_arr = np.array(self.words, dtype=object)

    @staticmethod
    def _number_pool(rng: np.random.Generator) -> list[str]:
        n = 1 << NUM_BITS
        raw = _raw(rng, 3 * n).reshape(n, 3)
        kind = _below(raw[:, 0], 100).tolist()
        a = _below(raw[:, 1], 1 << 30).tolist()
        b = _below(raw[:, 2], 1000).tolist()
        out = []
        for kd, x, y in zip(kind, a, b):
            if kd < 12:
                s = str(1990 + x % 37)  # year
            elif kd < 32:
                s = str(2 + x % 98)
            elif kd < 44:
                s = str(100 + x % 900)
            elif kd < 64:
                v = 1000 + x % 99000
                if y < 600:
                    v = v // 100 * 100 if v >= 10000 or y < 300 else v // 10 * 10
                s = f"{v:,}"
            elif kd < 78:
                s = f"{1 + x % 60} percent" if y < 650 else f"{1 + x % 40}.{1 + y % 9} percent"
            elif kd < 90:
                unit = "million" if y < 750 else "billion"
                s = f"${1 + x % 400} {unit}" if y % 3 else f"${1 + x % 30}.{1 + y % 9} {unit}"
            else:
                s = f"{1 + x % 20}.{1 + y % 9} million" if y % 2 else f"{10 + x % 900} million"
            out.append(s)
        return out


_LEX: _Lexicon | None = None


def _lexicon() -> _Lexicon:
    global _LEX
    if _LEX is None:
        _LEX = _Lexicon()
    return _LEX


# ------------------------------------------------------------------ original stories

_CHUNK = 1024  # stream positions generated per batch (fixed: part of the determinism)
BACKGROUND_SHARE = 0.15  # originals that reuse one or two paragraphs of a recent other story


def _gen_titles(L: _Lexicon, rng: np.random.Generator, m: int) -> list[str]:
    nw = 6 + _below(_raw(rng, m), 6).astype(np.int64)  # 6..11 words
    total = int(nw.sum())
    raw = _raw(rng, total)
    ranks = L.zipf_table[(raw >> np.uint64(64 - ZIPF_BITS)).astype(np.int64)].astype(np.int64)
    keep_func = ((raw >> np.uint64(20)) & np.uint64(1023)) < np.uint64(300)
    ends = np.cumsum(nw)
    last = np.zeros(total, dtype=bool)
    last[ends - 1] = True
    content = L.n_func + (((raw & np.uint64(0xFFFFF)) * np.uint64(6000)) >> np.uint64(20)).astype(np.int64)
    swap = (ranks < L.n_func) & (~keep_func | last)
    ranks = np.where(swap, content, ranks)
    words = L.words_arr[ranks].tolist()
    out, a = [], 0
    for b in ends.tolist():
        t = " ".join(words[a:b])
        out.append(t[:1].upper() + t[1:])
        a = b
    return out


_SUB = 64  # originals per vectorised pass: small enough to stay in cache (fixed: determinism)
_P_COMMA, _P_DASH, _P_HYPHEN, _P_NUMBER = 0.058, 0.003, 0.004, 0.015  # per word


def _gen_bodies(L: _Lexicon, rng: np.random.Generator, m: int, words_per_doc: int) -> list[str]:
    """``m`` original bodies, built in one vectorised pass."""
    i64 = np.int64
    # Per-document word targets (+-5%) and a sentence-length stream (8..30, mean 19).
    # A doc ends with the sentence that reaches its target, about 9 words past it.
    targets = (words_per_doc * (0.95 + 0.10 * _unif(rng, m))).astype(i64) - min(9, words_per_doc // 20)
    cum_t = np.cumsum(targets)
    n_sent = int(cum_t[-1] // 19 * 1.2) + 64
    while True:
        sraw = _raw(rng, n_sent)
        slen = 8 + _below(sraw, 12).astype(i64) + _below(sraw << np.uint64(32), 12).astype(i64)
        cum_s = np.cumsum(slen)
        if cum_s[-1] >= cum_t[-1]:
            break
        n_sent *= 2
    last_sent = np.searchsorted(cum_s, cum_t, side="left")  # last sentence of each doc
    S = int(last_sent[-1]) + 1
    slen, cum_s = slen[:S], cum_s[:S]
    first_sent = np.empty(m, dtype=i64)
    first_sent[0] = 0
    first_sent[1:] = last_sent[:-1] + 1
    nsd = last_sent - first_sent + 1
    sent_doc = np.repeat(np.arange(m, dtype=i64), nsd)
    j = np.arange(S, dtype=i64) - first_sent[sent_doc]  # sentence index within its doc

    # Paragraph breaks: a stream of paragraphs of 2-4 sentences that each doc reads from a
    # random paragraph start; no 1-sentence final paragraph.
    plen_n = int(nsd.max()) + 512
    plens = 2 + _below(_raw(rng, plen_n // 2 + 2), 3).astype(i64)
    pends = np.cumsum(plens) - 1
    pends = pends[pends < plen_n]
    pattern = np.zeros(plen_n, dtype=bool)
    pattern[pends] = True
    starts = np.concatenate([[0], pends + 1])
    starts = starts[starts < 512]
    off = starts[_below(_raw(rng, m), len(starts)).astype(i64)]
    para_end = pattern[off[sent_doc] + j]
    para_end[last_sent - 1] = False
    para_end[last_sent] = False
    doc_end = np.zeros(S, dtype=bool)
    doc_end[last_sent] = True
    # Quote sentences (never a doc's first), about 1 in 9: '"...," he said.'
    qraw = _raw(rng, S)
    quote = ((qraw >> np.uint64(54)) < np.uint64(115)) & (j > 0)
    she = ((qraw >> np.uint64(53)) & np.uint64(1)).astype(bool)
    end_code = np.where(doc_end, 6, np.where(para_end, 5, 4))
    end_code = np.where(quote, end_code + 3 + 3 * she, end_code)

    # Tokens: Zipf word ranks, then sparse marks (capitals, punctuation, numbers, quotes).
    N = int(cum_s[-1])
    V = L.V
    main = L.zipf_table[(_raw(rng, N) >> np.uint64(64 - ZIPF_BITS)).astype(np.intp)].astype(np.intp)
    sent_start = cum_s - slen
    is_first = np.zeros(N, dtype=bool)
    is_first[sent_start] = True
    nr = _raw(rng, round(N * _P_NUMBER))
    num_pos = _below(nr, N).astype(np.intp)
    keep = ~is_first[num_pos]
    num_pos, nr = num_pos[keep], nr[keep]
    main[num_pos] = L.P_NUM + (nr & np.uint64((1 << NUM_BITS) - 1)).astype(np.intp)
    sfx = np.zeros(N, dtype=np.int8)  # 0: a plain space follows; k > 0: L.suffixes[k - 1]
    for code, rate in ((1, _P_COMMA), (2, _P_DASH), (3, _P_HYPHEN)):
        pos = _below(_raw(rng, round(N * rate)), N - 1).astype(np.intp)
        if code == 3:  # hyphenated compounds join two content words
            a, b = main[pos], main[pos + 1]
            pos = pos[(a >= L.n_func) & (a < V) & (b >= L.n_func) & (b < V)]
        sfx[pos] = code
    sfx[cum_s - 1] = end_code  # sentence ends override
    main[sent_start] += 2 * V  # capitalised forms
    sfx_pos = np.flatnonzero(sfx)
    main[sfx_pos] += np.where(main[sfx_pos] >= L.P_NUM, len(L.numbers), V)  # no-space forms
    q_pos = sent_start[quote]
    # Insert suffix pieces after their word and opening quotes before theirs (np.insert
    # keeps the given order for equal positions: a suffix before the next quote).
    ins_at = np.concatenate([sfx_pos + 1, q_pos])
    ins_val = np.concatenate([L.P_SFX - 1 + sfx[sfx_pos].astype(np.intp),
                              np.full(len(q_pos), L.P_QUOTE, dtype=np.intp)])
    items = np.insert(main, ins_at, ins_val)
    parts = L.pieces[items].tolist()

    ins_sorted = np.sort(ins_at)
    doc_a = sent_start[first_sent]
    doc_b = cum_s[last_sent]
    a_list = (doc_a + np.searchsorted(ins_sorted, doc_a, side="right")).tolist()
    b_list = (doc_b + np.searchsorted(ins_sorted, doc_b, side="right")).tolist()
    join = "".join
    return [join(parts[a:b]) for a, b in zip(a_list, b_list)]


# ------------------------------------------------------------------ syndication edits

_NUM_RE = re.compile(r"(?<![\d,.])\d(?:[\d,.]*\d)?")


class _Pool:
    """Zipf-distributed lowercase words drawn in bulk, handed out in order."""

    def __init__(self, L: _Lexicon, rng: np.random.Generator) -> None:
        self.L, self.rng, self.buf, self.pos = L, rng, [], 0

    def take(self, k: int) -> list[str]:
        if self.pos + k > len(self.buf):
            raw = _raw(self.rng, max(4096, 2 * k))
            idx = self.L.zipf_table[(raw >> np.uint64(64 - ZIPF_BITS)).astype(np.int64)]
            self.buf, self.pos = self.L.words_arr[idx].tolist(), 0
        out = self.buf[self.pos:self.pos + k]
        self.pos += k
        return out


def _sentence(pool: _Pool, rnd: random.Random, lo: int, hi: int) -> str:
    s = " ".join(pool.take(rnd.randint(lo, hi)))
    return s[:1].upper() + s[1:]


def _n_words(text: str) -> int:
    return max(1, len(text) // 6)


def _substitute(text: str, rnd: random.Random, pool: _Pool) -> str:
    """Swap about 2 in 100 lowercase words for other words from the lexicon."""
    k = max(1, round(_n_words(text) * 0.02 * rnd.uniform(0.7, 1.3)))
    n = len(text)
    spans: dict[int, int] = {}
    tries = 0
    while len(spans) < k and tries < 40 * k:
        tries += 1
        i = rnd.randrange(n)
        e = text.find(" ", i)
        if e < 0:
            continue
        s = text.rfind(" ", 0, i) + 1
        tok = text[s:e]
        if tok.isalpha() and tok.islower():
            spans[s] = e
    new = pool.take(len(spans) + 4)
    out, pos = [], 0
    for j, s in enumerate(sorted(spans)):
        e = spans[s]
        w = new[j] if new[j] != text[s:e] else new[-1 - j % 4]
        out.append(text[pos:s])
        out.append(w)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _typos(text: str, rnd: random.Random) -> str:
    """Swap two adjacent lowercase letters, about once per 100 words."""
    k = max(1, round(_n_words(text) * 0.01 * rnd.uniform(0.7, 1.3)))
    n = len(text) - 1
    done = tries = 0
    while done < k and tries < 60 * k:
        tries += 1
        i = rnd.randrange(n)
        a, b = text[i], text[i + 1]
        if a != b and a.isalpha() and b.isalpha() and a.islower() and b.islower():
            text = text[:i] + b + a + text[i + 2:]
            done += 1
    return text


def _change_number(text: str, rnd: random.Random) -> str | None:
    """Change one number: a year by a year or two, otherwise one digit."""
    m = _NUM_RE.search(text, rnd.randrange(len(text))) or _NUM_RE.search(text)
    if m is None:
        return None
    s = m.group()
    if len(s) == 4 and s.isdigit() and s[:2] in ("19", "20"):
        t = str(int(s) + rnd.choice((-2, -1, 1, 2)))
    else:
        digits = [i for i, c in enumerate(s) if c.isdigit()]
        t = s
        while t == s:
            i = rnd.choice(digits)
            d = rnd.choice("123456789" if i == 0 else "0123456789")
            t = s[:i] + d + s[i + 1:]
    return text[:m.start()] + t + text[m.end():]


def _wrap(text: str, width: int) -> str:
    out = []
    for par in text.split("\n\n"):
        lines, start, n = [], 0, len(par)
        while n - start > width:
            cut = par.rfind(" ", start, start + width + 1)
            if cut <= start:
                cut = par.find(" ", start + width)
                if cut < 0:
                    break
            lines.append(par[start:cut])
            start = cut + 1
        lines.append(par[start:])
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _quotes(text: str, rnd: random.Random) -> str:
    text = text.replace(',"', ",\u201d").replace('"', "\u201c").replace("'", "\u2019")
    return text.replace(" - ", "\u2014" if rnd.random() < 0.5 else " \u2014 ")


def _choose_edits(rnd: random.Random) -> list[str]:
    """A content edit (usually), maybe a second one, plus independent cosmetic edits.

    Content edits set the similarity: trim, subst and typos each leave a 5-gram Jaccard
    of about 0.75-0.9 against the original; a brief keeps a third of the text (Jaccard
    ~0.3) but stays >= 0.8 contained in the original, so it only ever adds typos. About
    one variant in eight has cosmetic edits only (same words, or one number changed).
    """
    r = rnd.random()
    primary = ("trim" if r < 0.32 else "typos" if r < 0.54 else "subst" if r < 0.76
               else "brief" if r < 0.88 else None)
    chosen = set()
    if primary:
        chosen.add(primary)
        if rnd.random() < 0.3:
            second = {"trim": ("typos", "subst"), "typos": ("trim", "subst"),
                      "subst": ("trim", "typos"), "brief": ("typos",)}[primary]
            chosen.add(rnd.choice(second))
    for name, p in (("retitle", 0.35), ("number", 0.30), ("intro", 0.08), ("note", 0.08),
                    ("quotes", 0.20), ("wrap", 0.12)):
        if rnd.random() < p:
            chosen.add(name)
    if not chosen:
        chosen.add(rnd.choice(("retitle", "quotes", "wrap", "number", "intro", "note")))
    return [e for e in EDIT_NAMES if e in chosen]


def _make_variant(title: str, text: str, source: str, rnd: random.Random, pool: _Pool) -> tuple[str, str, str]:
    applied = []
    for e in _choose_edits(rnd):
        if e == "retitle":
            title = _sentence(pool, rnd, 6, 11)
        elif e in ("trim", "brief"):
            paras = text.split("\n\n")
            if e == "trim":
                keep = len(paras) - rnd.randint(1, 3)
            else:
                keep = max(2, round(len(paras) / 3))
            keep = max(2, keep)
            if keep >= len(paras):
                continue
            text = "\n\n".join(paras[:keep])
        elif e == "subst":
            text = _substitute(text, rnd, pool)
        elif e == "typos":
            text = _typos(text, rnd)
        elif e == "number":
            t = _change_number(text, rnd)
            if t is None:
                continue
            text = t
        elif e == "intro":
            how = rnd.choice(("{s}, {o} reported.", "{s}, according to the {o}.", "{s}, the {o} has learned."))
            text = how.format(s=_sentence(pool, rnd, 8, 16), o=source) + " " + text
        elif e == "note":
            note = "Editor's note: " + _sentence(pool, rnd, 10, 22) + "."
            text = note + "\n\n" + text if rnd.random() < 0.5 else text + "\n\n" + note
        elif e == "quotes":
            text = _quotes(text, rnd)
        elif e == "wrap":
            text = _wrap(text, rnd.randint(60, 80))
        applied.append(e)
    return title, text, "+".join(applied) if applied else "exact"


# ------------------------------------------------------------------ plan and stream


def _plan(n: int, seed: int, dup_fraction: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Stream layout: ``(is_variant, story, copies_per_story, n_orig)``."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 0x91A7])))
    n_var = int(round(dup_fraction * n))
    n_orig = n - n_var
    if n_orig < 1:
        n_orig, n_var = 1, n - 1
    copies = np.zeros(n_orig, dtype=np.int64)
    cap = max(1, min(80, n_var // 20))  # no single story may dominate the true pairs
    need = n_var
    while need > 0:
        # Skewed copy counts: P(k >= m) = 1/m^2, so most stories with copies have one,
        # some 2-10 and a few 20+. Stories are visited in random order.
        perm = np.argsort(_raw(rng, n_orig), kind="stable")
        u = 1.0 - _unif(rng, n_orig)  # (0, 1]
        k = np.minimum(np.floor(1.0 / np.sqrt(u)), cap).astype(np.int64)
        ck = np.cumsum(k)
        stop = int(np.searchsorted(ck, need, side="left"))
        if stop < n_orig:
            k[stop] -= ck[stop] - need
            k[stop + 1:] = 0
        copies[perm] += k
        need -= int(k.sum())
    # Originals spread evenly over the stream; a copy follows its original after a lag
    # that is mostly short (a product of three uniforms over a window) and sometimes
    # anywhere later.
    orig_base = (np.arange(n_orig, dtype=np.int64) * n) // n_orig
    story_of_var = np.repeat(np.arange(n_orig, dtype=np.int64), copies)
    window = max(2, min(n // 2, 20_000))
    u = _unif(rng, 4 * n_var).reshape(4, n_var) if n_var else np.zeros((4, 0))
    near = (u[0] * u[1] * u[2] * window).astype(np.int64)
    base = orig_base[story_of_var]
    far = (u[3] * np.maximum(n - base, 1)).astype(np.int64)
    is_far = (_raw(rng, n_var) >> np.uint64(54)) < np.uint64(100)  # ~10%
    var_base = base + 1 + np.where(is_far, far, near)
    keys = np.concatenate([orig_base * 2, var_base * 2 + 1])
    order = np.argsort(keys, kind="stable")
    is_var = order >= n_orig
    story = order.copy()
    story[is_var] = story_of_var[order[is_var] - n_orig]
    return is_var, story.astype(np.int64), copies, n_orig


def generate(n_docs: int, *, seed: int = 0, dup_fraction: float = 0.3,
             words_per_doc: int = 700) -> Iterator[SyntheticDoc]:
    """Yield ``n_docs`` synthetic news documents (originals and syndicated variants)."""
    if n_docs < 0:
        raise ValueError("n_docs must be >= 0")
    if not 0.0 <= dup_fraction < 1.0:
        raise ValueError("dup_fraction must be in [0, 1)")
    if words_per_doc < 40:
        raise ValueError("words_per_doc must be >= 40")
    if seed < 0:
        raise ValueError("seed must be >= 0")
    return _stream(int(n_docs), int(seed), float(dup_fraction), int(words_per_doc))


def _footer(L: _Lexicon, seed: int, outlet: int) -> str:
    """An outlet's two-sentence house footer, the same under every story it runs."""
    pool = _Pool(L, np.random.Generator(np.random.PCG64([seed, 0xF007, outlet])))
    rnd = random.Random(seed * 1_000_003 + outlet)
    return " ".join(_sentence(pool, rnd, 12, 20) + "." for _ in range(2))


def _stream(n: int, seed: int, dup_fraction: float, words_per_doc: int) -> Iterator[SyntheticDoc]:
    if n == 0:
        return
    L = _lexicon()
    is_var, story, copies, n_orig = _plan(n, seed, dup_fraction)
    width = max(7, len(str(n - 1)))
    days = [(_START_DAY + timedelta(days=d)).isoformat() for d in range(_SPAN_DAYS + 1)]
    n_out = len(OUTLETS)
    pending: dict[int, list] = {}  # story -> [title, text, source index, copies still to come]
    # hard negatives: a third of the outlets end every story with the same house footer, and
    # some stories reuse background paragraphs of a recent, different story
    footers = {i: _footer(L, seed, i) for i in range(0, n_out, 3)}
    recent: list[list[str]] = []
    for c0 in range(0, n, _CHUNK):
        c1 = min(n, c0 + _CHUNK)
        ss = np.random.SeedSequence([seed, 0xC4C4, c0 // _CHUNK])
        rng = np.random.Generator(np.random.PCG64(ss))
        rnd = random.Random(int(ss.generate_state(1, np.uint64)[0]))
        pool = _Pool(L, rng)
        vmask = is_var[c0:c1]
        m = int((~vmask).sum())
        if m:
            bodies = []
            for k in range(0, m, _SUB):
                bodies += _gen_bodies(L, rng, min(_SUB, m - k), words_per_doc)
            titles = _gen_titles(L, rng, m)
            su = _unif(rng, m)
            srcs = (su * su * n_out).astype(np.int64).tolist()  # a few outlets run most stories
        oi = 0
        for p, v, s in zip(range(c0, c1), vmask.tolist(), story[c0:c1].tolist()):
            d = days[p * _SPAN_DAYS // n]
            if not v:
                title, text, si = titles[oi], bodies[oi], srcs[oi]
                src = OUTLETS[si]
                oi += 1
                paragraphs = text.split("\n\n")
                if recent and rnd.random() < BACKGROUND_SHARE:
                    earlier = recent[rnd.randrange(len(recent))]
                    borrowed = rnd.sample(earlier, min(len(earlier), rnd.randint(1, 2)))
                    text = "\n\n".join(paragraphs[:1] + borrowed + paragraphs[1:])
                recent.append(paragraphs)
                del recent[:-64]
                if si in footers:
                    text = text + "\n\n" + footers[si]
                if copies[s]:
                    pending[s] = [title, text, si, int(copies[s])]
                yield SyntheticDoc(f"d{p:0{width}d}", text, title, d, src, s, "original")
            else:
                ent = pending[s]
                src = OUTLETS[(ent[2] + 1 + rnd.randrange(n_out - 1)) % n_out]  # another outlet
                title, text, label = _make_variant(ent[0], ent[1], src, rnd, pool)
                ent[3] -= 1
                if ent[3] == 0:
                    del pending[s]
                yield SyntheticDoc(f"d{p:0{width}d}", text, title, d, src, s, label)


# ------------------------------------------------------------------ writers


def write_folder(docs: Iterable[SyntheticDoc], root: Path, *, per_dir: int = 1000) -> int:
    """Write each doc as ``root/NNNNNN/<id>.txt`` (at most ``per_dir`` per folder)."""
    if per_dir < 1:
        raise ValueError("per_dir must be >= 1")
    root = Path(root)
    count = 0
    sub = None
    for doc in docs:
        if count % per_dir == 0:
            sub = root / f"{count // per_dir:06d}"
            sub.mkdir(parents=True, exist_ok=True)
        body = f"Title: {doc.title}\nDate: {doc.date}\nSource: {doc.source}\n\n{doc.text}\n"
        (sub / f"{doc.id}.txt").write_bytes(body.encode("utf-8"))
        count += 1
    return count


def write_jsonl(docs: Iterable[SyntheticDoc], path: Path) -> int:
    """Write one JSON object per line: id, title, date, source, text, story, edit."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for d in docs:
            f.write(json.dumps({"id": d.id, "title": d.title, "date": d.date, "source": d.source,
                                "text": d.text, "story": d.story, "edit": d.edit}, ensure_ascii=False))
            f.write("\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a seeded synthetic news corpus.")
    ap.add_argument("n", type=int, help="number of documents")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jsonl", action="store_true", help="write OUT_DIR/corpus.jsonl instead of .txt files")
    ap.add_argument("--dup-fraction", type=float, default=0.3)
    ap.add_argument("--words", type=int, default=700, help="words per document")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    docs = generate(args.n, seed=args.seed, dup_fraction=args.dup_fraction, words_per_doc=args.words)
    if args.jsonl:
        target = args.out_dir / "corpus.jsonl"
        count = write_jsonl(docs, target)
    else:
        target = args.out_dir
        count = write_folder(docs, target)
    print(f"wrote {count} documents to {target} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
