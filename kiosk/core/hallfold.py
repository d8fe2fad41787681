"""The hall status the windows and the device hub show, folded from the hall feed: no
store read per event.

A window process reads the whole :class:`~kiosk.core.service.HallStatus` once (at start,
and again when the fold cannot go on: a new business day, or the first event of an empty log) and
then applies each event of the feed to it (:meth:`HallFold.apply`): the waiting tickets
in the call policy's order, each counter's state, current and parked tickets, the last
calls, the tickets issued per business type (the daily cap), the staff alerts for tickets
not printed. :meth:`HallFold.status` gives the status at a moment, as
:meth:`QueueService.status` would read it, except the wait estimates: those are carried
from the last full read (the windows refresh them every 5 s).

The status carries the log's sequence number it was read at (``HallStatus.seq``); events
at or before it are already in it and are skipped, so a status read while events arrive
is never counted twice. Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from kiosk.core import alerts as alerting
from kiosk.core import operations as ops
from kiosk.core import policy
from kiosk.core.feed import FeedEvent
from kiosk.core.model import (
    Call,
    CounterState,
    CounterStatus,
    EventKind,
    Hall,
    Priority,
    StaffAlert,
    Ticket,
    TicketState,
    position_of,
)
from kiosk.core.ports import PrintProblem
from kiosk.core.service import (
    CounterView,
    HallStatus,
    ServiceStatus,
    closed_reason,
    issue_order,
    new_ticket,
    waiting_order,
    word_for,
)

_FINISHED = (EventKind.DONE, EventKind.NO_SHOW, EventKind.CANCELLED)
_COUNTER_STATES = {
    EventKind.COUNTER_OPENED: CounterState.OPEN,
    EventKind.COUNTER_PAUSED: CounterState.PAUSED,
    EventKind.COUNTER_CLOSED: CounterState.CLOSED,
}


@dataclasses.dataclass
class _Desk:
    state: CounterState  # as stored: closed, open or paused
    current: str | None  # the called or serving ticket's uid
    streak: int = 0  # normal calls since its last priority call (the call policy's)


class HallFold:
    """A hall status kept up to date from the feed's events.

    ``stale`` becomes True when an event needs one full read to go on (a new business
    day, the first event of an empty log); :meth:`apply` then ignores everything until
    the fold is made again from a fresh status."""

    def __init__(self, hall: Hall, status: HallStatus, calls: int | None = None) -> None:
        self.hall = hall
        self.seq = status.seq
        self.day = status.day
        self.stale = False
        # the day shown is the one the next operation will start (an empty log, or a day
        # past its reset hour): that operation's events ask for a full read
        self._unstored = status.seq == 0 or not status.day_stored
        self._limit = len(status.calls) if calls is None else calls
        self._calls: list[Call] = list(status.calls)
        self._tickets: dict[str, Ticket] = {}  # every active ticket, by uid
        for t in status.waiting:
            self._tickets[t.uid] = dataclasses.replace(t)
        self._desks: dict[int, _Desk] = {}
        for view in status.counters:
            current = view.current
            state = CounterState.OPEN if view.state is CounterState.SERVING else view.state
            self._desks[view.number] = _Desk(
                state, current.uid if current else None, view.normal_streak
            )
            for held in (current, *view.parked):
                if held is not None:
                    self._tickets[held.uid] = dataclasses.replace(held)
        self._issued = {s.service.code: s.issued for s in status.services}
        self._estimates = {s.service.code: s.estimate for s in status.services}
        # alerts of failed prints (kept in the order kiosk.core.alerts builds them), and
        # the tickets issued to print with no outcome yet
        self._failed: dict[str, StaffAlert] = {}
        self._printing: set[str] = set(status.printing)
        for a in reversed(status.alerts):
            if a.problem == PrintProblem.INTERRUPTED:
                self._printing.add(a.ticket)
            else:
                self._failed[a.ticket] = a

    def apply(self, events: Iterable[FeedEvent]) -> bool:
        """Fold these events in (those at or before ``seq`` are skipped). Returns False
        when the fold is stale and the status must be read again."""
        for e in events:
            if self.stale:
                return False
            if e.seq <= self.seq:
                continue
            self.seq = e.seq
            if self._unstored or e.kind is EventKind.DAY_RESET or e.day_id != self.day.id:
                self.stale = True  # a new business day: one full read
                return False
            self._apply(e)
        return not self.stale

    def _apply(self, e: FeedEvent) -> None:
        kind, uid, data = e.kind, e.ticket, e.data
        ticket = self._tickets.get(uid) if uid is not None else None
        desk = self._desks.get(e.counter) if e.counter is not None else None
        if kind in _COUNTER_STATES:
            if desk is not None:
                if kind is EventKind.COUNTER_OPENED and desk.state is CounterState.CLOSED:
                    desk.streak = self.hall.rules.normal_per_priority  # as operations do
                desk.state = _COUNTER_STATES[kind]
                if kind is EventKind.COUNTER_CLOSED:
                    desk.current = None
        elif kind is EventKind.ISSUED and uid is not None:
            self._issue(e, uid)
        elif kind in (EventKind.PRINTED, EventKind.REPRINTED, EventKind.ALERT_ACKNOWLEDGED):
            if ticket is not None and kind is not EventKind.ALERT_ACKNOWLEDGED:
                ticket.printed = True
            self._failed.pop(uid or "", None)
            self._printing.discard(uid or "")
        elif kind is EventKind.PRINT_FAILED and uid is not None:
            if ticket is not None:
                ticket.printed = False
            self._printing.discard(uid)
            self._failed[uid] = StaffAlert(
                kind,
                str(data.get("number", "")),
                str(data.get("reason", "")),
                e.at,
                uid,
                str(data.get("problem") or PrintProblem.ERROR),
            )
        elif ticket is None:
            return  # a finished ticket's event (rated), or a keypad's record
        elif kind is EventKind.CALLED:
            ticket.state = TicketState.CALLED
            ticket.counter, ticket.target_counter, ticket.call_count = e.counter, None, 1
            ticket.called_at = ticket.called_at or e.at
            ticket.last_called_at = e.at
            self._seat(e.counter, ticket.uid)
            self._called(e)
            if desk is not None:
                desk.streak = 0 if ticket.priority > Priority.NORMAL else desk.streak + 1
        elif kind is EventKind.RECALLED:
            ticket.call_count = int(data.get("call_count", ticket.call_count + 1))
            ticket.last_called_at = e.at
            self._called(e)
        elif kind is EventKind.SERVING:
            ticket.state, ticket.serving_at = TicketState.SERVING, e.at
        elif kind is EventKind.RESUMED:
            ticket.state = TicketState.SERVING
            ticket.serving_at = ticket.serving_at or e.at
            self._seat(e.counter, ticket.uid)
        elif kind is EventKind.PARKED:
            ticket.state, ticket.parked_at, ticket.counter = TicketState.PARKED, e.at, e.counter
            self._unseat(ticket.uid)
        elif kind is EventKind.TRANSFERRED:
            if "to_service" in data:
                ticket.service, ticket.target_counter = str(data["to_service"]), None
            else:
                ticket.target_counter = int(data["to_counter"])
            ticket.state = TicketState.WAITING
            ticket.transferred_at, ticket.serving_at, ticket.call_count = e.at, None, 0
            ticket.position = int(data["position"])
            self._unseat(ticket.uid)
        elif kind in _FINISHED:
            del self._tickets[ticket.uid]
            self._unseat(ticket.uid)

    def _issue(self, e: FeedEvent, uid: str) -> None:
        service = str(e.data.get("service", ""))
        seq = int(e.data.get("seq", self._issued.get(service, 0) + 1))
        self._tickets[uid] = Ticket(
            uid=uid,
            day_id=e.day_id,
            service=service,
            seq=seq,
            number=str(e.data.get("number", "")),
            priority=Priority(int(e.data.get("priority", 0))),
            issued_at=e.at,
            position=position_of(e.at),
            original_service=service,
            printed=False,
        )
        self._issued[service] = max(self._issued.get(service, 0), seq)
        if e.data.get("print"):
            self._printing.add(uid)

    def _called(self, e: FeedEvent) -> None:
        call = e.call
        if call is not None and self._limit > 0:
            self._calls.insert(0, call)
            del self._calls[self._limit :]

    def _seat(self, counter: int | None, uid: str) -> None:
        desk = self._desks.get(counter) if counter is not None else None
        if desk is not None:
            desk.current = uid

    def _unseat(self, uid: str) -> None:
        for desk in self._desks.values():
            if desk.current == uid:
                desk.current = None

    def counter_state(self, number: int) -> CounterState:
        """A counter's state as stored (closed, open or paused; never the shown
        "serving")."""
        desk = self._desks.get(number)
        return desk.state if desk is not None else CounterState.CLOSED

    # -- the status ------------------------------------------------------------------

    def status(self, now: dt.datetime) -> HallStatus:
        """The hall at ``now`` as the events told it; estimates are the last full read's
        (``HallStatus.estimates`` empty: the watcher carries them by ticket)."""
        active = sorted(self._tickets.values(), key=issue_order)
        waiting = sorted((t for t in active if t.state is TicketState.WAITING), key=waiting_order)
        counters = tuple(self._counter(c.number) for c in self.hall.counters)
        statuses = {
            n: CounterStatus(n, d.state, d.current, d.streak) for n, d in self._desks.items()
        }
        services = tuple(
            self._service(s.code, counters, now, statuses, waiting) for s in self.hall.services
        )
        return HallStatus(
            now,
            self.day,
            services,
            counters,
            tuple(self._calls),
            tuple(dataclasses.replace(t) for t in waiting),
            tuple(self._alerts(active, now)),
            (),
            self.seq,
            tuple(t.uid for t in active if t.uid in self._printing and not t.printed),
            day_stored=not self._unstored,
        )

    def _counter(self, number: int) -> CounterView:
        spec = self.hall.counter(number)
        desk = self._desks.get(number) or _Desk(CounterState.CLOSED, None)
        current = self._tickets.get(desk.current) if desk.current else None
        parked = sorted(
            (t for t in self._tickets.values()
             if t.state is TicketState.PARKED and t.counter == number),
            key=issue_order,
        )  # fmt: skip
        shown = desk.state
        if shown is CounterState.OPEN and desk.current is not None:
            shown = CounterState.SERVING
        return CounterView(
            number,
            spec.name_zh,
            spec.name_en,
            spec.services,
            shown,
            dataclasses.replace(current) if current else None,
            tuple(dataclasses.replace(t) for t in parked),
            desk.streak,
        )

    def _service(
        self,
        code: str,
        counters: tuple[CounterView, ...],
        now: dt.datetime,
        statuses: dict[int, CounterStatus],
        everyone: list[Ticket],
    ) -> ServiceStatus:
        service = self.hall.service(code)
        waiting = sum(
            1 for t in self._tickets.values()
            if t.state is TicketState.WAITING and t.service == code
        )  # fmt: skip
        issued = self._issued.get(code, 0)
        reason_code = ops.unavailable(service, issued, now)
        reason = closed_reason(service, reason_code)
        staffed = sum(
            1
            for c in counters
            if code in c.services and c.state in (CounterState.OPEN, CounterState.SERVING)
        )
        # the last full read's estimate, worded again for the hall as it is now (a counter
        # closed since: no time is promised)
        mine = new_ticket(code, now)
        ahead = policy.call_ahead(self.hall, statuses, everyone, mine, now)
        estimate = word_for(
            self.hall, statuses, mine, ahead, self._estimates[code], now, reason_code
        )
        return ServiceStatus(
            service, waiting, not reason, reason, staffed, estimate, reason_code, issued, ahead,
        )  # fmt: skip

    def _alerts(self, active: list[Ticket], now: dt.datetime) -> list[StaffAlert]:
        alerts = dict(self._failed)
        for t in active:
            due = t.issued_at + alerting.PRINT_DEADLINE
            if t.uid in self._printing and not t.printed and now >= due:
                alerts[t.uid] = StaffAlert(
                    EventKind.PRINT_FAILED,
                    t.number,
                    "printing was interrupted: no outcome was recorded",
                    due,
                    t.uid,
                    str(PrintProblem.INTERRUPTED),
                )
        return sorted(reversed(alerts.values()), key=lambda a: a.at, reverse=True)
