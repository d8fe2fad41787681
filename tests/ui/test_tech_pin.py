"""The technician panel's PIN pad: the demo PIN opens it, wrong PINs lock it for a while
(the lock is the store's: a new panel, or a new process, finds it); a hall without a PIN
of its own has the first technician choose one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from kiosk import config
from kiosk.app import Role, load_settings
from kiosk.core.clock import ManualClock
from kiosk.core.pin import MemoryPinStore, PinGate, check_pin
from kiosk.store.pin import SqlPinStore
from kiosk.ui.app import open_context
from kiosk.ui.tech.controller import PadMode
from kiosk.ui.tech.window import TechWindow

WRONG = "9999"


def opened(qtbot: Any, ctx: Any, gate: PinGate | None = None) -> TechWindow:
    """A panel, once the store has told its pad whether it is locked or has no PIN."""
    w = TechWindow(ctx, gate)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.pin.state.mode is not PadMode.CHECKING, timeout=5000)
    return w


@pytest.fixture
def window(ui_ctx: Any, qtbot: Any) -> TechWindow:
    ui_ctx.languages.set("en")  # the assertions read the English texts
    w = opened(qtbot, ui_ctx)
    w.show()
    return w


def press_pin(qtbot: Any, window: TechWindow, pin: str) -> None:
    """Type a PIN on the pad's buttons and press OK, as a technician does."""
    for key in [*pin, "ok"]:
        qtbot.mouseClick(window.pinpad.buttons[key], Qt.MouseButton.LeftButton)


def enter_pin(qtbot: Any, window: TechWindow, pin: str) -> None:
    """Press a PIN and wait until its check (on the store worker) has come back."""
    with qtbot.waitSignal(
        window.pin.padChanged,
        timeout=5000,
        check_params_cb=lambda s: s.mode is not PadMode.CHECKING,
    ):
        press_pin(qtbot, window, pin)


def test_the_pad_shows_first_and_the_demo_pin_opens_the_panel(
    window: TechWindow, qtbot: Any
) -> None:
    assert window.stack.currentWidget() is window.pinpad
    assert not window.lock_button.isVisible()
    with qtbot.waitSignal(window.pin.unlockedChanged, timeout=5000) as opened:
        press_pin(qtbot, window, "1234")
    assert opened.args == [True]
    assert window.stack.currentWidget() is window.tabs
    assert window.tabs.currentWidget() is window.devices
    assert window.lock_button.isVisible()


def test_the_entry_is_masked_and_clear_empties_it(window: TechWindow, qtbot: Any) -> None:
    for key in "12":
        qtbot.mouseClick(window.pinpad.buttons[key], Qt.MouseButton.LeftButton)
    assert window.pinpad.entry.text() == "12"
    assert window.pinpad.entry.displayText() != "12"
    qtbot.mouseClick(window.pinpad.buttons["clear"], Qt.MouseButton.LeftButton)
    assert window.pinpad.entry.text() == ""


def test_a_wrong_pin_says_how_many_attempts_are_left(window: TechWindow, qtbot: Any) -> None:
    enter_pin(qtbot, window, WRONG)
    assert window.pin.state.mode is PadMode.WRONG
    assert window.pin.state.attempts_left == 4
    assert "4" in window.pinpad.message.text()
    assert window.pinpad.entry.text() == "", "the wrong PIN is cleared"
    assert window.stack.currentWidget() is window.pinpad


def test_pin_lockout_refuses_input_until_the_clock_passes_it(
    window: TechWindow, qtbot: Any, ui_clock: ManualClock, ui_ctx: Any
) -> None:
    """The issue's "PIN lockout": five wrong PINs lock the pad for five minutes;
    even the right PIN is refused; it counts down and opens again on time."""
    for _ in range(4):
        enter_pin(qtbot, window, WRONG)
    enter_pin(qtbot, window, WRONG)
    assert window.pin.state.mode is PadMode.LOCKED
    assert "5:00" in window.pinpad.message.text()
    assert window.pin.timer.isActive(), "a timer re-checks the lockout"
    assert not any(b.isEnabled() for b in window.pinpad.buttons.values())

    window.pinpad.press("1")
    window.pin.submit("1234")  # even straight to the controller
    assert window.pinpad.entry.text() == ""
    assert ui_ctx.ops.pending == 0, "no check is even started while locked"
    assert not window.pin.unlocked

    ui_clock.advance(4 * 60 + 55)
    window.pin.recheck()
    assert window.pin.state.mode is PadMode.LOCKED
    assert "0:05" in window.pinpad.message.text()

    ui_clock.advance(5)
    window.pin.recheck()
    assert window.pin.state.mode is PadMode.READY
    assert not window.pin.timer.isActive()
    assert all(b.isEnabled() for b in window.pinpad.buttons.values())
    assert window.pinpad.message.text() == ""

    with qtbot.waitSignal(window.pin.unlockedChanged, timeout=5000):
        press_pin(qtbot, window, "1234")
    assert window.stack.currentWidget() is window.tabs


