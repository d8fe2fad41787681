"""The hall's nouns: business types, counters, tickets, business days, events."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
from collections.abc import Mapping, Sequence
from typing import Any

from kiosk.core.errors import NotFound


class Priority(enum.IntEnum):
    """Priority class of a ticket. Higher is served sooner."""

    NORMAL = 0
    PRIORITY = 1  # green channel: elderly, disabled, VIP card


class TicketState(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    PARKED = "parked"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def active(self) -> bool:
        return self in ACTIVE_STATES


ACTIVE_STATES = frozenset(
    {TicketState.WAITING, TicketState.CALLED, TicketState.SERVING, TicketState.PARKED}
)


class Outcome(enum.StrEnum):
    SERVED = "served"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # still open when the business day ended


class CounterState(enum.StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"
    SERVING = "serving"  # open with a called or serving ticket; derived, never stored


class Placement(enum.StrEnum):
    """Where a transferred ticket joins its new queue."""

    FRONT = "front"
    BACK = "back"
    BY_TIME = "by_time"  # by its original issue time


class CancelledBy(enum.StrEnum):
    """Who cancelled a ticket (the ``cancelled`` event's ``by``; the reports count them
    apart)."""

    STAFF = "staff"
    VISITOR = "visitor"


class EventKind(enum.StrEnum):
    ISSUED = "issued"
    CALLED = "called"
    RECALLED = "recalled"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    PARKED = "parked"
    RESUMED = "resumed"
    CANCELLED = "cancelled"
    COUNTER_OPENED = "counter_opened"
    COUNTER_PAUSED = "counter_paused"
    COUNTER_CLOSED = "counter_closed"
    DAY_RESET = "day_reset"
    PRINTED = "printed"  # the printer confirmed the ticket (its status asked after the ticket)
    PRINT_FAILED = "print_failed"  # the kiosk could not print a ticket: staff must look
    REPRINTED = "reprinted"  # a ticket was printed again (after a failure, or on request)
    ALERT_ACKNOWLEDGED = "alert_acknowledged"  # staff saw to a ticket that was not printed
    RATED = "rated"  # the visitor rated the service on the counter's evaluator
    # A counter keypad's press, applied in the same transaction as its operation (data:
    # keypad, seq, key, arg): a press seen again after a restart is known by its seq.
    KEY_PRESSED = "key_pressed"
    # A complaint's follow-up was closed (data: case_number, note, staff); it was opened by
    # the ``done`` event of its ticket (data: resolution "follow_up", case_number,
    # promised_by). docs/reports.md, "Complaint follow-ups".
    FOLLOW_UP_CLOSED = "follow_up_closed"


class Resolution(enum.StrEnum):
    """How a complaint ticket ended at the counter (the ``done`` event's ``resolution``)."""

    RESOLVED_HERE = "resolved_here"
    FOLLOW_UP = "follow_up"  # a case number and a date by which the visitor hears back


class FollowUpStatus(enum.StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"  # open, and the promised date has passed
    CLOSED = "closed"


@dataclasses.dataclass(frozen=True)
class OpeningHours:
    """One daily opening interval, [start, end) in hall-local time; end may be 24:00."""

    start: dt.time
    end: dt.time | None  # None means midnight at the end of the day

    def contains(self, moment: dt.time) -> bool:
        return self.start <= moment and (self.end is None or moment < self.end)

    def __str__(self) -> str:
        end = "24:00" if self.end is None else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}-{end}"


@dataclasses.dataclass(frozen=True)
class Service:
    """A business type (业务类型): what the visitor came for."""

    code: str
    prefix: str
    name_zh: str
    name_en: str
    description_zh: str = ""
    description_en: str = ""
    first_number: int = 1
    last_number: int = 999
    digits: int = 3
    daily_cap: int | None = None  # None: no cap beyond what the number range allows
    hours: tuple[OpeningHours, ...] = (OpeningHours(dt.time(0, 0), None),)
    default_service_minutes: float = 5.0
    target_wait_minutes: float = 10.0
    priority_allowed: bool = True
    enabled: bool = True

    @property
    def range_size(self) -> int:
        return self.last_number - self.first_number + 1

    @property
    def target_wait(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.target_wait_minutes)

    def open_at(self, moment: dt.datetime) -> bool:
        return any(h.contains(moment.time()) for h in self.hours)

    def hours_text(self) -> str:
        return ", ".join(str(h) for h in self.hours)

    def number_for(self, seq: int) -> str:
        """Ticket number for the seq-th ticket of the day (1-based), wrapping the range."""
        value = self.first_number + (seq - 1) % self.range_size
        return f"{self.prefix}{value:0{self.digits}d}"


@dataclasses.dataclass(frozen=True)
class Counter:
    """A service point (窗口) and the business types it serves, most preferred first."""

    number: int
    name_zh: str
    name_en: str
    services: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Rules:
    """Hall-wide queue rules."""

    recall_limit: int = 3
    # "One priority then N normal": 0 means priority tickets always go first
    # (aging past the target wait still protects normal tickets from starving).
    normal_per_priority: int = 0
    day_reset: dt.time = dt.time(4, 0)
    # A wait range wider than this (high ÷ low) is said "about N minutes, possibly longer"
    wait_range_ratio: float = 3.0


@dataclasses.dataclass(frozen=True)
class Complaints:
    """Which business types are complaints, and how far off a follow-up is promised.

    ``done`` of a ticket of one of ``services`` needs a :class:`Resolution`; a follow-up's
    default promised date is ``follow_up_days`` days after the business date it was
    opened, counting Monday to Friday only when ``working_days_only``."""

    services: tuple[str, ...] = ()
    follow_up_days: int = 3
    working_days_only: bool = True
    phone: str = ""  # the number a visitor calls about a case (printed on the slip)

    def promised_by(self, opened: dt.date) -> dt.date:
        """The default promised date of a follow-up opened on this business date."""
        day = opened
        left = self.follow_up_days
        while left > 0:
            day += dt.timedelta(days=1)
            if not self.working_days_only or day.weekday() < 5:
                left -= 1
        return day


@dataclasses.dataclass(frozen=True)
class Hall:
    """Everything the domain needs to know about the hall's set-up."""

    services: tuple[Service, ...]
    counters: tuple[Counter, ...]
    rules: Rules = Rules()
    complaints: Complaints = Complaints()

    def is_complaint(self, code: str) -> bool:
        return code in self.complaints.services

    @functools.cached_property
    def _by_code(self) -> Mapping[str, Service]:
        return {s.code: s for s in self.services}

    @functools.cached_property
    def _counters(self) -> Mapping[int, Counter]:
        return {c.number: c for c in self.counters}

    def service(self, code: str) -> Service:
        """The business type by code, or by prefix, case-insensitively."""
        found = self._by_code.get(code)
        if found is not None:
            return found
        wanted = code.lower()
        for s in self.services:
            if wanted in (s.code.lower(), s.prefix.lower()):
                return s
        known = ", ".join(s.code for s in self.services)
        raise NotFound(f"unknown business type {code!r} (known: {known})")

    def counter(self, number: int) -> Counter:
        found = self._counters.get(number)
        if found is None:
            known = ", ".join(str(c.number) for c in self.counters)
            raise NotFound(f"unknown counter {number} (known: {known})")
        return found


@dataclasses.dataclass(frozen=True)
class BusinessDay:
    """The numbering day. A new one starts at the reset hour or by a manual reset."""

    id: int
    date: dt.date
    started_at: dt.datetime
    ends_at: dt.datetime  # the next automatic reset


@dataclasses.dataclass
class Ticket:
    """One visit for one business type. Mutable only inside a transaction."""

    uid: str
    day_id: int
    service: str
    seq: int
    number: str
    priority: Priority
    issued_at: dt.datetime
    position: int  # queue order key within its queue; smaller is called first
    state: TicketState = TicketState.WAITING
    original_service: str = ""
    counter: int | None = None  # the counter it is or was at
    target_counter: int | None = None  # transferred to a specific counter
    call_count: int = 0
    called_at: dt.datetime | None = None
    last_called_at: dt.datetime | None = None
    serving_at: dt.datetime | None = None
    parked_at: dt.datetime | None = None
    transferred_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    outcome: Outcome | None = None
    rating: int | None = None
    # True only once the printer confirmed the ticket (or a reprint): issuing stores False,
    # so a crash while printing never leaves a ticket recorded as printed
    printed: bool = True

    def waited(self, now: dt.datetime) -> dt.timedelta:
        """Time since issue until the first call (or until now if not called yet)."""
        end = self.called_at or now
        return end - self.issued_at


@dataclasses.dataclass
class CounterStatus:
    """The runtime state of one counter."""

    number: int
    state: CounterState = CounterState.CLOSED  # closed, open or paused
    current: str | None = None  # uid of the called or serving ticket
    normal_streak: int = 0  # normal calls since the last priority call
    changed_at: dt.datetime | None = None

    @property
    def shown_state(self) -> CounterState:
        if self.state is CounterState.OPEN and self.current is not None:
            return CounterState.SERVING
        return self.state


@dataclasses.dataclass(frozen=True)
class Event:
    """One entry of the append-only event log: the truth reports read."""

    kind: EventKind
    at: dt.datetime
    day_id: int
    ticket: str | None = None
    counter: int | None = None
    data: Mapping[str, Any] = dataclasses.field(default_factory=dict)


def case_number(date: dt.date, seq: int) -> str:
    """A follow-up's case number: ``C`` + the business date + ``-`` + its sequence in that
    date, from 001 (C20261124-001); gapless across the hall, a fourth digit past 999."""
    return f"C{date:%Y%m%d}-{seq:03d}"


@dataclasses.dataclass(frozen=True)
class FollowUp:
    """A complaint the counter could not resolve at once: the visitor was given a case
    number and a date by which they hear back. Closed once, with a note."""

    case_number: str
    date: dt.date  # the business date it was opened (the case number's date)
    seq: int  # its place in that date's case numbers, from 1
    ticket: str  # the ticket's uid
    number: str  # the ticket's number (E003)
    service: str
    counter: int
    staff: str | None  # who served the visitor, when known
    opened_at: dt.datetime
    promised_by: dt.date
    closed_at: dt.datetime | None = None
    closed_by: str | None = None
    note: str = ""

    def status(self, now: dt.datetime) -> FollowUpStatus:
        """Closed; overdue once the promised date is over (from midnight after it, by the
        hall's clock); open otherwise."""
        if self.closed_at is not None:
            return FollowUpStatus.CLOSED
        if now.date() > self.promised_by:
            return FollowUpStatus.OVERDUE
        return FollowUpStatus.OPEN


def follow_up_listed(f: FollowUp, first: dt.date | None, last: dt.date | None) -> bool:
    """Whether a report of the business dates first..last lists a follow-up: opened in
    them, or opened before and still open or closed on or after ``first``."""
    if last is not None and f.date > last:
        return False
    if first is None or f.date >= first:
        return True
    return f.closed_at is None or f.closed_at.date() >= first


@dataclasses.dataclass(frozen=True)
class StaffAlert:
    """Something staff must see to, raised in one process and shown in every other.

    A ticket that was not printed: open until it is reprinted or acknowledged."""

    kind: EventKind
    number: str
    reason: str  # the printer's words, in English, for the technician
    at: dt.datetime
    ticket: str = ""  # the ticket's uid
    problem: str = ""  # why, as a value: a kiosk.core.ports.PrintProblem


@dataclasses.dataclass(frozen=True)
class Call:
    """A call or recall, as the displays show it."""

    number: str
    service: str
    counter: int
    at: dt.datetime
    recall: bool


def position_of(moment: dt.datetime) -> int:
    """A queue position for a moment: microseconds since 2000-01-01."""
    delta = moment - dt.datetime(2000, 1, 1)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def sorted_waiting(tickets: Sequence[Ticket]) -> list[Ticket]:
    return sorted(tickets, key=lambda t: (-t.priority, t.position, t.seq))
