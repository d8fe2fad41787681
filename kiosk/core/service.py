"""The queue service: the one interface windows, keypads and the CLI call.

Each method runs one operation of :mod:`kiosk.core.operations` in one store
transaction, with the time read once from the injected clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Concatenate, ParamSpec, TypeVar

from kiosk.core import alerts as alerting
from kiosk.core import operations as ops
from kiosk.core import policy, promise
from kiosk.core.busy import HourlyLoad, hourly_load
from kiosk.core.clock import Clock
from kiosk.core.errors import NotFound, Unavailable
from kiosk.core.estimate import LearnedEstimator, QueueSnapshot, WaitEstimate, WaitEstimator
from kiosk.core.feed import HallFeed
from kiosk.core.model import (
    BusinessDay,
    Call,
    CounterState,
    CounterStatus,
    EventKind,
    FollowUp,
    Hall,
    Placement,
    Priority,
    Resolution,
    Service,
    StaffAlert,
    Ticket,
    TicketState,
    position_of,
)
from kiosk.core.ports import QueueStore
from kiosk.core.state import HallState

P = ParamSpec("P")
ESTIMATED_WAITING = 100  # waiting tickets whose own wait status() estimates
T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class IssuedTicket:
    ticket: Ticket
    ahead: int  # tickets called before it under the call policy (policy.call_ahead)
    estimate: WaitEstimate  # worded (kiosk.core.promise); its ahead is the same figure


@dataclasses.dataclass(frozen=True)
class Resolved:
    """A ticket done at the counter with its resolution: a complaint's follow-up (its case
    number and promised date, to read to the visitor and print) or None."""

    ticket: Ticket
    resolution: Resolution | None = None
    follow_up: FollowUp | None = None


@dataclasses.dataclass(frozen=True)
class ServiceStatus:
    service: Service
    waiting: int
    open: bool
    reason: str  # why it is closed; empty when open
    counters_open: int
    estimate: WaitEstimate  # for a new normal ticket
    reason_code: Unavailable | None = None  # why it takes no ticket now; None when open
    issued: int = 0  # tickets issued today (the daily cap counts these)
    ahead: int = 0  # tickets that would be called before a new normal one (policy.call_ahead)


@dataclasses.dataclass(frozen=True)
class CounterView:
    number: int
    name_zh: str
    name_en: str
    services: tuple[str, ...]
    state: CounterState
    current: Ticket | None
    parked: tuple[Ticket, ...]
    normal_streak: int = 0  # normal calls since its last priority call (the call policy)


@dataclasses.dataclass(frozen=True)
class HallStatus:
    at: dt.datetime
    day: BusinessDay
    services: tuple[ServiceStatus, ...]
    counters: tuple[CounterView, ...]
    calls: tuple[Call, ...]
    waiting: tuple[Ticket, ...]  # in the order the policy's queues hold them
    alerts: tuple[StaffAlert, ...] = ()  # today's open ones, newest first (kiosk.core.alerts)
    # estimates[i]: the expected remaining wait of waiting[i], for the first
    # ESTIMATED_WAITING of them (the counter's waiting list, the ticket page)
    estimates: tuple[WaitEstimate, ...] = ()
    # the hall feed's sequence number this status was read at: the events after it are
    # what changed since (kiosk.core.hallfold folds them in)
    seq: int = 0
    # active tickets issued to be printed with no outcome yet (an alert after
    # kiosk.core.alerts.PRINT_DEADLINE unless one comes), in issue order
    printing: tuple[str, ...] = ()
    # False: the business day shown is not in the store yet (the hall's first, or one past
    # its reset hour with nothing written since): the next write starts it, then
    day_stored: bool = True


def _copy(ticket: Ticket) -> Ticket:
    return dataclasses.replace(ticket)


def waiting_order(ticket: Ticket) -> tuple[int, int, int, str]:
    """The order of ``HallStatus.waiting``: the policy's queues (class, position), then
    the number's sequence and business type, so the order never depends on how the
    tickets were read."""
    return (-ticket.priority, ticket.position, ticket.seq, ticket.original_service)


def issue_order(ticket: Ticket) -> tuple[dt.datetime, str, int]:
    """Tickets by when they were issued (then business type and sequence): the order of
    ``HallStatus.printing`` and of interrupted prints' alerts."""
    return (ticket.issued_at, ticket.original_service, ticket.seq)


def closed_reason(service: Service, code: Unavailable | None) -> str:
    """``ServiceStatus.reason`` for a reason code (empty: open)."""
    if code is Unavailable.DISABLED:
        return "disabled"
    if code is Unavailable.HOURS:
        return f"closed; opening hours {service.hours_text()}"
    if code is Unavailable.CAP:
        return f"daily cap of {service.daily_cap} reached"
    return ""


