"""The device hub with the real queue service (SQLite) and simulated devices on ptys:
keypads drive the queue once per press, displays follow the calls, evaluators light
after "done", and a device that fails never stops the queue."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.devices import DisplayText, Key, Rating
from kiosk.core.errors import StoreLocked
from kiosk.core.model import Ticket
from kiosk.core.service import QueueService
from kiosk.devices.bus import BusSettings, Health
from kiosk.devices.hub import DeviceHub, HubEvents
from kiosk.devices.settings import DevicesSettings, demo_settings
from kiosk.devices.simulators import SimDisplay, SimEvaluator, SimKeypad, SimulatedBuses
from kiosk.devices.simulators.buses import RUNG_IDLE_POLL_S
from kiosk.store.schema import open_store

FAST = {
    "timeout_s": 0.05,
    "offline_after": 2,
    "probe_s": 0.05,
    "check_s": 0.05,
    "poll_s": 0.005,
    "idle_poll_s": 0.005,
    "reconnect_min_s": 0.01,
    "reconnect_max_s": 0.1,
}


class Events(HubEvents):
    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.health: list[Health] = []
        self.keys: list[tuple[str, str, bool]] = []
        self.ratings: list[tuple[int, str, Rating | None]] = []

    def _add(self, target: list[object], item: object) -> None:
        with self.cond:
            target.append(item)
            self.cond.notify_all()

    def health_changed(self, health: Health) -> None:
        self._add(self.health, health)  # type: ignore[arg-type]

    def key_handled(self, keypad: str, counter: int, text: str, ok: bool) -> None:
        self._add(self.keys, (keypad, text, ok))  # type: ignore[arg-type]

    def rated(self, counter: int, uid: str, rating: Rating | None) -> None:
        self._add(self.ratings, (counter, uid, rating))  # type: ignore[arg-type]

    def wait(self, predicate: object, timeout: float = 10.0) -> None:
        with self.cond:
            assert self.cond.wait_for(predicate, timeout)  # type: ignore[arg-type]


class Ratings:
    """Stands in for QueueService.rate (proposed)."""

    def __init__(self) -> None:
        self.stored: list[tuple[str, int]] = []

    def rate(self, uid: str, rating: int) -> Ticket:
        self.stored.append((uid, rating))
        return None  # type: ignore[return-value]


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fast_demo(counters: list[int], **bus: object) -> DevicesSettings:
    s = demo_settings(counters)
    values = {**FAST, **bus}
    buses = tuple(dataclasses.replace(b, **values) for b in s.buses)  # type: ignore[arg-type]
    return dataclasses.replace(s, buses=buses, follow_s=0.02)


@pytest.fixture
def simulated(tmp_path: Path) -> SimulatedBuses:
    """The demo hall's devices for counters 1 and 2 on the far end of a pseudo-terminal."""
    return SimulatedBuses(fast_demo([1, 2]), folder=tmp_path)


@pytest.fixture
def hub_parts(
    sql_service: QueueService, simulated: SimulatedBuses
) -> Iterator[tuple[DeviceHub, Events, Ratings]]:
    events, ratings = Events(), Ratings()
    hub = DeviceHub(simulated.settings, sql_service, rater=ratings, events=events,
                    wires=[simulated])  # fmt: skip
    hub.start()
    yield hub, events, ratings
    hub.stop()


def sim(simulated: SimulatedBuses, name: str) -> object:
    return simulated.device(name)


def test_a_keypad_press_whose_reply_is_lost_calls_exactly_once(
    hub_parts: tuple[DeviceHub, Events, Ratings],
    simulated: SimulatedBuses,
    sql_service: QueueService,
) -> None:
    hub, events, _ = hub_parts
    for _ in range(3):
        sql_service.issue("bill")
    keypad, display = sim(simulated, "keypad 1"), sim(simulated, "display 1")
    assert isinstance(keypad, SimKeypad) and isinstance(display, SimDisplay)
    line = simulated.lines["demo"]
    keypad.press(Key.OPEN)
    assert display.wait_for(lambda: display.text.line2 == "欢迎光临")
    line.faults[keypad.address].drop_replies = 1  # the poll that reads the press loses its reply
    line.faults[keypad.address].drop_write_replies = 1  # and so does its acknowledgement
    seq = keypad.press(Key.CALL_NEXT)
    assert keypad.wait_for(lambda: seq in keypad.acked)
    assert display.wait_for(lambda: display.text == DisplayText("A001", "请到1号窗口"))
    strip = sim(simulated, "main strip")
    assert isinstance(strip, SimDisplay)
    assert strip.wait_for(lambda: strip.text.line1 == "请A001号到1号窗口办理")
    assert hub.wait_idle()
    status = sql_service.status()
    assert [c.number for c in status.calls] == ["A001"]  # one call, not two
    assert len(status.waiting) == 2
    assert [k for k in events.keys if k[2]] == [("keypad 1", "open", True),
                                                ("keypad 1", "call-next A001", True)]  # fmt: skip


