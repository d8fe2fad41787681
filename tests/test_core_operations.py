"""The queue operations and their rules, on the in-memory reference store."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kiosk.core.clock import ManualClock
from kiosk.core.errors import (
    InvalidTransition,
    NotFound,
    NothingToCall,
    ServiceUnavailable,
    Unavailable,
)
from kiosk.core.memory import MemoryStore
from kiosk.core.model import (
    Counter,
    CounterState,
    EventKind,
    Hall,
    OpeningHours,
    Outcome,
    Placement,
    Priority,
    Rules,
    Service,
    TicketState,
)
from kiosk.core.operations import business_date, next_reset
from kiosk.core.service import QueueService

from .conftest import MORNING

A = Service("a", "A", "甲", "Alpha")
B = Service("b", "B", "乙", "Beta")
C = Service("c", "C", "丙", "Gamma", target_wait_minutes=5)


def make(
    *services: Service, counters: tuple[Counter, ...] | None = None, rules: Rules | None = None
) -> tuple[QueueService, MemoryStore, ManualClock]:
    services = services or (A, B, C)
    counters = counters or (
        Counter(1, "1号窗口", "Counter 1", ("a", "b")),
        Counter(2, "2号窗口", "Counter 2", ("b", "a")),
        Counter(3, "3号窗口", "Counter 3", ("c",)),
    )
    store = MemoryStore()
    clock = ManualClock(MORNING)
    return QueueService(Hall(services, counters, rules or Rules()), store, clock), store, clock


def kinds(store: MemoryStore) -> list[EventKind]:
    return [e.kind for e in store.events]


# -- issuing ---------------------------------------------------------------------------


def test_numbers_follow_prefix_and_daily_sequence_per_business_type() -> None:
    q, _, _ = make()
    numbers = [q.issue(code).ticket.number for code in ("a", "a", "b", "A", "B")]
    assert numbers == ["A001", "A002", "B001", "A003", "B002"]


def test_issue_reports_people_ahead_with_priority_going_first() -> None:
    q, _, _ = make()
    assert q.issue("a").ahead == 0
    assert q.issue("a").ahead == 1
    assert q.issue("a", Priority.PRIORITY).ahead == 0
    assert q.issue("a").ahead == 3
    # no counter is open: counted with the counters serving b, 1 (prefers a) and 2
    # (prefers b), in turn: counter 1 calls the green a ticket before counter 2 calls it
    assert q.issue("b").ahead == 1


def test_unknown_business_type_names_the_code() -> None:
    q, _, _ = make()
    with pytest.raises(NotFound, match="'zz'"):
        q.issue("zz")


def test_disabled_business_type_is_refused() -> None:
    q, _, _ = make(dataclasses.replace(A, enabled=False))
    with pytest.raises(ServiceUnavailable, match="disabled") as refused:
        q.issue("a")
    assert refused.value.reason is Unavailable.DISABLED


def test_outside_opening_hours_is_refused_with_the_hours() -> None:
    morning_only = dataclasses.replace(A, hours=(OpeningHours(dt.time(10), dt.time(12)),))
    q, _, clock = make(morning_only, counters=(Counter(1, "", "", ("a",)),))
    with pytest.raises(ServiceUnavailable, match="10:00-12:00") as refused:
        q.issue("a")
    assert refused.value.reason is Unavailable.HOURS
    clock.set(MORNING.replace(hour=10))
    assert q.issue("a").ticket.number == "A001"
    clock.set(MORNING.replace(hour=12))
    with pytest.raises(ServiceUnavailable):
        q.issue("a")


def test_daily_cap_refuses_and_resets_with_the_day() -> None:
    capped = dataclasses.replace(A, daily_cap=2)
    q, _, clock = make(capped, counters=(Counter(1, "", "", ("a",)),))
    q.issue("a")
    q.issue("a")
    with pytest.raises(ServiceUnavailable, match="daily cap of 2") as refused:
        q.issue("a")
    assert refused.value.reason is Unavailable.CAP
    clock.advance(minutes=24 * 60)
    assert q.issue("a").ticket.number == "A001"


def test_green_channel_only_where_offered() -> None:
    q, _, _ = make(dataclasses.replace(A, priority_allowed=False))
    with pytest.raises(ServiceUnavailable, match="green channel") as refused:
        q.issue("a", Priority.PRIORITY)
    assert refused.value.reason is Unavailable.NO_PRIORITY


def test_number_range_wraps_but_never_reuses_a_number_in_use() -> None:
    small = dataclasses.replace(A, first_number=1, last_number=3, digits=1)
    q, _, _ = make(small, counters=(Counter(1, "", "", ("a",)),))
    assert [q.issue("a").ticket.number for _ in range(3)] == ["A1", "A2", "A3"]
    with pytest.raises(ServiceUnavailable, match="in use") as refused:
        q.issue("a")
    assert refused.value.reason is Unavailable.NUMBERS_IN_USE
    q.open_counter(1)
    q.call_next(1)
    q.serve(1)
    q.done(1)  # A1 is finished: its number may be given again
    assert q.issue("a").ticket.number == "A1"


# -- counters and calling --------------------------------------------------------------


def test_a_whole_visit_records_every_transition() -> None:
    q, store, clock = make()
    t = q.issue("a").ticket
    q.open_counter(1)
    clock.advance(60)
    called = q.call_next(1)
    assert (called.number, called.state, called.counter) == (t.number, TicketState.CALLED, 1)
    clock.advance(30)
    assert q.serve(1).serving_at == MORNING + dt.timedelta(seconds=90)
    clock.advance(240)
    done = q.done(1)
    assert done.state is TicketState.DONE and done.outcome is Outcome.SERVED
    assert done.called_at == MORNING + dt.timedelta(seconds=60)
    assert done.finished_at == MORNING + dt.timedelta(seconds=330)
    assert kinds(store) == [
        EventKind.ISSUED,
        EventKind.COUNTER_OPENED,
        EventKind.CALLED,
        EventKind.SERVING,
        EventKind.DONE,
    ]
    assert store.events[2].data["waited_s"] == 60
    assert store.events[-1].data["service_s"] == 240


def test_counter_must_be_open_to_call() -> None:
    q, _, _ = make()
    q.issue("a")
    with pytest.raises(InvalidTransition, match="counter 1 is closed"):
        q.call_next(1)
    q.open_counter(1)
    q.pause_counter(1)
    with pytest.raises(InvalidTransition, match="counter 1 is paused"):
        q.call_next(1)
    assert q.open_counter(1).state is CounterState.OPEN  # resume from the break
    assert q.call_next(1).number == "A001"


def test_counter_state_errors() -> None:
    q, _, _ = make()
    with pytest.raises(NotFound, match="unknown counter 9"):
        q.open_counter(9)
    with pytest.raises(InvalidTransition, match="already closed"):
        q.close_counter(1)
    with pytest.raises(InvalidTransition, match="not open: cannot pause"):
        q.pause_counter(1)
    q.open_counter(1)
    with pytest.raises(InvalidTransition, match="already open"):
        q.open_counter(1)


def test_nothing_to_call_names_the_counter_and_its_business_types() -> None:
    q, _, _ = make()
    q.issue("c")
    q.open_counter(1)
    with pytest.raises(NothingToCall, match=r"counter 1 \(serves a, b\)"):
        q.call_next(1)


def test_close_is_refused_while_a_ticket_is_at_the_counter() -> None:
    q, _, _ = make()
    q.issue("a")
    q.open_counter(1)
    q.call_next(1)
    with pytest.raises(InvalidTransition, match="still has ticket A001"):
        q.close_counter(1)
    q.serve(1)
    q.done(1)
    assert q.close_counter(1).state is CounterState.CLOSED


def test_call_next_finishes_the_ticket_in_service_but_not_one_only_called() -> None:
    q, _, _ = make()
    q.issue("a")
    q.issue("a")
    q.open_counter(1)
    q.call_next(1)
    with pytest.raises(InvalidTransition, match="still called"):
        q.call_next(1)
    q.serve(1)
    second = q.call_next(1)
    assert second.number == "A002"
    first = q.tickets()[0]
    assert first.state is TicketState.DONE and first.outcome is Outcome.SERVED


def test_counter_follows_its_preference_order() -> None:
    q, _, clock = make()
    q.issue("b")
    clock.advance(10)
    q.issue("a")
    q.open_counter(1)  # prefers a, then b
    q.open_counter(2)  # prefers b, then a
    assert q.call_next(1).number == "A001"
    assert q.call_next(2).number == "B001"


def test_priority_goes_first_across_business_types() -> None:
    q, _, clock = make()
    q.issue("a")
    clock.advance(10)
    q.issue("b", Priority.PRIORITY)
    q.open_counter(1)
    assert q.call_next(1).number == "B001"


def test_aging_past_the_target_wait_beats_priority() -> None:
    q, _store, clock = make()
    q.issue("a")  # normal, target wait 10 min
    clock.advance(minutes=11)
    q.issue("a", Priority.PRIORITY)
    q.open_counter(1)
    assert q.call_next(1).number == "A001"


def test_one_priority_then_n_normal() -> None:
    q, _, clock = make(rules=Rules(normal_per_priority=2))
    for _ in range(4):
        q.issue("a")
        clock.advance(1)
    for _ in range(2):
        q.issue("a", Priority.PRIORITY)
        clock.advance(1)
    q.open_counter(1)
    order = []
    for _ in range(6):
        t = q.call_next(1)
        order.append((t.number, int(t.priority)))
        q.serve(1)
    # First a priority (the counter starts with its quota of normal calls met),
    # then two normal, then a priority, then the rest.
    assert [p for _, p in order] == [1, 0, 0, 1, 0, 0]


def test_call_specific_ticket() -> None:
    q, store, _ = make()
    q.issue("a")
    q.issue("a")
    q.open_counter(1)
    assert q.call_ticket(1, "a002").number == "A002"
    assert store.events[-1].data["manual"] is True
    with pytest.raises(NotFound, match="A009"):
        q.call_ticket(1, "A009")


# -- recall, no-show -------------------------------------------------------------------


def test_recall_up_to_the_limit_then_no_show() -> None:
    q, store, _ = make(rules=Rules(recall_limit=2))
    q.issue("a")
    q.open_counter(1)
    q.call_next(1)
    assert q.recall(1).call_count == 2
    assert q.recall(1).call_count == 3
    final = q.recall(1)
    assert final.state is TicketState.NO_SHOW and final.outcome is Outcome.NO_SHOW
    assert kinds(store)[-3:] == [EventKind.RECALLED, EventKind.RECALLED, EventKind.NO_SHOW]
    assert store.events[-1].data["reason"] == "recall limit"
    with pytest.raises(InvalidTransition, match="no current ticket"):
        q.recall(1)


def test_no_show_only_for_a_called_ticket() -> None:
    q, _, _ = make()
    q.issue("a")
    q.open_counter(1)
    q.call_next(1)
    q.serve(1)
    with pytest.raises(InvalidTransition, match="is serving, not called"):
        q.no_show(1)
    with pytest.raises(InvalidTransition, match="is serving, not called"):
        q.recall(1)


def test_done_needs_a_ticket_in_service() -> None:
    q, _, _ = make()
    q.issue("a")
    q.open_counter(1)
    with pytest.raises(InvalidTransition, match="no current ticket"):
        q.done(1)
    q.call_next(1)
    with pytest.raises(InvalidTransition, match="is called, not serving"):
        q.done(1)


# -- transfer --------------------------------------------------------------------------


def _at_counter(q: QueueService, clock: ManualClock) -> None:
    """A001 at counter 1 in service; B001 and B002 waiting."""
    q.issue("a")
    clock.advance(60)
    q.issue("b")
    clock.advance(60)
    q.issue("b")
    q.open_counter(1)
    q.call_next(1)
    q.serve(1)


@pytest.mark.parametrize(
    ("placement", "expected"),
    [
        (Placement.FRONT, ["A001", "B001", "B002"]),
        (Placement.BACK, ["B001", "B002", "A001"]),
        (Placement.BY_TIME, ["A001", "B001", "B002"]),
    ],
)
def test_transfer_to_business_type_keeps_the_number(
    placement: Placement, expected: list[str]
) -> None:
    q, store, clock = make()
    _at_counter(q, clock)
    moved = q.transfer(1, to_service="b", placement=placement)
    assert (moved.number, moved.service, moved.state) == ("A001", "b", TicketState.WAITING)
    assert moved.original_service == "a"
    q.open_counter(2)
    order = []
    for _ in range(3):
        order.append(q.call_next(2).number)
        q.serve(2)
    assert order == expected
    transfer = next(e for e in store.events if e.kind is EventKind.TRANSFERRED)
    assert transfer.data["to_service"] == "b" and transfer.data["from_service"] == "a"


def test_transfer_by_time_is_behind_earlier_tickets() -> None:
    q, _, clock = make()
    q.issue("b")
    clock.advance(60)
    q.issue("a")
    q.open_counter(1)
    assert q.call_next(1).number == "A001"  # counter 1 prefers a
    q.serve(1)
    q.transfer(1, to_service="b", placement=Placement.BY_TIME)
    q.open_counter(2)
    assert q.call_next(2).number == "B001"  # issued earlier than A001


def test_transfer_to_a_counter_only_that_counter_calls_it() -> None:
    q, _, clock = make()
    _at_counter(q, clock)
    moved = q.transfer(1, to_counter=3, placement=Placement.FRONT)
    assert moved.target_counter == 3
    q.open_counter(2)
    assert q.call_next(2).number == "B001"  # 2 serves a, but A001 is meant for 3
    q.open_counter(3)  # 3 serves only c, yet it gets the ticket sent to it
    assert q.call_next(3).number == "A001"


def test_transfer_errors() -> None:
    q, _, clock = make()
    _at_counter(q, clock)
    with pytest.raises(NotFound):
        q.transfer(1, to_service="zz")
    with pytest.raises(NotFound, match="unknown counter 7"):
        q.transfer(1, to_counter=7)
    with pytest.raises(InvalidTransition, match="already at counter 1"):
        q.transfer(1, to_counter=1)
    with pytest.raises(InvalidTransition, match="exactly one"):
        q.transfer(1)
    with pytest.raises(InvalidTransition, match="no current ticket"):
        q.transfer(2, to_service="a")


# -- park, resume, cancel --------------------------------------------------------------


def test_park_and_resume() -> None:
    q, store, _clock = make()
    q.issue("a")
    q.issue("a")
    q.open_counter(1)
    q.call_next(1)
    q.serve(1)
    parked = q.park(1)
    assert parked.state is TicketState.PARKED
    second = q.call_next(1)  # the counter is free for the next visitor
    assert second.number == "A002"
    with pytest.raises(InvalidTransition, match="busy with ticket A002"):
        q.resume(1)
    q.serve(1)
    q.done(1)
    resumed = q.resume(1)
    assert (resumed.number, resumed.state) == ("A001", TicketState.SERVING)
    assert kinds(store).count(EventKind.RESUMED) == 1
    q.done(1)
    with pytest.raises(InvalidTransition, match="no parked ticket"):
        q.resume(1)


def test_resume_a_named_parked_ticket() -> None:
    q, _, _ = make()
    q.issue("a")
    q.issue("a")
    q.open_counter(1)
    for _ in range(2):
        q.call_next(1)
        q.park(1)
    assert q.resume(1, "A001").number == "A001"
    q.park(1)
    q.open_counter(2)
    with pytest.raises(InvalidTransition, match="not parked at counter 2"):
        q.resume(2, "A001")


def test_cancel_waiting_or_at_counter() -> None:
    q, _store, _ = make()
    q.issue("a")
    q.issue("a")
    assert q.cancel("A002").outcome is Outcome.CANCELLED
    q.open_counter(1)
    q.call_next(1)
    assert q.cancel("A001").state is TicketState.CANCELLED
    assert q.status().counters[0].current is None
    with pytest.raises(NotFound, match="A001"):
        q.cancel("A001")


# -- business days ---------------------------------------------------------------------


def test_business_date_and_next_reset() -> None:
    reset = dt.time(4)
    assert business_date(dt.datetime(2026, 11, 24, 3, 59), reset) == dt.date(2026, 11, 23)
    assert business_date(dt.datetime(2026, 11, 24, 4, 0), reset) == dt.date(2026, 11, 24)
    assert next_reset(dt.datetime(2026, 11, 24, 3, 0), reset) == dt.datetime(2026, 11, 24, 4)
    assert next_reset(dt.datetime(2026, 11, 24, 4, 0), reset) == dt.datetime(2026, 11, 25, 4)


def test_day_rolls_over_at_the_reset_hour_keeping_history() -> None:
    q, store, clock = make()
    q.issue("a")
    q.issue("a")
    q.open_counter(1)
    q.call_next(1)
    clock.set(dt.datetime(2026, 11, 25, 4, 0))
    fresh = q.issue("a").ticket
    assert fresh.number == "A001" and fresh.day_id == 2
    old = q.tickets(dt.date(2026, 11, 24))
    assert [(t.number, t.outcome) for t in old] == [
        ("A001", Outcome.EXPIRED),
        ("A002", Outcome.EXPIRED),
    ]
    assert q.status().counters[0].state is CounterState.CLOSED
    reset = next(e for e in store.events if e.kind is EventKind.DAY_RESET)
    assert reset.data == {"reason": "scheduled", "expired": ["A001", "A002"]}


def test_manual_reset_day_restarts_numbering() -> None:
    q, _store, clock = make()
    q.issue("a")
    clock.advance(60)
    day = q.reset_day()
    assert day.id == 2 and day.date == MORNING.date()
    assert q.issue("a").ticket.number == "A001"
    assert len(q.tickets(MORNING.date())) == 2  # both days of the same date
    assert [t.number for t in q.tickets()] == ["A001"]  # the current day only


def test_status_shows_a_day_past_its_reset_as_the_new_day() -> None:
    q, _, clock = make()
    q.issue("a")
    clock.set(dt.datetime(2026, 11, 25, 9, 0))
    status = q.status()
    assert status.day.date == dt.date(2026, 11, 25)
    assert all(s.waiting == 0 for s in status.services)
    assert status.calls == ()


def test_status_lists_waiting_counts_and_last_calls(demo_hall: Hall) -> None:
    clock = ManualClock(MORNING)
    q = QueueService(demo_hall, MemoryStore(), clock)
    q.issue("bill")
    q.issue("bill")
    q.issue("plan")
    q.open_counter(1)
    q.call_next(1)
    q.recall(1)
    status = q.status()
    waiting = {s.service.code: s.waiting for s in status.services}
    assert waiting["bill"] == 1 and waiting["plan"] == 1
    assert [(c.number, c.counter, c.recall) for c in status.calls] == [
        ("A001", 1, True),
        ("A001", 1, False),
    ]
    vip = next(s for s in status.services if s.service.code == "vip")
    assert vip.open and vip.counters_open == 0
    assert status.counters[0].state is CounterState.SERVING


def test_reset_day_right_after_an_unnoticed_rollover_makes_one_new_day() -> None:
    q, _, clock = make()
    q.issue("a")
    clock.set(dt.datetime(2026, 11, 25, 8, 0))
    day = q.reset_day()
    assert day.id == 2 and day.date == dt.date(2026, 11, 25)
    assert q.issue("a").ticket.day_id == 2


def test_list_of_the_current_day_is_empty_after_the_reset_hour() -> None:
    q, _, clock = make()
    q.issue("a")
    clock.set(dt.datetime(2026, 11, 25, 8, 0))
    assert q.tickets() == []
    assert len(q.tickets(dt.date(2026, 11, 24))) == 1


def test_a_transferred_ticket_ages_from_its_transfer_not_its_issue() -> None:
    q, _, clock = make()
    q.issue("a")
    q.open_counter(1)
    q.call_next(1)
    q.serve(1)
    clock.advance(minutes=30)  # a long service
    q.issue("b", Priority.PRIORITY)
    q.transfer(1, to_service="b", placement=Placement.BY_TIME)
    q.open_counter(2)
    # A001 was issued 30 minutes ago but has waited again for no time: the
    # priority ticket goes first.
    assert q.call_next(2).number == "B001"


def test_last_calls_keep_the_business_type_they_were_called_for() -> None:
    q, _, _ = make()
    q.issue("a")
    q.open_counter(1)
    q.call_next(1)
    q.serve(1)
    q.transfer(1, to_service="b")
    assert [(c.number, c.service) for c in q.status().calls] == [("A001", "a")]


# -- rating ------------------------------------------------------------------------------


def test_a_served_ticket_is_rated_once_and_the_rating_is_logged() -> None:
    q, store, _ = make()
    issued = q.issue("a")
    q.open_counter(1)
    q.call_next(1)
    q.serve(1)
    q.done(1)
    rated = q.rate(issued.ticket.uid, 4)
    assert (rated.number, rated.rating) == ("A001", 4)
    assert store.tickets[issued.ticket.uid].rating == 4
    assert store.events[-1].kind is EventKind.RATED
    assert (store.events[-1].counter, store.events[-1].data) == (1, {"number": "A001", "rating": 4})
    with pytest.raises(InvalidTransition, match="already rated 4"):
        q.rate(issued.ticket.uid, 1)
    ticket = q.ticket(issued.ticket.uid)
    assert ticket is not None and ticket.rating == 4


@pytest.mark.parametrize("rating", [0, 5, -1])
def test_a_rating_outside_1_to_4_is_refused_naming_it(rating: int) -> None:
    q, _, _ = make()
    issued = q.issue("a")
    q.open_counter(1)
    q.call_next(1)
    q.serve(1)
    q.done(1)
    with pytest.raises(InvalidTransition, match=f"rating {rating} for ticket A001"):
        q.rate(issued.ticket.uid, rating)


def test_only_a_served_ticket_can_be_rated() -> None:
    q, _, _ = make()
    waiting = q.issue("a")
    with pytest.raises(InvalidTransition, match="A001 was not served"):
        q.rate(waiting.ticket.uid, 3)
    q.open_counter(1)
    q.call_next(1)
    q.no_show(1)
    with pytest.raises(InvalidTransition, match="A001 was not served"):
        q.rate(waiting.ticket.uid, 3)
    with pytest.raises(NotFound):
        q.rate("no-such-uid", 3)