def _record_quote(state: HallState, ticket: Ticket, estimate: WaitEstimate) -> None:
    """The wait range the visitor is shown goes into the ticket's ``issued`` event
    (``quote_low_min``, ``quote_high_min``: the minutes shown; the manager's report
    compares it with the actual wait, docs/reports.md; kiosk.core.promise.quote)."""
    quoted = promise.quote(estimate)
    for i in range(len(state.events) - 1, -1, -1):
        event = state.events[i]
        if event.kind is EventKind.ISSUED and event.ticket == ticket.uid:
            data = {**event.data, "quote_low_min": quoted[0], "quote_high_min": quoted[1]}
            state.events[i] = dataclasses.replace(event, data=data)
            return


def new_ticket(service: str, now: dt.datetime, priority: Priority = Priority.NORMAL) -> Ticket:
    """A ticket as it would be issued now (not stored): what a tile's figures are for."""
    return Ticket(
        uid="",
        day_id=0,
        service=service,
        seq=10**9,
        number="",
        priority=priority,
        issued_at=now,
        position=position_of(now),
        original_service=service,
    )


def counter_statuses(status: HallStatus) -> dict[int, CounterStatus]:
    """The counters as the call policy reads them, from a hall status (a folded one too)."""
    return {
        c.number: CounterStatus(
            c.number,
            CounterState.OPEN if c.state is CounterState.SERVING else c.state,
            c.current.uid if c.current is not None else None,
            c.normal_streak,
        )
        for c in status.counters
    }


def word_for(
    hall: Hall,
    statuses: Mapping[int, CounterStatus],
    ticket: Ticket,
    ahead: int,
    estimate: WaitEstimate,
    now: dt.datetime,
    unavailable: Unavailable | None = None,
) -> WaitEstimate:
    """The estimate of this ticket (or a new one, :func:`new_ticket`) as the visitor is
    told it (kiosk.core.promise.word) in this state of the counters."""
    callers = policy.callers_open(hall, ticket, statuses)
    free = any((statuses.get(n) or CounterStatus(n)).current is None for n in callers)
    return promise.word(
        estimate,
        ahead=ahead,
        service=hall.service(ticket.service),
        now=now,
        unavailable=unavailable,
        counters_open=len(callers),
        counter_free=free,
        ratio=hall.rules.wait_range_ratio,
    )


