"""The wait estimator on hand-made hall states: priorities overtaking, a counter
pausing, a counter serving two business types, a cold start; and on the live hall
through the queue service."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.clock import ManualClock
from kiosk.core.estimate import LearnedEstimator, to_minutes
from kiosk.core.memory import MemoryStore
from kiosk.core.model import Hall
from kiosk.core.service import QueueService
from kiosk.core.wait.estimator import Estimator, QueueModel, Settings
from kiosk.core.wait.model import Desk, HallView, Learned, Waiting

NOW = 100_000.0
BILL_S, PLAN_S = 240.0, 480.0


def learned() -> Learned:
    return Learned({"bill": BILL_S, "plan": PLAN_S})


def view(waiting: list[Waiting], desks: list[Desk]) -> HallView:
    return HallView(NOW, waiting, desks)


def queue(n: int, service: str = "bill", klass: int = 0, start: float = NOW - 600) -> list[Waiting]:
    return [Waiting(f"{service}{klass}-{i}", service, klass, start + i) for i in range(n)]


def busy(name: str, *services: str) -> Desk:
    return Desk(name, services, True, services[0], NOW - 10, ranked=True)


def test_cold_start_uses_the_configured_service_time() -> None:
    """Nobody has been served yet: one busy counter, two ahead, 240 s a service."""
    base = QueueModel(learned()).base(view(queue(2), [busy("1", "bill")]), "bill", 0)
    assert base.ahead == 2
    assert math.isclose(base.wait, 3 * BILL_S)


def test_a_free_counter_means_no_wait() -> None:
    free = Desk("1", ("bill",), True, ranked=True)
    base = QueueModel(learned()).base(view([], [free]), "bill", 0)
    assert base.idle and base.wait == 0.0 and base.ahead == 0


def test_a_free_counter_that_may_call_nobody_ahead_calls_the_new_ticket() -> None:
    """Counter 6 serves bill only and is free; two plan tickets wait for counter 1,
    busy. A bill visitor is called by counter 6 at once (issue 14: the model's shares of
    the work had counter 6 take a plan ticket first, and told a wait)."""
    plans = queue(2, "plan")
    hall = view(plans, [busy("1", "plan", "bill"), Desk("6", ("bill",), True, ranked=True)])
    base = QueueModel(learned()).base(hall, "bill", 0)
    assert base.idle and base.wait == 0.0
    before = QueueModel(learned(), Settings(match=0.0)).base(hall, "bill", 0)
    assert not before.idle and before.wait > 0.0
    # A free counter that may call those ahead still takes them first.
    bills = view(queue(2), [busy("1", "plan", "bill"), Desk("6", ("bill",), True, ranked=True)])
    taken = QueueModel(learned()).base(bills, "bill", 0)
    assert not taken.idle and taken.wait > 0.0


def test_priority_tickets_go_first_and_normal_ones_do_not_count_for_them() -> None:
    model = QueueModel(learned())
    hall = view(queue(4) + queue(1, klass=1), [busy("1", "bill")])
    normal = model.base(hall, "bill", 0)
    green = model.base(hall, "bill", 1)
    assert normal.ahead == 5 and green.ahead == 1
    assert green.wait < normal.wait


def test_priority_arrivals_still_overtake_a_waiting_normal_ticket() -> None:
    est = learned()
    for i in range(20):  # a green-channel ticket every 2 minutes lately
        est.issued("bill", 1, NOW - 120.0 * i)
    hall = view(queue(3), [busy("1", "bill"), busy("2", "bill")])
    quiet = QueueModel(learned()).base(hall, "bill", 0)
    overtaken = QueueModel(est).base(hall, "bill", 0)
    assert overtaken.ahead == quiet.ahead == 3
    assert overtaken.wait > quiet.wait


def test_later_arrivals_take_at_most_the_calls_of_the_counter_that_prefers_them() -> None:
    """Counter 3 calls plan before complaint, counter 5 complaint first; both busy, three
    complaint tickets wait and a plan visitor arrives every minute. The plan visitors
    can take all of counter 3's calls but no more: counter 5 goes on calling the
    complaints (issue 14: they were told hours, the plan arrivals' rate drained as if
    from every counter)."""
    plans = Learned({"plan": PLAN_S, "complaint": 960.0})
    for i in range(30):
        plans.issued("plan", 0, NOW - 60.0 * i)
    complaints = queue(3, "complaint")
    counter_5 = busy("5", "complaint", "plan")
    both = view(complaints, [busy("3", "plan", "bill", "complaint"), counter_5])
    alone = view(complaints, [counter_5])
    capped = QueueModel(plans).base(both, "complaint", 0)
    only_5 = QueueModel(plans).base(alone, "complaint", 0)
    uncapped = QueueModel(plans, Settings(overtake_max=math.inf)).base(both, "complaint", 0)
    assert capped.ahead == uncapped.ahead == 3
    assert capped.wait <= only_5.wait
    assert uncapped.wait > 3 * only_5.wait


def test_a_paused_counter_makes_the_wait_longer_and_is_still_counted_on() -> None:
    model = QueueModel(learned())
    both = model.base(view(queue(4), [busy("1", "bill"), busy("2", "bill")]), "bill", 0)
    paused = Desk("2", ("bill",), False, ranked=True)
    one = model.base(view(queue(4), [busy("1", "bill"), paused]), "bill", 0)
    assert one.wait > both.wait
    everyone_away = model.base(view(queue(4), [paused]), "bill", 0)
    assert math.isfinite(everyone_away.wait) and everyone_away.ahead == 4


def test_a_paused_counter_expected_back_calls_when_it_is_back() -> None:
    """Counter 2 is paused and expected back in 100 s (Desk.back, from the learned
    pauses): nobody waits and counter 1 is busy for its whole bill service (240 s, cold,
    memoryless), so a new bill visitor's first call comes from either, at the rate of
    both; not counted on (back inf), only counter 1 calls."""
    model = QueueModel(learned())
    back = Desk("2", ("bill",), False, ranked=True, back=100.0)
    assert back.returning and not Desk("2", ("bill",), False).returning
    soon = model.base(view([], [busy("1", "bill"), back]), "bill", 0)
    assert not soon.idle and soon.present == 2
    assert math.isclose(soon.wait, 1.0 / (1.0 / BILL_S + 1.0 / 100.0))
    gone = model.base(view([], [busy("1", "bill"), Desk("2", ("bill",), False)]), "bill", 0)
    assert gone.present == 1 and math.isclose(gone.wait, BILL_S)
    assert soon.wait < gone.wait


def test_a_counter_serving_two_business_types_calls_its_preferred_one_first() -> None:
    """Counter 1 prefers plan to bill: for a new bill ticket the plan tickets waiting
    are ahead; for a new plan ticket the bill tickets are not."""
    model = QueueModel(learned())
    hall = view(queue(2, "bill") + queue(3, "plan"), [busy("1", "plan", "bill")])
    assert model.base(hall, "bill", 0).ahead == 5
    assert model.base(hall, "plan", 0).ahead == 3


def test_a_business_type_shared_with_another_counter_takes_a_share_of_it() -> None:
    """Plan is also served by counter 2: at counter 1 the plan tickets weigh only
    their share of the capacity serving plan."""
    model = QueueModel(learned())
    desks = [busy("1", "plan", "bill"), busy("2", "plan")]
    base = model.base(view(queue(4, "plan"), desks), "bill", 0)
    assert base.ahead == 4
    assert 0 < base.effective < 4


def test_a_waiting_ticket_counts_only_those_before_it() -> None:
    model = QueueModel(learned())
    tickets = queue(5)
    third = tickets[2]
    base = model.base(view(tickets, [busy("1", "bill")]), "bill", 0, third.since, third.key)
    assert base.ahead == 2


@given(st.integers(0, 400), st.integers(1, 30), st.integers(0, 30))
def test_estimates_are_finite_ordered_and_grow_with_the_queue(
    n: int, counters: int, prio: int
) -> None:
    est = Estimator(learned())
    desks = [busy(str(i), "bill", "plan") for i in range(counters)]
    hall = view(queue(n) + queue(prio, "plan", 1), desks)
    _, fc = est.forecast(hall, "bill", 0)
    assert 0.0 <= fc.low <= fc.point <= fc.high < math.inf
    _, more = est.forecast(view(queue(n + 1) + queue(prio, "plan", 1), desks), "bill", 0)
    assert more.point >= fc.point


def test_minutes_never_say_zero_with_people_ahead() -> None:
    assert to_minutes(3, 5.0, 0.0, 20.0).low_min >= 1
    short = to_minutes(0, 5.0, 0.0, 20.0)
    assert short.is_short and short.high_min == 1
    wide = to_minutes(2, 400.0, 250.0, 610.0)
    assert (wide.low_min, wide.high_min) == (4, 11)


MORNING = dt.datetime(2026, 11, 24, 9, 0, 0)


def test_the_queue_service_estimates_with_the_learned_estimator(demo_hall: Hall) -> None:
    clock = ManualClock(MORNING)
    q = QueueService(demo_hall, MemoryStore(), clock)
    q.open_counter(1)
    first = q.issue("bill")
    assert first.estimate.ahead == 0 and first.estimate.is_short
    q.call_next(1)
    for _ in range(4):
        q.issue("bill")
    fifth = q.issue("bill")
    assert fifth.estimate.ahead == 4
    assert fifth.estimate.low_min >= 1 and fifth.estimate.high_min > fifth.estimate.low_min
    status = q.status()
    assert len(status.estimates) == 5
    firsts = list(status.estimates)  # in the order of status.waiting
    assert [e.ahead for e in firsts] == [0, 1, 2, 3, 4]
    assert firsts[0].high_min <= firsts[-1].high_min


def test_the_learned_estimator_learns_from_history(demo_hall: Hall) -> None:
    """A history where bill takes 20 minutes makes the same queue look longer than
    the configured 3 minutes do."""
    clock = ManualClock(MORNING - dt.timedelta(days=1))
    past = MemoryStore()
    q = QueueService(demo_hall, past, clock)
    q.open_counter(1)
    for _ in range(30):
        q.issue("bill")
        q.call_next(1)
        q.serve(1)
        clock.advance(minutes=20)
        q.done(1)
    history = list(past.tickets.values())
    told: list[tuple[dt.datetime, dt.datetime]] = []

    def source(start: dt.datetime, end: dt.datetime) -> list:  # type: ignore[type-arg]
        told.append((start, end))
        return [t for t in history if start <= t.issued_at < end]

    clock.set(MORNING)
    q.open_counter(1)
    q.issue("bill")
    q.call_next(1)
    for _ in range(3):
        q.issue("bill")
    status_cold = QueueService(demo_hall, past, clock, LearnedEstimator(demo_hall)).status()
    warm = LearnedEstimator(demo_hall, source)
    status_warm = QueueService(demo_hall, past, clock, warm).status()
    cold = next(s for s in status_cold.services if s.service.code == "bill").estimate
    hot = next(s for s in status_warm.services if s.service.code == "bill").estimate
    assert told and told[0][1] == MORNING
    assert hot.high_min > cold.high_min


def test_the_learned_estimator_refreshes_with_only_what_finished_since(demo_hall: Hall) -> None:
    """After the first read of the history, a refresh reads only the tickets finished
    since the last read, and knows the same as a fresh read of the whole history."""
    clock = ManualClock(MORNING)
    store = MemoryStore()
    q = QueueService(demo_hall, store, clock)
    q.open_counter(1)

    def serve(n: int, minutes: int) -> None:
        for _ in range(n):
            q.issue("bill")
            clock.advance(30)
            q.issue("bill")
            q.call_next(1)
            q.serve(1)
            clock.advance(minutes=minutes)
            q.done(1)

    reads: list[tuple[dt.datetime | None, int]] = []

    def source(
        start: dt.datetime, end: dt.datetime, *, finished_since: dt.datetime | None = None
    ) -> list:  # type: ignore[type-arg]
        found = [
            t
            for t in sorted(store.tickets.values(), key=lambda t: (t.issued_at, t.seq))
            if start <= t.issued_at < end
            and (
                finished_since is None
                or (t.finished_at is not None and t.finished_at >= finished_since)
            )
        ]
        reads.append((finished_since, len(found)))
        return found

    serve(20, 5)
    live = LearnedEstimator(demo_hall, source, days=30)
    q_live = QueueService(demo_hall, store, clock, live)
    q_live.status()
    assert reads == [(None, len(store.tickets))]
    serve(6, 12)  # longer services: more to learn
    clock.advance(minutes=61)
    before = len(reads)
    hot = q_live.status()
    assert len(reads) == before + 1
    since, count = reads[-1]
    # the six served since, and the one that finished in the overlap of the two reads
    # (read again, not learned twice)
    assert since is not None and count == 7 and live.last_read == 6
    fresh = QueueService(demo_hall, store, clock, LearnedEstimator(demo_hall, source, days=30))
    full = fresh.status()
    for a, b in zip(hot.services, full.services, strict=True):
        assert a.estimate == b.estimate
    assert [e.point_s for e in hot.estimates] == [e.point_s for e in full.estimates]


def test_nobody_ahead_with_every_counter_busy_is_a_range_not_under() -> None:
    """Nobody ahead, but the counters are busy for 8-16 more minutes: "about 8-17
    min", not "under 17 min" (the bottom of the range is known)."""
    busy = to_minutes(0, 600.0, 490.0, 970.0)
    assert (busy.low_min, busy.high_min) == (8, 17)
    assert not busy.is_short


def test_a_counter_not_yet_learned_works_at_the_pace_of_what_it_has_served() -> None:
    """Until its own mean is trusted (about 100 jobs) a counter's job time is the mean of
    its business types weighed by the jobs of each it has done, one of each assumed
    beforehand: 80 bills of 75 s at a bill, plan and broadband counter (3, 8 and 9
    minutes configured) make about 85 s a job, not the three types' average (about 6
    minutes); a counter that has done nothing yet takes that average."""
    hall = Learned({"bill": 180.0, "plan": 480.0, "broadband": 540.0})
    counter = Desk("1", ("bill", "plan", "broadband"))
    assert hall.desk_time(counter) == (180.0 + 480.0 + 540.0) / 3
    for i in range(80):
        hall.finished("bill", "1", 75.0, NOW + 100.0 * i)
    assert hall.desk_mean["1"].weight < 0.5  # its own mean is not trusted yet
    assert hall.desk_time(counter) == (81 * 75.0 + 480.0 + 540.0) / 83
    assert 1.0 / hall.desk_rate(counter) == hall.desk_time(counter)
    for i in range(80, 200):
        hall.finished("bill", "1", 75.0, NOW + 100.0 * i)
    assert hall.desk_time(counter) == 75.0  # its own
