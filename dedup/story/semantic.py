"""Sentence-embedding evidence for the same-story score (``semantic=True``, ``--semantic``).

Two reports of one event told in other words share what the event *is* more than the words
they use; a sentence-embedding model (all-MiniLM-L6-v2 by default, run by ONNX Runtime)
reads that. Each article gives two unit vectors: its *lead* (the first ``LEAD_TOKENS``
tokens: the headline, where there is one, and the opening words) and its *body* (one window
of its first ``BODY_TOKENS`` tokens). The story score then combines the lexical cosine with
the two embedding cosines,

    z = LEXICAL * sqrt(cosine) + BODY * body_cosine + LEAD * lead_cosine + BIAS

and reports ``z`` as the lexical cosine that would say the same, ``(MIDPOINT + z / SLOPE) ** 2``
(clipped to 0..1), so that one curve (:func:`dedup.story.score.story_of`) turns every kind of
evidence into the score, verdicts keep their meaning and scans keep their cut. The four
weights are the logistic fit of ``benchmarks/bench_semantic.py`` to the human judgements of the
161 English pairs of ``../shared/data/semeval-train`` (target ``(4 - Overall) / 3``); the
same script reports the fit's nested cross-validated agreement, the constants fitted inside
each fold.

The budget of ``BODY_TOKENS`` keeps the cost per article fixed and small: the model costs
about a third of a millisecond of CPU per token (a sixth with an int8 graph), padding
included, so a whole ~700-word article would cost ten times as much, while the top of a news
story tells its event. On the judged pairs (~230 tokens each) a window of 96 tokens gives
nested Pearson 0.890 against 0.896 for the two windows of 128 it replaced, at a third of the
cost (``benchmarks/bench_semantic.py`` prints quality and cost by window); 64 and 80 tokens
do as well on the pairs but lose a labelled rewrite of the fixtures.

Models load from a folder (``tokenizer.json`` and an ONNX graph: ``model.onnx`` or
``onnx/model.onnx``) or, by name, from the Hugging Face Hub (``huggingface_hub``, which the
``tokenizers`` package brings). Nothing here imports the runtime until a model is loaded.

>>> from dedup.story.score import story_of
>>> round(story_of(semantic_cosine(0.0, 0.0, 0.0)), 2), round(story_of(semantic_cosine(1.0, 1.0, 1.0)), 2)
(0.02, 1.0)
"""

from __future__ import annotations

import math
import os
import platform
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from dedup.errors import ConfigError
from dedup.extras import install
from dedup.story.score import MIDPOINT, SLOPE

WINDOW = 96  # tokens of the body's one window, its [CLS] and [SEP] included
BODY_TOKENS = WINDOW - 2  # tokens of the text read for the body vector
LEAD_TOKENS = 16  # tokens of the lead: about a headline's worth
BATCH = 32  # windows run through the model at once
# Fitted by benchmarks/bench_semantic.py (``--fit``, float graph) on the 161 English SemEval-2022
# pairs with all-MiniLM-L6-v2; the nested cross-validated figure of that fit is the one of record.
LEXICAL, BODY, LEAD, BIAS = 5.01, 2.03, 2.20, -3.89


def semantic_cosine(cosine: float, body: float, lead: float) -> float:
    """The lexical cosine that says what ``cosine`` (lexical), ``body`` and ``lead``
    (embedding cosines) say together (the reference of the compiled twin in
    :mod:`dedup.story.fast`)."""
    z = LEXICAL * math.sqrt(max(cosine, 0.0)) + BODY * body + LEAD * lead + BIAS
    return min(1.0, max(0.0, MIDPOINT + z / SLOPE)) ** 2


def weights() -> np.ndarray:
    """The combination's weights as the compiled scan reads them."""
    return np.array([LEXICAL, BODY, LEAD, BIAS])


@dataclass(frozen=True)
class Embeddings:
    """Unit vectors, one row per article: ``body`` and ``lead`` (a text without tokens has
    zero vectors, which agree with nothing)."""

    body: np.ndarray
    lead: np.ndarray


