"""One way to do slow work: every store operation, print and device call runs on one
worker thread, in order, and reports back on the UI thread.

The worker is a plain Python thread that never touches a Qt object: results go into a
Python queue, and a timer on the UI thread collects them while work is pending. No Qt
signal crosses threads carrying a Python object: PySide6 (seen with 6.11 under load)
can corrupt memory when a queued connection copies Python objects between threads,
which showed as a rare segmentation fault in a worker running plain Python code.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]

COLLECT_MS = 5  # how often the UI thread collects finished work while any is pending


class _Job:
    __slots__ = ("done", "failed", "fn")

    def __init__(self, fn: Callable[[], Any], done: Done | None, failed: Failed | None) -> None:
        self.fn = fn
        self.done = done
        self.failed = failed


class OpRunner(QObject):
    """Runs callables off the UI thread, one at a time, in submission order.

    Signals:
        busyChanged(bool): work is queued or running / all done.
        error(object): an exception no caller handled (a KioskError or a bug).
    """

    busyChanged = Signal(bool)
    error = Signal(object)

    def __init__(self, parent: QObject | None = None, name: str = "kiosk-ops") -> None:
        super().__init__(parent)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        # (job, True, result), (job, False, exception), or (call, None, None) for post()
        self._results: queue.SimpleQueue[tuple[_Job, bool | None, Any]] = queue.SimpleQueue()
        self._pending = 0
        self._timer = QTimer(self)
        self._timer.setInterval(COLLECT_MS)
        self._timer.timeout.connect(self._collect)
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[], Any], done: Done | None = None,
               failed: Failed | None = None) -> None:  # fmt: skip
        """Run fn on the worker; then done(result) or failed(exc) on the UI thread."""
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
            self._timer.start()
        self._jobs.put(_Job(fn, done, failed))

    @property
    def pending(self) -> int:
        return self._pending

    def post(self, fn: Callable[[], None]) -> None:
        """From the worker (inside a job): run fn on the UI thread, in order with the
        results (progress of a long job, say). Only while a job is pending."""
        self._results.put((_Job(fn, None, None), None, None))

    def _work(self) -> None:  # the worker thread: no Qt here
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                result = job.fn()
            except Exception as exc:  # reported on the UI thread, never swallowed
                self._results.put((job, False, exc))
            else:
                self._results.put((job, True, result))

    def _collect(self) -> None:
        """On the UI thread: hand each finished job's result to its caller, in order."""
        while True:
            try:
                job, ok, value = self._results.get_nowait()
            except queue.Empty:
                break
            if ok is None:  # posted from inside a job
                job.fn()
                continue
            self._pending -= 1
            if self._pending == 0:
                self._timer.stop()
                self.busyChanged.emit(False)
            if ok:
                if job.done is not None:
                    job.done(value)
            elif job.failed is not None:
                job.failed(value)
            else:
                log.error("background operation failed: %s", value, exc_info=value)
                self.error.emit(value)

    def stop(self) -> None:
        """Finish queued work and end the thread (call before the app quits)."""
        self._timer.stop()
        self._jobs.put(None)
        self._thread.join()
