"""The bus owner over real pseudo-terminals, loop:// and socket://: retries, exactly-once
key presses, offline and back, a slow device beside quick ones."""

from __future__ import annotations

import threading
from pathlib import Path

from kiosk.core.devices import DisplayText, Key, KeyPress, Rating
from kiosk.devices.bus import Bus
from kiosk.devices.drivers.modbus import (
    KEYPAD_AWAKE_S,
    ModbusDisplay,
    ModbusEvaluator,
    ModbusKeypad,
)
from kiosk.devices.simulators import PtyLine, SimDisplay, SimEvaluator, SimKeypad, SocketLine
from tests.devices.conftest import HealthLog, fast


class Presses:
    """A keypad's receiver that finishes each press at once (as the hub does after
    the queue's commit), so the keypad is acknowledged."""

    def __init__(self) -> None:
        self.got: list[tuple[str, KeyPress]] = []
        self.cond = threading.Condition()
        self.keypads: dict[str, ModbusKeypad] = {}

    def keypad(self, name: str, address: int) -> ModbusKeypad:
        self.keypads[name] = ModbusKeypad(name, address, self)
        return self.keypads[name]

    def __call__(self, name: str, press: KeyPress) -> None:
        with self.cond:
            self.got.append((name, press))
            self.cond.notify_all()
        self.keypads[name].handled(press.seq)


def test_a_display_shows_gb2312_text_over_a_pty(buses: list[Bus], health: HealthLog) -> None:
    with PtyLine([SimDisplay(1)]) as line:
        bus = Bus(fast(line.url), listener=health)
        display = ModbusDisplay("counter 3", 1)
        bus.add(display)
        bus.start()
        buses.append(bus)
        display.show(DisplayText("A023", "请到3号窗口"), blink=3)
        sim = line.devices[1]
        assert isinstance(sim, SimDisplay)
        assert sim.wait_for(lambda: sim.text == DisplayText("A023", "请到3号窗口"))
        assert sim.blink == 3
        display.test_pattern()
        assert sim.wait_for(lambda: sim.mode == "test")
        display.clear()
        assert sim.wait_for(lambda: sim.mode == "clear")


def test_a_press_whose_replies_are_lost_is_applied_once(buses: list[Bus]) -> None:
    """The read's reply and then the acknowledgement's reply are lost: the master sends
    each again, reads the same press twice, and hands it on once."""
    presses = Presses()
    with PtyLine([SimKeypad(17)]) as line:
        bus = Bus(fast(line.url, offline_after=5))
        keypad = presses.keypad("keypad 3", 17)
        bus.add(keypad)
        sim = line.devices[17]
        assert isinstance(sim, SimKeypad)
        bus.start()
        buses.append(bus)
        assert sim.wait_for(lambda: sim.requests > 0)  # probed: online
        line.faults[17].drop_replies = 1  # the next read's reply is lost
        first = sim.press(Key.CALL_NEXT)
        assert sim.wait_for(lambda: first in sim.acked)
        line.faults[17].drop_write_replies = 1  # then an acknowledgement's reply
        second = sim.press(Key.SERVE)
        assert sim.wait_for(lambda: second in sim.acked)
        third = sim.press(Key.DONE)  # acknowledged: the master went past the retries
        assert sim.wait_for(lambda: third in sim.acked)
        assert line.faults[17].drop_replies == line.faults[17].drop_write_replies == 0
        assert [p for _, p in presses.got] == [
            KeyPress(first, Key.CALL_NEXT, 0),
            KeyPress(second, Key.SERVE, 0),
            KeyPress(third, Key.DONE, 0),
        ]


