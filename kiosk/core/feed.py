"""The hall feed: every committed change as a typed event with the hall-wide sequence
number of the store's event log, told to subscribers in order, each event once.

The log numbers its events 1, 2, 3... in commit order, without gaps (kiosk.store: the
``events`` table's id, allocated under the write lock). A subscriber says where it is
(``after=N``: the last sequence number it handled, or ``None`` for "from now") and is
then told every later event, in order, exactly once:

- events committed **in this process** are published by the store right after their
  commit (:meth:`HallFeed.publish`), so subscribers hear of them at once;
- events committed **by another process** are found by :meth:`HallFeed.catch_up`, an
  indexed "after N" read of the log (kiosk.store.follow calls it when the store file
  changed);
- a publish that arrives late (two stores of one process committing on two threads) or
  finds a gap is repaired from the log, never delivered twice.

Handlers are called under the feed's lock, one batch at a time, so they must be quick:
they hand the events over (a Qt signal, a worker's queue) and never commit to the store
themselves. Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from kiosk.core.errors import KioskError
from kiosk.core.model import Call, Event, EventKind

log = logging.getLogger(__name__)

PAGE = 500  # events read from the log at a time


@dataclasses.dataclass(frozen=True)
class FeedEvent:
    """One committed event of the hall and its place in the log (``seq``: 1, 2, 3...)."""

    seq: int
    event: Event

    @property
    def kind(self) -> EventKind:
        return self.event.kind

    @property
    def at(self) -> dt.datetime:
        return self.event.at

    @property
    def day_id(self) -> int:
        return self.event.day_id

    @property
    def ticket(self) -> str | None:
        return self.event.ticket

    @property
    def counter(self) -> int | None:
        return self.event.counter

    @property
    def data(self) -> Mapping[str, Any]:
        return self.event.data

    @property
    def call(self) -> Call | None:
        """The call or recall this event is, as the displays show it and the voice says
        it; None for every other kind."""
        if self.kind not in (EventKind.CALLED, EventKind.RECALLED) or self.counter is None:
            return None
        return Call(
            str(self.data.get("number", "")),
            str(self.data.get("service", "")),
            self.counter,
            self.at,
            self.kind is EventKind.RECALLED,
        )


class EventLog(Protocol):
    """The store's event log, read by sequence number (an indexed read)."""

    def last_seq(self) -> int:
        """The sequence number of the newest committed event (0: none yet)."""
        ...

    def events_after(self, seq: int, limit: int = PAGE) -> list[FeedEvent]:
        """Up to ``limit`` committed events with a sequence number above ``seq``, in
        order."""
        ...


Handler = Callable[[Sequence[FeedEvent]], None]


class Subscription:
    """One subscriber's place in the feed. ``last``: the sequence number of the last
    event it was told (what it passes as ``after`` when it subscribes again)."""

    def __init__(self, feed: HallFeed, name: str, handler: Handler, last: int) -> None:
        self.name = name
        self.last = last
        self._feed = feed
        self._handler = handler
        self.closed = False

    def close(self) -> None:
        self._feed._unsubscribe(self)

    def _tell(self, events: Sequence[FeedEvent]) -> None:
        fresh = [e for e in events if e.seq > self.last]
        if not fresh:
            return
        self.last = fresh[-1].seq
        try:
            self._handler(fresh)
        except Exception:  # a subscriber's bug: logged; the others are still told
            log.exception("hall feed: subscriber %s failed on events %d..%d", self.name,
                          fresh[0].seq, fresh[-1].seq)  # fmt: skip


class HallFeed:
    """The events of one hall, for the subscribers of one process."""

    def __init__(self, log_: EventLog) -> None:
        self._log = log_
        self._lock = threading.Lock()
        self._subs: list[Subscription] = []
        self._last: int | None = None  # every event up to here has been told; None: not read
        self.reads = 0  # reads of the log (the benchmark's "store reads per call")

    @property
    def last(self) -> int:
        """The newest sequence number told to the subscribers (read from the log the
        first time)."""
        with self._lock:
            return self._head()

    def _head(self) -> int:
        if self._last is None:
            self.reads += 1
            self._last = self._log.last_seq()
        return self._last

    def subscribe(self, name: str, handler: Handler, after: int | None = None) -> Subscription:
        """Tell ``handler`` every event after ``after`` (None: from now on): the ones
        already committed at once, in order, then each new one once."""
        with self._lock:
            head = self._head()
            start = head if after is None else after
            sub = Subscription(self, name, handler, start)
            if start < head:
                for page in self._pages(start, head):
                    sub._tell(page)
            self._subs.append(sub)
            return sub

    def _unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            sub.closed = True
            if sub in self._subs:
                self._subs.remove(sub)

    def publish(self, events: Sequence[FeedEvent]) -> None:
        """Events this process just committed (the store calls this after each commit).

        Events already told are skipped; a gap before them (another process's commit, a
        commit of this process still on its way) is read from the log first."""
        if not events:
            return
        with self._lock:
            if self._last is None:  # nobody has subscribed yet: nothing to read or tell
                self._last = events[-1].seq
                return
            head = self._last
            if events[-1].seq <= head:
                return  # told already (a gap repair or catch_up read them)
            if events[0].seq > head + 1:
                self._read_on(head)
                return
            self._tell([e for e in events if e.seq > head])

    def catch_up(self) -> int:
        """Read what was committed since the last event told (by any process) and tell
        it: the indexed "after N" read. Returns how many events were new."""
        with self._lock:
            head = self._head()
            return self._read_on(head)

    def _read_on(self, head: int) -> int:
        told = 0
        try:
            for page in self._pages(head, None):
                self._tell(page)
                told += len(page)
        except KioskError as exc:  # the store is busy or gone: the next catch_up retries
            log.warning("hall feed: cannot read the event log after %d: %s", head, exc)
        return told

    def _pages(self, after: int, upto: int | None) -> list[list[FeedEvent]]:
        pages = []
        while upto is None or after < upto:
            self.reads += 1
            page = self._log.events_after(after, PAGE)
            if upto is not None:
                page = [e for e in page if e.seq <= upto]
            if not page:
                break
            pages.append(page)
            after = page[-1].seq
            if len(page) < PAGE and upto is None:
                break
        return pages

    def _tell(self, events: Sequence[FeedEvent]) -> None:
        for sub in list(self._subs):
            sub._tell(events)
        self._last = max(self._last or 0, events[-1].seq)


def call_events(events: Sequence[FeedEvent]) -> list[Call]:
    """The calls and recalls among some events, in order."""
    return [c for e in events if (c := e.call) is not None]
