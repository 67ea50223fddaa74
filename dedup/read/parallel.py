"""Reading files on every core: decoding, HTML extraction and chrome detection are Python, so
a large folder is read by worker processes, in chunks, with results handed back in walk order
(the output never depends on which worker was faster).

Workers are started with ``spawn`` (a fresh interpreter, not a fork of one whose compiled
kernels may have threads running) and only once a folder has proved large: a scan of a few
hundred files never pays their start-up. At most ``AHEAD`` chunks per worker are in flight,
so memory stays a few chunks of articles whatever the folder's size.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator, TypeVar

from dedup.config import Config

CHUNK = 256  # files a worker reads per task
START_AFTER = 2 * CHUNK  # files read in this process before workers are worth starting
AHEAD = 2  # chunks in flight per worker

Entry = TypeVar("Entry")
Result = TypeVar("Result")


def workers_for(config: Config) -> int:
    return config.jobs or os.cpu_count() or 1


def read_in_order(entries: Iterable[Entry], read_one: Callable[[Entry, Config], Result], config: Config) -> Iterator[Result]:
    """``read_one(entry, config)`` for every entry, in order; on several cores once there are
    more than ``START_AFTER`` entries. ``read_one`` must be a module-level function."""
    entries = iter(entries)
    for entry in islice(entries, START_AFTER):
        yield read_one(entry, config)
    workers = workers_for(config)
    if workers < 2:
        yield from (read_one(entry, config) for entry in entries)
        return
    first = list(islice(entries, CHUNK))
    if not first:
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[Future] = deque([pool.submit(_read_chunk, read_one, first, config)])
        while pending:
            while len(pending) < AHEAD * workers:
                chunk = list(islice(entries, CHUNK))
                if not chunk:
                    break
                pending.append(pool.submit(_read_chunk, read_one, chunk, config))
            yield from pending.popleft().result()


def _read_chunk(read_one: Callable[[Entry, Config], Result], chunk: list[Entry], config: Config) -> list[Result]:
    return [read_one(entry, config) for entry in chunk]