def test_a_refused_key_is_reported_not_raised(
    hub_parts: tuple[DeviceHub, Events, Ratings],
    simulated: SimulatedBuses,
) -> None:
    _hub, events, _ = hub_parts
    keypad = sim(simulated, "keypad 2")
    assert isinstance(keypad, SimKeypad)
    keypad.press(Key.CALL_NEXT)  # counter 2 is closed
    events.wait(lambda: events.keys)
    name, text, ok = events.keys[0]
    assert (name, ok) == ("keypad 2", False) and "closed" in text


def test_done_lights_the_evaluator_and_the_rating_is_stored(
    hub_parts: tuple[DeviceHub, Events, Ratings],
    simulated: SimulatedBuses,
    sql_service: QueueService,
) -> None:
    _hub, events, ratings = hub_parts
    ticket = sql_service.issue("bill").ticket
    keypad, evaluator = sim(simulated, "keypad 1"), sim(simulated, "evaluator 1")
    assert isinstance(keypad, SimKeypad) and isinstance(evaluator, SimEvaluator)
    for key in (Key.OPEN, Key.CALL_NEXT, Key.SERVE, Key.DONE):
        keypad.press(key)
    assert evaluator.wait_for(lambda: evaluator.armed)
    assert evaluator.press(Rating.VERY_SATISFIED)
    events.wait(lambda: events.ratings)
    assert events.ratings == [(1, ticket.uid, Rating.VERY_SATISFIED)]
    assert ratings.stored == [(ticket.uid, 4)]
    assert evaluator.wait_for(lambda: not evaluator.armed)


def test_a_counter_window_in_another_process_is_followed(
    hub_parts: tuple[DeviceHub, Events, Ratings],
    simulated: SimulatedBuses,
    sql_service: QueueService,
) -> None:
    """No keypad: the queue changes elsewhere; the hub sees it through the store."""
    _hub, _events, _ = hub_parts
    ticket = sql_service.issue("bill").ticket
    sql_service.open_counter(2)
    sql_service.call_next(2)
    display, evaluator = sim(simulated, "display 2"), sim(simulated, "evaluator 2")
    assert isinstance(display, SimDisplay) and isinstance(evaluator, SimEvaluator)
    assert display.wait_for(lambda: display.text.line1 == ticket.number)
    sql_service.serve(2)
    assert display.wait_for(lambda: display.text.line2 == "正在办理")
    sql_service.done(2)
    assert evaluator.wait_for(lambda: evaluator.armed)
    assert display.wait_for(lambda: display.text.line2 == "欢迎光临")


def test_unplugged_bus_goes_offline_the_queue_goes_on_and_it_comes_back(
    hub_parts: tuple[DeviceHub, Events, Ratings],
    simulated: SimulatedBuses,
    sql_service: QueueService,
) -> None:
    hub, events, _ = hub_parts
    display = sim(simulated, "display 1")
    assert isinstance(display, SimDisplay)
    sql_service.open_counter(1)
    events.wait(lambda: any(h.name == "display 1" and h.online for h in events.health))
    line = simulated.lines["demo"]
    mark = len(events.health)
    line.unplug()
    events.wait(lambda: any(h.name == "display 1" and not h.online
                            for h in events.health[mark:]))  # fmt: skip
    for _ in range(2):  # the queue keeps issuing and calling
        sql_service.issue("bill")
    called = sql_service.call_next(1)
    assert hub.wait_idle()
    assert {h.name: h.online for h in hub.snapshot()}["display 1"] is False
    line.plug()
    assert display.wait_for(lambda: display.text.line1 == called.number)
    assert {h.name: h.online for h in hub.snapshot()}["display 1"] is True
    assert sql_service.status().counters[0].current is not None


