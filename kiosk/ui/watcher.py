"""Keeps windows in step with the hall, whichever process changed it: from the hall feed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.core.estimate import WaitEstimate
from kiosk.core.feed import FeedEvent, Subscription
from kiosk.core.hallfold import HallFold
from kiosk.core.service import HallStatus, QueueService
from kiosk.ui.runner import OpRunner

# What the estimator learned and the clock's minute are looked at (in memory) this often:
# no store read, no drawing unless one of them changed.
TICK_MS = 5_000
CALLS = 24  # the hall display lists up to 12 tickets; recalls take rows in the status too


class Follower(Protocol):
    """The process's follower of the store's log (kiosk.store.follow.LogFollower)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


class HallWatcher(QObject):
    """Follows the hall feed and publishes the hall status when something happened.

    Nothing is polled from the store and nothing is read per event: the watcher reads
    the whole status once at start and folds each batch of the feed's events into it
    (kiosk.core.hallfold: the waiting tickets, the counters, the last calls, today's
    numbers, the not-printed alerts). The estimates come with full reads, and a full read
    is made only when they can have changed: at the first look (every TICK_MS, in memory)
    after events were folded in, when the clock's minute turns over while a ticket is
    waiting, at a counter or printing (the waits and ages shown move on), when the
    estimator has learned something new, and on ``refresh()``. When the minute turns over
    in an empty hall the fold alone is published again (opening hours), with no read. The
    waiting tickets' own wait estimates are carried over by ticket in between. A new
    business day (or the first event of an empty store) is one full read.

    Signals:
        statusChanged(object): a HallStatus after each batch of events, after each full
            read, and when the minute turns over.
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
        self._changed = False  # events folded in since the last full read
        self._minute: tuple[int, int, int, int, int] | None = None  # of the last status
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
        """The look every TICK_MS, in memory: a full status when the estimates can have
        changed (events since the last one, the estimator learned, the minute turned
        over with tickets whose waits are shown); the fold again when only the minute
        turned over; nothing otherwise."""
        if self._in_flight:
            return
        if self._changed or self._service.learned() != self._learned:
            self.refresh()
            return
        status, fold = self.status, self._fold
        if status is None or fold is None:
            self.refresh()  # the first read failed: try again
            return
        now = self._service.now()
        if _minute(now) == self._minute:
            return
        held = any(c.current or c.parked for c in status.counters)
        if status.waiting or status.printing or held:
            self.refresh()  # the waits, ages and alerts shown move with the minute
        else:
            self._publish(fold.status(now))

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
        self._changed = True  # the estimates: at the next look
        self._publish(fold.status(self._service.now()))

    def _read_done(self, status: HallStatus, learned: int) -> None:
        self._in_flight = False
        self._changed = False
        self._learned = learned
        self._estimates = dict(zip((t.uid for t in status.waiting), status.estimates, strict=False))
        self._fold = HallFold(self._service.hall, status, calls=CALLS)
        held, self._held = self._held, []
        if self._again:
            self._again = False
            self._held = held
            self.refresh()
        if held and not self._in_flight and self._fold.apply(held):
            self._changed = True  # events after the read: their estimates at the next look
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
        self._minute = _minute(status.at)
        self.statusChanged.emit(status)

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self.failed.emit(exc)
        if self._again:
            self._again = False
            self.refresh()


def _minute(at: dt.datetime) -> tuple[int, int, int, int, int]:
    return (at.year, at.month, at.day, at.hour, at.minute)
