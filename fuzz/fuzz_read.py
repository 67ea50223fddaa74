"""Coverage-guided fuzzing of the readers (text, Markdown, JSON, JSON Lines, HTML) with atheris.

The first byte of each input picks the file name's suffix; the rest is the file. Reading must
give an article or a skip record for it, never raise. A crash is written by libFuzzer as
``crash-<hash>`` in the working folder; ``make fuzz`` copies any into ``fixtures/fuzz/``,
where ``tests/test_fuzz_regressions.py`` reads every one of them on each test run.

    python fuzz/fuzz_read.py -max_total_time=60 [corpus folder]
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from dedup.config import Config
    from dedup.readers import read
    from dedup.records import Article, Skipped

SUFFIXES = (".txt", ".md", ".json", ".jsonl", ".html", ".ndjson")
FOLDER = tempfile.mkdtemp(prefix="dedup-fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
CONFIG = Config()


def one_input(data: bytes) -> None:
    if not data:
        return
    path = os.path.join(FOLDER, "input" + SUFFIXES[data[0] % len(SUFFIXES)])
    with open(path, "wb") as handle:
        handle.write(data[1:])
    items = list(read(path, CONFIG))
    if not items or not all(isinstance(item, (Article, Skipped)) for item in items):
        raise AssertionError(f"reading gave {items!r}")
    os.unlink(path)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