def test_no_press_in_time_leaves_the_ticket_unrated(
    sql_service: QueueService, tmp_path: Path
) -> None:
    events, clock = Events(), FakeMonotonic()
    settings = fast_demo([1])
    settings = dataclasses.replace(
        settings,
        evaluators=tuple(dataclasses.replace(e, timeout_s=30) for e in settings.evaluators),
    )
    simulated = SimulatedBuses(settings, folder=tmp_path)
    hub = DeviceHub(simulated.settings, sql_service, events=events, monotonic=clock,
                    wires=[simulated])  # fmt: skip
    hub.start()
    try:
        evaluator = sim(simulated, "evaluator 1")
        assert isinstance(evaluator, SimEvaluator)
        hub.evaluators[1].arm("uid-1")
        assert evaluator.wait_for(lambda: evaluator.armed)
        clock.now += 31  # half a minute with no press
        hub.buses["demo"].wake()
        events.wait(lambda: events.ratings)
        assert events.ratings == [(1, "uid-1", None)]
        assert evaluator.wait_for(lambda: not evaluator.armed)
    finally:
        hub.stop()


def test_settings_problems_name_the_device() -> None:
    s = DevicesSettings(buses=(BusSettings("a", "loop://"),))
    bad = dataclasses.replace(demo_settings([1]), buses=s.buses)
    problems = bad.problems([1])
    assert any("unknown bus 'demo'" in p for p in problems)
    assert demo_settings([1, 2]).problems([1, 2]) == []
    assert any("no counter 3" in p for p in demo_settings([3]).problems([1]))


def test_a_called_number_blinks_and_an_idle_counters_name_does_not(
    hub_parts: tuple[DeviceHub, Events, Ratings],
    simulated: SimulatedBuses,
    sql_service: QueueService,
) -> None:
    _hub, _events, _ = hub_parts
    display = sim(simulated, "display 1")
    assert isinstance(display, SimDisplay)
    sql_service.open_counter(1)
    assert display.wait_for(lambda: display.text == DisplayText("1号窗口", "欢迎光临"))
    assert display.blink == 0  # the counter's name, not a number
    ticket = sql_service.issue("bill").ticket
    sql_service.call_next(1)
    assert display.wait_for(lambda: display.text.line1 == ticket.number)
    assert display.blink == 3  # a new number blinks
    sql_service.serve(1)
    sql_service.done(1)
    assert display.wait_for(lambda: display.text == DisplayText("1号窗口", "欢迎光临"))
    assert display.blink == 0  # back to the name: it does not blink


