"""A queue store in memory: the reference implementation of the store protocol.

It keeps the same guarantees as the SQL store within one process (a transaction
either applies completely or not at all) and lets the rules be tested quickly,
property tests among them, without any database.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager

from kiosk.core.feed import PAGE, FeedEvent
from kiosk.core.model import (
    BusinessDay,
    Call,
    CounterStatus,
    Event,
    EventKind,
    FollowUp,
    Ticket,
    follow_up_listed,
)
from kiosk.core.state import HallState


class MemoryStore:
    def __init__(self) -> None:
        self.days: list[BusinessDay] = []
        self.tickets: dict[str, Ticket] = {}  # every ticket ever, by uid
        self.counters: dict[int, CounterStatus] = {}
        self.events: list[Event] = []  # the log: events[i] has sequence number i + 1
        self.cases: dict[str, FollowUp] = {}  # complaint follow-ups by case number
        self._listeners: list[Callable[[Sequence[FeedEvent]], None]] = []

    def _load(self, also: Collection[str] = ()) -> HallState:
        day = self.days[-1] if self.days else None
        return HallState(
            day=day,
            tickets={
                u: copy.copy(t) for u, t in self.tickets.items() if t.state.active or u in also
            },
            counters={n: copy.copy(c) for n, c in self.counters.items()},
            last_seq=self._seqs(day),
            log_seq=len(self.events),
            applied_key=self._applied_key,
            last_case=lambda date: max(
                (f.seq for f in self.cases.values() if f.date == date), default=0
            ),
            follow_up=self.cases.get,
        )

    def _applied_key(self, keypad: str, counter: int) -> int | None:
        for e in reversed(self.events):
            mine = e.counter == counter and e.data.get("keypad") == keypad
            if e.kind is EventKind.KEY_PRESSED and mine:
                return int(e.data["seq"])
        return None

    def _seqs(self, day: BusinessDay | None) -> dict[str, int]:
        seqs: dict[str, int] = {}
        if day is None:
            return seqs
        for t in self.tickets.values():
            if t.day_id == day.id:
                seqs[t.original_service] = max(seqs.get(t.original_service, 0), t.seq)
        return seqs

    @contextmanager
    def transaction(self, also: Collection[str] = ()) -> Iterator[HallState]:
        state = self._load(also)
        yield state
        # Only reached when the operation did not raise: apply everything at once.
        self.days.extend(state.new_days)
        for ticket in state.changed_tickets():
            self.tickets[ticket.uid] = copy.copy(ticket)
        for number in state.dirty_counters:
            self.counters[number] = copy.copy(state.counters[number])
        for case in [*state.new_follow_ups, *state.closed_follow_ups]:
            self.cases[case.case_number] = case
        first = len(self.events) + 1
        self.events.extend(state.events)
        committed = [FeedEvent(first + i, e) for i, e in enumerate(state.events)]
        if committed:
            for listener in list(self._listeners):
                listener(committed)

    @contextmanager
    def read(self) -> Iterator[HallState]:
        yield self._load()

    def recent_calls(self, day_id: int, limit: int) -> list[Call]:
        calls: list[Call] = []
        for e in reversed(self.events):
            if len(calls) >= limit:
                break
            if e.day_id != day_id or e.kind not in (EventKind.CALLED, EventKind.RECALLED):
                continue
            assert e.ticket is not None and e.counter is not None
            t = self.tickets[e.ticket]
            service = str(e.data.get("service", t.service))  # as called, even if transferred
            calls.append(Call(t.number, service, e.counter, e.at, e.kind is EventKind.RECALLED))
        return calls

    def events_of(
        self, day_id: int, kinds: Collection[EventKind], tickets: Collection[str] | None = None
    ) -> list[Event]:
        return [
            e
            for e in self.events
            if e.day_id == day_id and e.kind in kinds and (tickets is None or e.ticket in tickets)
        ]

    def version(self) -> int:
        return len(self.events)

    def last_seq(self) -> int:
        return len(self.events)

    def events_after(self, seq: int, limit: int = PAGE) -> list[FeedEvent]:
        start = max(seq, 0)
        return [
            FeedEvent(start + 1 + i, e) for i, e in enumerate(self.events[start : start + limit])
        ]

    def on_commit(self, listener: Callable[[Sequence[FeedEvent]], None]) -> None:
        self._listeners.append(listener)

    def issued_times(self, since: dt.datetime) -> list[dt.datetime]:
        return [t.issued_at for t in self.tickets.values() if t.issued_at >= since]

    def tickets_of(self, date: dt.date | None) -> list[Ticket]:
        if not self.days:
            return []
        ids = {self.days[-1].id} if date is None else {d.id for d in self.days if d.date == date}
        found = [dataclasses.replace(t) for t in self.tickets.values() if t.day_id in ids]
        return sorted(found, key=lambda t: t.day_id)  # stable: issue order within a day

    def ticket(self, uid: str) -> Ticket | None:
        found = self.tickets.get(uid)
        return dataclasses.replace(found) if found is not None else None

    def follow_ups(self, first: dt.date | None, last: dt.date | None) -> list[FollowUp]:
        found = [f for f in self.cases.values() if follow_up_listed(f, first, last)]
        return sorted(found, key=lambda f: (f.date, f.seq))
