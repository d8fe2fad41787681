"""Staffing advice over hand-written days in a real store (SQLite and PostgreSQL), and the
pure parts: groups, slots, counters open, the text."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

import pytest

from kiosk.app.advise import advise_day
from kiosk.core import advise as adv
from kiosk.core.clock import ManualClock
from kiosk.core.model import Counter, Hall, OpeningHours, Rules, Service
from kiosk.core.service import QueueService
from kiosk.store import advise as store_advise
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore

DAY = dt.date(2026, 11, 24)  # a Tuesday
WEEK1 = dt.date(2026, 11, 10)
WEEK2 = dt.date(2026, 11, 17)
NOW = dt.datetime(2026, 11, 24, 10, 0)


def at(day: dt.date, hh: int, mm: int, ss: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm, ss))


def write_weeks(service: QueueService, clock: ManualClock) -> None:
    """Two Tuesdays of history and the morning of the day advised."""
    clock.set(at(WEEK1, 9, 0))
    service.open_counter(1)
    clock.set(at(WEEK1, 9, 5))
    service.issue("bill")  # A001, slot 09:00
    clock.set(at(WEEK1, 9, 10))
    assert service.call_next(1).number == "A001"  # waited 300 s
    service.serve(1)
    clock.set(at(WEEK1, 9, 16))
    service.done(1)  # counter time 360 s, served
    clock.set(at(WEEK1, 9, 20))
    service.issue("bill")  # A002, slot 09:00
    clock.set(at(WEEK1, 9, 25))
    assert service.call_next(1).number == "A002"  # waited 300 s
    clock.set(at(WEEK1, 9, 27))
    service.no_show(1)  # counter time 120 s, a no-show
    clock.set(at(WEEK1, 10, 10))
    service.issue("bill")  # A003, slot 10:00
    clock.set(at(WEEK1, 10, 20))
    service.cancel("A003", by="visitor")  # gave up after 600 s
    clock.set(at(WEEK1, 10, 30))
    service.close_counter(1)
    clock.set(at(WEEK2, 9, 0))
    service.open_counter(1)
    service.open_counter(2)
    clock.set(at(WEEK2, 9, 10))
    service.issue("bill")  # A001, slot 09:00
    clock.set(at(WEEK2, 9, 12))
    assert service.call_next(1).number == "A001"  # waited 120 s
    service.serve(1)
    clock.set(at(WEEK2, 9, 20))
    service.done(1)  # counter time 480 s, served
    clock.set(at(DAY, 9, 0))
    service.open_counter(1)
    clock.set(at(DAY, 9, 20))
    service.open_counter(2)
    clock.set(NOW)


@pytest.fixture
def written(store_url: str, demo_hall: Hall) -> Iterator[SqlStore]:
    store = open_store(store_url)
    clock = ManualClock(at(WEEK1, 9, 0))
    write_weeks(QueueService(demo_hall, store, clock), clock)
    yield store
    store.close()


def test_inputs_learned_by_hand(written: SqlStore, demo_hall: Hall) -> None:
    history = store_advise.history(written, DAY, NOW)
    assert history.arrival_days == 2  # the 10th and the 17th
    assert history.arrivals == {"bill": {18: 3, 20: 1}}  # 09:00-09:30 and 10:00-10:30
    bill = history.services["bill"]
    assert (bill.served, bill.no_shows, bill.gave_up) == (2, 1, 1)
    assert bill.busy_s == 360 + 120 + 480
    assert bill.uncalled_s == 600  # A003 gave up after 10 min
    assert (bill.came, bill.missed) == ({5: 1, 2: 1}, {5: 1})  # by whole minutes waited
    (only,) = adv.inputs_of(demo_hall, history).values()  # the demo hall is one group
    assert only.arrivals == {18: 1.5, 20: 0.5}
    assert only.service_minutes == pytest.approx(960 / 60 / 3)  # per call
    # The likelihood: θe^(-10θ) (gave up at 10 min) · q e^(-5.5θ) · q e^(-2.5θ) (came
    # after 5.5 and 2.5 min) · (1 - q e^(-5.5θ)) (the no-show). Its best q, 2/(3e^(-5.5θ)),
    # would be over 1 at the best θ (1/7), so q = 1 and θ solves
    # 1/θ - 18 + 5.5 e^(-5.5θ) / (1 - e^(-5.5θ)) = 0: θ ≈ 0.0975 a minute.
    theta = only.patience_rate
    a = math.exp(-5.5 * theta)
    assert 1 / theta - 18 + 5.5 * a / (1 - a) == pytest.approx(0, abs=1e-5)
    assert theta == pytest.approx(0.0975, abs=1e-4)


def test_the_advice_of_the_day(written: SqlStore, demo_hall: Hall) -> None:
    advice = advise_day(written, demo_hall, NOW, DAY)
    by_start = {s.start: s for s in advice.slots}
    assert len(advice.slots) == 48  # the demo hall's types are open round the clock
    assert advice.slots[0].start == dt.time(4, 0)  # in the order of the business day
    nine, half, ten = by_start[dt.time(9)], by_start[dt.time(9, 30)], by_start[dt.time(10)]
    assert nine.arrivals_expected == 1.5
    # 1.5 arrivals in 30 min, 5 1/3 min each, patience 10 min: one counter calls
    # 0.8 within 10 min (Erlang A)
    q = adv.Queue(1.5 / 30, 1 / (16 / 3), 0.0975)
    assert adv.measures(q, 1, 10).service_level >= 0.8
    assert nine.counters_needed == 1
    assert half.counters_needed == 0  # nobody came
    # open today: counter 1 from 9:00, counter 2 from 9:20 (10 of the 30 minutes)
    assert (nine.counters_open, half.counters_open) == (1, 2)
    # 10:00 has not begun: the last Tuesday's counters (1 and 2 from 9:00 on)
    assert ten.counters_open == 2
    assert by_start[dt.time(8)].counters_open == 0  # begun today, nothing open
    assert nine.as_json() == {
        "start": "09:00",
        "end": "09:30",
        "services": ["bill", "plan", "phone", "broadband", "complaint", "vip"],
        "arrivals_expected": 1.5,
        "counters_needed": 1,
        "counters_open": 1,
    }


def test_stricter_targets_need_more(written: SqlStore, demo_hall: Hall) -> None:
    loose = advise_day(written, demo_hall, NOW, DAY, target_minutes=10, level=0.8)
    strict = advise_day(written, demo_hall, NOW, DAY, target_minutes=1, level=0.99)
    for a, b in zip(loose.slots, strict.slots, strict=True):
        assert b.counters_needed >= a.counters_needed
    nine = strict.slots[[s.start for s in strict.slots].index(dt.time(9))]
    assert nine.counters_needed == 3
    q = adv.Queue(1.5 / 30, 1 / (16 / 3), 0.0975)
    assert adv.measures(q, 2, 1).service_level < 0.99 <= adv.measures(q, 3, 1).service_level


def service(code: str, hours: str = "") -> Service:
    spans = (OpeningHours(dt.time(9), dt.time(11)),) if hours else (OpeningHours(dt.time(0), None),)
    return Service(code, code[0].upper(), code, code, hours=spans)


def test_groups_are_the_connected_components() -> None:
    hall = Hall(
        (service("a"), service("b"), service("c"), service("d"), service("e")),
        (
            Counter(1, "", "", ("b",)),
            Counter(2, "", "", ("c", "e")),
            Counter(3, "", "", ("a", "b")),
        ),
        Rules(),
    )
    assert adv.groups_of(hall) == (
        adv.Group(("a", "b"), (1, 3)),
        adv.Group(("c", "e"), (2,)),
        adv.Group(("d",), ()),
    )


def test_slots_of_the_opening_hours_and_counters_open() -> None:
    hall = Hall((service("a", "9-11"),), (Counter(1, "", "", ("a",)), Counter(2, "", "", ("a",))))
    assert adv.slots_of(hall, ["a"]) == [dt.time(9), dt.time(9, 30), dt.time(10), dt.time(10, 30)]
    events = [
        (at(DAY, 9, 0), 1, "counter_opened"),
        (at(DAY, 9, 10), 2, "counter_opened"),  # 20 of 30 minutes: counts
        (at(DAY, 9, 40), 2, "counter_paused"),  # 10 of 30: not in 09:30
        (at(DAY, 10, 0), 1, "counter_closed"),
    ]
    today = adv.CounterDay(DAY, at(DAY, 10, 10), events)  # read at 10:10
    opened = adv.open_per_slot(hall, [today], [18, 19, 20, 21])
    # 10:00-10:10 passed with nothing open; 10:30 not begun and no other day: configured 2
    assert opened == {("a",): {18: 2, 19: 1, 20: 0, 21: 2}}


def test_text_merges_adjacent_slots_with_the_same_figures() -> None:
    def slot(h: int, m: int, needed: int, opened: int) -> adv.Slot:
        start = dt.time(h, m)
        end = (dt.datetime.combine(DAY, start) + dt.timedelta(minutes=30)).time()
        return adv.Slot(start, end, ("bill",), 1.0, needed, opened)

    slots = (slot(9, 30, 2, 3), slot(10, 0, 5, 3), slot(10, 30, 5, 3), slot(11, 0, 5, 3))
    text = adv.text(adv.Advice(DAY, 10, 0.8, slots), {"bill": "Bills"})
    assert text.splitlines() == [
        "staffing advice for 2026-11-24: 80% called within 10 min",
        "Bills:",
        "  09:30–10:00: 3 open, 2 needed",
        "  10:00–11:30: 3 open, 5 needed",
    ]