def test_a_lockout_survives_reopening_the_panel(
    ui_ctx: Any, qtbot: Any, ui_clock: ManualClock
) -> None:
    """The kiosk's long-press may open a new window each time: closing and reopening does
    not buy five more tries."""
    first = opened(qtbot, ui_ctx)
    for _ in range(5):
        enter_pin(qtbot, first, WRONG)
    first.close()
    ui_clock.advance(60)
    again = opened(qtbot, ui_ctx)
    assert again.pin.state.mode is PadMode.LOCKED
    assert "4:00" in again.pinpad.message.text()
    assert not again.pinpad.buttons["1"].isEnabled()
    assert again.pin.timer.isActive()


def new_process(settings: Any, clock: ManualClock) -> Any:
    """The shared parts of a screen process started afresh on the same data directory."""
    ctx = open_context(settings, Role.TECH, clock=clock)
    ctx.languages.set("en")
    return ctx


def close_process(ctx: Any) -> None:
    ctx.watcher.stop()
    ctx.ops.stop()
    ctx.devices.stop()
    ctx.runtime.close()


def test_a_lockout_survives_restarting_the_panel_process(
    ui_ctx: Any, qtbot: Any, ui_clock: ManualClock
) -> None:
    """Issue 9, item 13: restarting `kiosk tech` cleared the lockout. The second process
    here has nothing of the first but the data directory."""
    first = opened(qtbot, ui_ctx)
    for _ in range(5):
        enter_pin(qtbot, first, WRONG)
    assert first.pin.state.mode is PadMode.LOCKED
    first.close()
    ui_clock.advance(90)
    restarted = new_process(ui_ctx.settings, ManualClock(ui_clock.now()))
    try:
        again = opened(qtbot, restarted)
        assert again.pin.state.mode is PadMode.LOCKED
        assert "3:30" in again.pinpad.message.text()
        again.pin.submit("1234")
        assert restarted.ops.pending == 0, "no check is even started while locked"
        assert not again.pin.unlocked
        again.close()
    finally:
        close_process(restarted)


@pytest.fixture
def hall_ctx(tmp_path: Path, qtbot: Any, ui_clock: ManualClock) -> Iterator[Any]:
    """A hall's own configuration file that sets no PIN of its own (it kept the example's
    demo hash, which does not apply to a hall)."""
    path = tmp_path / "hall.toml"
    path.write_text(config.example_text(), encoding="utf-8")
    settings = load_settings(path, tmp_path / "hall-data")
    assert settings.config.tech.pin_hash == ""
    ctx = new_process(settings, ui_clock)
    yield ctx
    close_process(ctx)


def press_twice(qtbot: Any, window: TechWindow, first: str, second: str) -> None:
    press_pin(qtbot, window, first)
    assert window.pin.state.mode is PadMode.CONFIRM
    press_pin(qtbot, window, second)


def test_a_hall_without_its_own_pin_has_the_first_technician_choose_one(
    hall_ctx: Any, qtbot: Any
) -> None:
    w = opened(qtbot, hall_ctx)
    assert w.pin.state.mode is PadMode.CHOOSE
    assert w.pinpad.title.text() == "Technician panel: choose a PIN"
    assert "no technician PIN yet" in w.pinpad.message.text()

    press_pin(qtbot, w, "123")
    assert w.pin.state.mode is PadMode.TOO_SHORT
    press_twice(qtbot, w, "864209", "864208")
    assert w.pin.state.mode is PadMode.MISMATCH, "two different PINs: choose again"
    assert not w.pin.unlocked
    with qtbot.waitSignal(w.pin.unlockedChanged, timeout=5000):
        press_twice(qtbot, w, "864209", "864209")
    assert w.stack.currentWidget() is w.tabs

    record = SqlPinStore(hall_ctx.service._store).read_pin()
    assert record.chosen_hash is not None and check_pin("864209", record.chosen_hash)
    qtbot.mouseClick(w.lock_button, Qt.MouseButton.LeftButton)
    assert w.pin.state.mode is PadMode.READY
    assert w.pinpad.title.text() == "Technician panel: enter the PIN"
    enter_pin(qtbot, w, "1234")
    assert w.pin.state.mode is PadMode.WRONG, "the shipped demo PIN never opens a hall's panel"
    with qtbot.waitSignal(w.pin.unlockedChanged, timeout=5000):
        press_pin(qtbot, w, "864209")


