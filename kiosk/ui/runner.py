"""One way to do slow work: every store operation, print and device call runs on one
worker thread, in order, and reports back on the UI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Job:
    __slots__ = ("done", "failed", "fn")

    def __init__(self, fn: Callable[[], Any], done: Done | None, failed: Failed | None) -> None:
        self.fn = fn
        self.done = done
        self.failed = failed


class _Worker(QObject):
    finished = Signal(object, object)  # job, result
    crashed = Signal(object, object)  # job, exception

    @Slot(object)
    def run(self, job: _Job) -> None:
        try:
            result = job.fn()
        except Exception as exc:  # reported on the UI thread, never swallowed
            self.crashed.emit(job, exc)
        else:
            self.finished.emit(job, result)


class OpRunner(QObject):
    """Runs callables off the UI thread, one at a time, in submission order.

    Signals:
        busyChanged(bool): work is queued or running / all done.
        error(object): an exception no caller handled (a KioskError or a bug).
    """

    busyChanged = Signal(bool)
    error = Signal(object)
    _submit = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("kiosk-ops")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._finished)
        self._worker.crashed.connect(self._crashed)
        self._pending = 0
        self._thread.start()

    def submit(self, fn: Callable[[], Any], done: Done | None = None,
               failed: Failed | None = None) -> None:  # fmt: skip
        """Run fn on the worker; then done(result) or failed(exc) on the UI thread."""
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
        self._submit.emit(_Job(fn, done, failed))

    @property
    def pending(self) -> int:
        return self._pending

    def _settle(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busyChanged.emit(False)

    @Slot(object, object)
    def _finished(self, job: _Job, result: Any) -> None:
        self._settle()
        if job.done is not None:
            job.done(result)

    @Slot(object, object)
    def _crashed(self, job: _Job, exc: BaseException) -> None:
        self._settle()
        if job.failed is not None:
            job.failed(exc)
        else:
            log.error("background operation failed: %s", exc, exc_info=exc)
            self.error.emit(exc)

    def stop(self) -> None:
        """Finish queued work and end the thread (call before the app quits)."""
        self._thread.quit()
        self._thread.wait()
