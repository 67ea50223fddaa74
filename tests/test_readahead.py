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
from dedup.readers.readahead import BATCH, WINDOW, ReadAhead, hint

needs_hints = pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="this system takes no read-ahead hints")


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


def _evicted_files(folder, count: int, size: int = 16_384) -> list[str]:
    """``count`` files written to disk and dropped from the page cache."""
    paths = []
    for n in range(count):
        path = folder / f"article-{n:04}.txt"
        path.write_bytes(b"Dock workers walked out on Monday over pay. " * (size // 44))
        paths.append(str(path))
    os.sync()  # written back, so that their pages can be dropped
    for path in paths:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(descriptor)
    if any(_resident(path) for path in paths):
        pytest.skip("this file system keeps files in memory (the page cache cannot be emptied here)")
    return paths


def _resident_within(paths: list[str], seconds: float = 10.0) -> list[str]:
    """The files of ``paths`` still not in the page cache after ``seconds``."""
    deadline = time.monotonic() + seconds
    while (waiting := [p for p in paths if not _resident(p)]) and time.monotonic() < deadline:
        time.sleep(0.02)
    return waiting


def _entries(paths: list[str]) -> list[Entry]:
    return [Entry(path, os.path.basename(path)) for path in paths]


@needs_hints
def test_the_files_handed_out_are_in_the_page_cache_before_anyone_reads_them(tmp_path):
    paths = _evicted_files(tmp_path, 2 * BATCH)
    with ReadAhead(4) as ahead:
        assert list(ahead.passing(_entries(paths[:-1]))) == _entries(paths[:-1])
        assert _resident_within(paths[:-1]) == []  # the walk has ended, the reading has not: the hints stand
    assert not _resident(paths[-1])  # never handed out


@needs_hints
def test_each_file_is_asked_for_before_it_is_handed_to_the_reader(tmp_path):
    """As one reading process takes the walk, a file at a time: each is on its way to the page
    cache when it comes (its hint was given while the entries before it were held back)."""
    paths = _evicted_files(tmp_path, 2 * WINDOW + BATCH // 2, size=4096)
    with ReadAhead(4) as ahead:
        for entry in ahead.passing(_entries(paths)):
            assert _resident_within([entry.path], 5.0) == [], "handed out before it was asked for"


@needs_hints
def test_files_skipped_by_the_walk_are_not_opened(tmp_path):
    paths = _evicted_files(tmp_path, 2 * BATCH)
    skipped = [Entry(path, os.path.basename(path), "hidden file (name starts with '.')") for path in paths[::2]]
    units = [unit for pair in zip(skipped, _entries(paths[1::2])) for unit in pair]
    with ReadAhead(4) as ahead:
        assert list(ahead.passing(units)) == units
        assert _resident_within(paths[1::2]) == []  # the readable ones came in, after the skipped ones were passed
        assert [p for p in paths[::2] if _resident(p)] == []


@needs_hints
def test_without_read_ahead_no_thread_starts_and_the_files_stay_on_disk(tmp_path):
    paths = _evicted_files(tmp_path, 2 * BATCH)
    with ReadAhead(0) as ahead:
        assert list(ahead.passing(_entries(paths))) == _entries(paths) and ahead.askers == []
        time.sleep(0.3)
        assert [p for p in paths if _resident(p)] == []


def test_without_the_systems_call_the_files_are_read_as_they_come(monkeypatch):
    monkeypatch.delattr(os, "posix_fadvise", raising=False)
    entries = [Entry(f"/nowhere/{n}.txt", f"{n}.txt") for n in range(4 * BATCH)]
    with ReadAhead(8) as ahead:
        assert list(ahead.passing(entries)) == entries and ahead.askers == []


@needs_hints
def test_a_hint_never_waits_on_a_named_pipe(tmp_path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    asking = threading.Thread(target=hint, args=(str(fifo),), daemon=True)
    asking.start()
    asking.join(5.0)
    assert not asking.is_alive()


def _askers() -> int:
    return sum(t.name == "dedup-read-ahead" for t in threading.enumerate())


@needs_hints
def test_the_threads_end_with_the_reading_however_it_ends(tmp_path):
    before = _askers()
    entries = [Entry(str(tmp_path / f"{n}.txt"), f"{n}.txt") for n in range(10 * BATCH)]  # missing files: no hint given
    with ReadAhead(4) as ahead:
        units = ahead.passing(entries)
        assert next(units) == entries[0] and len(ahead.askers) == 4  # the first batch was seen before it came
        assert list(units) == entries[1:]
    assert _askers() == before
    with ReadAhead(4) as ahead:
        assert list(ahead.passing(entries[: BATCH - 1])) == entries[: BATCH - 1] and ahead.askers == []  # a small walk

    def failing():
        yield from entries[: 2 * BATCH]
        raise OSError("the folder went away")

    with pytest.raises(OSError, match="went away"), ReadAhead(4) as ahead:
        list(ahead.passing(failing()))
    assert _askers() == before


@needs_hints
def test_reading_a_folder_reads_ahead_and_leaves_no_thread_behind(tmp_path):
    story = "Dock workers in the port walked out on Monday over pay and the hours of the night shift, union leaders said."
    for n in range(3 * BATCH):
        (tmp_path / f"{n:03}.txt").write_text(f"{story} Report {n} of the strike.\n", encoding="utf-8")
    before = _askers()
    items = dedup.read(tmp_path, jobs=1)
    next(items)
    assert _askers() - before == Config().read_ahead
    assert len(list(items)) == 3 * BATCH - 1 and _askers() == before
    items = dedup.read(tmp_path, jobs=1)
    next(items)
    items.close()  # the caller stopped early
    assert _askers() == before
    items = dedup.read(tmp_path, jobs=1, read_ahead=0)
    next(items)
    assert _askers() == before
    items.close()
    on, off = dedup.scan(tmp_path, jobs=1), dedup.scan(tmp_path, jobs=1, read_ahead=0)
    assert [[m.id for m in c.members] for c in on.clusters] == [[m.id for m in c.members] for c in off.clusters]
    assert on.clusters and _askers() == before


def test_read_ahead_is_a_setting_with_bounds():
    assert Config().read_ahead == 8
    with pytest.raises(ConfigError, match="read_ahead"):
        Config(read_ahead=-1)
    with pytest.raises(ConfigError, match="read_ahead"):
        Config(read_ahead=257)
