"""The slice of the hall one operation works on, and what it changed.

A store loads a :class:`HallState` inside a transaction (the current business day,
every active ticket, every counter's status, the last sequence number per business
type), hands it to one operation of :mod:`kiosk.core.operations`, then writes back
exactly what the state records as changed, in the same transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Iterator

from kiosk.core.model import BusinessDay, CounterStatus, Event, FollowUp, Ticket, TicketState


def no_key_recorded(keypad: str, counter: int) -> int | None:
    return None


def no_cases(date: dt.date) -> int:
    return 0


def no_follow_up(case_number: str) -> FollowUp | None:
    return None


def nobody_at(counter: int) -> str | None:
    return None


def new_uid() -> str:
    """A ticket identifier that cannot be guessed from its number."""
    return uuid.uuid4().hex


@dataclasses.dataclass
class HallState:
    day: BusinessDay | None
    tickets: dict[str, Ticket]  # every active ticket, by uid
    counters: dict[int, CounterStatus]
    last_seq: dict[str, int]  # per business type code, in the current day
    # the sequence number of the newest event of the log when this state was read (the
    # hall feed's seq: a status read with it is followed by the events after it)
    log_seq: int = 0
    make_uid: Callable[[], str] = new_uid
    # The sequence number of the last press the store recorded as applied from this
    # keypad (kiosk.core.devices.apply_key_once), None when none; a store sets it.
    applied_key: Callable[[str, int], int | None] = no_key_recorded
    # The highest case-number sequence of a business date (0: none yet), and a follow-up
    # by its case number: read under the write lock, so case numbers are gapless.
    last_case: Callable[[dt.date], int] = no_cases
    follow_up: Callable[[str], FollowUp | None] = no_follow_up
    # The staff signed in at a counter (the hall server's store sets it; None: unknown)
    staff_at: Callable[[int], str | None] = nobody_at

    # What the operation changed; the store writes these and nothing else.
    new_days: list[BusinessDay] = dataclasses.field(default_factory=list)
    new_tickets: list[str] = dataclasses.field(default_factory=list)
    dirty_tickets: set[str] = dataclasses.field(default_factory=set)
    dirty_counters: set[int] = dataclasses.field(default_factory=set)
    events: list[Event] = dataclasses.field(default_factory=list)
    new_follow_ups: list[FollowUp] = dataclasses.field(default_factory=list)
    closed_follow_ups: list[FollowUp] = dataclasses.field(default_factory=list)

    def add_ticket(self, ticket: Ticket) -> None:
        self.tickets[ticket.uid] = ticket
        self.new_tickets.append(ticket.uid)

    def touch(self, ticket: Ticket) -> None:
        if ticket.uid not in self.new_tickets:
            self.dirty_tickets.add(ticket.uid)

    def counter(self, number: int) -> CounterStatus:
        status = self.counters.get(number)
        if status is None:
            status = CounterStatus(number=number)
            self.counters[number] = status
            self.dirty_counters.add(number)
        return status

    def touch_counter(self, status: CounterStatus) -> None:
        self.dirty_counters.add(status.number)

    def emit(self, event: Event) -> None:
        self.events.append(event)

    def start_day(self, day: BusinessDay) -> None:
        self.day = day
        self.new_days.append(day)
        self.last_seq = {}

    def waiting(self) -> Iterator[Ticket]:
        return (t for t in self.tickets.values() if t.state is TicketState.WAITING)

    def active(self) -> Iterator[Ticket]:
        return (t for t in self.tickets.values() if t.state.active)

    def changed_tickets(self) -> list[Ticket]:
        """New tickets first (in issue order), then updated ones."""
        new = [self.tickets[u] for u in self.new_tickets]
        return new + [self.tickets[u] for u in sorted(self.dirty_tickets)]

    def find_active(self, number: str) -> Ticket | None:
        """The active ticket with this number in the current day (case-insensitive)."""
        wanted = number.strip().upper()
        for t in self.tickets.values():
            same_day = self.day is None or t.day_id == self.day.id
            if t.state.active and same_day and t.number.upper() == wanted:
                return t
        return None
