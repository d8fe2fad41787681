"""The simulated devices' window and the technician panel's bus devices, over a real device
hub: the demo hall's simulators on a pseudo-terminal, the queue on a SQLite store."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from kiosk.app import DeviceHostRuntime, build_devices
from kiosk.core.devices import DisplayText, Key, Rating, Refusal
from kiosk.core.model import CounterState
from kiosk.devices.hub import DeviceHub
from kiosk.devices.modbus import registers as reg
from kiosk.devices.settings import demo_settings
from kiosk.devices.simulators import SimDisplay, SimulatedBuses
from kiosk.ui import style
from kiosk.ui.devices.bridge import QtHubEvents, SimFeed
from kiosk.ui.devices.led import LedPanel
from kiosk.ui.devices.lights import Link
from kiosk.ui.devices.simwindow import SimDevicesWindow

from .test_tech_panel import open_panel

WAIT_MS = 10_000  # an upper bound: every wait ends on the event it waits for


@pytest.fixture
def simulated() -> SimulatedBuses:
    """The demo hall's simulated devices for counters 1 and 2."""
    return SimulatedBuses(demo_settings([1, 2]))


@pytest.fixture
def hub_parts(ui_ctx: Any, simulated: SimulatedBuses) -> Iterator[tuple[DeviceHub, QtHubEvents]]:
    """The devices, running, on the context's queue."""
    events = QtHubEvents()
    hub = build_devices(simulated.settings, ui_ctx.service, voice=False, events=events,
                        wires=[simulated])  # fmt: skip
    hub.start()
    yield hub, events
    hub.stop()


@pytest.fixture
def window(
    ui_ctx: Any, simulated: SimulatedBuses, hub_parts: tuple[DeviceHub, QtHubEvents], qtbot: Any
) -> SimDevicesWindow:
    ui_ctx.languages.set("en")
    hub, events = hub_parts
    w = SimDevicesWindow(simulated, hub, events)
    qtbot.addWidget(w)
    w.show()
    return w


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_the_window_has_the_strip_and_each_counters_devices(window: SimDevicesWindow) -> None:
    assert list(window.strips) == ["main strip"]
    assert sorted(window.rows) == [1, 2]
    row = window.rows[1]
    assert row.keypad is not None and row.evaluator is not None and len(row.displays) == 1
    assert set(row.keypad.buttons) == set(Key), "every key the keypad has"
    assert set(row.evaluator.buttons) == set(Rating)
    assert set(window.lights) == {"main strip", "display 1", "keypad 1", "evaluator 1",
                                  "display 2", "keypad 2", "evaluator 2"}  # fmt: skip


def test_calling_next_shows_the_number_on_the_counters_led_panel(
    ui_ctx: Any, hub_parts: tuple[DeviceHub, QtHubEvents], window: SimDevicesWindow, qtbot: Any
) -> None:
    """The queue changes in this process: the hub writes the display over the pty and the
    panel shows what the simulated display received, the new number blinking."""
    _hub, _ = hub_parts
    service = ui_ctx.service
    service.open_counter(1)
    ticket = service.issue("bill").ticket
    service.call_next(1)
    panel = window.rows[1].displays[0].panel
    qtbot.waitUntil(lambda: panel.line2 == "请到1号窗口", timeout=WAIT_MS)
    assert panel.line1 == ticket.number
    assert panel.mode == "text"
    strip = window.strips["main strip"].panel
    latest = DisplayText(
        f"请{ticket.number}号到1号窗口办理", f"Ticket {ticket.number}, please go to counter 1"
    )
    qtbot.waitUntil(lambda: strip.text == latest, timeout=WAIT_MS)
    other = window.rows[2].displays[0].panel
    qtbot.waitUntil(lambda: other.text == DisplayText("2号窗口", "窗口关闭"), timeout=WAIT_MS)


def test_a_new_number_blinks_on_the_led_panel(
    ui_ctx: Any, hub_parts: tuple[DeviceHub, QtHubEvents], window: SimDevicesWindow, qtbot: Any
) -> None:
    _hub, _ = hub_parts
    ui_ctx.service.open_counter(1)
    ticket = ui_ctx.service.issue("bill").ticket
    ui_ctx.service.call_next(1)
    panel = window.rows[1].displays[0].panel
    qtbot.waitUntil(lambda: panel.line1 == ticket.number, timeout=WAIT_MS)
    assert panel.blinking, "a new number blinks (3 times, as the hub sent it)"


