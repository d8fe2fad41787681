"""The wait a visitor is told (kiosk.core.promise.word), worked out by hand for each state,
and the issue's three misleading cases through the queue service."""

from __future__ import annotations

import datetime as dt

from kiosk.core import promise
from kiosk.core.clock import ManualClock
from kiosk.core.errors import Unavailable
from kiosk.core.estimate import NoEstimate, WaitEstimate, Wording
from kiosk.core.memory import MemoryStore
from kiosk.core.model import Counter, Hall, OpeningHours, Rules, Service
from kiosk.core.service import QueueService

from .conftest import MORNING

BILL = Service("bill", "A", "缴费", "Bills", default_service_minutes=4)
VIP = Service(
    "vip",
    "V",
    "贵宾",
    "VIP",
    hours=(OpeningHours(dt.time(9, 0), dt.time(12, 0)), OpeningHours(dt.time(14, 0), None)),
)


def word(
    estimate: WaitEstimate,
    *,
    ahead: int = 2,
    unavailable: Unavailable | None = None,
    counters_open: int = 1,
    counter_free: bool = False,
    ratio: float = 3.0,
    service: Service = BILL,
    now: dt.datetime = MORNING,
) -> WaitEstimate:
    return promise.word(
        estimate,
        ahead=ahead,
        service=service,
        now=now,
        unavailable=unavailable,
        counters_open=counters_open,
        counter_free=counter_free,
        ratio=ratio,
    )


def test_a_range_within_the_ratio_is_said_as_a_range() -> None:
    """4–11 minutes: 11 ≤ 3 × 4, a range."""
    shown = word(WaitEstimate(2, 4, 11, 420.0, 250.0, 610.0))
    assert shown.shown is Wording.RANGE and (shown.low_min, shown.high_min) == (4, 11)
    assert promise.words(shown, "en") == "about 4–11 min"
    assert promise.words(shown, "zh") == "约 4–11 分钟"
    assert promise.quote(shown) == (4, 11)


def test_a_range_wider_than_the_ratio_is_about_n_possibly_longer() -> None:
    """13–41 minutes (the issue's): 41 > 3 × 13; said "about 20", the estimator's 1,200 s."""
    shown = word(WaitEstimate(5, 13, 41, 1200.0, 800.0, 2430.0))
    assert (shown.shown, shown.about_min) == (Wording.ABOUT, 20)
    assert promise.words(shown, "en") == "about 20 min, possibly longer"
    assert promise.words(shown, "zh") == "约 20 分钟，可能更久"
    # with a ratio of 4 the same range is a range
    assert word(WaitEstimate(5, 13, 41, 1200.0, 800.0, 2430.0), ratio=4.0).shown is Wording.RANGE


def test_a_range_starting_at_zero_is_under_n_minutes() -> None:
    """Low 40 s (under a minute), high 7 minutes: "under 7 min", even with people ahead."""
    shown = word(WaitEstimate(1, 1, 7, 200.0, 40.0, 400.0))
    assert (shown.shown, shown.low_min, shown.high_min) == (Wording.UNDER, 0, 7)
    assert promise.words(shown, "en") == "under 7 min"
    assert promise.quote(shown) == (0, 7)


def test_nobody_ahead_and_a_free_counter_is_no_wait() -> None:
    shown = word(WaitEstimate(0, 0, 3, 30.0, 0.0, 150.0), ahead=0, counter_free=True)
    assert shown.shown is Wording.NO_WAIT
    assert promise.words(shown, "zh") == "无需等候"
    assert promise.quote(shown) == (0, 1)
    # nobody ahead but every counter busy: a time, not "no wait"
    assert word(WaitEstimate(0, 0, 3, 30.0, 0.0, 150.0), ahead=0).shown is Wording.UNDER


def test_no_open_counter_promises_no_time() -> None:
    shown = word(WaitEstimate(2, 4, 11), counters_open=0)
    assert (shown.shown, shown.reason, shown.resumes_at) == (
        Wording.NONE,
        NoEstimate.NO_OPEN_COUNTER,
        None,
    )
    assert not shown.promised
    assert promise.quote(shown) == (4, 11)  # the estimator's range, for the report
    assert promise.words(shown, "en") == "no counter is open for it now"


