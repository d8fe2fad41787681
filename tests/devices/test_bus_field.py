"""What a hall meets on its buses in the first weeks, over real pseudo-terminals: a device
that answers with Modbus exceptions, late and duplicated replies, an adapter that echoes
its own transmissions, text the LED font lacks."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable

import pytest

from kiosk.core.devices import DisplayText, Key, KeyPress
from kiosk.devices.bus import Bus, Health
from kiosk.devices.drivers.modbus import ModbusDisplay, ModbusEvaluator, ModbusKeypad, encode_text
from kiosk.devices.modbus.frames import ExceptionCode, ReadRegisters
from kiosk.devices.simulators import PtyLine, SimDisplay, SimEvaluator, SimKeypad
from tests.devices.conftest import HealthLog, fast


class Presses:
    """A keypad's receiver that finishes each press at once (as the hub does after
    the queue's commit), so the keypad is acknowledged."""

    def __init__(self) -> None:
        self.got: list[KeyPress] = []
        self.cond = threading.Condition()
        self.keypads: dict[str, ModbusKeypad] = {}

    def keypad(self, name: str, address: int) -> ModbusKeypad:
        self.keypads[name] = ModbusKeypad(name, address, self)
        return self.keypads[name]

    def __call__(self, name: str, press: KeyPress) -> None:
        with self.cond:
            self.got.append(press)
            self.cond.notify_all()
        self.keypads[name].handled(press.seq)


def wait_detail(health: HealthLog, name: str, ok: Callable[[str], bool], after: int = 0) -> Health:
    """Wait for a health change of this device whose detail passes ``ok``."""

    def found() -> Health | None:
        return next((h for h in health.changes[after:] if h.name == name and ok(h.detail)), None)

    with health._cond:
        assert health._cond.wait_for(lambda: found() is not None, 5), health.changes
    h = found()
    assert h is not None
    return h


# -- item 7: a device answering with exceptions ------------------------------------------


@pytest.mark.parametrize("code", [ExceptionCode.DEVICE_FAILURE, ExceptionCode.BUSY])
def test_a_refusing_evaluator_is_backed_off_and_the_keypad_beside_it_keeps_its_turn(
    code: ExceptionCode, buses: list[Bus], health: HealthLog, caplog: pytest.LogCaptureFixture
) -> None:
    """An evaluator answers every write with exception 4 (or 6). Its arming is tried again
    with a backoff that doubles from the reply timeout (50 ms here) up to probe_s (0.4 s),
    not at every free moment; a pause pressed on the keypad of the same bus meanwhile is
    applied at once; the fault shows in the evaluator's health and is logged once; when
    the evaluator recovers it is armed and its health is clear again."""
    caplog.set_level(logging.INFO, logger="kiosk.devices.bus")
    presses = Presses()
    with PtyLine([SimEvaluator(33), SimKeypad(17)]) as line:
        bus = Bus(fast(line.url, probe_s=0.4), listener=health)
        evaluator = ModbusEvaluator("evaluator 1", 33, lambda *_: None)
        bus.add(evaluator)
        bus.add(presses.keypad("keypad 1", 17))
        line.faults[33].refuse_writes = code
        bus.start()
        buses.append(bus)
        health.wait("evaluator 1", online=True)
        health.wait("keypad 1", online=True)
        evaluator.arm("ticket-1")
        wait_detail(health, "evaluator 1", lambda d: f"exception {int(code)}" in d)
        sim_keypad, sim_evaluator = line.devices[17], line.devices[33]
        assert isinstance(sim_keypad, SimKeypad) and isinstance(sim_evaluator, SimEvaluator)
        seq = sim_keypad.press(Key.PAUSE)
        assert sim_keypad.wait_for(lambda: seq in sim_keypad.acked, timeout=5)
        assert [p.seq for p in presses.got] == [seq]
        writes = [h for h in line.heard if h.address == 33 and not isinstance(h.request,
                  ReadRegisters)]  # fmt: skip
        elapsed = writes[-1].at - writes[0].at
        # 0.05 + 0.1 + 0.2 = 0.35 s for the first four, then one every 0.4 s at most
        allowed = 4 + math.ceil(max(elapsed - 0.35, 0) / 0.4) + 1
        assert len(writes) <= allowed, f"{len(writes)} writes in {elapsed:.2f} s"
        refusals = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(refusals) == 1 and "evaluator 1" in refusals[0].getMessage()
        assert not sim_evaluator.armed
        line.faults[33].refuse_writes = 0  # it recovers
        assert sim_evaluator.wait_for(lambda: sim_evaluator.armed, timeout=5)
        mark = next(i for i, h in enumerate(health.changes) if "exception" in h.detail)
        wait_detail(health, "evaluator 1", lambda d: d == "", after=mark + 1)
        assert any("answers again after" in r.getMessage() for r in caplog.records)