def test_an_unplugged_port_goes_offline_and_comes_back(
    tmp_path: Path, buses: list[Bus], health: HealthLog
) -> None:
    link = tmp_path / "ttyUSB0"
    with PtyLine([SimDisplay(1)], link=link) as line:
        bus = Bus(fast(str(link)), listener=health)
        display = ModbusDisplay("counter 1", 1)
        bus.add(display)
        bus.start()
        buses.append(bus)
        health.wait("counter 1", online=True)
        display.show(DisplayText("A001"))
        sim = line.devices[1]
        assert isinstance(sim, SimDisplay)
        assert sim.wait_for(lambda: sim.text.line1 == "A001")
        mark = len(health.changes)
        line.unplug()
        down = health.wait("counter 1", online=False, after=mark)
        assert "failed" in down.detail or "cannot be opened" in down.detail
        display.show(DisplayText("A002"))  # while unplugged: kept, sent when back
        sim.text = DisplayText("")  # the device lost power with its adapter
        mark = len(health.changes)
        line.plug()
        health.wait("counter 1", online=True, after=mark)
        assert sim.wait_for(lambda: sim.text.line1 == "A002")
        assert bus.opened >= 2


def test_a_dead_device_is_probed_rarely_and_slows_no_one(
    buses: list[Bus], health: HealthLog
) -> None:
    """A keypad that never answers goes offline; the display on the same bus keeps
    getting its texts, and the dead one costs at most one probe per probe interval."""
    with PtyLine([SimDisplay(1), SimKeypad(2)]) as line:
        line.faults[2].mute = True
        bus = Bus(fast(line.url, probe_s=3600), listener=health)
        display = ModbusDisplay("counter 1", 1)
        bus.add(display)
        bus.add(Presses().keypad("keypad 1", 2))
        bus.start()
        buses.append(bus)
        health.wait("counter 1", online=True)
        health.wait("keypad 1", online=False)
        sim = line.devices[1]
        assert isinstance(sim, SimDisplay)
        for n in range(1, 21):
            display.show(DisplayText(f"A{n:03d}"))
            assert sim.wait_for(lambda n=n: sim.text.line1 == f"A{n:03d}")
        to_dead = [h for h in line.heard if h.address == 2]
        assert len(to_dead) == 1  # the first probe; the next is an hour away


def test_a_slow_device_on_one_bus_does_not_delay_another_bus(
    buses: list[Bus], health: HealthLog
) -> None:
    with PtyLine([SimDisplay(1)]) as slow_line, SocketLine([SimDisplay(1)]) as quick_line:
        slow_line.faults[1].reply_delay_s = 30  # answers long after any timeout
        slow = Bus(fast(slow_line.url, "slow", timeout_s=5.0, retries=0), listener=health)
        quick = Bus(fast(quick_line.url, "quick"), listener=health)
        slow.add(ModbusDisplay("slow display", 1))
        quick_display = ModbusDisplay("quick display", 1)
        quick.add(quick_display)
        for b in (slow, quick):
            b.start()
            buses.append(b)
        slow_sim = slow_line.devices[1]
        assert slow_sim.wait_for(lambda: slow_sim.requests > 0)  # the slow bus is waiting
        quick_display.show(DisplayText("B007"))
        sim = quick_line.devices[1]
        assert isinstance(sim, SimDisplay)
        assert sim.wait_for(lambda: sim.text.line1 == "B007")
        assert not any(h.name == "slow display" and h.online for h in health.changes)


def test_an_evaluator_reports_one_rating_then_goes_dark(buses: list[Bus]) -> None:
    got: list[tuple[str, str, Rating | None]] = []
    done = threading.Event()

    def on_rating(name: str, uid: str, rating: Rating | None) -> None:
        got.append((name, uid, rating))
        done.set()

    with PtyLine([SimEvaluator(33)]) as line:
        bus = Bus(fast(line.url))
        evaluator = ModbusEvaluator("evaluator 1", 33, on_rating)
        bus.add(evaluator)
        bus.start()
        buses.append(bus)
        sim = line.devices[33]
        assert isinstance(sim, SimEvaluator)
        evaluator.arm("ticket-uid-1")
        assert sim.wait_for(lambda: sim.armed)
        line.faults[33].drop_replies = 1
        assert sim.press(Rating.SATISFIED)
        assert done.wait(5)
        assert sim.wait_for(lambda: not sim.armed and sim.rating == 0)
        assert got == [("evaluator 1", "ticket-uid-1", Rating.SATISFIED)]
        assert not sim.press(Rating.DISSATISFIED)  # dark keys take no rating


