"""Read-ahead: the files the walk hands out are asked of the disk before they are read, by
threads that end with the reading. The page cache is looked at with mincore(2) itself."""

from __future__ import annotations

import ctypes
import ctypes.util
import mmap
import os
import threading
import time

import pytest

import dedup
from dedup.config import Config
from dedup.errors import ConfigError
from dedup.readers.files import Entry
from dedup.readers.readahead import BATCH, ReadAhead

pytestmark = pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="this kernel takes no read-ahead hints")


def _resident(path: str) -> int:
    """Pages of the file at ``path`` in the page cache."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
    size = os.path.getsize(path)
    pages = (size + mmap.PAGESIZE - 1) // mmap.PAGESIZE
    vector = (ctypes.c_ubyte * pages)()
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), size, access=mmap.ACCESS_COPY) as mapped:
        start = ctypes.c_char.from_buffer(mapped)  # a private mapping: nothing is written to the file
        try:
            if libc.mincore(ctypes.c_void_p(ctypes.addressof(start)), ctypes.c_size_t(size), vector) != 0:
                raise OSError(ctypes.get_errno(), "mincore failed")
        finally:
            del start
    return sum(byte & 1 for byte in vector)


def _evicted_files(folder, count: int) -> list[str]:
    """``count`` files of 64 KiB written to disk and dropped from the page cache."""
    paths = []
    for n in range(count):
        path = folder / f"article-{n:03}.txt"
        path.write_bytes(b"Dock workers walked out on Monday over pay. " * 1500)
        paths.append(str(path))
    for path in paths:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)  # written back, so that its pages can be dropped
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(descriptor)
    if any(_resident(path) for path in paths):
        pytest.skip("this file system keeps files in memory (the page cache cannot be emptied here)")
    return paths


def _resident_within(paths: list[str], seconds: float) -> list[str]:
    deadline = time.monotonic() + seconds
    while (waiting := [p for p in paths if not _resident(p)]) and time.monotonic() < deadline:
        time.sleep(0.02)
    return waiting


def test_the_files_handed_out_are_in_the_page_cache_before_anyone_reads_them(tmp_path):
    paths = _evicted_files(tmp_path, 2 * BATCH)
    with ReadAhead(4) as ahead:
        units = list(ahead.passing(Entry(path, os.path.basename(path)) for path in paths[:-1]))
        assert len(units) == len(paths) - 1  # the walk has ended, the reading has not: the hints stand
        assert _resident_within(paths[:-1], 10.0) == []
    assert not _resident(paths[-1])


def test_without_read_ahead_the_files_stay_on_disk(tmp_path):
    paths = _evicted_files(tmp_path, 2 * BATCH)
    entries = [Entry(path, os.path.basename(path)) for path in paths]
    with ReadAhead(0) as ahead:
        assert list(ahead.passing(entries)) == entries
    time.sleep(0.2)
    assert [p for p in paths if _resident(p)] == []


def test_files_skipped_by_the_walk_are_not_opened(tmp_path):
    paths = _evicted_files(tmp_path, 2 * BATCH)
    units = [Entry(path, os.path.basename(path), "hidden file (name starts with '.')") for path in paths]
    with ReadAhead(4) as ahead:
        assert list(ahead.passing(units)) == units
    time.sleep(0.2)
    assert [p for p in paths if _resident(p)] == []


def _askers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "dedup-read-ahead"]


def test_the_threads_end_with_the_reading_however_it_ends(tmp_path):
    entries = [Entry(str(tmp_path / f"{n}.txt"), f"{n}.txt") for n in range(10 * BATCH)]  # missing files: no hint given
    with ReadAhead(4) as ahead:
        units = ahead.passing(entries)
        assert [next(units) for _ in range(BATCH - 1)] == entries[: BATCH - 1] and _askers() == []  # none yet
        next(units)
        assert len(_askers()) == 4
        assert list(units) == entries[BATCH:]
    assert _askers() == []
    with ReadAhead(4) as ahead:
        assert list(ahead.passing(entries[: BATCH - 1])) == entries[: BATCH - 1] and _askers() == []

    def failing():
        yield entries[0]
        raise OSError("the folder went away")

    with pytest.raises(OSError, match="went away"), ReadAhead(4) as ahead:
        list(ahead.passing(failing()))
    assert _askers() == []


def test_reading_a_folder_reads_ahead_and_leaves_no_thread_behind(tmp_path):
    story = "Dock workers in the port walked out on Monday over pay and the hours of the night shift, union leaders said."
    for n in range(3 * BATCH):
        (tmp_path / f"{n:03}.txt").write_text(f"{story} Report {n} of the strike.\n", encoding="utf-8")
    items = dedup.read(tmp_path, jobs=1)
    next(items)
    assert len(_askers()) == Config().read_ahead
    assert len(list(items)) == 3 * BATCH - 1 and _askers() == []
    items = dedup.read(tmp_path, jobs=1, read_ahead=0)
    next(items)
    assert _askers() == []
    items.close()
    on, off = dedup.scan(tmp_path, jobs=1), dedup.scan(tmp_path, jobs=1, read_ahead=0)
    assert [[m.id for m in c.members] for c in on.clusters] == [[m.id for m in c.members] for c in off.clusters]
    assert on.clusters and _askers() == []


def test_read_ahead_is_a_setting_with_bounds():
    assert Config().read_ahead == 8
    with pytest.raises(ConfigError, match="read_ahead"):
        Config(read_ahead=-1)
    with pytest.raises(ConfigError, match="read_ahead"):
        Config(read_ahead=257)
