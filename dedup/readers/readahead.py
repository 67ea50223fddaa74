"""Files asked of the disk ahead of their reading.

A folder that is not in the page cache is read at the disk's pace, and one file at a time a
disk that has to look up each file (a virtual disk, a network volume, a spinning one) answers
in milliseconds: 3 ms a small file on this project's machines, against 0.3 ms with sixteen
asked at once. So the walk is looked at :data:`WINDOW` entries ahead of the reading, and a
few threads open the files in that window and tell the kernel they will be needed
(``posix_fadvise(WILLNEED)``): it fetches them into the page cache, where the reading process
and its workers find them. Nothing is read into Python, nothing is changed, and a hint that
cannot be given (a file gone, unreadable or no longer a regular file) is not given: the
reading finds out for itself and says why. Standard input is never looked ahead of.

Where the system offers no such call (``os.posix_fadvise`` is missing on macOS and Windows)
the files are read as they come.
"""

from __future__ import annotations

import os
import queue
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TypeVar

from dedup.readers.files import Entry, open_regular

BATCH = 32  # paths handed to a thread at a time
WINDOW = 8 * BATCH  # walked entries held back from the reading, so that their hints come first
DEPTH = 128  # batches waiting at most (a hint beyond them is not given)

T = TypeVar("T")


class ReadAhead:
    """``threads`` threads (0: none) that ask the disk for the files :meth:`passing` hands
    out, started once it has seen ``BATCH`` (a walk of fewer is read as it comes); they end
    with the block (the reading), however it ends.

    >>> with ReadAhead(4) as ahead:
    ...     [unit.id for unit in ahead.passing([Entry("fixtures/corpus/wire/port-strike.txt", "port-strike.txt")])]
    ['port-strike.txt']
    """

    def __init__(self, threads: int) -> None:
        self.threads = threads if hasattr(os, "posix_fadvise") else 0
        self.hints: queue.SimpleQueue[list[str] | None] = queue.SimpleQueue()
        self.stop = threading.Event()
        self.askers: list[threading.Thread] = []

    def passing(self, units: Iterable[T]) -> Iterator[T]:
        """``units`` in their order, each walked file among them asked of the disk
        (:func:`hint`) while up to :data:`WINDOW` entries before it are still to be read; any
        other unit (lines of a file or of standard input) is passed on as soon as it comes."""
        if not self.threads:
            yield from units
            return
        window: deque[T] = deque()
        batch: list[str] = []
        for unit in units:
            if not isinstance(unit, Entry):
                self._give(batch, whole=False)
                batch = []
                yield from _emptied(window)
                yield unit
                continue
            window.append(unit)
            if unit.problem is None:
                batch.append(unit.path)
                if len(batch) == BATCH:
                    self._give(batch, whole=True)
                    batch = []
            if len(window) > WINDOW:
                yield window.popleft()
        self._give(batch, whole=False)
        yield from _emptied(window)

    def _give(self, batch: list[str], whole: bool) -> None:
        """Queue ``batch``; the threads start with the first whole one."""
        if not batch or not (whole or self.askers):
            return
        if not self.askers:
            self.askers = [threading.Thread(target=_ask, args=(self.hints, self.stop), name="dedup-read-ahead",
                                            daemon=True) for _ in range(self.threads)]
            for asker in self.askers:
                asker.start()
        if self.hints.qsize() < DEPTH:
            self.hints.put(batch)

    def close(self) -> None:
        """End the threads, dropping the hints not given yet."""
        self.stop.set()
        for _ in self.askers:
            self.hints.put(None)
        for asker in self.askers:
            asker.join()
        self.askers = []

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def hint(path: str) -> None:
    """Tell the kernel that the file at ``path`` will be read whole. It is opened as the reader
    opens it (without blocking, and closed at once unless it is still a regular file)."""
    try:
        descriptor = open_regular(path)
    except OSError:
        return
    try:
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _ask(hints: queue.SimpleQueue[list[str] | None], stop: threading.Event) -> None:
    while (paths := hints.get()) is not None:
        for path in paths:
            if stop.is_set():
                return
            hint(path)


def _emptied(window: deque[T]) -> Iterator[T]:
    while window:
        yield window.popleft()
