"""How far a long call has got, and where its time went.

A :class:`Stages` is handed to :func:`dedup.scan` (``progress=``) or :func:`dedup.report.report`;
the call names each stage as it enters it (``read``, ``sign``, ``boilerplate``, ``candidates``,
``stories``, ``cluster``; the report adds ``texts`` and ``diffs``), with its total when it is
known, and says how far it has got. The callback hears of it at most :data:`REFRESH` seconds
apart (a scan reads many thousands of articles a second, and a display needs only a few
frames), and at every change of stage. Time is charged to the innermost stage running, so the
seconds of :attr:`Stages.seconds` add up to the whole call: signing, which happens while the
reading goes on, is its own line and not counted in ``read``.

>>> seen = []
>>> stages = Stages(lambda stage, done, total: seen.append((stage, done, total)))
>>> with stages.stage("read", total=2):
...     stages.advance(1)
...     stages.advance(2)
>>> seen[0], seen[-1]
(('read', 0, 2), ('read', 2, 2))
>>> sorted(stages.seconds)
['read']
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: (stage, done, total): total is None while it is not known
Callback = Callable[[str, int, int | None], None]
REFRESH = 0.1  # seconds between two reports of one stage's progress

log = logging.getLogger("dedup.progress")


class Stages:
    """A call's stages: what is shown (through ``callback``) and what each took."""

    def __init__(self, callback: Callback | None = None) -> None:
        self.callback = callback
        #: seconds spent in each stage, in the order the stages were first entered
        self.seconds: dict[str, float] = {}
        self._running: list[str] = []  # the stages entered and not yet left, innermost last
        self._since = time.perf_counter()
        self._shown: list[list] = []  # [stage, done, total] of each shown stage entered, innermost last
        self._last = 0.0
        self._lock = threading.Lock()  # a total may come from a thread that counts the inputs

    @contextmanager
    def stage(self, name: str, total: int | None = None, shown: bool = True) -> Iterator[None]:
        """Time the work inside as ``name``; when ``shown``, it becomes what the callback
        reports (a stage that is not shown, such as signing inside reading, is timed only)."""
        self._charge()
        self._running.append(name)
        self.seconds.setdefault(name, 0.0)
        if shown:
            self._shown.append([name, 0, total])
            self._report(force=True)
        started = time.perf_counter()
        try:
            yield
        finally:
            self._charge()
            self._running.pop()
            if shown:
                self._report(force=True)  # where the stage ended
                self._shown.pop()
                if self._shown:
                    self._report(force=True)
            log.debug("%s: %.3f s", name, time.perf_counter() - started)

    def advance(self, done: int) -> None:
        """The shown stage has done ``done`` of its work (reported a few times a second)."""
        if self._shown:
            self._shown[-1][1] = done
            self._report()

    def set_total(self, total: int | None) -> None:
        """The shown stage's total, once it is known (callable from any thread)."""
        with self._lock:
            if self._shown:
                self._shown[-1][2] = total

    def _charge(self) -> None:
        now = time.perf_counter()
        if self._running:
            self.seconds[self._running[-1]] += now - self._since
        self._since = now

    def _report(self, force: bool = False) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if force or now - self._last >= REFRESH:
            self._last = now
            with self._lock:
                name, done, total = self._shown[-1]
            self.callback(name, done, total)


__all__ = ["Callback", "REFRESH", "Stages"]
