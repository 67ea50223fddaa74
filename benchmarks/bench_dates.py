"""What the date reader's fallback for other languages costs, and how often it runs.

``dedup.readers.dates.iso_date`` reads a date with dateutil first; only text that dateutil
cannot read and that holds a year goes to dateparser (``other_languages``). This prints:

- the median time of one call, by path: dateutil (English and numeric dates, zone names),
  dateparser reading a date of another language, and dateparser on text that holds a year
  but names no date;
- the first call in a fresh interpreter (importing dateparser and loading its languages);
- on the real articles of ``../shared/data/semeval-train/training_set.csv`` (written out as
  ``.txt`` files and read with ``dedup.read``, one process): how many dates the reader looked
  at, how many went to dateparser, and how many of those it dated.

    python benchmarks/bench_dates.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_sentences import DATA, load
from common import machine

import dedup.readers.dates as dates
from dedup import Config, read

CHEAP = ["2024-03-04", "March 4, 2024", "Mon, 04 Mar 2024 10:00 PST", "2024-03-04T10:00:00-05:00", "4 March 2024 09:00 BST"]
OTHER = ["3. März 2024", "3 de marzo de 2024", "3 mars 2024", "3 Mart 2024", "3 marca 2024", "2024年3月3日",
         "3 марта 2024 г.", "Publicado el 3 de marzo de 2024"]
NO_DATE = ["Zimmer 2024", "März 2024", "Wahl 2024: Ergebnisse", "2024年3月", "Saison 2023/2024"]
_FIRST = ("import time; from dedup.readers.dates import iso_date; start = time.perf_counter(); "
          "iso_date('3. März 2024'); print(time.perf_counter() - start)")


def per_call(texts: list[str], repeats: int) -> float:
    """Median seconds of one call over ``texts`` (each warmed once first; dateparser's
    readings are cached, and the cache is emptied before each call)."""
    for text in texts:
        dates.iso_date(text)
    times = []
    for _ in range(repeats):
        for text in texts:
            dates.other_languages.cache_clear()
            start = time.perf_counter()
            dates.iso_date(text)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def on_real_articles() -> tuple[int, int, int, int]:
    """Articles read, dates looked at, dates sent to dateparser, and dated by it."""
    looked, sent, dated = [0], [0], [0]
    plain, fallback = dates.iso_date, dates.other_languages

    def counted_iso(raw):
        looked[0] += 1
        return plain(raw)

    def counted_fallback(text):
        sent[0] += 1
        found = fallback(text)
        dated[0] += found is not None
        return found

    dates.other_languages = counted_fallback
    import dedup.readers.fields as fields
    import dedup.readers.source as source

    fields.iso_date = source.iso_date = counted_iso
    try:
        with tempfile.TemporaryDirectory() as folder:
            for k, (_, text) in enumerate(load()):
                Path(folder, f"{k:05d}.txt").write_text(text, encoding="utf-8")
            articles = sum(1 for item in read(folder, Config(jobs=1)) if hasattr(item, "text"))
    finally:
        dates.other_languages, fields.iso_date, source.iso_date = fallback, plain, plain
    return articles, looked[0], sent[0], dated[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    first = [float(subprocess.run([sys.executable, "-c", _FIRST], capture_output=True, text=True, check=True).stdout)
             for _ in range(3)]
    print(f"first call in a fresh interpreter (import and languages loaded): {statistics.median(first) * 1e3:,.0f} ms")
    for name, texts in (("dateutil", CHEAP), ("dateparser, a date", OTHER), ("dateparser, no date", NO_DATE)):
        print(f"{name:<22} {per_call(texts, args.repeats) * 1e3:8.3f} ms a call (median)")
    if not DATA.exists():
        print(f"{DATA} is absent: no real articles to count on")
        return
    articles, looked, sent, dated = on_real_articles()
    print(f"real articles: {articles:,} read, {looked:,} dates looked at, {sent:,} sent to dateparser, {dated:,} dated by it")


if __name__ == "__main__":
    main()
