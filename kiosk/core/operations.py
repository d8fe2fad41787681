"""Every queue operation, as a function of (hall, state, now, arguments).

Each function checks its preconditions and raises a :mod:`kiosk.core.errors`
error naming the problem before it changes anything, then changes the state and
appends the events that record the change. The store runs each one inside one
transaction (see :class:`kiosk.core.service.QueueService`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from kiosk.core import policy
from kiosk.core.errors import (
    InvalidTransition,
    NotFound,
    NothingToCall,
    ServiceUnavailable,
    Unavailable,
)
from kiosk.core.model import (
    BusinessDay,
    CancelledBy,
    CounterState,
    CounterStatus,
    Event,
    EventKind,
    FollowUp,
    Hall,
    Outcome,
    Placement,
    Priority,
    Resolution,
    Service,
    StaffAlert,
    Ticket,
    TicketState,
    case_number,
    position_of,
)
from kiosk.core.state import HallState

# -- business days ---------------------------------------------------------------------


def business_date(moment: dt.datetime, reset: dt.time) -> dt.date:
    """The numbering day a moment belongs to: days start at the reset hour."""
    if moment.time() >= reset:
        return moment.date()
    return moment.date() - dt.timedelta(days=1)


def next_reset(moment: dt.datetime, reset: dt.time) -> dt.datetime:
    """The first automatic reset strictly after this moment."""
    date = business_date(moment, reset) + dt.timedelta(days=1)
    return dt.datetime.combine(date, reset)


def _new_day(hall: Hall, state: HallState, now: dt.datetime) -> BusinessDay:
    return BusinessDay(
        id=(state.day.id + 1) if state.day else 1,
        date=business_date(now, hall.rules.day_reset),
        started_at=now,
        ends_at=next_reset(now, hall.rules.day_reset),
    )


def _close_day(hall: Hall, state: HallState, now: dt.datetime, reason: str) -> None:
    """Expire what is still open and close every counter; history stays."""
    expired = []
    for ticket in list(state.active()):
        ticket.state = TicketState.CANCELLED
        ticket.outcome = Outcome.EXPIRED
        ticket.finished_at = now
        state.touch(ticket)
        expired.append(ticket.number)
    for status in sorted(state.counters.values(), key=lambda s: s.number):
        if status.state is not CounterState.CLOSED or status.current is not None:
            status.state = CounterState.CLOSED
            _seat(state, status, None, now)
            _log(state, EventKind.COUNTER_CLOSED, now, counter=status.number, reason=reason)
    _log(state, EventKind.DAY_RESET, now, reason=reason, expired=expired)


def begin(hall: Hall, state: HallState, now: dt.datetime) -> None:
    """Run before every operation: start the first day, or roll over at the reset hour."""
    if state.day is None:
        state.start_day(_new_day(hall, state, now))
    elif now >= state.day.ends_at:
        _close_day(hall, state, now, "scheduled")
        state.start_day(_new_day(hall, state, now))


def reset_day(hall: Hall, state: HallState, now: dt.datetime) -> BusinessDay:
    """Start a new business day now: numbering restarts, open tickets expire."""
    begin(hall, state, now)
    assert state.day is not None
    if state.new_days:
        return state.day  # the scheduled reset just started a fresh day: nothing to close
    _close_day(hall, state, now, "manual")
    state.start_day(_new_day(hall, state, now))
    return state.day


def _day_id(state: HallState) -> int:
    assert state.day is not None, "begin() runs before every operation"
    return state.day.id


def _log(
    state: HallState,
    kind: EventKind,
    now: dt.datetime,
    ticket: Ticket | None = None,
    counter: int | None = None,
    **data: Any,
) -> None:
    """Append an event; a ticket's events carry its number first."""
    if ticket is not None:
        data = {"number": ticket.number, **data}
    uid = ticket.uid if ticket else None
    state.emit(Event(kind, now, _day_id(state), uid, counter, data=data))