class Encoder:
    """A tokenizer and an ONNX sentence-embedding graph, run on ``threads`` cores: each batch
    on one core, ``threads`` batches at a time (one session, run from as many threads)."""

    def __init__(self, folder: Path, threads: int) -> None:
        ort, tokenizers = _runtime()
        graph = _graph_in(folder)
        self.tokenizer = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(BODY_TOKENS)
        self.cls, self.sep = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        if self.cls is None or self.sep is None:
            raise ConfigError("model", f"{folder}: the tokenizer has no [CLS] and [SEP] tokens (a BERT-style model is needed)")
        # a batch on one core, and as many batches at once as there are cores: splitting each
        # operator of a small batch over threads costs more in handing work over than it saves
        # (benchmarks/README.md); ONNX Runtime runs one session from several threads at once
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.threads = threads
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def pieces(self, texts: list[str]) -> list[np.ndarray]:
        """The token ids (no special tokens) of each text's first ``BODY_TOKENS`` tokens: all
        that :meth:`embed` reads of it."""
        # a token takes at least one character and hardly ever sixteen: the text beyond is
        # never read, and long articles are not tokenized whole
        cut = [text[: 16 * BODY_TOKENS] for text in texts]
        return [np.asarray(e.ids, dtype=np.int32) for e in self.tokenizer.encode_batch(cut, add_special_tokens=False)]

    def embed(self, pieces: list[np.ndarray]) -> Embeddings:
        """Body and lead vectors of texts given by their :meth:`pieces`, in batches of windows
        of similar length."""
        windows, owner = [], []
        for n, ids in enumerate(pieces):
            if len(ids):
                windows += [ids[:LEAD_TOKENS], ids]
                owner += [n, n]
        vectors = self._run(windows)
        dim = vectors.shape[1] if len(vectors) else 1
        body, lead = np.zeros((len(pieces), dim), dtype=np.float32), np.zeros((len(pieces), dim), dtype=np.float32)
        if len(vectors):
            lead[owner[0::2]], body[owner[1::2]] = vectors[0::2], vectors[1::2]
        return Embeddings(body, lead)

    def _run(self, windows: list[np.ndarray]) -> np.ndarray:
        """The unit mean-pooled vector of each window (``[CLS]`` and ``[SEP]`` added)."""
        order = sorted(range(len(windows)), key=lambda k: len(windows[k]))
        chunks = _batches([len(windows[k]) for k in order], order)
        out: list[np.ndarray] = [np.empty(0)] * len(windows)
        if self.threads > 1 and len(chunks) > 1:
            with ThreadPoolExecutor(min(self.threads, len(chunks))) as pool:  # the runtime lets go of the GIL
                done = list(pool.map(lambda chunk: self._pooled([windows[k] for k in chunk]), chunks))
        else:
            done = [self._pooled([windows[k] for k in chunk]) for chunk in chunks]
        for chunk, pooled in zip(chunks, done):
            for row, k in enumerate(chunk):
                out[k] = pooled[row]
        return _unit(np.asarray(out, dtype=np.float32)) if out else np.empty((0, 0), dtype=np.float32)

    def _pooled(self, batch: list[np.ndarray]) -> np.ndarray:
        """The mean-pooled vectors of one batch of windows, run on the calling thread."""
        width = max(len(w) for w in batch) + 2
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, window in enumerate(batch):
            n = len(window)
            ids[row, 0], ids[row, 1 : n + 1], ids[row, n + 1] = self.cls, window, self.sep
            mask[row, : n + 2] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
        return np.einsum("bth,bt->bh", hidden, mask.astype(hidden.dtype)) / mask.sum(axis=1, keepdims=True)


def _batches(lengths: list[int], order: list[int]) -> list[list[int]]:
    """``order`` (sorted by ``lengths``, its windows' lengths) cut into batches of at most
    ``BATCH`` windows, a new batch begun where a window is over twice as long as the batch's
    first: every window of a batch is padded to its longest, and the model's cost is per
    token, padding included (a pair's two leads are not run at the width of its bodies)."""
    batches: list[list[int]] = []
    first = 0
    for length, k in zip(lengths, order):
        if not batches or len(batches[-1]) == BATCH or length > 2 * first:
            batches.append([])
            first = length
        batches[-1].append(k)
    return batches


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True) if vectors.size else np.ones((len(vectors), 1))
    return (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def _runtime():
    try:
        import onnxruntime
        import tokenizers
    except ImportError as error:
        raise ConfigError("semantic", f"needs the semantic extra ({error.name} is missing): {install('semantic')}") from None
    return onnxruntime, tokenizers


def _graph_in(folder: Path) -> Path:
    if (folder / "tokenizer.json").is_file():
        for name in (_QUANTIZED.get(platform.machine(), "model.onnx"), "model.onnx", "onnx/model.onnx"):
            if (folder / name).is_file():
                return folder / name
    raise ConfigError("model", f"{folder} holds no tokenizer.json and ONNX graph (model.onnx or onnx/model.onnx): give "
                               "--model the folder of a sentence-transformers model exported to ONNX")


# the quantized graphs the sentence-transformers models on the Hub carry, by processor: int8
# runs about twice as fast on a CPU and agrees with the float graph to a cosine of 0.99
_QUANTIZED = {"x86_64": "onnx/model_quint8_avx2.onnx", "AMD64": "onnx/model_quint8_avx2.onnx",
              "aarch64": "onnx/model_qint8_arm64.onnx", "arm64": "onnx/model_qint8_arm64.onnx"}


def folder_of(model: str) -> Path:
    """The local folder of ``model``: the path itself, or the Hub repository's files (a bare
    name is a ``sentence-transformers/`` model), fetched once into the Hub's cache."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    if path.exists() or model.startswith((".", "/", "~")) or os.sep in model.replace("/", "") or model.count("/") > 1:
        raise ConfigError("model", f"{model}: no such model folder (a folder with tokenizer.json and an ONNX graph, "
                                   "or a model name on the Hugging Face Hub)")
    repo = model if "/" in model else f"sentence-transformers/{model}"
    wanted = ["tokenizer.json", _QUANTIZED.get(platform.machine(), "onnx/model.onnx")]
    try:
        from huggingface_hub import snapshot_download

        folder = Path(snapshot_download(repo, allow_patterns=wanted))
        if not (folder / wanted[1]).is_file():  # a repository without that quantized graph
            folder = Path(snapshot_download(repo, allow_patterns=["tokenizer.json", "onnx/model.onnx"]))
    except ImportError:
        raise ConfigError("semantic", f"needs the semantic extra (huggingface_hub is missing): {install('semantic')}") from None
    except Exception as error:  # the Hub's errors have no common base the caller could name
        raise ConfigError("model", f"{model}: could not fetch it from the Hugging Face Hub ({type(error).__name__}); "
                                   "give --model the path of a local model folder instead") from None
    return folder


@lru_cache(maxsize=4)
def encoder(model: str, jobs: int = 0) -> Encoder:
    """The shared :class:`Encoder` of ``model`` on ``jobs`` cores (0: all), loaded once."""
    _runtime()
    return Encoder(folder_of(model), jobs or os.cpu_count() or 1)
