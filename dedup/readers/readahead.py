"""Files asked of the disk ahead of their reading.

A folder that is not in the page cache is read at the disk's pace, and one file at a time a
disk that has to look up each file (a virtual disk, a network volume, a spinning one) answers
in milliseconds: 3 ms a small file on this project's machines, against 0.3 ms with sixteen
asked at once. So while the reading goes on, a few threads open the files the walk has handed
out but no one has read yet and tell the kernel they will be needed
(``posix_fadvise(WILLNEED)``): the kernel fetches them into the page cache, where the reading
process and its workers find them. Nothing is read into Python, nothing is changed, and a
hint that cannot be given (a file gone or unreadable, the queue full) is simply not given:
the reading finds out for itself and says why.

Where the kernel offers no such call (``os.posix_fadvise`` is missing on macOS and Windows)
the files are read as they come.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

from dedup.readers.files import Entry

BATCH = 32  # paths handed to a thread at a time
DEPTH = 128  # batches waiting at most (a hint beyond them is not given)

T = TypeVar("T")


class ReadAhead:
    """``threads`` threads (0: none) that ask the disk for the files :meth:`passing` hands
    out, started once it has handed out ``BATCH`` (a walk of fewer is read as it comes); they
    end with the block (the reading), however it ends.

    >>> with ReadAhead(4) as ahead:
    ...     [unit.id for unit in ahead.passing([Entry("fixtures/corpus/wire/port-strike.txt", "port-strike.txt")])]
    ['port-strike.txt']
    """

    def __init__(self, threads: int) -> None:
        self.threads = threads if hasattr(os, "posix_fadvise") else 0
        self.hints: queue.SimpleQueue[list[str] | None] = queue.SimpleQueue()
        self.askers: list[threading.Thread] = []

    def passing(self, units: Iterable[T]) -> Iterator[T]:
        """``units`` as they come, each walked file among them asked of the disk (:func:`hint`)."""
        if not self.threads:
            yield from units
            return
        batch: list[str] = []
        for unit in units:
            if isinstance(unit, Entry) and unit.problem is None:
                batch.append(unit.path)
                if len(batch) == BATCH:
                    self._give(batch)
                    batch = []
            yield unit
        if batch and self.askers:
            self._give(batch)

    def _give(self, batch: list[str]) -> None:
        if not self.askers:
            self.askers = [threading.Thread(target=_ask, args=(self.hints,), name="dedup-read-ahead", daemon=True)
                           for _ in range(self.threads)]
            for asker in self.askers:
                asker.start()
        if self.hints.qsize() < DEPTH:
            self.hints.put(batch)

    def close(self) -> None:
        """Drop the hints not given yet and end the threads."""
        try:
            while True:
                self.hints.get_nowait()
        except queue.Empty:
            pass
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
    """Tell the kernel that the file at ``path`` will be read whole (opened without blocking:
    a FIFO put there since the walk is left alone, the call does nothing on one)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return
    try:
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _ask(hints: queue.SimpleQueue[list[str] | None]) -> None:
    while (paths := hints.get()) is not None:
        for path in paths:
            hint(path)
