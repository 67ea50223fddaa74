"""Reading on every core, from any caller.

Decoding, HTML extraction and chrome detection run in Python, so a large folder is read by
worker processes, in chunks, with the results handed back in walk order (the output never
depends on which worker was faster). Workers are fresh interpreters started by
:mod:`subprocess` that run :func:`serve`; they are not :mod:`multiprocessing` children, so
nothing of the caller's ``__main__`` is imported again. A script without a main guard, code
piped to ``python -``, a notebook, a thread, and a worker of the caller's own
``multiprocessing.Pool`` (whose daemonic processes may not start multiprocessing children)
all read the same way. They import only the readers, not the matching stack.

Chunks go to a worker over its standard input and come back over its standard output, as
length-prefixed JSON followed by the raw bytes it refers to (JSON lines, signing forms;
nothing is unpickled). Workers run in their own session, so a terminal's Ctrl-C reaches only
the reading process, which stops them; and they end with it however it
ends (their input closes, and they watch their parent). A worker that fails is dropped and its
chunks are read by the reading process itself: nothing is lost.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import queue
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from typing import IO, Any

from dedup.config import Config
from dedup.readers.entries import Read
from dedup.readers.files import Entry
from dedup.readers.units import Done, Formed, Lines, Unit, read_unit, weight
from dedup.records import Article, Skipped

CHUNK = 256  # articles' worth of units a worker reads per task
START_AFTER = 2 * CHUNK  # articles the walk must show before workers are worth starting (this process reads those)
AHEAD = 4  # chunks in flight per worker
WATCH_SECONDS = 0.2  # how often a worker checks that its parent is alive

log = logging.getLogger("dedup")
_ARTICLE = tuple(f.name for f in fields(Article))
_HEADER = struct.Struct(">QQ")
_BOOT = ("import json, sys; sys.path[:0] = json.loads(sys.argv[1]); "
         "from dedup.readers.workers import serve; serve(int(sys.argv[2]))")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def workers_for(config: Config) -> int:
    """Reading processes for ``config.jobs`` (0: every core), never more than the cores."""
    return min(config.jobs, cores()) if config.jobs else cores()


def read_in_order(units: Iterable[Unit], config: Config, forms: bool = False, texts: bool = True) -> Iterator[Read]:
    """:func:`~dedup.readers.units.read_unit` of every unit, in order; on several cores once
    the units hold about ``START_AFTER`` articles. The workers start as soon as the walk shows
    that many, and read what follows while this process reads those (a worker's start, some
    0.5 s of imports, is not waited for); standard input is read as it comes, never ahead."""
    units = iter(units)
    head: list[Unit] = []
    seen = 0
    for unit in units:
        seen += weight(unit)
        if _live(unit):
            yield from _read_here(head, config, forms, texts)
            head = []
            yield read_unit(unit, config, forms, texts)
        else:
            head.append(unit)
        if seen >= START_AFTER:
            break
    first = _chunk(units)
    pool = _Pool(workers_for(config), config, forms, texts) if first and workers_for(config) > 1 else None
    try:
        if pool is None or not pool.workers:
            yield from _read_here(itertools.chain(head, first, units), config, forms, texts)
        else:
            yield from pool.read(head, first, units)
    finally:
        if pool is not None:
            pool.close()


def _live(unit: Unit) -> bool:
    """Whether ``unit`` is lines of standard input (a stream that may be read as it is written)."""
    return isinstance(unit, Lines) and unit.path is None


def _read_here(units: Iterable[Unit], config: Config, forms: bool, texts: bool) -> Iterator[Read]:
    return (read_unit(unit, config, forms, texts) for unit in units)


def _chunk(units: Iterator[Unit]) -> list[Unit]:
    """The next units, up to about ``CHUNK`` articles' worth."""
    chunk: list[Unit] = []
    total = 0
    for unit in units:
        chunk.append(unit)
        total += weight(unit)
        if total >= CHUNK:
            break
    return chunk


