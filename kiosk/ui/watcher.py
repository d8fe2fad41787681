"""Keeps windows in step with the hall, whichever process changed it: from the hall feed."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.core.estimate import WaitEstimate
from kiosk.core.feed import FeedEvent, Subscription
from kiosk.core.service import HallStatus, QueueService
from kiosk.ui.runner import OpRunner

TICK_MS = 1_000  # what the estimator learned is looked at (in memory) once a second
REFRESH_MS = 5_000  # waits and care alerts age with time even when nothing changes
CALLS = 24  # the hall display lists up to 12 tickets; recalls take rows in the status too


class Follower(Protocol):
    """The process's follower of the store's log (kiosk.store.follow.LogFollower)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


class HallWatcher(QObject):
    """Follows the hall feed and publishes the hall status when something happened.

    Nothing is polled from the store: the feed tells of each commit (this process's at
    once, another's through the log follower), and the watcher then reads the status
    once for the whole batch of events, without the waiting tickets' own wait estimates
    (up to 100 of them): those are carried over by ticket and computed afresh every 5 s
    (REFRESH_MS), when the estimator has learned something new, or on ``refresh()``.

    Signals:
        statusChanged(object): a fresh HallStatus after events, and every 5 s.
        eventsArrived(object): each batch of FeedEvents, in order, on the UI thread.
        failed(object): the store could not be read (shown to staff; the next event or
            refresh tries again).
    """

    statusChanged = Signal(object)
    eventsArrived = Signal(object)
    failed = Signal(object)
    _told = Signal(object)  # from the feed's thread to ours

    def __init__(self, service: QueueService, runner: OpRunner,
                 parent: QObject | None = None, *, follower: Follower | None = None,
                 tick_ms: int = TICK_MS) -> None:  # fmt: skip
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._follower = follower
        self._learned = 0  # the estimator's learnings the last full status was made with
        self._in_flight = False
        self._again: bool | None = None  # a read asked for while one ran (True: full)
        self._since_full = 0
        self._estimates: dict[str, WaitEstimate] = {}
        self._subscription: Subscription | None = None
        self.status: HallStatus | None = None
        self.reads = 0  # status reads so far (the benchmark's "store reads per call")
        self._told.connect(self._on_events, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        if self._subscription is None:
            self._subscription = self._service.feed.subscribe("windows", self._told.emit)
        if self._follower is not None:
            self._follower.start()
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._follower is not None:
            self._follower.stop()
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None

    def refresh(self) -> None:
        """Fetch the whole status now, with every estimate."""
        self._read(full=True)

    def poll(self) -> None:
        """The once-a-second look, in memory: a full status when the estimator has
        learned something new or 5 s have passed."""
        self._since_full += self._timer.interval()
        if self._since_full >= REFRESH_MS or self._service.learned() != self._learned:
            self.refresh()

    def _on_events(self, events: Sequence[FeedEvent]) -> None:
        self.eventsArrived.emit(events)
        self._read(full=False)

    def _read(self, *, full: bool) -> None:
        if self._in_flight:
            self._again = full or bool(self._again)
            return
        self._in_flight = True
        self.reads += 1
        learned = self._service.learned()

        def read() -> HallStatus:
            return self._service.status(last_calls=CALLS, estimates=full)

        self._runner.submit(read, lambda status: self._checked(status, full, learned), self._failed)

    def _checked(self, status: HallStatus, full: bool, learned: int) -> None:
        self._in_flight = False
        if full:
            self._since_full = 0
            self._learned = learned
            self._estimates = dict(
                zip((t.uid for t in status.waiting), status.estimates, strict=False)
            )
        else:
            carried = []
            for ticket in status.waiting:
                estimate = self._estimates.get(ticket.uid)
                if estimate is None:
                    break  # a new ticket: its estimate comes with the next full status
                carried.append(estimate)
            status = dataclasses.replace(status, estimates=tuple(carried))
        self.status = status
        self.statusChanged.emit(status)
        self._next()

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self.failed.emit(exc)
        self._next()

    def _next(self) -> None:
        again, self._again = self._again, None
        if again is not None:
            self._read(full=again)