def test_the_hub_follows_calls_from_the_feed_without_reading_the_status(
    hub_parts: tuple[DeviceHub, Events, Ratings],
    simulated: SimulatedBuses,
    sql_service: QueueService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After its start the hub learns of each call from the hall feed, at once (no
    poll, no poke), and reads nothing from the store for it: not the status, not the log.
    (The first event of an empty store starts its business day: that one is a full read,
    as a new business day is.)"""
    hub, _events, _ = hub_parts
    display = sim(simulated, "display 2")
    assert isinstance(display, SimDisplay)
    sql_service.open_counter(2)
    assert display.wait_for(lambda: display.text.line2 == "欢迎光临")
    assert hub.wait_idle()
    reads: list[str] = []
    monkeypatch.setattr(sql_service, "status", lambda *a, **k: reads.append("status"))
    before = sql_service.feed.reads
    for _ in range(3):
        sql_service.issue("bill")
    for _ in range(3):
        called = sql_service.call_next(2)
        assert display.wait_for(lambda n=called.number: display.text.line1 == n)
        sql_service.serve(2)
    assert reads == [] and sql_service.feed.reads == before


def test_a_call_made_by_another_process_reaches_the_display_by_the_follower(
    hub_parts: tuple[DeviceHub, Events, Ratings],
    simulated: SimulatedBuses,
    sql_service: QueueService,
    sql_store: object,
) -> None:
    """Another process's commit (its own store connection) is not published here; the
    process's log follower finds it with one "after N" read and the hub shows it."""
    from kiosk.store.follow import LogFollower
    from kiosk.store.sql import SqlStore

    _hub, _events, _ = hub_parts
    assert isinstance(sql_store, SqlStore)
    follower = LogFollower(sql_store, sql_service.feed)
    follower.check()
    other_store = open_store(sql_store.engine.url.render_as_string(hide_password=False))
    try:
        other = QueueService(sql_service.hall, other_store, sql_service._clock)
        other.open_counter(1)
        other.issue("bill")
        called = other.call_next(1)
    finally:
        other_store.close()
    display = sim(simulated, "display 1")
    assert isinstance(display, SimDisplay)
    assert follower.check() == 3
    assert display.wait_for(lambda: display.text.line1 == called.number)


def test_a_simulated_keypad_rings_so_its_press_needs_no_quick_polling(
    sql_service: QueueService, tmp_path: Path
) -> None:
    """The demo's simulated keypads ring the hub's doorbell when pressed: their quiet
    poll is slow (RUNG_IDLE_POLL_S) and a press is read at once anyway. The bus's clock
    is frozen here, so after the first poll no poll ever falls due: only the ring can
    bring the press in."""
    simulated = SimulatedBuses(fast_demo([1]), folder=tmp_path)
    assert [b.idle_poll_s for b in simulated.settings.buses] == [RUNG_IDLE_POLL_S]
    sql_service.open_counter(1)
    sql_service.issue("bill")
    hub = DeviceHub(simulated.settings, sql_service, wires=[simulated], monotonic=lambda: 0.0)
    hub.start()
    try:
        driver = hub.keypads["keypad 1"][0]
        assert hub.wait_online(driver, 10)
        keypad = sim(simulated, "keypad 1")
        assert isinstance(keypad, SimKeypad)
        assert keypad.wait_for(lambda: driver.next_poll == RUNG_IDLE_POLL_S)  # polled: quiet
        seq = keypad.press(Key.CALL_NEXT)
        assert keypad.wait_for(lambda: seq in keypad.acked)
        assert hub.wait_idle()
        assert [c.number for c in sql_service.status().calls] == ["A001"]
    finally:
        hub.stop()


def test_a_simulated_bus_paced_like_a_wire_is_polled_as_a_real_one() -> None:
    """The benchmarks' buses (paced at a baud rate) do not ring: their keypads are
    polled as configured, as real ones are."""
    paced = SimulatedBuses(fast_demo([1]), baudrate=9600)
    try:
        assert not paced.rings
        assert [b.idle_poll_s for b in paced.settings.buses] == [FAST["idle_poll_s"]]
    finally:
        paced.close()


def test_a_new_business_day_is_one_full_read_for_the_hub(
    hub_parts: tuple[DeviceHub, Events, Ratings],
    simulated: SimulatedBuses,
    sql_service: QueueService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The hub folds the feed with the windows' fold (kiosk.core.hallfold): a day reset
    cannot be folded, so the hub reads the status once and shows the new day."""
    hub, _events, _ = hub_parts
    display = sim(simulated, "display 1")
    assert isinstance(display, SimDisplay)
    sql_service.open_counter(1)
    sql_service.issue("bill")
    called = sql_service.call_next(1)
    assert display.wait_for(lambda: display.text.line1 == called.number)
    assert hub.wait_idle()
    reads: list[str] = []
    status = sql_service.status

    def counted(*args: object, **kwargs: bool) -> object:
        reads.append("status")
        return status(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sql_service, "status", counted)
    sql_service.reset_day()
    assert display.wait_for(lambda: display.text == DisplayText("1号窗口", "窗口关闭"))
    assert hub.wait_idle()
    assert reads == ["status"]


def test_a_new_day_the_hub_cannot_read_is_read_again_until_it_can(
    hub_parts: tuple[DeviceHub, Events, Ratings],
    simulated: SimulatedBuses,
    sql_service: QueueService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The store locked when the hub must read the new day: it starts again from a
    full read every follow_s, and the displays show the new day once it succeeds."""
    hub, _events, _ = hub_parts
    display = sim(simulated, "display 1")
    assert isinstance(display, SimDisplay)
    sql_service.open_counter(1)
    assert display.wait_for(lambda: display.text.line2 == "欢迎光临")
    assert hub.wait_idle()
    status = sql_service.status
    failures = [2]

    def locked_at_first(*args: object, **kwargs: bool) -> object:
        if failures[0] > 0:
            failures[0] -= 1
            raise StoreLocked("the store is locked (test)")
        return status(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sql_service, "status", locked_at_first)
    sql_service.reset_day()
    assert display.wait_for(lambda: display.text == DisplayText("1号窗口", "窗口关闭"))
    assert failures == [0]
    sql_service.open_counter(1)  # and it follows the feed again
    assert display.wait_for(lambda: display.text.line2 == "欢迎光临")
