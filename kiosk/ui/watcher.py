"""Keeps windows in step with the store, whichever process changed it."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.core.service import HallStatus, QueueService
from kiosk.ui.runner import OpRunner

POLL_MS = 100  # a call made in another process shows within 250 ms
REFRESH_MS = 5_000  # waits and care alerts age with time even when nothing changes
CALLS = 24  # the hall display lists up to 12 tickets; recalls take rows in the status too


class HallWatcher(QObject):
    """Polls the store's version off the UI thread and publishes the hall status.

    Signals:
        statusChanged(object): a fresh HallStatus after any change (in the store, or
            in what the wait estimator has learned), and every 5 s.
        failed(object): the store could not be read (shown to staff; polling goes on).
    """

    statusChanged = Signal(object)
    failed = Signal(object)

    def __init__(self, service: QueueService, runner: OpRunner,
                 parent: QObject | None = None, poll_ms: int = POLL_MS) -> None:  # fmt: skip
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._version = -1
        self._learned = 0  # the estimator's learnings the last status was made with
        self._in_flight = False
        self._since_refresh = 0
        self.status: HallStatus | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        """Fetch the status now, changed or not."""
        self._version = -1
        self.poll()

    def poll(self) -> None:
        if self._in_flight:
            return
        self._in_flight = True
        self._since_refresh += self._timer.interval()
        force = self._version < 0 or self._since_refresh >= REFRESH_MS
        known = self._version, self._learned

        def check() -> tuple[tuple[int, int], HallStatus | None]:
            now = self._service.version(), self._service.learned()
            if now == known and not force:
                return now, None
            return now, self._service.status(last_calls=CALLS)

        self._runner.submit(check, self._checked, self._failed)

    def _checked(self, result: tuple[tuple[int, int], HallStatus | None]) -> None:
        self._in_flight = False
        (version, learned), status = result
        self._version, self._learned = version, learned
        if status is not None:
            self._since_refresh = 0
            self.status = status
            self.statusChanged.emit(status)

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self.failed.emit(exc)