def test_the_call_next_key_makes_exactly_one_call(
    ui_ctx: Any, hub_parts: tuple[DeviceHub, QtHubEvents], window: SimDevicesWindow, qtbot: Any
) -> None:
    hub, events = hub_parts
    service = ui_ctx.service
    first = service.issue("bill").ticket
    service.issue("bill")
    keypad = window.rows[1].keypad
    assert keypad is not None
    with qtbot.waitSignal(events.keyHandled, timeout=WAIT_MS) as opened:
        click(qtbot, keypad.buttons[Key.OPEN])
    assert opened.args[:2] == ["keypad 1", 1]
    assert (opened.args[2].key, opened.args[2].text, opened.args[2].ok) == (Key.OPEN, "open", True)
    with qtbot.waitSignal(events.keyHandled, timeout=WAIT_MS) as called:
        click(qtbot, keypad.buttons[Key.CALL_NEXT])
    report = called.args[2]
    assert called.args[:2] == ["keypad 1", 1]
    assert (report.key, report.number, report.ok) == (Key.CALL_NEXT, first.number, True)
    assert report.text == f"call-next {first.number}"  # the English of the log
    panel = window.rows[1].displays[0].panel
    qtbot.waitUntil(lambda: panel.line1 == first.number, timeout=WAIT_MS)
    assert hub.wait_idle()
    status = service.status()
    assert [c.number for c in status.calls] == [first.number], "one call, not two"
    assert len(status.waiting) == 1
    assert keypad.result.text() == f"Last key: called {first.number}"


def test_a_refused_key_says_why_on_the_keypad(
    hub_parts: tuple[DeviceHub, QtHubEvents], window: SimDevicesWindow, qtbot: Any
) -> None:
    _, events = hub_parts
    keypad = window.rows[2].keypad
    assert keypad is not None
    with qtbot.waitSignal(events.keyHandled, timeout=WAIT_MS) as refused:
        click(qtbot, keypad.buttons[Key.CALL_NEXT])  # counter 2 is closed
    report = refused.args[2]
    assert not report.ok and report.refusal is Refusal.NOT_NOW
    assert report.state is CounterState.CLOSED
    assert keypad.result.text() == "Refused: the counter is closed: press Open counter first"
    assert keypad.result.styleSheet().endswith(f"color: {style.ALERT};")


def test_transfer_sends_the_typed_counter_number(
    ui_ctx: Any, hub_parts: tuple[DeviceHub, QtHubEvents], window: SimDevicesWindow, qtbot: Any
) -> None:
    _, events = hub_parts
    service = ui_ctx.service
    service.open_counter(1)
    service.open_counter(2)
    ticket = service.issue("bill").ticket
    service.call_next(1)
    keypad = window.rows[1].keypad
    assert keypad is not None
    qtbot.keyClicks(keypad.digits, "2x")  # only digits are typed
    assert keypad.digits.text() == "2"
    with qtbot.waitSignal(events.keyHandled, timeout=WAIT_MS) as moved:
        click(qtbot, keypad.buttons[Key.TRANSFER])
    report = moved.args[2]
    assert (report.key, report.number, report.to_counter, report.ok) == (
        Key.TRANSFER, ticket.number, 2, True
    )  # fmt: skip
    assert report.text == f"{ticket.number} to counter 2"
    assert keypad.result.text() == f"Last key: {ticket.number} sent to counter 2"
    assert keypad.digits.text() == "", "the keypad forgets the digits after the key"


