""" "Ahead" as the call policy counts it (kiosk.core.policy.call_ahead): hand-worked halls,
the issue's case (a plan ticket after four bill tickets at a counter serving both), and a
property: calling next again and again at the counters that may call a ticket calls exactly
``ahead`` tickets before it when no new ticket comes."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core import policy
from kiosk.core.clock import ManualClock
from kiosk.core.errors import NothingToCall
from kiosk.core.memory import MemoryStore
from kiosk.core.model import Counter, Hall, Priority, Rules, Service
from kiosk.core.service import QueueService

from .conftest import MORNING

SERVICES = (
    Service("bill", "B", "缴费", "Bills", target_wait_minutes=30),
    Service("plan", "P", "套餐", "Plans", target_wait_minutes=30),
    Service("card", "C", "办卡", "Cards", target_wait_minutes=30),
)


def hall(*counters: Counter, n: int = 0) -> Hall:
    return Hall(SERVICES, counters, Rules(normal_per_priority=n))


def service(h: Hall) -> QueueService:
    return QueueService(h, MemoryStore(), ManualClock(MORNING))


def test_a_plan_ticket_after_four_bills_at_a_counter_serving_both_has_four_ahead() -> None:
    """The issue's case: counter 1 serves bill and plan; four bill tickets, then a plan
    ticket. Counter 1 calls the four bills first (earlier, same class): 4 ahead, not 0."""
    q = service(hall(Counter(1, "", "", ("bill", "plan"))))
    q.open_counter(1)
    assert [q.issue("bill").ahead for _ in range(4)] == [0, 1, 2, 3]
    plan = q.issue("plan")
    assert plan.ahead == 4
    called = []
    for _ in range(4):
        called.append(q.call_next(1).service)
        q.serve(1)
    assert called == ["bill"] * 4 and q.call_next(1).number == plan.ticket.number


def test_a_preferred_business_type_and_a_second_counter_are_counted() -> None:
    """Counter 1 prefers plan to bill, counter 2 serves bill only. Waiting: bill B001, B002,
    then plan P001, P002. The counters that may call a bill ticket call in turn, 1 then 2:
    1 → P001, 2 → B001, 1 → P002, 2 → B002, so a new bill ticket has all four before it.
    Only counter 1 calls plan: P002 has P001 alone before it (counter 2's bill calls do
    not hold it up)."""
    h = hall(Counter(1, "", "", ("plan", "bill")), Counter(2, "", "", ("bill",)))
    q = service(h)
    q.open_counter(1)
    q.open_counter(2)
    b1, b2 = q.issue("bill"), q.issue("bill")
    p1, p2 = q.issue("plan"), q.issue("plan")
    assert (b1.ahead, b2.ahead, p1.ahead, p2.ahead) == (0, 1, 0, 1)
    assert q.issue("bill").ahead == 4


def test_a_green_channel_ticket_goes_before_normal_ones_and_one_then_n() -> None:
    """Priority first: a green ticket after three normal ones has none ahead. With "one
    priority then 2 normal" and a counter just opened (its streak is 2), the green ticket
    is called first, then two normal ones, then the second green ticket: 3 ahead of it."""
    q = service(hall(Counter(1, "", "", ("bill",))))
    q.open_counter(1)
    for _ in range(3):
        q.issue("bill")
    assert q.issue("bill", Priority.PRIORITY).ahead == 0
    q2 = service(hall(Counter(1, "", "", ("bill",)), n=2))
    q2.open_counter(1)
    for _ in range(3):
        q2.issue("bill")
    assert q2.issue("bill", Priority.PRIORITY).ahead == 0
    assert q2.issue("bill", Priority.PRIORITY).ahead == 3


def test_without_an_open_counter_it_counts_with_the_counters_that_serve_it() -> None:
    q = service(hall(Counter(1, "", "", ("bill", "plan"))))
    for _ in range(2):
        q.issue("bill")
    assert q.issue("plan").ahead == 2


@st.composite
def halls(draw: st.DrawFn) -> tuple[Hall, list[int]]:
    codes = ["bill", "plan", "card"]
    counters = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        served = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3, unique=True))
        counters.append(Counter(number, "", "", tuple(served)))
    covered = {s for c in counters for s in c.services}
    for code in codes:
        if code not in covered:  # every business type served by some counter
            counters[0] = Counter(1, "", "", (*counters[0].services, code))
    opened = draw(st.lists(st.sampled_from([c.number for c in counters]), unique=True))
    return hall(*counters, n=draw(st.integers(0, 3))), opened


@settings(max_examples=80, deadline=None)
@given(
    halls(),
    st.lists(
        st.tuples(st.sampled_from(["bill", "plan", "card"]), st.booleans(), st.integers(0, 40)),
        min_size=1,
        max_size=25,
    ),
    st.data(),
)
def test_calling_next_calls_exactly_ahead_tickets_before_it(
    setup: tuple[Hall, list[int]], issues: list[tuple[str, bool, int]], data: st.DataObject
) -> None:
    h, opened = setup
    clock = ManualClock(MORNING - dt.timedelta(hours=1))
    q = QueueService(h, MemoryStore(), clock)
    for number in opened:
        q.open_counter(number)
    issued = []
    for code, green, minutes in issues:  # some wait past their target: aged ones go first
        clock.set(MORNING - dt.timedelta(minutes=minutes))
        issued.append(q.issue(code, Priority.PRIORITY if green else Priority.NORMAL))
    clock.set(MORNING)
    mine = data.draw(st.sampled_from(issued)).ticket
    with q._store.read() as state:
        statuses = dict(state.counters)
    callers = policy.callers_open(h, mine, statuses)
    if not callers:  # none open: it counts with those serving it; open them to call
        callers = tuple(c.number for c in h.counters if mine.service in c.services)
        for number in callers:
            q.open_counter(number)
    with q._store.read() as state:
        statuses = dict(state.counters)
        waiting = list(state.waiting())
    ahead = policy.call_ahead(h, statuses, waiting, mine, MORNING)
    before = 0
    while True:
        progressed = False
        for number in sorted(callers):
            try:
                called = q.call_next(number)
            except NothingToCall:
                continue
            progressed = True
            q.serve(number)
            if called.uid == mine.uid:
                assert before == ahead
                return
            before += 1
        assert progressed, "the ticket was never called"


def test_two_tickets_issued_in_the_same_instant_are_called_in_the_order_counted() -> None:
    """Found by the property below: a plan and a bill ticket issued in the same instant,
    both past their target. Their positions tie; calling next and counting who is ahead
    must break the tie alike (by business type, then the ticket's id), whatever order
    the store read them in: the bill ticket is called first, so the plan ticket has 1."""
    h = hall(Counter(1, "", "", ("bill", "plan", "card")))
    clock = ManualClock(MORNING - dt.timedelta(minutes=30))
    q = QueueService(h, MemoryStore(), clock)
    plan = q.issue("plan").ticket  # issued first, in the same microsecond
    bill = q.issue("bill").ticket
    assert plan.position == bill.position
    clock.set(MORNING)
    q.open_counter(1)
    with q._store.read() as state:
        statuses = dict(state.counters)
        waiting = list(state.waiting())
    assert policy.call_ahead(h, statuses, waiting, plan, MORNING) == 1
    assert policy.call_ahead(h, statuses, waiting, bill, MORNING) == 0
    assert q.call_next(1).uid == bill.uid