def test_no_open_counter_says_when_a_paused_counter_is_expected_back() -> None:
    """The estimator counts on a paused counter to be back at 11:40 (its learned pause):
    still no time promised, but when service is expected to resume, in both languages."""
    back = dt.datetime(2026, 11, 24, 11, 40)
    shown = word(WaitEstimate(2, 4, 11, resumes_at=back), counters_open=0)
    assert (shown.shown, shown.reason, shown.resumes_at) == (
        Wording.NONE,
        NoEstimate.NO_OPEN_COUNTER,
        back,
    )
    assert not shown.promised
    assert promise.words(shown, "en") == "no counter is open for it now; expected back about 11:40"
    assert promise.words(shown, "zh") == "暂无窗口办理此业务，预计 11:40 恢复"
    # a counter open again: a time, and no resumption
    assert word(WaitEstimate(2, 4, 11, resumes_at=back), counters_open=1).resumes_at is None


def test_outside_its_hours_it_says_when_it_opens_again() -> None:
    """Open 09:00–12:00 and 14:00–24:00: at 12:30 it opens at 14:00 the same day; at
    08:00 at 09:00."""
    at = dt.datetime(2026, 11, 24, 12, 30)
    shown = word(WaitEstimate(0, 0, 3), unavailable=Unavailable.HOURS, service=VIP, now=at)
    assert (shown.reason, shown.resumes_at) == (NoEstimate.CLOSED, dt.datetime(2026, 11, 24, 14))
    assert promise.words(shown, "en", at) == "closed now; resumes at 14:00"
    early = dt.datetime(2026, 11, 24, 8, 0)
    assert promise.next_opening(VIP, early) == dt.datetime(2026, 11, 24, 9, 0)
    evening = Service("x", "X", "", "", hours=(OpeningHours(dt.time(9), dt.time(17)),))
    late = dt.datetime(2026, 11, 24, 18, 0)
    assert promise.next_opening(evening, late) == dt.datetime(2026, 11, 25, 9, 0)
    assert (
        promise.words(
            word(WaitEstimate(0, 0, 3), unavailable=Unavailable.HOURS, service=evening, now=late),
            "zh",
            late,
        )
        == "暂停办理，11-25 09:00 恢复"
    )


# -- the issue's three cases, through the queue service -------------------------------------


def hall() -> Hall:
    plan = Service("plan", "B", "套餐", "Plans", default_service_minutes=8)
    return Hall((BILL, plan), (Counter(1, "", "", ("bill", "plan")),), Rules())


def test_a_plan_ticket_after_four_bills_is_told_four_ahead_and_a_time() -> None:
    q = QueueService(hall(), MemoryStore(), ManualClock(MORNING))
    q.open_counter(1)
    for _ in range(4):
        q.issue("bill")
    plan = q.issue("plan")
    assert plan.ahead == plan.estimate.ahead == 4
    assert plan.estimate.shown in (Wording.RANGE, Wording.ABOUT, Wording.UNDER)
    assert plan.estimate.high_min >= 4  # four bills of about 4 minutes before it


def test_with_every_counter_closed_the_tiles_promise_no_time() -> None:
    q = QueueService(hall(), MemoryStore(), ManualClock(MORNING))
    status = q.status()
    for s in status.services:
        assert s.estimate.shown is Wording.NONE
        assert s.estimate.reason is NoEstimate.NO_OPEN_COUNTER
    issued = q.issue("bill")
    assert issued.estimate.reason is NoEstimate.NO_OPEN_COUNTER


def test_nobody_waiting_and_a_counter_free_is_no_wait() -> None:
    q = QueueService(hall(), MemoryStore(), ManualClock(MORNING))
    q.open_counter(1)
    (bill, plan) = q.status().services
    assert bill.ahead == 0 and bill.estimate.shown is Wording.NO_WAIT
    assert plan.estimate.shown is Wording.NO_WAIT
    issued = q.issue("bill")
    assert issued.estimate.shown is Wording.NO_WAIT
    # the counter calls it: the next one is not "no wait" any more (counter 1 is busy)
    q.call_next(1)
    assert q.status().services[0].estimate.shown is not Wording.NO_WAIT
