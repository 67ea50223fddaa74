"""Coverage-guided fuzzing of the readers (text, Markdown, JSON, JSON Lines, HTML) and of the
rules that run on input text (headers, site chrome, dates, sentences, quotations, the
differ's tokens and figures, the normaliser) with atheris.

The first byte of each input picks the file name's suffix; the rest is the file. Reading must
give an article or a skip record for it, never raise; the rules then run on the input as text
(and the differ on it against a copy with one word changed). A crash is written by libFuzzer
as ``crash-<hash>`` in the working folder, an input that takes longer than ``-timeout``
seconds (a rule that is not linear) as ``timeout-<hash>``; ``make fuzz`` copies either into
``fixtures/fuzz/``, where ``tests/test_reliability.py`` reads every one of them and
``tests/test_linear.py`` runs the rules on them, on each test run.

    python fuzz/fuzz_read.py -max_total_time=60 -timeout=10 [corpus folder]
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from dedup.config import Config
    from dedup.differ import diff
    from dedup.differ.changes import numbers, quotations
    from dedup.differ.segment import sentences
    from dedup.normalize import normalize, words
    from dedup.readers import read
    from dedup.readers.chrome import find_chrome
    from dedup.readers.dates import iso_date
    from dedup.readers.text import split_header
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
    rules(data[1:].decode("utf-8", "replace"))


def rules(text: str) -> None:
    """Every rule that runs on input text, on ``text``."""
    for markdown in (False, True):
        fields, _ = split_header(text, markdown=markdown)
        iso_date(fields.get("date"))
    first_line = text.split("\n", 1)[0]
    iso_date(first_line)  # the fallback for other languages too, on any short line
    find_chrome(text)
    find_chrome(text, title=first_line)
    sentences(text)
    quotations(text)
    numbers(text)
    words(normalize(text))
    changed = text.replace(" ", "  ", 1) if " " in text else text + " x"
    if diff(text, changed).apply() != changed:
        raise AssertionError("the changes do not rebuild the second text")


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