def _seat(state: HallState, status: CounterStatus, uid: str | None, now: dt.datetime) -> None:
    """Put a ticket at the counter (or none)."""
    status.current = uid
    status.changed_at = now
    state.touch_counter(status)


# -- issuing ---------------------------------------------------------------------------


def unavailable(
    service: Service, issued: int, now: dt.datetime, priority: Priority = Priority.NORMAL
) -> Unavailable | None:
    """Why the business type takes no ticket of this priority now, having issued
    ``issued`` today; None when it takes one. The one place the rule is written: issuing
    refuses with it, and the status shows it on the tiles and the hall display."""
    if not service.enabled:
        return Unavailable.DISABLED
    if not service.open_at(now):
        return Unavailable.HOURS
    if priority > Priority.NORMAL and not service.priority_allowed:
        return Unavailable.NO_PRIORITY
    if service.daily_cap is not None and issued >= service.daily_cap:
        return Unavailable.CAP
    return None


def unavailable_text(service: Service, reason: Unavailable) -> str:
    """The reason in English for staff, the log and the command line."""
    label = f"{service.code} ({service.name_en})"
    match reason:
        case Unavailable.DISABLED:
            return f"business type {label} is disabled"
        case Unavailable.HOURS:
            return f"business type {label} is closed now; opening hours {service.hours_text()}"
        case Unavailable.NO_PRIORITY:
            return f"business type {label} has no green channel"
        case Unavailable.CAP:
            return f"business type {label} reached its daily cap of {service.daily_cap} tickets"
        case Unavailable.NUMBERS_IN_USE:
            return (
                f"business type {label}: every number {service.number_for(1)}–"
                f"{service.number_for(service.range_size)} is in use"
            )


def issue(
    hall: Hall,
    state: HallState,
    now: dt.datetime,
    code: str,
    priority: Priority,
    printing: bool = False,
) -> Ticket:
    """Take a ticket for a business type. It is not printed yet: ``printing`` says a
    print follows, whose outcome will be recorded (:func:`printed`, :func:`print_failed`);
    none in time is an interrupted print (kiosk.core.alerts)."""
    service = hall.service(code)
    seq = state.last_seq.get(service.code, 0) + 1
    reason = unavailable(service, seq - 1, now, priority)
    if reason is not None:
        raise ServiceUnavailable(unavailable_text(service, reason), reason)
    number = service.number_for(seq)
    if state.find_active(number) is not None:
        reason = Unavailable.NUMBERS_IN_USE
        raise ServiceUnavailable(unavailable_text(service, reason), reason)
    ticket = Ticket(
        uid=state.make_uid(),
        day_id=_day_id(state),
        service=service.code,
        seq=seq,
        number=number,
        priority=priority,
        issued_at=now,
        position=position_of(now),
        original_service=service.code,
        printed=False,
    )
    state.last_seq[service.code] = seq
    state.add_ticket(ticket)
    _log(state, EventKind.ISSUED, now, ticket, service=service.code, priority=int(priority),
         print=printing, seq=seq)  # fmt: skip
    return ticket


# -- counters --------------------------------------------------------------------------


def _status(hall: Hall, state: HallState, number: int) -> CounterStatus:
    hall.counter(number)  # NotFound for an unknown counter
    return state.counter(number)


def _current(state: HallState, status: CounterStatus) -> Ticket | None:
    if status.current is None:
        return None
    return state.tickets.get(status.current)


def _set_counter(
    state: HallState, status: CounterStatus, new: CounterState, now: dt.datetime, kind: EventKind
) -> None:
    status.state = new
    status.changed_at = now
    state.touch_counter(status)
    _log(state, kind, now, counter=status.number)


def open_counter(hall: Hall, state: HallState, now: dt.datetime, number: int) -> CounterStatus:
    """Open a closed counter, or resume a paused one."""
    status = _status(hall, state, number)
    if status.state is CounterState.OPEN:
        raise InvalidTransition(f"counter {number} is already open")
    if status.state is CounterState.CLOSED:
        status.normal_streak = hall.rules.normal_per_priority
    _set_counter(state, status, CounterState.OPEN, now, EventKind.COUNTER_OPENED)
    return status