class QueueService:
    def __init__(
        self,
        hall: Hall,
        store: QueueStore,
        clock: Clock,
        estimator: WaitEstimator | None = None,
        feed: HallFeed | None = None,
    ) -> None:
        self.hall = hall
        self._store = store
        self._clock = clock
        self._estimator = estimator or LearnedEstimator(hall)
        # The hall's events for this process's subscribers: what this service commits is
        # published at once; another process's commits come by feed.catch_up().
        self.feed = feed or HallFeed(store)
        store.on_commit(self.feed.publish)

    def _run(
        self,
        op: Callable[Concatenate[Hall, HallState, dt.datetime, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        now = self._clock.now()
        with self._store.transaction() as state:
            ops.begin(self.hall, state, now)
            return op(self.hall, state, now, *args, **kwargs)

    # -- visitors ------------------------------------------------------------------

    def issue(
        self, code: str, priority: Priority = Priority.NORMAL, *, printing: bool = False
    ) -> IssuedTicket:
        """Take a ticket. It is stored as not printed; ``printing``: a print follows and
        its outcome will be reported (:meth:`report_printed`, :meth:`report_print_failure`),
        else it is an interrupted print after kiosk.core.alerts.PRINT_DEADLINE."""
        now = self._clock.now()
        # The estimate is made on a read of the hall just before, outside the write
        # transaction: the write lock is held only for the ticket, its place and its quote.
        service = self.hall.service(code)
        with self._store.read() as seen:
            ops.begin(self.hall, seen, now)
            before = list(seen.waiting())
        raw = self._estimator.estimate(self._snapshot(seen, service, before, now), priority)
        with self._store.transaction() as state:
            ops.begin(self.hall, state, now)
            ticket = ops.issue(self.hall, state, now, code, priority, printing)
            waiting = [t for t in state.waiting() if t.uid != ticket.uid]
            statuses = self._statuses(state)
            ahead = policy.call_ahead(self.hall, statuses, waiting, ticket, now)
            estimate = word_for(self.hall, statuses, ticket, ahead, raw, now)
            _record_quote(state, ticket, estimate)
            return IssuedTicket(ticket, ahead, estimate)

    def _statuses(self, state: HallState) -> dict[int, CounterStatus]:
        return {
            c.number: state.counters.get(c.number) or CounterStatus(c.number)
            for c in self.hall.counters
        }

    def _snapshot(
        self,
        state: HallState,
        service: Service,
        waiting: list[Ticket],
        now: dt.datetime,
        ticket: Ticket | None = None,
    ) -> QueueSnapshot:
        mine = [t for t in waiting if t.service == service.code and t.target_counter is None]
        counters = tuple(
            (state.counters.get(c.number) or CounterStatus(c.number)).shown_state
            for c in self.hall.counters
            if service.code in c.services
        )
        prio = sum(1 for t in mine if t.priority > Priority.NORMAL)
        desks = []
        for c in self.hall.counters:
            status = state.counters.get(c.number) or CounterStatus(c.number)
            current = state.tickets.get(status.current) if status.current else None
            desks.append((c, status, current))
        return QueueSnapshot(
            service,
            len(mine),
            prio,
            counters,
            now=now,
            hall=self.hall,
            tickets=tuple(waiting),
            desks=tuple(desks),
            ticket=ticket,
        )

    def report_printed(self, uid: str) -> None:
        """The printer confirmed this ticket: only now is it recorded as printed."""
        now = self._clock.now()
        with self._store.transaction(also=(uid,)) as state:
            ops.begin(self.hall, state, now)
            ops.printed(self.hall, state, now, uid)

    def report_print_failure(
        self, uid: str, number: str, reason: str, problem: str = "error"
    ) -> None:
        """This ticket was not printed: mark it and alert staff everywhere until it is
        reprinted or acknowledged. ``problem``: a kiosk.core.ports.PrintProblem value."""
        self._run(ops.print_failed, uid, number, reason, problem)

    def _open_alerts(self, state: HallState, now: dt.datetime) -> list[StaffAlert]:
        assert state.day is not None
        day = state.day.id
        unconfirmed = sorted((t for t in state.tickets.values() if not t.printed), key=issue_order)
        failed = self._store.events_of(day, (EventKind.PRINT_FAILED,))
        watched = {e.ticket for e in failed if e.ticket} | {t.uid for t in unconfirmed}
        if not watched:
            return []
        events = self._store.events_of(day, alerting.ALERT_EVENTS, watched)
        return alerting.open_alerts(events, unconfirmed, now)

    def _printing(self, state: HallState) -> list[str]:
        assert state.day is not None
        unconfirmed = [
            t.uid for t in sorted(state.tickets.values(), key=issue_order) if not t.printed
        ]
        if not unconfirmed:
            return []
        events = self._store.events_of(state.day.id, alerting.ALERT_EVENTS, unconfirmed)
        return alerting.pending(events, unconfirmed)

    def acknowledge_alerts(self, tickets: Collection[str] | None = None) -> Sequence[StaffAlert]:
        """Staff saw to these tickets that were not printed (each by number or uid; None:
        every open alert): their alerts close. NotFound names one without an open alert."""
        now = self._clock.now()
        with self._store.transaction() as state:
            ops.begin(self.hall, state, now)
            open_now = self._open_alerts(state, now) if not state.new_days else []
            if tickets is None:
                ops.acknowledge(self.hall, state, now, open_now)
                return open_now
            chosen = alerting.matching(open_now, tickets)
            for name in tickets:
                if not alerting.matching(chosen, [name]):
                    raise NotFound(f"no open alert for ticket {name} today")
            ops.acknowledge(self.hall, state, now, chosen)
            return chosen

    def reprint_info(self, number: str) -> IssuedTicket:
        """An active ticket of the current day with the people ahead of it and its
        expected wait now: what a reprinted ticket says."""
        now = self._clock.now()
        with self._store.read() as state:
            ops.begin(self.hall, state, now)
            ticket = state.find_active(number)
            if ticket is None:
                raise NotFound(f"no active ticket {number} today")
            waiting = [t for t in state.waiting() if t.uid != ticket.uid]
            service = self.hall.service(ticket.service)
            mine = ticket if ticket.state is TicketState.WAITING else None
            raw = self._estimator.estimate(
                self._snapshot(state, service, waiting, now, mine), ticket.priority
            )
            statuses = self._statuses(state)
            if mine is None:
                return IssuedTicket(_copy(ticket), 0, raw)
            ahead = policy.call_ahead(self.hall, statuses, waiting, ticket, now)
            estimate = word_for(self.hall, statuses, ticket, ahead, raw, now)
            return IssuedTicket(_copy(ticket), ahead, estimate)

    def mark_printed(self, uid: str) -> Ticket:
        """The ticket was printed again (a reprint): clear its "not printed" mark."""
        return self._run(ops.mark_printed, uid)

    def cancel(self, number: str, by: str = "staff") -> Ticket:
        """Cancel an active ticket; ``by``: "staff" or "visitor" (recorded for reports)."""
        return self._run(ops.cancel, number, by)

    def leave(self, uid: str) -> Ticket:
        """The visitor leaves the queue (the ticket page): cancelled by the visitor.
        InvalidTransition when the ticket is no longer in the queue."""
        now = self._clock.now()
        with self._store.transaction(also=(uid,)) as state:
            ops.begin(self.hall, state, now)
            return _copy(ops.leave(self.hall, state, now, uid))

    def rate(self, uid: str, rating: int) -> Ticket:
        """The visitor's rating of a served ticket (the counter's evaluator): 4 very
        satisfied, 3 satisfied, 2 neutral, 1 dissatisfied; once per ticket."""
        now = self._clock.now()
        with self._store.transaction(also=(uid,)) as state:
            ops.begin(self.hall, state, now)
            return _copy(ops.rate(self.hall, state, now, uid, rating))

    def ticket(self, uid: str) -> Ticket | None:
        """One ticket by uid, active or finished."""
        return self._store.ticket(uid)

    # -- counters ------------------------------------------------------------------

    def _run_counter(
        self, op: Callable[[Hall, HallState, dt.datetime, int], CounterStatus], counter: int
    ) -> CounterView:
        now = self._clock.now()
        with self._store.transaction() as state:
            ops.begin(self.hall, state, now)
            op(self.hall, state, now, counter)
            return self._counter_view(state, counter)

    def open_counter(self, counter: int) -> CounterView:
        """Open a closed counter or resume a paused one."""
        return self._run_counter(ops.open_counter, counter)

    def pause_counter(self, counter: int) -> CounterView:
        return self._run_counter(ops.pause_counter, counter)

    def close_counter(self, counter: int) -> CounterView:
        return self._run_counter(ops.close_counter, counter)

    def call_next(self, counter: int) -> Ticket:
        return self._run(ops.call_next, counter)

    def call_ticket(self, counter: int, number: str) -> Ticket:
        return self._run(ops.call_ticket, counter, number)

    def recall(self, counter: int) -> Ticket:
        return self._run(ops.recall, counter)

    def serve(self, counter: int) -> Ticket:
        return self._run(ops.serve, counter)

    def done(self, counter: int) -> Ticket:
        """Service ends (a complaint's needs its resolution: :meth:`resolve`)."""
        return self._run(ops.done, counter)

    def resolve(
        self,
        counter: int,
        resolution: Resolution | None = None,
        promised_by: dt.date | None = None,
    ) -> Resolved:
        """Service ends with how it ended: a complaint resolved here, or a follow-up with
        a new case number, promised by a date (default: the hall's follow_up_days)."""
        ticket, follow_up = self._run(ops.resolve, counter, resolution, promised_by)
        return Resolved(_copy(ticket), resolution, follow_up)

    def close_follow_up(self, case: str, note: str = "", staff: str | None = None) -> FollowUp:
        """A complaint's follow-up is closed (the visitor heard back), with a note."""
        return self._run(ops.close_follow_up, case, note, staff)

    def follow_ups(
        self, first: dt.date | None = None, last: dt.date | None = None
    ) -> list[FollowUp]:
        """The follow-ups opened on the business dates first..last (None: no bound), and
        those opened before that are still open or were closed on or after ``first``; by
        case number."""
        return self._store.follow_ups(first, last)

    def no_show(self, counter: int) -> Ticket:
        return self._run(ops.no_show, counter)

    def transfer(
        self,
        counter: int,
        *,
        to_service: str | None = None,
        to_counter: int | None = None,
        placement: Placement = Placement.BY_TIME,
    ) -> Ticket:
        return self._run(
            ops.transfer, counter, to_service=to_service, to_counter=to_counter, placement=placement
        )

    def park(self, counter: int) -> Ticket:
        return self._run(ops.park, counter)

    def resume(self, counter: int, number: str | None = None) -> Ticket:
        return self._run(ops.resume, counter, number)

    def reset_day(self) -> BusinessDay:
        return self._run(ops.reset_day)

    def run_op(
        self,
        op: Callable[Concatenate[Hall, HallState, dt.datetime, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """One operation of the domain, a function of (hall, state, now, ...), in one
        transaction: a keypad's press and its record (kiosk.core.devices.apply_key_once)
        commit together or not at all."""
        return self._run(op, *args, **kwargs)

    # -- reading -------------------------------------------------------------------

    def status(self, last_calls: int = 10, *, estimates: bool = True) -> HallStatus:
        """The hall now. ``estimates=False``: without the waiting tickets' own wait
        estimates (a window following the feed carries its last ones over)."""
        now = self._clock.now()
        with self._store.read() as state:
            ops.begin(self.hall, state, now)  # a day past its reset shows as the new day
            assert state.day is not None
            day = state.day
            waiting = sorted(state.waiting(), key=waiting_order)
            counters = [self._counter_view(state, c.number) for c in self.hall.counters]
        calls = self._store.recent_calls(day.id, last_calls) if not state.new_days else []
        alerts = self._open_alerts(state, now) if not state.new_days else []
        printing = self._printing(state) if not state.new_days else []
        everyone = list(state.waiting())
        statuses = self._statuses(state)
        services = tuple(
            self._service_status(s, state, counters, everyone, statuses, now)
            for s in self.hall.services
        )
        shown = waiting[:ESTIMATED_WAITING] if estimates else []
        aheads = policy.call_ahead_all(self.hall, statuses, everyone, now) if shown else {}
        own = tuple(
            word_for(
                self.hall,
                statuses,
                t,
                aheads[t.uid],
                self._estimator.estimate(
                    self._snapshot(state, self.hall.service(t.service), everyone, now, t),
                    t.priority,
                ),
                now,
            )
            for t in shown
        )
        return HallStatus(
            now,
            day,
            services,
            tuple(counters),
            tuple(calls),
            tuple(_copy(t) for t in waiting),
            tuple(alerts),
            own,
            state.log_seq,
            tuple(printing),
            day_stored=not state.new_days,
        )

    def _counter_view(self, state: HallState, number: int) -> CounterView:
        spec = self.hall.counter(number)
        status = state.counters.get(number) or CounterStatus(number)
        current = state.tickets.get(status.current) if status.current else None
        parked = tuple(
            _copy(t)
            for t in sorted(state.tickets.values(), key=issue_order)
            if t.state == "parked" and t.counter == number
        )
        return CounterView(
            number,
            spec.name_zh,
            spec.name_en,
            spec.services,
            status.shown_state,
            _copy(current) if current else None,
            parked,
            status.normal_streak,
        )

    def _service_status(
        self,
        service: Service,
        state: HallState,
        counters: list[CounterView],
        everyone: list[Ticket],
        statuses: Mapping[int, CounterStatus],
        now: dt.datetime,
    ) -> ServiceStatus:
        waiting = [t for t in everyone if t.service == service.code]
        issued = state.last_seq.get(service.code, 0)
        code = ops.unavailable(service, issued, now)
        reason = closed_reason(service, code)
        staffed = sum(
            1
            for c in counters
            if service.code in c.services and c.state in (CounterState.OPEN, CounterState.SERVING)
        )
        snapshot = self._snapshot(state, service, everyone, now)
        raw = self._estimator.estimate(snapshot, Priority.NORMAL)
        mine = new_ticket(service.code, now)
        ahead = policy.call_ahead(self.hall, statuses, everyone, mine, now)
        estimate = word_for(self.hall, statuses, mine, ahead, raw, now, code)
        return ServiceStatus(
            service, len(waiting), not reason, reason, staffed, estimate, code, issued, ahead
        )

    def version(self) -> int:
        """Grows with every committed change, in any process (cheap to poll)."""
        return self._store.version()

    @property
    def estimator(self) -> WaitEstimator:
        return self._estimator

    def learned(self) -> int:
        """How many times the wait estimator has published what it learned (0: still the
        cold start). It grows without any change in the store: a window that shows
        estimates asks for a fresh status when it does (cheap to poll)."""
        return int(getattr(self._estimator, "generation", 0))

    def close(self) -> None:
        """Stop the background work of this service (its wait estimator's learning)
        before its store is closed; the store itself belongs to whoever opened it."""
        close = getattr(self._estimator, "close", None)
        if close is not None:
            close()

    def busy_hours(self, days: int = 28) -> HourlyLoad:
        """Average tickets per hour of day over the last days of history."""
        since = self._clock.now() - dt.timedelta(days=days)
        return hourly_load(self._store.issued_times(since))

    def tickets(self, date: dt.date | None = None) -> list[Ticket]:
        """Every ticket of the business days of a date; None: the current business day
        (empty when the stored day is past its reset and nothing was issued since)."""
        if date is None:
            with self._store.read() as state:
                if state.day is None or self._clock.now() >= state.day.ends_at:
                    return []
        return self._store.tickets_of(date)

    def now(self) -> dt.datetime:
        return self._clock.now()
