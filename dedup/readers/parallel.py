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
import signal
import threading
from collections import deque
from contextlib import contextmanager
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
    # the pool, its helper processes and its workers start with SIGINT held back until the
    # workers' initializer ignores it: a Ctrl-C while they start cannot break their start-up,
    # and the reading process answers it as soon as they are up
    with _interrupts_held():
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_ignore_interrupts)
        pending: deque[Future] = deque([pool.submit(_read_chunk, read_one, first, config)])
        for _ in range(AHEAD * workers - 1):
            chunk = list(islice(entries, CHUNK))
            if not chunk:
                break
            pending.append(pool.submit(_read_chunk, read_one, chunk, config))
    try:
        while pending:
            while len(pending) < AHEAD * workers:
                chunk = list(islice(entries, CHUNK))
                if not chunk:
                    break
                pending.append(pool.submit(_read_chunk, read_one, chunk, config))
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """While the pool starts (a fraction of a second), SIGINT is ignored in this process.
    Processes started meanwhile inherit the ignored disposition through ``exec`` (and Python,
    finding SIGINT ignored, installs no handler of its own), so a terminal's Ctrl-C never
    breaks a worker's start-up or prints its traceback. A Ctrl-C in that fraction of a second
    is lost: the next one is answered."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the reading process, which shuts the pool down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _read_chunk(read_one: Callable[[Entry, Config], Result], chunk: list[Entry], config: Config) -> list[Result]:
    return [read_one(entry, config) for entry in chunk]