def pause_counter(hall: Hall, state: HallState, now: dt.datetime, number: int) -> CounterStatus:
    """Pause for a break: the counter calls nothing until opened again."""
    status = _status(hall, state, number)
    if status.state is not CounterState.OPEN:
        raise InvalidTransition(f"counter {number} is {status.state}, not open: cannot pause")
    _set_counter(state, status, CounterState.PAUSED, now, EventKind.COUNTER_PAUSED)
    return status


def close_counter(hall: Hall, state: HallState, now: dt.datetime, number: int) -> CounterStatus:
    status = _status(hall, state, number)
    if status.state is CounterState.CLOSED:
        raise InvalidTransition(f"counter {number} is already closed")
    current = _current(state, status)
    if current is not None:
        raise InvalidTransition(
            f"counter {number} still has ticket {current.number} ({current.state}): "
            "finish, transfer or park it first"
        )
    _set_counter(state, status, CounterState.CLOSED, now, EventKind.COUNTER_CLOSED)
    return status


def _require_open(status: CounterStatus) -> None:
    if status.state is not CounterState.OPEN:
        raise InvalidTransition(f"counter {status.number} is {status.state}, not open")


def _require_current(status: CounterStatus, state: HallState, *allowed: TicketState) -> Ticket:
    ticket = _current(state, status)
    if ticket is None:
        raise InvalidTransition(f"counter {status.number} has no current ticket")
    if ticket.state not in allowed:
        wanted = " or ".join(str(s) for s in allowed)
        raise InvalidTransition(
            f"ticket {ticket.number} at counter {status.number} is {ticket.state}, not {wanted}"
        )
    return ticket


# -- calling ---------------------------------------------------------------------------


def _finish_serving(state: HallState, status: CounterStatus, now: dt.datetime) -> None:
    """Calling the next ticket ends the service of the current one."""
    ticket = _current(state, status)
    if ticket is not None and ticket.state is TicketState.SERVING:
        _finish(state, status, ticket, now, TicketState.DONE, Outcome.SERVED, EventKind.DONE)


def _call(
    hall: Hall,
    state: HallState,
    now: dt.datetime,
    status: CounterStatus,
    ticket: Ticket,
    manual: bool,
) -> Ticket:
    waited = now - ticket.issued_at
    ticket.state = TicketState.CALLED
    ticket.counter = status.number
    ticket.target_counter = None
    ticket.call_count = 1
    ticket.called_at = ticket.called_at or now
    ticket.last_called_at = now
    state.touch(ticket)
    status.normal_streak = 0 if ticket.priority > Priority.NORMAL else status.normal_streak + 1
    _seat(state, status, ticket.uid, now)
    waited_s = round(waited.total_seconds(), 3)
    _log(state, EventKind.CALLED, now, ticket, status.number,
         service=ticket.service, waited_s=waited_s, manual=manual)  # fmt: skip
    return ticket


def call_next(hall: Hall, state: HallState, now: dt.datetime, number: int) -> Ticket:
    """Call the next ticket by the call policy; a ticket in service is finished first."""
    counter = hall.counter(number)
    status = state.counter(number)
    _require_open(status)
    _finish_serving_check(state, status, hall)
    ticket = policy.choose_next(hall, counter, status, state.waiting(), now)
    if ticket is None:
        served = ", ".join(counter.services)
        raise NothingToCall(f"no ticket waiting for counter {number} (serves {served})")
    _finish_serving(state, status, now)
    return _call(hall, state, now, status, ticket, manual=False)


