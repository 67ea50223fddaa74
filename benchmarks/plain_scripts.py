"""The scripts users write instead of newsdedup, run as they would be (one process, one
thread), so that ``bench_realworld.py`` times them beside ``dedup scan`` on the same files.

- ``datasketch FOLDER``: every file read as a short script reads it (``bench_quality``'s plain
  reader: UTF-8 else cp1252, tags stripped by a regular expression, a JSON file's ``text``, one
  record per JSON Lines line), a ``MinHash`` of each document's word 5-grams (datasketch's
  default hash, ``update_batch``), ``MinHashLSH(threshold=0.5)``, union-find over its hits;
- ``rensa FILE.jsonl``: each record's text, rensa's ``RMinHash`` of its word 5-grams and its
  ``RMinHashLSH``, union-find over the hits.

Each prints the number of documents and of clusters of two or more.

    python benchmarks/plain_scripts.py datasketch FOLDER | rensa FILE.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench_quality import UnionFind, plain_documents, shingles


def datasketch_script(folder: Path) -> tuple[int, int]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    found = UnionFind()
    count = 0
    for doc_id, text in plain_documents(folder):
        minhash = MinHash(num_perm=128)
        minhash.update_batch(shingles(text, 5))
        found.find(doc_id)
        for other in lsh.query(minhash):
            found.join(other, doc_id)
        lsh.insert(doc_id, minhash, check_duplication=False)
        count += 1
    return count, _clusters(found)


def rensa_script(path: Path) -> tuple[int, int]:
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=0.5, num_perm=128, num_bands=16)
    found = UnionFind()
    ids: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            minhash = RMinHash(num_perm=128, seed=42)
            minhash.update([s.decode() for s in shingles(record["text"], 5)])
            key = len(ids)
            ids.append(record["id"])
            found.find(ids[key])
            for other in lsh.query(minhash):
                found.join(ids[other], ids[key])
            lsh.insert(key, minhash)
    return len(ids), _clusters(found)


def _clusters(found: UnionFind) -> int:
    sizes: dict[str, int] = {}
    for doc_id in list(found):
        root = found.find(doc_id)
        sizes[root] = sizes.get(root, 0) + 1
    return sum(1 for n in sizes.values() if n > 1)


if __name__ == "__main__":
    kind, where = sys.argv[1], Path(sys.argv[2])
    documents, clusters = datasketch_script(where) if kind == "datasketch" else rensa_script(where)
    print(f"{documents} documents, {clusters} clusters")
