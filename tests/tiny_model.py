"""A tiny sentence-embedding model the tests build: a word-level tokenizer and an ONNX graph
whose hidden state of a token is its row of a table (so a window's mean-pooled vector is the
mean of its tokens' rows). Words given as synonyms share a row, so the model "knows" that a
walkout is a strike, as a real model would, while the lexical score cannot."""

from __future__ import annotations

from pathlib import Path

import numpy as np

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
DIM = 16


def build(folder: Path, words: list[str], synonyms: list[tuple[str, ...]] = ()) -> tuple[Path, dict[str, int], np.ndarray]:
    """Write ``tokenizer.json`` and ``model.onnx`` into ``folder``; returns the folder, the
    vocabulary and the table of hidden states."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    vocab = {token: n for n, token in enumerate(SPECIAL + sorted(set(words)))}
    tokenizer = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(folder / "tokenizer.json"))

    table = np.random.default_rng(5).normal(size=(len(vocab), DIM)).astype(np.float32)
    for group in synonyms:
        for word in group[1:]:
            table[vocab[word]] = table[vocab[group[0]]]
    inputs = [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"])
              for name in ("input_ids", "attention_mask", "token_type_ids")]
    output = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", DIM])
    graph = helper.make_graph([helper.make_node("Gather", ["table", "input_ids"], ["last_hidden_state"])], "tiny",
                              inputs, [output], initializer=[numpy_helper.from_array(table, "table")])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(folder / "model.onnx"))
    return folder, vocab, table


def reference(text: str, vocab: dict[str, int], table: np.ndarray, body_tokens: int, lead_tokens: int) -> tuple[np.ndarray, np.ndarray]:
    """The body and lead vectors of ``text`` under the tiny model, computed plainly: the unit
    means of its first ``body_tokens`` and ``lead_tokens`` tokens, each with [CLS] and [SEP]."""
    ids = [vocab.get(w, vocab["[UNK]"]) for w in text.lower().replace(".", " . ").replace(",", " , ").split()]

    def pooled(part: list[int]) -> np.ndarray:
        rows = table[[vocab["[CLS]"], *part, vocab["[SEP]"]]].mean(axis=0)
        return rows / np.linalg.norm(rows)

    return pooled(ids[:body_tokens]), pooled(ids[:lead_tokens])