def _finish_serving_check(state: HallState, status: CounterStatus, hall: Hall) -> None:
    ticket = _current(state, status)
    if ticket is not None and ticket.state is TicketState.CALLED:
        raise InvalidTransition(
            f"ticket {ticket.number} is still called at counter {status.number}: "
            "mark it serving, done or no-show first"
        )
    if ticket is not None and ticket.state is TicketState.SERVING:
        _require_resolution(hall, ticket, None)


def _require_resolution(hall: Hall, ticket: Ticket, resolution: Resolution | None) -> None:
    """A complaint ticket is finished only with its resolution (docs/reports.md)."""
    if resolution is None and hall.is_complaint(ticket.service):
        raise InvalidTransition(
            f"ticket {ticket.number} is a complaint: record how it ended, resolved here "
            "or a follow-up (queue done --resolved-here or --follow-up)"
        )


def call_ticket(
    hall: Hall, state: HallState, now: dt.datetime, number: int, ticket_number: str
) -> Ticket:
    """Call a specific waiting ticket, out of policy order (the clerk's choice)."""
    hall.counter(number)
    status = state.counter(number)
    _require_open(status)
    ticket = state.find_active(ticket_number)
    if ticket is None:
        raise NotFound(f"no active ticket {ticket_number} today")
    if ticket.state is not TicketState.WAITING:
        raise InvalidTransition(f"ticket {ticket.number} is {ticket.state}, not waiting")
    if ticket.target_counter is not None and ticket.target_counter != number:
        raise InvalidTransition(
            f"ticket {ticket.number} was transferred to counter {ticket.target_counter}"
        )
    _finish_serving_check(state, status, hall)
    _finish_serving(state, status, now)
    return _call(hall, state, now, status, ticket, manual=True)


def recall(hall: Hall, state: HallState, now: dt.datetime, number: int) -> Ticket:
    """Announce the called ticket again; past the recall limit it becomes a no-show."""
    status = _status(hall, state, number)
    ticket = _require_current(status, state, TicketState.CALLED)
    if ticket.call_count > hall.rules.recall_limit:
        return _finish(
            state,
            status,
            ticket,
            now,
            TicketState.NO_SHOW,
            Outcome.NO_SHOW,
            EventKind.NO_SHOW,
            reason="recall limit",
        )
    ticket.call_count += 1
    ticket.last_called_at = now
    state.touch(ticket)
    _log(state, EventKind.RECALLED, now, ticket, number,
         service=ticket.service, call_count=ticket.call_count)  # fmt: skip
    return ticket


def serve(hall: Hall, state: HallState, now: dt.datetime, number: int) -> Ticket:
    """The visitor arrived at the counter: service starts."""
    status = _status(hall, state, number)
    ticket = _require_current(status, state, TicketState.CALLED)
    ticket.state = TicketState.SERVING
    ticket.serving_at = now
    state.touch(ticket)
    _log(state, EventKind.SERVING, now, ticket, number)
    return ticket


def _finish(
    state: HallState,
    status: CounterStatus,
    ticket: Ticket,
    now: dt.datetime,
    final: TicketState,
    outcome: Outcome,
    kind: EventKind,
    reason: str = "",
    **extra: Any,
) -> Ticket:
    ticket.state = final
    ticket.outcome = outcome
    ticket.finished_at = now
    state.touch(ticket)
    if status.current == ticket.uid:
        _seat(state, status, None, now)
    data: dict[str, Any] = {}
    if ticket.serving_at is not None and outcome is Outcome.SERVED:
        data["service_s"] = round((now - ticket.serving_at).total_seconds(), 3)
    if reason:
        data["reason"] = reason
    _log(state, kind, now, ticket, status.number, **data, **extra)
    return ticket


def done(
    hall: Hall,
    state: HallState,
    now: dt.datetime,
    number: int,
    resolution: Resolution | None = None,
    promised_by: dt.date | None = None,
) -> Ticket:
    """Service ends. A complaint's needs its ``resolution``; a follow-up is opened with
    the next case number of the business date, promised by ``promised_by`` (default: the
    hall's ``complaints.follow_up_days`` later, kiosk.core.model.Complaints)."""
    return resolve(hall, state, now, number, resolution, promised_by)[0]