def test_after_done_the_evaluator_lights_and_a_press_is_stored(
    ui_ctx: Any, hub_parts: tuple[DeviceHub, QtHubEvents], window: SimDevicesWindow, qtbot: Any
) -> None:
    hub, events = hub_parts
    ticket = ui_ctx.service.issue("bill").ticket
    row = window.rows[1]
    keypad, evaluator = row.keypad, row.evaluator
    assert keypad is not None and evaluator is not None
    assert not any(b.isEnabled() for b in evaluator.buttons.values()), "dark before done"
    assert evaluator.state.text() == "Dark: lights up after Done"
    for key in (Key.OPEN, Key.CALL_NEXT, Key.SERVE, Key.DONE):
        click(qtbot, keypad.buttons[key])
    qtbot.waitUntil(lambda: all(b.isEnabled() for b in evaluator.buttons.values()), timeout=WAIT_MS)
    assert evaluator.state.text() == "Lit: waiting for the visitor's rating"
    other = window.rows[2].evaluator
    assert other is not None and not any(b.isEnabled() for b in other.buttons.values())
    with qtbot.waitSignal(events.ratingReceived, timeout=WAIT_MS) as rated:
        click(qtbot, evaluator.buttons[Rating.SATISFIED])
    assert rated.args == [1, ticket.uid, Rating.SATISFIED]
    assert hub.ratings == [(1, ticket.uid, Rating.SATISFIED)]
    qtbot.waitUntil(
        lambda: not any(b.isEnabled() for b in evaluator.buttons.values()), timeout=WAIT_MS
    )
    assert evaluator.state.text() == "Rated: Satisfied"


def test_the_window_speaks_chinese_after_a_language_change(
    ui_ctx: Any, window: SimDevicesWindow, qtbot: Any
) -> None:
    ui_ctx.languages.set("zh")  # Qt posts every widget a LanguageChange
    qtbot.waitUntil(lambda: window.windowTitle() == "模拟设备")
    evaluator = window.rows[1].evaluator
    assert evaluator is not None
    labels = [evaluator.buttons[r].text() for r in Rating]
    assert labels == ["非常满意", "满意", "一般", "不满意"]
    assert window.rows[2].title.text() == "2号窗口"


def test_an_offline_device_is_red_in_the_technician_panel_and_comes_back(
    ui_ctx: Any, simulated: SimulatedBuses, hub_parts: tuple[DeviceHub, QtHubEvents], qtbot: Any
) -> None:
    """A keypad that stops answering (muted on the simulated line) turns red with the
    bus's reason; the others stay green; it is green again when it answers."""
    hub, events = hub_parts
    # the panel of a process that owns these devices
    host = DeviceHostRuntime(ui_ctx.settings, hub, None, [], simulated)
    runtime = dataclasses.replace(ui_ctx.runtime, devices=host)
    panel = open_panel(dataclasses.replace(ui_ctx, runtime=runtime, hub_events=events), qtbot)
    bus = panel.devices.bus_devices
    assert bus.isVisible()
    assert set(panel.devices.lights) == {"printer", "voice", "storage", "fonts"}
    qtbot.waitUntil(lambda: bus.state("keypad 2") is Link.ONLINE, timeout=WAIT_MS)
    assert bus.tree.topLevelItemCount() == 7
    assert bus.tree.headerItem().text(4) == "Last error"
    line = simulated.lines["demo"]
    line.faults[102].mute = True
    qtbot.waitUntil(lambda: bus.state("keypad 2") is Link.OFFLINE, timeout=WAIT_MS)
    item = bus.item("keypad 2")
    assert (item.text(1), item.text(2), item.text(3)) == ("Keypad", "demo · address 102",
                                                          "Offline")  # fmt: skip
    assert "no reply" in item.text(4)
    assert bus.colour("keypad 2") == style.ALERT
    assert bus.state("display 2") is Link.ONLINE
    line.faults[102].mute = False
    qtbot.waitUntil(lambda: bus.state("keypad 2") is Link.ONLINE, timeout=WAIT_MS)
    assert bus.item("keypad 2").text(4) == ""


def test_without_a_hub_the_panel_has_no_bus_devices(ui_ctx: Any, qtbot: Any) -> None:
    panel = open_panel(ui_ctx, qtbot)
    assert not panel.devices.bus_devices.isVisible()


