"""Skipped inputs, told through :mod:`logging` (logger ``dedup.skips``, under ``dedup``) by the library calls.

One warning line per reason, with its count and an example, so that a pipeline sees that 2,420
saved pages were passed over, and the ``pip install`` that would read them, without a line
for each. The command line lists skips itself and silences this logger (other warnings still show).

>>> import logging
>>> from dedup.records import Skipped
>>> summary_lines([Skipped("a.parquet", "a.parquet", "Parquet needs the parquet extra: pip install 'pyarrow>=10'")] * 2)
["skipped 2 inputs: Parquet needs the parquet extra (for example a.parquet: Parquet needs the parquet extra: pip install 'pyarrow>=10')"]
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable

from dedup.display import shown
from dedup.records import Skipped

log = logging.getLogger("dedup.skips")


def summary_lines(skipped: Iterable[Skipped]) -> list[str]:
    """One line per skip reason, the most frequent first."""
    counts: Counter[str] = Counter()
    example: dict[str, Skipped] = {}
    for item in skipped:
        counts[item.category] += 1
        example.setdefault(item.category, item)
    return [shown(f"skipped {count:,} input{'s' if count > 1 else ''}: {category} "
                  f"(for example {example[category].id}: {example[category].reason})")
            for category, count in counts.most_common()]


def log_skipped(skipped: Iterable[Skipped]) -> None:
    """Warn, through the ``dedup`` logger, of what was skipped."""
    for line in summary_lines(skipped):
        log.warning(line)