def resolve(
    hall: Hall,
    state: HallState,
    now: dt.datetime,
    number: int,
    resolution: Resolution | None = None,
    promised_by: dt.date | None = None,
) -> tuple[Ticket, FollowUp | None]:
    """``done`` with what it opened: the ticket, and its follow-up (None unless one)."""
    status = _status(hall, state, number)
    ticket = _require_current(status, state, TicketState.SERVING)
    _require_resolution(hall, ticket, resolution)
    if resolution is not Resolution.FOLLOW_UP:
        if promised_by is not None:
            raise InvalidTransition("a promised date is given only with a follow-up")
        extra = {"resolution": str(resolution)} if resolution is not None else {}
        done_ticket = _finish(
            state, status, ticket, now, TicketState.DONE, Outcome.SERVED, EventKind.DONE, **extra
        )
        return done_ticket, None
    today = business_date(now, hall.rules.day_reset)
    promised = promised_by or hall.complaints.promised_by(today)
    if promised < today:
        raise InvalidTransition(
            f"the promised date {promised.isoformat()} is before today ({today.isoformat()})"
        )
    seq = max([state.last_case(today), *(f.seq for f in state.new_follow_ups if f.date == today)])
    case = FollowUp(
        case_number=case_number(today, seq + 1),
        date=today,
        seq=seq + 1,
        ticket=ticket.uid,
        number=ticket.number,
        service=ticket.service,
        counter=number,
        staff=state.staff_at(number),
        opened_at=now,
        promised_by=promised,
    )
    state.new_follow_ups.append(case)
    done_ticket = _finish(
        state, status, ticket, now, TicketState.DONE, Outcome.SERVED, EventKind.DONE,
        resolution=str(resolution), case_number=case.case_number,
        promised_by=promised.isoformat(),
    )  # fmt: skip
    return done_ticket, case


def close_follow_up(
    hall: Hall,
    state: HallState,
    now: dt.datetime,
    case: str,
    note: str = "",
    staff: str | None = None,
) -> FollowUp:
    """The visitor heard back: the follow-up is closed, with a note and who closed it."""
    found = state.follow_up(case.strip().upper())
    if found is None:
        raise NotFound(f"no follow-up with case number {case!r}")
    if found.closed_at is not None:
        raise InvalidTransition(
            f"follow-up {found.case_number} was closed already, at {found.closed_at:%Y-%m-%d %H:%M}"
        )
    closed = dataclasses.replace(found, closed_at=now, closed_by=staff or None, note=note)
    state.closed_follow_ups.append(closed)
    data: dict[str, Any] = {"number": found.number, "case_number": found.case_number, "note": note}
    if staff:
        data["staff"] = staff
    state.emit(Event(EventKind.FOLLOW_UP_CLOSED, now, _day_id(state), found.ticket, None, data))
    return closed


def no_show(hall: Hall, state: HallState, now: dt.datetime, number: int) -> Ticket:
    status = _status(hall, state, number)
    ticket = _require_current(status, state, TicketState.CALLED)
    return _finish(
        state, status, ticket, now, TicketState.NO_SHOW, Outcome.NO_SHOW, EventKind.NO_SHOW
    )


# -- transfer, park, cancel ------------------------------------------------------------


def _placement_position(
    state: HallState, ticket: Ticket, placement: Placement, now: dt.datetime
) -> int:
    others = [t.position for t in state.waiting() if t.uid != ticket.uid]
    if placement is Placement.FRONT:
        return min(others, default=position_of(now)) - 1
    if placement is Placement.BACK:
        return max([*others, position_of(now)]) + 1
    return position_of(ticket.issued_at)