class _Worker:
    """One reading process and its pipes."""

    def __init__(self, config: Config, forms: bool, texts: bool) -> None:
        self.errors = tempfile.TemporaryFile()  # what it says if it fails
        self.process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, json.dumps([p for p in sys.path if isinstance(p, str)]), str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, start_new_session=True, close_fds=True,
        )
        self.alive = True
        # chunks go down the pipe and answers come up it in threads of their own: this process
        # never waits for a worker still starting (a pipe holds 64 KB, a chunk of JSON lines
        # some 500 KB), and a worker never waits for this process to be done signing a batch
        self.outbox: queue.SimpleQueue[tuple[dict[str, Any], _Bytes | None] | None] = queue.SimpleQueue()
        self.answers: queue.SimpleQueue[tuple[dict[str, Any], _Bytes] | None] = queue.SimpleQueue()
        self.sender = threading.Thread(target=_send_all, args=(self.process.stdin, self.outbox),
                                       name="dedup-reading-worker-in", daemon=True)
        self.listener = threading.Thread(target=_receive_all, args=(self.process.stdout, self.answers),
                                         name="dedup-reading-worker-out", daemon=True)
        self.sender.start()
        self.listener.start()
        self.send({"config": asdict(config), "forms": forms, "texts": texts})

    def send(self, message: dict[str, Any], raw: _Bytes | None = None) -> None:
        """Queue ``message`` for the worker (if it has gone, its answers end: see :meth:`receive`)."""
        self.outbox.put((message, raw))

    def receive(self) -> tuple[list[Any], _Bytes]:
        got = self.answers.get()
        if got is None:
            self.answers.put(None)  # and for any later call
            raise EOFError("the worker's output ended")
        message, raw = got
        return message["results"], raw

    def why(self) -> str:
        status = self.process.poll()
        self.errors.seek(0)
        said = self.errors.read()[-500:].decode("utf-8", "replace").strip().splitlines()
        return f"exit status {status}" if status is not None else (said[-1] if said else "no answer")

    def close(self) -> None:
        self.outbox.put(None)  # the sender closes the worker's input once it has written what is queued
        try:
            self.process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            self.process.kill()  # reading changes nothing: a worker can always be stopped
            self.process.wait()
        self.sender.join()  # the worker is gone: its input is closed, its output has ended
        self.listener.join()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.errors.close()


class _Pool:
    def __init__(self, count: int, config: Config, forms: bool, texts: bool) -> None:
        self.config = config
        self.forms = forms
        self.texts = texts
        self.workers: list[_Worker] = []
        if getattr(sys, "frozen", False) or not sys.executable:
            return  # an embedded or frozen interpreter cannot be started as a worker
        for _ in range(count):
            try:
                self.workers.append(_Worker(config, forms, texts))
            except OSError as err:
                log.warning("reading in one process: a reading worker could not start (%s)", err)
                break

    def read(self, here: list[Unit], first: list[Unit], units: Iterator[Unit]) -> Iterator[Read]:
        """``here`` read by this process while the workers start on ``first`` and what follows."""
        pending: deque[tuple[_Worker | None, list[Unit]]] = deque()
        turn = 0

        def submit(chunk: list[Unit]) -> None:
            nonlocal turn
            worker = self.workers[turn % len(self.workers)]
            turn += 1
            if worker.alive:
                raw = _Bytes()
                worker.send({"units": [_encode_unit(unit, raw) for unit in chunk]}, raw)
            pending.append((worker if worker.alive else None, chunk))

        def fill() -> None:
            while len(pending) < AHEAD * len(self.workers) and (chunk := _chunk(units)):
                submit(chunk)

        submit(first)
        fill()
        yield from _read_here(here, self.config, self.forms, self.texts)
        while pending:
            fill()
            worker, chunk = pending.popleft()
            results = self._results(worker) if worker is not None and worker.alive else None
            if results is None or len(results) != len(chunk):
                yield from _read_here(chunk, self.config, self.forms, self.texts)
            else:
                yield from results

    def _results(self, worker: _Worker) -> list[Read] | None:
        try:
            results, raw = worker.receive()
            return [_decode(found, raw) for found in results]
        except (OSError, EOFError, ValueError, KeyError, TypeError):
            self._lost(worker)
            return None

    def _lost(self, worker: _Worker) -> None:
        worker.alive = False
        log.warning("a reading worker stopped (%s); this process reads its files instead", worker.why())

    def close(self) -> None:
        for worker in self.workers:
            worker.close()


# the worker's side ---------------------------------------------------------------------------


