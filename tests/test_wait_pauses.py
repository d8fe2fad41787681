"""A counter's pauses (breaks): the store's counter events give them as the live
estimator and `kiosk export-trace` read them, and a paused counter is counted on to be
back after its learned pause (issue 14: the quiet hall's visitors waited for counters on
a break that the estimate took as free, or as gone for good)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from kiosk.core import promise
from kiosk.core.clock import ManualClock
from kiosk.core.estimate import LearnedEstimator, NoEstimate
from kiosk.core.model import Hall
from kiosk.core.service import QueueService
from kiosk.core.wait.history import CounterPause, counter_pauses
from kiosk.store.history import pauses_between, tickets_between
from kiosk.store.sql import SqlStore

from .conftest import MORNING


def at(minutes: float) -> dt.datetime:
    return MORNING + dt.timedelta(minutes=minutes)


def test_the_store_gives_the_pauses_that_ended(
    demo_hall: Hall, sql_store: SqlStore, clock: ManualClock
) -> None:
    """Counter 1 pauses 15 minutes and is back, then pauses and closes; counter 2 is
    still paused: two pauses, the second not back; ``ended_since`` leaves out the
    first."""
    q = QueueService(demo_hall, sql_store, clock)
    q.open_counter(1)
    q.open_counter(2)
    clock.advance(minutes=10)
    q.pause_counter(1)
    clock.advance(minutes=15)
    q.open_counter(1)
    clock.advance(minutes=5)
    q.pause_counter(1)
    q.pause_counter(2)
    clock.advance(minutes=5)
    q.close_counter(1)
    read = pauses_between(sql_store, MORNING, at(60))
    assert read == [
        CounterPause(1, at(10), at(25), at(25)),
        CounterPause(1, at(30), None, at(35)),
    ]
    assert pauses_between(sql_store, MORNING, at(60), ended_since=at(26)) == read[1:]
    assert pauses_between(sql_store, at(11), at(60)) == read[1:]  # begun before: not read
    assert read[0].row().pause and read[0].row().counter == "1"


def test_a_pause_across_days_is_not_back() -> None:
    """Paused in the evening, opened the next morning: it closed with its day."""
    evening, morning = dt.datetime(2026, 11, 24, 17, 0), dt.datetime(2026, 11, 25, 9, 0)
    [pause] = counter_pauses([(evening, 3, "counter_paused"), (morning, 3, "counter_opened")])
    assert pause.end is None and pause.ended_at == morning


def test_the_live_estimate_counts_on_a_paused_counter_to_be_back(
    demo_hall: Hall, sql_store: SqlStore, clock: ManualClock
) -> None:
    """Counters 1 and 2 serve bills. Counter 1 has taken twelve 10-minute pauses today
    and is 4 minutes into another; counter 2 has just called someone (3 minutes a bill,
    cold). A new bill visitor's first call comes from either: 2 minutes, not counter
    2's 3 as when the pauses are not read."""
    q = QueueService(demo_hall, sql_store, clock)
    q.open_counter(1)
    q.open_counter(2)
    for _ in range(12):
        q.pause_counter(1)
        clock.advance(minutes=10)
        q.open_counter(1)
        clock.advance(minutes=2)
    q.issue("bill")
    q.call_next(2)
    q.pause_counter(1)
    clock.advance(minutes=4)

    def bill_point(estimator: LearnedEstimator) -> float:
        live = QueueService(demo_hall, sql_store, clock, estimator)
        [tile] = [s for s in live.status().services if s.service.code == "bill"]
        assert tile.estimate.point_s is not None
        return tile.estimate.point_s

    history = partial(tickets_between, sql_store)
    with_pauses = LearnedEstimator(demo_hall, history, pauses=partial(pauses_between, sql_store))
    assert abs(bill_point(with_pauses) - 120.0) < 1.0  # 1 / (1/180 + 1/360)
    assert abs(bill_point(LearnedEstimator(demo_hall, history)) - 180.0) < 1.0


def test_with_every_counter_that_serves_it_paused_the_kiosk_says_when_one_is_back(
    demo_hall: Hall, sql_store: SqlStore, clock: ManualClock
) -> None:
    """Counters 1 and 2 (bills) have taken twelve 10-minute pauses; now both are paused,
    counter 1 for 4 minutes, counter 2 for 1: no time is promised, and counter 1 is
    expected back in 6 minutes. Before ten pauses are seen, nothing is said of when."""
    q = QueueService(demo_hall, sql_store, clock)
    q.open_counter(1)
    q.open_counter(2)
    for _ in range(6):
        for counter in (1, 2):
            q.pause_counter(counter)
            clock.advance(minutes=10)
            q.open_counter(counter)
            clock.advance(minutes=1)
    q.pause_counter(1)
    clock.advance(minutes=3)
    q.pause_counter(2)
    clock.advance(minutes=1)
    live = LearnedEstimator(
        demo_hall, partial(tickets_between, sql_store), pauses=partial(pauses_between, sql_store)
    )
    [tile] = [s for s in QueueService(demo_hall, sql_store, clock, live).status().services
              if s.service.code == "bill"]  # fmt: skip
    said = tile.estimate
    assert said.reason is NoEstimate.NO_OPEN_COUNTER
    assert said.resumes_at == clock.now() + dt.timedelta(minutes=6)
    assert promise.words(said, "en").endswith(f"expected back about {said.resumes_at:%H:%M}")
    cold = QueueService(demo_hall, sql_store, clock, LearnedEstimator(demo_hall))
    [tile] = [s for s in cold.status().services if s.service.code == "bill"]
    assert tile.estimate.reason is NoEstimate.NO_OPEN_COUNTER
    assert tile.estimate.resumes_at is None


def test_a_pause_is_expected_to_last_as_the_pauses_begun_at_that_time_of_day() -> None:
    """Twelve 30-minute lunch breaks begun at noon and twelve 15-minute breaks begun at
    15:00: a counter paused 5 minutes ago at 12:10 is expected back in 25 minutes, one
    paused at 15:05 in 10; at 09:00, with no pause seen within an hour of it, every pause
    counts (the mean residual of all 24: 17.5 minutes)."""
    from kiosk.core.wait.model import Learned

    learned = Learned()
    day = 86_400.0
    assert learned.pause_left(300.0, 12 * 3600.0) == float("inf")  # none seen yet
    for i in range(12):
        learned.paused(i * day + 12 * 3600.0, 1800.0)
        learned.paused(i * day + 15 * 3600.0, 900.0)
    assert learned.pause_left(300.0, 12 * 3600.0 + 600.0) == 1500.0
    assert learned.pause_left(300.0, 15 * 3600.0 + 300.0) == 600.0
    assert learned.pause_left(300.0, 9 * 3600.0) == (12 * 1500.0 + 12 * 600.0) / 24
    assert learned.pause_left(300.0) == (12 * 1500.0 + 12 * 600.0) / 24  # no start given
    assert learned.pause_left(1800.0, 12 * 3600.0) == float("inf")  # longer than any seen