def transfer(
    hall: Hall,
    state: HallState,
    now: dt.datetime,
    number: int,
    *,
    to_service: str | None = None,
    to_counter: int | None = None,
    placement: Placement = Placement.BY_TIME,
) -> Ticket:
    """Send the counter's current ticket to another business type or counter."""
    if (to_service is None) == (to_counter is None):
        raise InvalidTransition("transfer needs exactly one of a business type or a counter")
    status = _status(hall, state, number)
    ticket = _require_current(status, state, TicketState.CALLED, TicketState.SERVING)
    data: dict[str, object] = {"from_service": ticket.service, "placement": str(placement)}
    if to_service is not None:
        service = hall.service(to_service)
        if not service.enabled:
            reason = Unavailable.DISABLED
            raise ServiceUnavailable(unavailable_text(service, reason), reason)
        ticket.service = service.code
        ticket.target_counter = None
        data["to_service"] = service.code
    else:
        assert to_counter is not None
        hall.counter(to_counter)
        if to_counter == number:
            raise InvalidTransition(f"ticket {ticket.number} is already at counter {number}")
        ticket.target_counter = to_counter
        data["to_counter"] = to_counter
    ticket.state = TicketState.WAITING
    ticket.transferred_at = now
    ticket.serving_at = None
    ticket.call_count = 0
    ticket.position = _placement_position(state, ticket, placement, now)
    data["position"] = ticket.position  # where it joined its queue (kiosk.core.hallfold)
    state.touch(ticket)
    _seat(state, status, None, now)
    _log(state, EventKind.TRANSFERRED, now, ticket, number, **data)
    return ticket


def park(hall: Hall, state: HallState, now: dt.datetime, number: int) -> Ticket:
    """Set the current ticket aside at this counter, to resume later."""
    status = _status(hall, state, number)
    ticket = _require_current(status, state, TicketState.CALLED, TicketState.SERVING)
    ticket.state = TicketState.PARKED
    ticket.parked_at = now
    ticket.counter = number
    state.touch(ticket)
    _seat(state, status, None, now)
    _log(state, EventKind.PARKED, now, ticket, number)
    return ticket


def resume(
    hall: Hall, state: HallState, now: dt.datetime, number: int, ticket_number: str | None = None
) -> Ticket:
    """Take a parked ticket back into service (the most recently parked by default)."""
    status = _status(hall, state, number)
    _require_open(status)
    current = _current(state, status)
    if current is not None:
        raise InvalidTransition(
            f"counter {number} is busy with ticket {current.number}: finish or park it first"
        )
    parked = [
        t for t in state.tickets.values() if t.state is TicketState.PARKED and t.counter == number
    ]
    if ticket_number is not None:
        chosen = state.find_active(ticket_number)
        if chosen is None:
            raise NotFound(f"no active ticket {ticket_number} today")
        if chosen not in parked:
            raise InvalidTransition(f"ticket {chosen.number} is not parked at counter {number}")
    elif parked:
        chosen = max(parked, key=lambda t: (t.parked_at or now, t.seq))
    else:
        raise InvalidTransition(f"counter {number} has no parked ticket")
    chosen.state = TicketState.SERVING
    chosen.serving_at = chosen.serving_at or now
    state.touch(chosen)
    _seat(state, status, chosen.uid, now)
    _log(state, EventKind.RESUMED, now, chosen, number)
    return chosen


def cancel(
    hall: Hall, state: HallState, now: dt.datetime, ticket_number: str, by: str = "staff"
) -> Ticket:
    """Cancel an active ticket by number (the visitor left, or a mistaken ticket);
    ``by``: who cancelled it, "staff" or "visitor" (the event's ``by``, for reports)."""
    by = str(CancelledBy(by))  # ValueError for anything else: a caller's bug
    ticket = state.find_active(ticket_number)
    if ticket is None:
        raise NotFound(f"no active ticket {ticket_number} today")
    return _cancel(state, now, ticket, by)