def serve(parent: int) -> None:
    """A reading worker's life: read chunks from standard input and answer each on standard
    output, until the input closes or the parent is gone."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print cannot corrupt the answers
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the reading process's to answer
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    inbox: queue.SimpleQueue[tuple[dict[str, Any], _Bytes] | None] = queue.SimpleQueue()
    # requests are read as they come, so the parent's writes never wait on this worker's answers
    threading.Thread(target=_receive_all, args=(sys.stdin.buffer, inbox), daemon=True).start()
    config, forms, texts = Config(), False, True
    while (got := inbox.get()) is not None:
        message, raw = got
        if "config" in message:
            config, forms, texts = Config(**message["config"]), message["forms"], message["texts"]
            continue
        found = [read_unit(_decode_unit(values, raw), config, forms, texts) for values in message["units"]]
        answer = _Bytes()
        try:
            _write(out, {"results": [_encode(item, answer) for item in found]}, answer)
        except OSError:  # the parent stopped listening
            return


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(0)


def _send_all(stream: IO[bytes], outbox: queue.SimpleQueue) -> None:
    """Write what ``outbox`` holds to ``stream`` until ``None``, then close it."""
    try:
        while (item := outbox.get()) is not None:
            _write(stream, *item)
    except OSError:
        pass  # the other side is gone
    finally:
        try:
            stream.close()
        except OSError:
            pass


def _receive_all(stream: IO[bytes], inbox: queue.SimpleQueue) -> None:
    try:
        while True:
            inbox.put(_read(stream))
    except (OSError, EOFError, ValueError):
        inbox.put(None)


# the wire format: two 8-byte lengths, UTF-8 JSON (lone surrogates passed through), then the
# raw bytes the JSON refers to by length (JSON lines going out, signing forms coming back: as
# bytes, not as escaped text inside the JSON) ----------------------------------------------


class _Bytes:
    """The raw bytes that travel after a message's JSON, put and taken in the same order."""

    def __init__(self, data: bytes = b"") -> None:
        self.parts: list[bytes] = []
        self.data = memoryview(data)
        self.at = 0

    def put(self, raw: bytes) -> int:
        self.parts.append(raw)
        return len(raw)

    def take(self, size: int) -> bytes:
        self.at += size
        if self.at > len(self.data):
            raise ValueError("a message's bytes end early")
        return bytes(self.data[self.at - size : self.at])


def _write(stream: IO[bytes], message: dict[str, Any], raw: _Bytes | None = None) -> None:
    data = json.dumps(message, ensure_ascii=False).encode("utf-8", "surrogatepass")
    tail = b"".join(raw.parts) if raw is not None else b""
    stream.write(_HEADER.pack(len(data), len(tail)) + data)
    stream.write(tail)
    stream.flush()


def _read(stream: IO[bytes]) -> tuple[dict[str, Any], _Bytes]:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("the other side closed")
    size, tail = _HEADER.unpack(header)
    data = stream.read(size)
    raw = stream.read(tail) if tail else b""
    if len(data) < size or len(raw) < tail:
        raise EOFError("the other side closed mid-message")
    return json.loads(data.decode("utf-8", "surrogatepass")), _Bytes(raw)


def _encode_unit(unit: Unit, raw: _Bytes) -> list[Any]:
    if isinstance(unit, Entry):
        return ["e", unit.path, unit.id, unit.problem]
    if isinstance(unit, Lines):
        return ["l", unit.label, unit.path, unit.numbers, [None if line is None else raw.put(line) for line in unit.lines]]
    return ["d", _encode(list(unit.items), raw)["items"]]


def _decode_unit(values: list[Any], raw: _Bytes) -> Unit:
    kind, *rest = values
    if kind == "e":
        return Entry(*rest)
    if kind == "l":
        label, path, numbers, sizes = rest
        return Lines(label, path, tuple(numbers), tuple(None if size is None else raw.take(size) for size in sizes))
    return Done(tuple(_decode({"items": rest[0]}, raw)))  # type: ignore[arg-type]  # a list of items


def _encode(found: Read, raw: _Bytes) -> Any:
    if isinstance(found, Entry):
        return {"entry": [found.path, found.id, found.problem]}
    return {"items": [_encode_item(item, raw) for item in found]}


def _encode_item(item: Any, raw: _Bytes) -> list[Any]:
    if isinstance(item, Formed):
        return ["f", raw.put(item.form), *(getattr(item.article, name) for name in _ARTICLE)]
    if isinstance(item, Article):
        return ["a", *(getattr(item, name) for name in _ARTICLE)]
    return ["s", item.id, item.path, item.reason]


def _decode(found: dict[str, Any], raw: _Bytes) -> Read:
    if "entry" in found:
        return Entry(*found["entry"])
    items: list[Any] = []
    for kind, *values in found["items"]:
        if kind == "s":
            items.append(Skipped(*values))
            continue
        form = raw.take(values.pop(0)) if kind == "f" else None
        record = dict(zip(_ARTICLE, values))
        if record["matching"] is not None:
            record["matching"] = tuple(tuple(span) for span in record["matching"])
        article = Article(**record)
        items.append(article if form is None else Formed(article, form))
    return items