def test_an_led_panel_blinks_the_times_it_was_told_then_stays_lit(qtbot: Any) -> None:
    panel = LedPanel()
    qtbot.addWidget(panel)
    panel.show_text(DisplayText("A023", "请到3号窗口"), "text", blink=2)
    assert panel.blinking and not panel.lit
    seen = []
    for _ in range(4):
        assert panel.blinking
        panel._blink()  # the timer's tick, driven by the test
        seen.append(panel.lit)
    assert seen == [True, False, True, True]
    assert not panel.blinking and panel.lit
    panel.show_text(DisplayText("A023", "正在办理"), "text")
    assert not panel.blinking, "the same number again does not blink"


def test_a_detached_feed_stays_silent(qtbot: Any) -> None:
    display = SimDisplay(5, "display 5")
    feed = SimFeed([display])
    with qtbot.waitSignal(feed.changed, timeout=WAIT_MS) as changed:
        display.write(reg.DISPLAY_COMMAND, (reg.CMD_TEST_PATTERN,))
    assert changed.args == [display]
    feed.detach()
    with qtbot.assertNotEmitted(feed.changed):
        display.write(reg.DISPLAY_COMMAND, (reg.CMD_CLEAR,))


NUMBER = re.compile(r"\b[A-Z]\d{3}\b")  # a ticket number reads the same in both languages
JARGON = ("pseudo-terminal", "伪终端", "RS-485", "Modbus", "hub", "设备中心", "call-next")


def shown_texts(window: SimDevicesWindow) -> list[str]:
    """Every text a person reads in the window: titles, notes, keys and placeholders
    (the LED panels show the devices' own bilingual content and are left out)."""
    texts = [w.text() for w in window.findChildren(QLabel) if w.isVisibleTo(window)]
    texts += [b.text() for b in window.findChildren(QPushButton) if b.isVisibleTo(window)]
    texts += [e.placeholderText() for e in window.findChildren(QLineEdit)]
    return [t for t in texts if t]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_window_speaks_one_language_at_a_time_without_jargon(
    ui_ctx: Any,
    simulated: SimulatedBuses,
    hub_parts: tuple[DeviceHub, QtHubEvents],
    qtbot: Any,
    lang: str,
) -> None:
    """ "上次按键：call-next A001" and "经伪终端应答" were the hub's English and a
    developer's words in a Chinese window: each key's result is worded by the window,
    from what the key did (or why it was refused), in the window's language."""
    hub, events = hub_parts
    ui_ctx.languages.set(lang)
    window = SimDevicesWindow(simulated, hub, events)
    qtbot.addWidget(window)
    window.show()
    ticket = ui_ctx.service.issue("bill").ticket
    one, two = window.rows[1].keypad, window.rows[2].keypad
    assert one is not None and two is not None
    n = ticket.number
    said = {
        "zh": ["未执行：窗口未开启，请先按“开启窗口”", "上次按键：窗口已开启",
               f"上次按键：已叫 {n} 号", "未执行：没有这个窗口或号码"],
        "en": ["Refused: the counter is closed: press Open counter first",
               "Last key: the counter is open", f"Last key: called {n}",
               "Refused: there is no such counter or ticket"],
    }[lang]  # fmt: skip
    presses = [(two, Key.CALL_NEXT), (one, Key.OPEN), (one, Key.CALL_NEXT), (one, Key.TRANSFER)]
    for (keypad, key), words in zip(presses, said, strict=True):
        if key is Key.TRANSFER:
            qtbot.keyClicks(keypad.digits, "9")  # there is no counter 9
        with qtbot.waitSignal(events.keyHandled, timeout=WAIT_MS):
            click(qtbot, keypad.buttons[key])
        qtbot.waitUntil(lambda k=keypad, w=words: k.result.text() == w, timeout=WAIT_MS)
    texts = shown_texts(window)
    assert said[-1] in texts and said[0] in texts
    for text in texts:
        plain = NUMBER.sub("", text).replace("LED", "")
        if lang == "zh":
            assert not re.search(r"[A-Za-z]{2,}", plain), f"English in the Chinese window: {text!r}"
        else:
            assert not re.search(r"[\u3400-\u9fff]", plain), (
                f"Chinese in the English window: {text!r}"
            )
        assert not any(word.lower() in text.lower() for word in JARGON), f"jargon: {text!r}"