def leave(hall: Hall, state: HallState, now: dt.datetime, uid: str) -> Ticket:
    """The visitor left the queue from their phone (the ticket page): the ticket is
    cancelled, its event saying so (``by: "visitor"``), and no counter calls it."""
    ticket = state.tickets.get(uid)
    if ticket is None or not ticket.state.active or ticket.day_id != _day_id(state):
        raise InvalidTransition(f"ticket {uid} is no longer in the queue")
    return _cancel(state, now, ticket, str(CancelledBy.VISITOR))


def _cancel(state: HallState, now: dt.datetime, ticket: Ticket, by: str) -> Ticket:
    status = state.counter(ticket.counter) if ticket.counter is not None else None
    ticket.state = TicketState.CANCELLED
    ticket.outcome = Outcome.CANCELLED
    ticket.finished_at = now
    state.touch(ticket)
    counter = None
    if status is not None and status.current == ticket.uid:
        _seat(state, status, None, now)
        counter = status.number
    _log(state, EventKind.CANCELLED, now, ticket, counter, by=by)
    return ticket


def printed(hall: Hall, state: HallState, now: dt.datetime, uid: str) -> None:
    """The printer confirmed the ticket (no fault asked after it): now it is printed."""
    ticket = state.tickets.get(uid)
    if ticket is None:
        raise NotFound(f"no ticket with id {uid}")
    ticket.printed = True
    state.touch(ticket)
    _log(state, EventKind.PRINTED, now, ticket)


def print_failed(
    hall: Hall,
    state: HallState,
    now: dt.datetime,
    uid: str,
    number: str,
    reason: str,
    problem: str = "error",
) -> None:
    """The ticket was issued but not printed: mark it and tell staff (an event every
    window reads, an alert until it is reprinted or acknowledged). The ticket stays in
    the queue; it can be reprinted. ``problem``: a kiosk.core.ports.PrintProblem."""
    ticket = state.tickets.get(uid)
    if ticket is not None:
        ticket.printed = False
        state.touch(ticket)
    state.emit(Event(EventKind.PRINT_FAILED, now, _day_id(state), uid, None,
                     data={"number": number, "reason": reason, "problem": problem}))  # fmt: skip


def acknowledge(
    hall: Hall, state: HallState, now: dt.datetime, alerts: Sequence[StaffAlert]
) -> None:
    """Staff saw to these tickets that were not printed: their alerts close."""
    for alert in alerts:
        state.emit(Event(EventKind.ALERT_ACKNOWLEDGED, now, _day_id(state), alert.ticket, None,
                         data={"number": alert.number, "problem": alert.problem}))  # fmt: skip


def mark_printed(hall: Hall, state: HallState, now: dt.datetime, uid: str) -> Ticket:
    """The ticket was printed again: it is no longer "not printed"."""
    ticket = state.tickets.get(uid)
    if ticket is None:
        raise NotFound(f"no ticket with id {uid}")
    ticket.printed = True
    state.touch(ticket)
    _log(state, EventKind.REPRINTED, now, ticket)
    return ticket


RATINGS = range(1, 5)  # 4 very satisfied, 3 satisfied, 2 neutral, 1 dissatisfied


def rate(hall: Hall, state: HallState, now: dt.datetime, uid: str, rating: int) -> Ticket:
    """The visitor's rating from the counter's evaluator, once per served ticket."""
    ticket = state.tickets.get(uid)
    if ticket is None:
        raise NotFound(f"no ticket with id {uid}")
    if ticket.outcome is not Outcome.SERVED:
        raise InvalidTransition(f"ticket {ticket.number} was not served: nothing to rate")
    if rating not in RATINGS:
        raise InvalidTransition(
            f"rating {rating} for ticket {ticket.number}: expected 1 (dissatisfied) "
            "to 4 (very satisfied)"
        )
    if ticket.rating is not None:
        raise InvalidTransition(f"ticket {ticket.number} was already rated {ticket.rating}")
    ticket.rating = rating
    state.touch(ticket)
    _log(state, EventKind.RATED, now, ticket, ticket.counter, rating=rating)
    return ticket
