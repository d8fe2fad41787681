"""Keeps windows in step with the hall, whichever process changed it: from the hall feed."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.core.estimate import WaitEstimate
from kiosk.core.feed import FeedEvent, Subscription
from kiosk.core.hallfold import HallFold
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

    Nothing is polled from the store and nothing is read per event: the watcher reads
    the whole status once (at start, every 5 s for the waits, REFRESH_MS, when the
    estimator has learned something new, on ``refresh()``) and folds each batch of the
    feed's events into it (kiosk.core.hallfold: the waiting tickets, the counters, the
    last calls, today's numbers, the not-printed alerts). The waiting tickets' own wait
    estimates come with the full reads and are carried over by ticket in between. A new
    business day (or the first event of an empty store) is one full read.

    Signals:
        statusChanged(object): a HallStatus after each batch of events, and every 5 s.
        eventsArrived(object): each batch of FeedEvents, in order, on the UI thread.
        failed(object): the store could not be read (shown to staff; the next refresh
            tries again).
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
        self._again = False  # a full read asked for while one ran
        self._since_full = 0
        self._estimates: dict[str, WaitEstimate] = {}
        self._fold: HallFold | None = None
        self._held: list[FeedEvent] = []  # events told while a full read runs
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
        """Read the whole status now, with every estimate."""
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        self.reads += 1
        learned = self._service.learned()

        def read() -> HallStatus:
            return self._service.status(last_calls=CALLS)

        self._runner.submit(read, lambda status: self._read_done(status, learned), self._failed)

    def poll(self) -> None:
        """The once-a-second look, in memory: a full status when the estimator has
        learned something new or 5 s have passed."""
        self._since_full += self._timer.interval()
        if self._since_full >= REFRESH_MS or self._service.learned() != self._learned:
            self.refresh()

    def _on_events(self, events: Sequence[FeedEvent]) -> None:
        self.eventsArrived.emit(events)
        if self._in_flight or self._fold is None:
            self._held.extend(events)  # folded on top of the status being read
            return
        self._fold_in(events)

    def _fold_in(self, events: Sequence[FeedEvent]) -> None:
        fold = self._fold
        assert fold is not None
        if not fold.apply(events):
            self.refresh()  # a new business day: one full read
            return
        self._publish(fold.status(self._service.now()))

    def _read_done(self, status: HallStatus, learned: int) -> None:
        self._in_flight = False
        self._since_full = 0
        self._learned = learned
        self._estimates = dict(zip((t.uid for t in status.waiting), status.estimates, strict=False))
        self._fold = HallFold(self._service.hall, status, calls=CALLS)
        held, self._held = self._held, []
        if self._again:
            self._again = False
            self._held = held
            self.refresh()
        if held and not self._in_flight and self._fold.apply(held):
            status = self._fold.status(self._service.now())
        elif self._fold.stale and not self._in_flight:
            self.refresh()
        self._publish(status)

    def _publish(self, status: HallStatus) -> None:
        carried = []
        for ticket in status.waiting:
            estimate = self._estimates.get(ticket.uid)
            if estimate is None:
                break  # a new ticket: its estimate comes with the next full status
            carried.append(estimate)
        status = dataclasses.replace(status, estimates=tuple(carried))
        self.status = status
        self.statusChanged.emit(status)

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self.failed.emit(exc)
        if self._again:
            self._again = False
            self.refresh()