def test_a_write_the_device_calls_illegal_is_not_sent_again(
    buses: list[Bus], health: HealthLog
) -> None:
    """Exception 3 (illegal value) will never become a yes: that text is dropped, the
    next text is sent."""
    with PtyLine([SimDisplay(1)]) as line:
        bus = Bus(fast(line.url, probe_s=0.2), listener=health)
        display = ModbusDisplay("counter 1", 1)
        bus.add(display)
        bus.start()
        buses.append(bus)
        health.wait("counter 1", online=True)
        line.faults[1].refuse_writes = ExceptionCode.ILLEGAL_VALUE
        display.show(DisplayText("A001"))
        sim = line.devices[1]
        assert isinstance(sim, SimDisplay)
        wait_detail(health, "counter 1", lambda d: "exception 3" in d)
        line.faults[1].refuse_writes = 0
        display.show(DisplayText("A002"))
        assert sim.wait_for(lambda: sim.text.line1 == "A002")
        writes = [h for h in line.heard if h.address == 1 and not isinstance(h.request,
                  ReadRegisters)]  # fmt: skip
        assert len(writes) == 2  # A001 once (refused), then A002


# -- item 11: LED text and an echoing adapter --------------------------------------------


def test_led_text_is_folded_as_on_the_printer_and_cut_on_character_boundaries() -> None:
    assert encode_text("VIP·窗口") == "VIP・窗口".encode("gb2312")
    assert encode_text("¥5 – 2") == "￥5 - 2".encode("gb2312")
    assert encode_text("A😀") == "A□".encode("gb2312")  # no "?": a box, as browsers draw
    cut = encode_text("A" + "窗" * 40)
    assert len(cut) == 63 and cut.decode("gb2312") == "A" + "窗" * 31
    assert encode_text("窗" * 40).decode("gb2312") == "窗" * 32


def test_a_display_shows_folded_text_whole_over_a_pty(buses: list[Bus]) -> None:
    with PtyLine([SimDisplay(1)]) as line:
        bus = Bus(fast(line.url))
        display = ModbusDisplay("counter 1", 1)
        bus.add(display)
        bus.start()
        buses.append(bus)
        display.show(DisplayText("VIP·窗口", "A" + "请到3号窗口" * 8))
        sim = line.devices[1]
        assert isinstance(sim, SimDisplay)
        want = DisplayText(
            "VIP・窗口", ("A" + "请到3号窗口" * 8).encode("gb2312")[:63].decode("gb2312")
        )
        assert sim.wait_for(lambda: sim.text == want), sim.text
        assert "\ufffd" not in sim.text.line2 and "?" not in sim.text.line1


def test_an_adapter_that_echoes_needs_discard_echo(buses: list[Bus], health: HealthLog) -> None:
    """A 2-wire adapter hears its own request before the reply. With discard_echo the
    echo is dropped: the display works and a dead device is "no reply". Without it a
    dead device's detail names the echo and the key, not "a garbled reply"."""
    with PtyLine([SimDisplay(1)], echo=True) as line:
        bus = Bus(fast(line.url, "echoing", discard_echo=True), listener=health)
        display = ModbusDisplay("counter 1", 1)
        bus.add(display)
        bus.add(ModbusDisplay("dead", 9))
        bus.start()
        buses.append(bus)
        health.wait("counter 1", online=True)
        display.show(DisplayText("A023", "请到3号窗口"))
        sim = line.devices[1]
        assert isinstance(sim, SimDisplay)
        assert sim.wait_for(lambda: sim.text == DisplayText("A023", "请到3号窗口"))
        down = health.wait("dead", online=False)
        assert down.detail.startswith("no reply within"), down.detail
    with PtyLine([SimDisplay(1)], echo=True) as line:
        plain = Bus(fast(line.url, "plain"), listener=health)
        plain.add(ModbusDisplay("dead again", 9))
        plain.start()
        buses.append(plain)
        down = health.wait("dead again", online=False)
        assert "echo" in down.detail and "discard_echo" in down.detail, down.detail
        assert "garbled" not in down.detail
