"""Property tests of the queue rules (hypothesis), on the in-memory reference store.

- no ticket is ever at two counters at once;
- FIFO within a class: a counter never calls a ticket while an earlier one of the
  same queue (business type, priority class) that it could call is waiting;
- numbers never repeat within a business day;
- every waiting ticket is eventually called while a counter that serves it keeps
  calling, even against an endless stream of priority tickets.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from kiosk.core import policy
from kiosk.core.clock import ManualClock
from kiosk.core.errors import KioskError
from kiosk.core.memory import MemoryStore
from kiosk.core.model import (
    Counter,
    Hall,
    Placement,
    Priority,
    Rules,
    Service,
    Ticket,
    TicketState,
)
from kiosk.core.service import QueueService

from .conftest import MORNING

SERVICES = (
    Service("a", "A", "甲", "Alpha", target_wait_minutes=10),
    Service("b", "B", "乙", "Beta", target_wait_minutes=5),
    Service("c", "C", "丙", "Gamma", target_wait_minutes=15),
)
COUNTERS = (
    Counter(1, "", "", ("a", "b")),
    Counter(2, "", "", ("b", "c", "a")),
    Counter(3, "", "", ("c",)),
)
CODES = st.sampled_from(["a", "b", "c"])
COUNTER_NUMBERS = st.sampled_from([1, 2, 3])
PRIORITIES = st.sampled_from([Priority.NORMAL, Priority.PRIORITY])


def _queue(t: Ticket) -> tuple[str, int]:
    return (f"#{t.target_counter}" if t.target_counter else t.service, int(t.priority))


def _place(t: Ticket) -> tuple[int, int, str, str]:
    return (t.position, t.seq, t.original_service, t.uid)


class QueueMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = ManualClock(MORNING)
        self.store = MemoryStore()
        self.hall = Hall(SERVICES, COUNTERS, Rules(normal_per_priority=0))
        self.q = QueueService(self.hall, self.store, self.clock)
        self.issued_numbers: dict[int, list[str]] = {}

    @rule(n=st.integers(min_value=0, max_value=3))
    def set_rule(self, n: int) -> None:
        self.hall = Hall(SERVICES, COUNTERS, Rules(normal_per_priority=n))
        self.q = QueueService(self.hall, self.store, self.clock)

    @rule(code=CODES, priority=PRIORITIES)
    def issue(self, code: str, priority: Priority) -> None:
        t = self.q.issue(code, priority).ticket
        self.issued_numbers.setdefault(t.day_id, []).append(t.number)

    @rule(seconds=st.integers(min_value=1, max_value=900))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(seconds)

    @rule(counter=COUNTER_NUMBERS)
    def open_or_resume(self, counter: int) -> None:
        with contextlib.suppress(KioskError):
            self.q.open_counter(counter)

    @rule(counter=COUNTER_NUMBERS)
    def pause(self, counter: int) -> None:
        with contextlib.suppress(KioskError):
            self.q.pause_counter(counter)

    @rule(counter=COUNTER_NUMBERS)
    def call_next(self, counter: int) -> None:
        before = {t.uid: t for t in self.store.tickets.values() if t.state is TicketState.WAITING}
        try:
            called = self.q.call_next(counter)
        except KioskError:
            return
        picked = before[called.uid]
        spec = self.hall.counter(counter)
        for other in before.values():
            if other.uid == picked.uid or not policy.eligible(spec, other):
                continue
            if _queue(other) == _queue(picked):
                # the queue's order: position, then the total order of two tickets issued
                # in the same instant (kiosk.core.policy: seq, business type, uid; a
                # transferred ticket keeps its place and its number's sequence)
                assert _place(other) > _place(picked), (
                    f"{picked.number} called before earlier {other.number} of its queue"
                )

    @rule(counter=COUNTER_NUMBERS, action=st.sampled_from(["serve", "done", "no_show", "recall"]))
    def at_counter(self, counter: int, action: str) -> None:
        with contextlib.suppress(KioskError):
            getattr(self.q, action)(counter)

    @rule(counter=COUNTER_NUMBERS, code=CODES, placement=st.sampled_from(list(Placement)))
    def transfer_to_service(self, counter: int, code: str, placement: Placement) -> None:
        with contextlib.suppress(KioskError):
            self.q.transfer(counter, to_service=code, placement=placement)

    @rule(counter=COUNTER_NUMBERS, to=COUNTER_NUMBERS)
    def transfer_to_counter(self, counter: int, to: int) -> None:
        with contextlib.suppress(KioskError):
            self.q.transfer(counter, to_counter=to, placement=Placement.BACK)

    @rule(counter=COUNTER_NUMBERS)
    def park_or_resume(self, counter: int) -> None:
        try:
            self.q.park(counter)
        except KioskError:
            with contextlib.suppress(KioskError):
                self.q.resume(counter)

    @precondition(lambda self: bool(self.store.tickets))
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        numbers = sorted(t.number for t in self.store.tickets.values() if t.state.active)
        if numbers:
            # The day may have rolled over and expired the ticket: NotFound.
            with contextlib.suppress(KioskError):
                self.q.cancel(data.draw(st.sampled_from(numbers)))

    @rule()
    def new_day(self) -> None:
        self.clock.set(
            dt.datetime.combine(self.clock.now().date() + dt.timedelta(days=1), dt.time(9))
        )

    @invariant()
    def no_ticket_at_two_counters(self) -> None:
        current = [c.current for c in self.store.counters.values() if c.current is not None]
        assert len(current) == len(set(current))
        for uid in current:
            t = self.store.tickets[uid]
            assert t.state in (TicketState.CALLED, TicketState.SERVING)
            assert self.store.counters[t.counter or 0].current == uid
        at_counters = [
            t
            for t in self.store.tickets.values()
            if t.state in (TicketState.CALLED, TicketState.SERVING)
        ]
        assert {t.uid for t in at_counters} == set(current)

    @invariant()
    def numbers_never_repeat_within_a_day(self) -> None:
        for numbers in self.issued_numbers.values():
            assert len(numbers) == len(set(numbers))

    @invariant()
    def every_ticket_state_has_its_timestamps(self) -> None:
        for t in self.store.tickets.values():
            if t.state in (TicketState.CALLED, TicketState.SERVING, TicketState.NO_SHOW):
                assert t.called_at is not None and t.call_count >= 1
            if not t.state.active:
                assert t.finished_at is not None and t.outcome is not None


TestQueueMachine = QueueMachine.TestCase
TestQueueMachine.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)


@settings(max_examples=60, deadline=None)
@given(
    ahead=st.lists(st.tuples(CODES, PRIORITIES), max_size=15),
    victim_code=CODES,
    stream=st.sampled_from([Priority.PRIORITY, Priority.NORMAL]),
    ratio=st.integers(min_value=0, max_value=3),
)
def test_every_waiting_ticket_is_eventually_called(
    ahead: list[tuple[str, Priority]], victim_code: str, stream: Priority, ratio: int
) -> None:
    """A normal ticket is called in bounded time although more tickets keep coming."""
    clock = ManualClock(MORNING)
    q = QueueService(
        Hall(SERVICES, COUNTERS, Rules(normal_per_priority=ratio)), MemoryStore(), clock
    )
    for code, priority in ahead:
        q.issue(code, priority)
        clock.advance(1)
    victim = q.issue(victim_code).ticket
    counter = next(c for c in COUNTERS if victim_code in c.services).number
    q.open_counter(counter)
    # One call a minute at one counter; a new ticket of the same business type
    # arrives every 30 seconds, so the queue only grows.
    bound = 60 + 2 * len(ahead)
    for _minute in range(bound):
        q.issue(victim_code, stream)
        clock.advance(30)
        q.issue(victim_code, stream)
        clock.advance(30)
        if q.call_next(counter).uid == victim.uid:
            return
        q.serve(counter)
    raise AssertionError(f"{victim.number} still waiting after {bound} calls")