def test_the_same_bus_code_runs_over_loop_url(buses: list[Bus], health: HealthLog) -> None:
    """loop:// echoes our own frames: a write's echo is its reply, a read gets no answer."""
    bus = Bus(fast("loop://"), listener=health)
    bus.add(ModbusDisplay("looped", 1))
    bus.start()
    buses.append(bus)
    h = health.wait("looped", online=False)
    assert "reply" in h.detail  # no reply, or its own frame echoed back: never an answer


def test_a_quiet_keypad_is_polled_every_idle_poll_s_and_quickly_after_a_press(
    buses: list[Bus],
) -> None:
    """Polling costs the idle hall: a keypad nobody pressed for a minute is asked every
    ``idle_poll_s``, one just pressed every ``poll_s`` (the bus's clock is a fake one,
    moved by hand; the press waits in the keypad's queue until asked)."""
    now = [0.0]
    presses = Presses()
    with PtyLine([SimKeypad(17)]) as line:
        settings = fast(line.url, poll_s=0.5, idle_poll_s=5.0, check_s=1e6, probe_s=1e6)
        bus = Bus(settings, monotonic=lambda: now[0])
        keypad = presses.keypad("keypad 1", 17)
        bus.add(keypad)
        sim = line.devices[17]
        assert isinstance(sim, SimKeypad)
        bus.start()
        buses.append(bus)
        assert sim.wait_for(lambda: sim.requests >= 2)  # probed, then polled once: quiet
        assert sim.wait_for(lambda: keypad.next_poll == 5.0)
        seq = sim.press(Key.CALL_NEXT)
        now[0] = 5.0  # the idle poll is due
        bus.wake()
        assert sim.wait_for(lambda: seq in sim.acked)
        assert sim.wait_for(lambda: keypad.next_poll == 5.5)  # pressed: quick again
        now[0] = 5.0 + KEYPAD_AWAKE_S  # a minute without a press
        bus.wake()
        assert sim.wait_for(lambda: keypad.next_poll == 10.0 + KEYPAD_AWAKE_S)
        assert [p for _, p in presses.got] == [KeyPress(seq, Key.CALL_NEXT, 0)]


def test_a_keypad_that_asks_for_attention_is_polled_at_once(buses: list[Bus]) -> None:
    """``Bus.attention``: a quiet keypad whose next poll is far off (the bus's clock is a
    fake one that never moves) is asked at once when it says it has news, and only
    then: the press is read, handed on and acknowledged with no poll falling due."""
    presses = Presses()
    with PtyLine([SimKeypad(17)]) as line:
        settings = fast(line.url, poll_s=100.0, idle_poll_s=100.0, check_s=1e6, probe_s=1e6)
        bus = Bus(settings, monotonic=lambda: 0.0)
        keypad = presses.keypad("keypad 1", 17)
        bus.add(keypad)
        sim = line.devices[17]
        assert isinstance(sim, SimKeypad)
        bus.start()
        buses.append(bus)
        assert sim.wait_for(lambda: sim.requests >= 2)  # probed, then polled once
        assert sim.wait_for(lambda: keypad.next_poll == 100.0)
        asked = sim.requests
        seq = sim.press(Key.CALL_NEXT)  # no doorbell here: it waits in the queue
        assert not sim.wait_for(lambda: sim.requests > asked, timeout=0.3)
        bus.attention(17)
        assert sim.wait_for(lambda: seq in sim.acked)
        assert [p for _, p in presses.got] == [KeyPress(seq, Key.CALL_NEXT, 0)]