def test_the_pin_chosen_in_one_process_is_the_one_the_next_process_asks_for(
    hall_ctx: Any, qtbot: Any, ui_clock: ManualClock
) -> None:
    w = opened(qtbot, hall_ctx)
    with qtbot.waitSignal(w.pin.unlockedChanged, timeout=5000):
        press_twice(qtbot, w, "5317", "5317")
    w.close()
    later = new_process(hall_ctx.settings, ui_clock)
    try:
        again = opened(qtbot, later)
        assert again.pin.state.mode is PadMode.READY, "asked for the PIN, not to choose one"
        with qtbot.waitSignal(again.pin.unlockedChanged, timeout=5000):
            press_pin(qtbot, again, "5317")
        again.close()
    finally:
        close_process(later)


def test_a_pin_check_that_crashes_is_logged_and_shown_not_swallowed(
    ui_ctx: Any, qtbot: Any, ui_clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    window = opened(qtbot, ui_ctx, PinGate("not-a-hash", MemoryPinStore(), ui_clock))
    enter_pin(qtbot, window, "1234")
    assert window.pin.state.mode is PadMode.ERROR
    assert window.pinpad.message.text() != ""
    assert not window.pin.unlocked
    assert window.pinpad.buttons["1"].isEnabled(), "the pad stays usable"
    assert any(r.levelname == "ERROR" and r.exc_info for r in caplog.records)


def test_lock_returns_to_the_pad_and_needs_the_pin_again(window: TechWindow, qtbot: Any) -> None:
    with qtbot.waitSignal(window.pin.unlockedChanged, timeout=5000):
        press_pin(qtbot, window, "1234")
    with qtbot.waitSignal(window.pin.unlockedChanged) as closed:
        qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    assert closed.args == [False]
    assert window.stack.currentWidget() is window.pinpad
    assert window.pinpad.entry.text() == ""
    enter_pin(qtbot, window, WRONG)
    assert window.stack.currentWidget() is window.pinpad


def test_closing_the_window_locks_the_panel(window: TechWindow, qtbot: Any) -> None:
    with qtbot.waitSignal(window.pin.unlockedChanged, timeout=5000):
        press_pin(qtbot, window, "1234")
    window.close()
    assert not window.pin.unlocked
    assert window.stack.currentWidget() is window.pinpad


def test_the_keyboard_enters_a_pin_too(window: TechWindow, qtbot: Any) -> None:
    with qtbot.waitSignal(window.pin.unlockedChanged, timeout=5000):
        qtbot.keyClicks(window.pinpad.entry, "1234")
        qtbot.keyClick(window.pinpad.entry, Qt.Key.Key_Return)
    assert window.pin.unlocked


class _Shouting(QTranslator):
    """A stand-in translation: every source string in capitals."""

    def translate(self, context: str, source: str, disambiguation: Any = None, n: int = -1) -> str:
        return source.upper()

    def isEmpty(self) -> bool:
        return False  # Qt skips an empty translator


def test_a_language_change_retranslates_without_reopening(window: TechWindow, qtbot: Any) -> None:
    translator = _Shouting()
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: window.windowTitle() == "TECHNICIAN PANEL")
        assert window.pinpad.buttons["clear"].text() == "CLEAR"
        assert window.tabs.tabText(0) == "DEVICES"
        assert window.devices.run_all_button.text() == "RUN ALL SELF-TESTS"
    finally:
        app.removeTranslator(translator)
    qtbot.waitUntil(lambda: window.windowTitle() == "Technician panel")


def test_the_panel_speaks_chinese_from_the_shipped_catalogue(ui_ctx: Any, qtbot: Any) -> None:
    ui_ctx.languages.set("zh")
    w = opened(qtbot, ui_ctx)
    assert w.windowTitle() == "技术维护面板"
    ui_ctx.languages.set("en")
    qtbot.waitUntil(lambda: w.windowTitle() == "Technician panel")
