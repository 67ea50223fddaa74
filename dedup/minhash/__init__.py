"""MinHash signatures: a readable reference on datasketch and a compiled fast path.

Both produce, for the same text and :class:`~dedup.Config`, the signature that
``datasketch.MinHash(num_perm, seed, hashfunc=xxh32, scheme="affine32")`` gives after
``update_batch(shingles)``, bit for bit (``tests/test_minhash.py`` checks it). The reference
(and datasketch, which loads SciPy) is imported only when one of its names is used.
"""

from __future__ import annotations

import importlib
from typing import Any

from dedup.minhash.fast import Signatures, signatures

_REFERENCE = ("reference_signature", "shingles", "to_lean_minhash")

__all__ = ["Signatures", "signatures", *_REFERENCE]


def __getattr__(name: str) -> Any:
    if name in _REFERENCE:
        return getattr(importlib.import_module("dedup.minhash.reference"), name)
    raise AttributeError(f"module 'dedup.minhash' has no attribute {name!r}")
