"""MinHash signatures: a readable reference on datasketch and a compiled fast path.

Both produce, for the same text and :class:`~dedup.Config`, the signature that
``datasketch.MinHash(num_perm, seed, hashfunc=xxh32, scheme="affine32")`` gives after
``update_batch(shingles)``, bit for bit (``tests/test_minhash.py`` checks it).
"""

from dedup.minhash.fast import Signatures, signatures
from dedup.minhash.reference import reference_signature, shingles, to_lean_minhash

__all__ = ["Signatures", "signatures", "reference_signature", "shingles", "to_lean_minhash"]
