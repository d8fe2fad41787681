"""The customer kiosk, driven like a visitor drives it: taps on a real window over a
real store, the simulated printer, and a manual clock for every timeout."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from kiosk.core.model import Priority
from kiosk.core.ports import PrintJob
from kiosk.core.ticketlink import ticket_url
from kiosk.ui import style
from kiosk.ui.kiosk.home import ServiceTile
from kiosk.ui.kiosk.window import KioskWindow

from ..conftest import MORNING

OpenKiosk = Callable[..., KioskWindow]


@pytest.fixture
def open_kiosk(ui_ctx: Any, qtbot: Any) -> OpenKiosk:
    """Open the kiosk at a size and wait for the first hall status to reach its tiles."""

    def open_(width: int = 1080, height: int = 1920) -> KioskWindow:
        window = KioskWindow(ui_ctx)
        qtbot.addWidget(window, before_close_func=lambda w: w.allow_close())
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        ui_ctx.watcher.start()
        qtbot.waitUntil(lambda: all(t.status is not None for t in window.home.tiles))
        return window

    return open_


@pytest.fixture
def kiosk(open_kiosk: OpenKiosk) -> KioskWindow:
    return open_kiosk()


def tile(window: KioskWindow, code: str) -> ServiceTile:
    return next(t for t in window.home.tiles if t.service.code == code)


def tap(qtbot: Any, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def take_ticket(qtbot: Any, window: KioskWindow, code: str, *, priority: bool = False) -> None:
    tap(qtbot, tile(window, code))
    assert window.stack.currentWidget() is window.guide
    tap(qtbot, window.guide.priority_button if priority else window.guide.take_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.confirm)


def on_screen(window: KioskWindow, widget: QWidget) -> bool:
    return widget.isVisibleTo(window)


# -- taking a ticket -------------------------------------------------------------------


def test_a_ticket_goes_tile_guide_printing_confirmation(
    kiosk: KioskWindow, ui_ctx: Any, qtbot: Any
) -> None:
    """The whole visit: the guide first, a printing state, then the number on screen,
    the bytes at the printer and the ticket in the store."""
    tap(qtbot, tile(kiosk, "bill"))
    assert kiosk.stack.currentWidget() is kiosk.guide
    assert "自助终端" in kiosk.guide.text.toPlainText()  # the shipped bill guide, in Chinese
    tap(qtbot, kiosk.guide.take_button)
    assert kiosk.stack.currentWidget() is kiosk.printing  # until the runners report back
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.confirm)

    [ticket] = ui_ctx.service.tickets()
    assert ticket.number == "A001" and ticket.priority is Priority.NORMAL
    assert kiosk.confirm.number.text() == "A001"
    assert kiosk.confirm.service.text() == "缴费充值"
    [printed] = ui_ctx.printer.tickets
    assert b"A001" in printed
    url = ticket_url(
        ui_ctx.settings.config.kiosk.ticket_url, ui_ctx.settings.config.kiosk.secret, ticket.uid
    )
    assert url.encode("ascii") in printed  # the printer's own QR command carries the link
    assert kiosk.confirm.qr.payload() == url
    assert on_screen(kiosk, kiosk.confirm.keep) and not on_screen(kiosk, kiosk.confirm.problem)
    assert not on_screen(kiosk, kiosk.confirm.priority)


def test_the_confirmation_shows_people_ahead_and_the_wait(
    kiosk: KioskWindow, ui_ctx: Any, qtbot: Any
) -> None:
    ui_ctx.languages.set("en")
    ui_ctx.service.open_counter(2)  # plan first
    for _ in range(3):
        ui_ctx.service.issue("plan")
    take_ticket(qtbot, kiosk, "plan")
    assert kiosk.confirm.number.text() == "B004"
    assert kiosk.confirm.ahead.text() == QCoreApplication.translate(
        "KioskPhrases", "%n person(s) ahead of you", "", 3
    )
    assert "3" in kiosk.confirm.ahead.text()
    assert "0 min" not in kiosk.confirm.expected.text()
    expected = kiosk.confirm.expected.text()
    assert "–" in expected or "possibly longer" in expected  # a range, not a promise


def test_the_tiles_say_no_counter_open_when_every_counter_is_closed(
    kiosk: KioskWindow, ui_ctx: Any, qtbot: Any
) -> None:
    """The issue's case: all counters closed, the tiles promised "less than 5 minutes"."""
    ui_ctx.languages.set("en")
    qtbot.waitUntil(lambda: tile(kiosk, "bill").wait.text() == "No counter open now")
    assert tile(kiosk, "bill").waiting.text() == "No one ahead"
    assert "min" not in tile(kiosk, "plan").wait.text()


def test_a_tile_says_no_wait_then_the_tickets_ahead_by_the_call_policy(
    kiosk: KioskWindow, ui_ctx: Any, qtbot: Any
) -> None:
    """Counter 1 alone open (bill, plan, broadband, bill first), free: "No wait". Four bill
    tickets later the plan tile says 4 ahead (counter 1 calls the bills first), and the
    plan ticket taken there is told the same."""
    ui_ctx.languages.set("en")
    ui_ctx.service.open_counter(1)
    plan = tile(kiosk, "plan")
    qtbot.waitUntil(lambda: plan.wait.text() == "No wait")
    assert plan.waiting.text() == "No one ahead"
    for _ in range(4):
        ui_ctx.service.issue("bill")
    qtbot.waitUntil(lambda: plan.waiting.text() == "4 ahead")
    assert plan.wait.text() not in ("No wait", "No counter open now")
    take_ticket(qtbot, kiosk, "plan")
    assert kiosk.confirm.ahead.text() == "4 people ahead of you"


def test_a_second_tap_on_take_does_not_issue_a_second_ticket(
    kiosk: KioskWindow, ui_ctx: Any, qtbot: Any
) -> None:
    tap(qtbot, tile(kiosk, "bill"))
    kiosk.controller.take()
    kiosk.controller.take()  # an impatient second tap while printing
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.confirm)
    qtbot.waitUntil(lambda: ui_ctx.ops.pending == 0 and ui_ctx.devices.pending == 0)
    assert len(ui_ctx.service.tickets()) == 1
    assert len(ui_ctx.printer.tickets) == 1


def test_the_screen_stays_live_while_the_printer_is_slow(
    ui_ctx: Any, open_kiosk: OpenKiosk, qtbot: Any
) -> None:
    """Printing runs on the device runner: the number shows and the window repaints
    while the printer has not answered yet."""
    release = threading.Event()
    jobs: list[PrintJob] = []

    class SlowPrinter:
        def print_ticket(self, job: PrintJob) -> None:
            jobs.append(job)
            release.wait(10)

    ui_ctx.runtime.printer = SlowPrinter()
    window = open_kiosk()
    try:
        tap(qtbot, tile(window, "phone"))
        tap(qtbot, window.guide.take_button)
        qtbot.waitUntil(lambda: window.printing.number.text() == "C001")
        assert window.stack.currentWidget() is window.printing
        assert not window.grab().isNull()  # the UI thread is free to paint
        # the number shows once issued; the job reaches the printer on the device runner
        qtbot.waitUntil(lambda: bool(jobs))
        assert jobs[0].number == "C001" and jobs[0].service_zh == "手机选购"
        assert window.stack.currentWidget() is window.printing  # still waiting for paper
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.confirm)


def test_printer_out_of_paper_still_shows_the_number_and_alerts_staff(
    kiosk: KioskWindow, ui_ctx: Any, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    ui_ctx.languages.set("en")
    ui_ctx.printer.state = "paper-out"
    with (
        caplog.at_level(logging.WARNING, logger="kiosk.ui.kiosk"),
        qtbot.waitSignal(kiosk.staffAlert, timeout=5000) as alert,
    ):
        take_ticket(qtbot, kiosk, "broadband")
    assert kiosk.confirm.number.text() == "D001"
    assert on_screen(kiosk, kiosk.confirm.problem) and not on_screen(kiosk, kiosk.confirm.keep)
    assert kiosk.confirm.problem.text() == QCoreApplication.translate(
        "KioskPhrases",
        "The printer is out of paper. Please remember your number; staff have been told.",
    )
    assert "D001" in alert.args[0] and "paper out" in alert.args[0]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "D001" in r.message]
    assert warnings, "staff are told through the log too"
    assert [t.number for t in ui_ctx.service.tickets()] == ["D001"]  # the queue goes on
    assert ui_ctx.printer.tickets == []


def test_a_green_channel_ticket(kiosk: KioskWindow, ui_ctx: Any, qtbot: Any) -> None:
    ui_ctx.service.issue("plan")
    tap(qtbot, tile(kiosk, "plan"))
    assert on_screen(kiosk, kiosk.guide.priority_button)
    tap(qtbot, kiosk.guide.priority_button)
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.confirm)
    priority = [t for t in ui_ctx.service.tickets() if t.priority is Priority.PRIORITY]
    assert [t.number for t in priority] == ["B002"]
    assert on_screen(kiosk, kiosk.confirm.priority)
    assert kiosk.confirm.shown is not None and kiosk.confirm.shown.ahead == 0  # served first
    assert "绿色通道".encode("gb18030") in ui_ctx.printer.tickets[0]


def test_a_business_closed_meanwhile_says_why_and_goes_home(
    ui_ctx: Any, ui_clock: Any, open_kiosk: OpenKiosk, qtbot: Any
) -> None:
    ui_ctx.languages.set("en")
    ui_clock.set(MORNING.replace(hour=16, minute=59))
    window = open_kiosk()
    tap(qtbot, tile(window, "vip"))
    ui_clock.set(MORNING.replace(hour=17, minute=0, second=30))  # closes while reading
    tap(qtbot, window.guide.take_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.notice)
    assert "09:00-17:00" in window.notice.text.text()
    assert ui_ctx.service.tickets() == []
    ui_clock.advance(ui_ctx.settings.config.kiosk.confirmation_seconds)
    window.controller.tick()
    assert window.stack.currentWidget() is window.home


def test_self_service_instead_of_a_ticket(
    kiosk: KioskWindow, ui_ctx: Any, ui_clock: Any, qtbot: Any
) -> None:
    tap(qtbot, tile(kiosk, "complaint"))
    assert not on_screen(kiosk, kiosk.guide.self_service_box)  # complaints need a person
    tap(qtbot, kiosk.guide.back_button)
    tap(qtbot, tile(kiosk, "bill"))
    assert on_screen(kiosk, kiosk.guide.self_service_box)
    tap(qtbot, kiosk.guide.self_service_button)
    assert kiosk.stack.currentWidget() is kiosk.self_service
    assert "自助" in kiosk.self_service.text.toPlainText()  # where the terminals are
    ui_clock.advance(ui_ctx.settings.config.kiosk.confirmation_seconds)
    kiosk.controller.tick()
    assert kiosk.stack.currentWidget() is kiosk.home
    assert ui_ctx.service.tickets() == []


def test_the_confirmation_goes_home_by_itself_or_on_a_touch(
    kiosk: KioskWindow, ui_ctx: Any, ui_clock: Any, qtbot: Any
) -> None:
    seconds = ui_ctx.settings.config.kiosk.confirmation_seconds
    take_ticket(qtbot, kiosk, "bill")
    ui_clock.advance(seconds - 1)
    kiosk.controller.tick()
    assert kiosk.stack.currentWidget() is kiosk.confirm
    ui_clock.advance(1)
    kiosk.controller.tick()
    assert kiosk.stack.currentWidget() is kiosk.home
    take_ticket(qtbot, kiosk, "bill")
    qtbot.mouseClick(kiosk.confirm.number, Qt.MouseButton.LeftButton)  # anywhere
    assert kiosk.stack.currentWidget() is kiosk.home


def test_a_number_that_was_not_printed_stays_until_the_visitor_touches_it(
    kiosk: KioskWindow, ui_ctx: Any, ui_clock: Any, qtbot: Any
) -> None:
    """It is all the visitor has to be called by: no timer takes it away."""
    config = ui_ctx.settings.config.kiosk
    ui_ctx.printer.state = "paper-out"
    with qtbot.waitSignal(kiosk.staffAlert, timeout=5000):
        take_ticket(qtbot, kiosk, "bill")
    ui_clock.advance(max(config.confirmation_seconds, config.idle_seconds) * 10)
    kiosk.controller.tick()
    assert kiosk.stack.currentWidget() is kiosk.confirm
    assert kiosk.confirm.number.text() == "A001"
    qtbot.waitUntil(lambda: [a.number for a in ui_ctx.service.status().alerts] == ["A001"])
    qtbot.mouseClick(kiosk.confirm.number, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.home

    ui_ctx.printer.state = "ok"  # the next visitor's printed ticket goes by the timer again
    take_ticket(qtbot, kiosk, "bill")
    ui_clock.advance(config.confirmation_seconds)
    kiosk.controller.tick()
    assert kiosk.stack.currentWidget() is kiosk.home
    qtbot.waitUntil(lambda: [t.printed for t in ui_ctx.service.tickets()] == [False, True])


# -- the screen --------------------------------------------------------------------------


def tile_names(window: KioskWindow) -> list[str]:
    return [t.name.text() for t in window.home.tiles]


def test_language_switch_changes_every_text_without_restart(
    kiosk: KioskWindow, ui_ctx: Any, qtbot: Any
) -> None:
    hall = ui_ctx.settings.hall
    assert tile_names(kiosk) == [s.name_zh for s in hall.services]
    assert kiosk.header.hall_name.text() == "示范营业厅"
    tap(qtbot, kiosk.header.language_buttons["en"])
    assert ui_ctx.languages.current == "en"
    assert tile_names(kiosk) == [s.name_en for s in hall.services]
    assert kiosk.header.hall_name.text() == "Demo Service Hall"
    assert kiosk.header.language_buttons["en"].isChecked()
    assert kiosk.home.title.text() == "Please choose your business"
    tap(qtbot, tile(kiosk, "bill"))
    assert "self-service terminal" in kiosk.guide.text.toPlainText()  # the English guide
    tap(qtbot, kiosk.header.language_buttons["zh"])
    assert "自助终端" in kiosk.guide.text.toPlainText()  # switched in place
    assert kiosk.guide.name.text() == "缴费充值"
    assert kiosk.home.title.text() == QCoreApplication.translate(
        "HomePage", "Please choose your business"
    )


MARK = "⟦"


class MarkingTranslator(QTranslator):
    """Marks the home and guide strings, to see each page re-read its texts."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return MARK + source if context in ("HomePage", "GuidePage") else ""

    def isEmpty(self) -> bool:
        return False


def test_pages_retranslate_on_language_change_events(kiosk: KioskWindow, qtbot: Any) -> None:
    """Installing a translator (what Languages.set does with the .qm files) makes Qt
    send LanguageChange; the window re-reads every text in changeEvent."""
    tap(qtbot, tile(kiosk, "plan"))
    translator = MarkingTranslator()
    app = QApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: kiosk.home.title.text().startswith(MARK))
        assert kiosk.guide.take_button.text() == MARK + "Take a ticket"
    finally:
        app.removeTranslator(translator)
    qtbot.waitUntil(lambda: not kiosk.home.title.text().startswith(MARK))


def test_idle_returns_home_in_the_default_language(
    kiosk: KioskWindow, ui_ctx: Any, ui_clock: Any, qtbot: Any
) -> None:
    idle = ui_ctx.settings.config.kiosk.idle_seconds
    tap(qtbot, kiosk.header.language_buttons["en"])
    tap(qtbot, tile(kiosk, "broadband"))
    ui_clock.advance(idle - 5)
    qtbot.mousePress(kiosk.guide.text.viewport(), Qt.MouseButton.LeftButton)  # still reading
    qtbot.mouseRelease(kiosk.guide.text.viewport(), Qt.MouseButton.LeftButton)
    ui_clock.advance(idle - 1)
    kiosk.controller.tick()
    assert kiosk.stack.currentWidget() is kiosk.guide
    ui_clock.advance(1)
    kiosk.ticker.timeout.emit()  # what the one-second timer does
    assert kiosk.stack.currentWidget() is kiosk.home
    assert ui_ctx.languages.current == ui_ctx.settings.config.kiosk.default_language == "zh"
    assert tile_names(kiosk)[0] == "缴费充值"


def test_idle_on_home_only_resets_the_language(
    kiosk: KioskWindow, ui_ctx: Any, ui_clock: Any, qtbot: Any
) -> None:
    tap(qtbot, kiosk.header.language_buttons["en"])
    ui_clock.advance(ui_ctx.settings.config.kiosk.idle_seconds)
    kiosk.controller.tick()
    assert ui_ctx.languages.current == "zh"
    assert kiosk.stack.currentWidget() is kiosk.home


def test_a_business_outside_its_hours_shows_the_reason_and_hours(
    ui_ctx: Any, ui_clock: Any, open_kiosk: OpenKiosk, qtbot: Any
) -> None:
    ui_clock.set(MORNING.replace(hour=8, minute=0))
    window = open_kiosk()
    vip = tile(window, "vip")
    assert not vip.isEnabled()
    assert on_screen(window, vip.closed) and on_screen(window, vip.hours)
    assert vip.closed.text() == QCoreApplication.translate("KioskPhrases", "Closed now")
    assert "09:00-17:00" in vip.hours.text()
    assert not on_screen(window, vip.waiting)
    tap(qtbot, vip)
    assert window.stack.currentWidget() is window.home
    assert tile(window, "bill").isEnabled()  # open all day


def test_busy_hours_show_the_typical_profile_without_history(
    kiosk: KioskWindow, qtbot: Any
) -> None:
    tap(qtbot, kiosk.home.busy_button)
    assert kiosk.stack.currentWidget() is kiosk.busy
    qtbot.waitUntil(lambda: kiosk.busy.info is not None)
    info = kiosk.busy.info
    assert info is not None and info.days == 0
    assert info.hours == tuple(range(8, 21))  # the shipped profile's day
    assert {12, 13} <= info.quiet and info.busiest not in info.quiet
    assert "12:00–14:00" in kiosk.busy.quiet.text()
    image = kiosk.busy.chart.grab().toImage()
    assert not image.isNull() and image.width() > 500
    tap(qtbot, kiosk.busy.back_button)
    assert kiosk.stack.currentWidget() is kiosk.home


def test_busy_hours_come_from_history_once_there_is_a_week(
    ui_ctx: Any, ui_clock: Any, open_kiosk: OpenKiosk, qtbot: Any
) -> None:
    for days_ago in range(8, 0, -1):
        ui_clock.set(MORNING.replace(hour=15) - dt.timedelta(days=days_ago))
        for _ in range(3):
            ui_ctx.service.issue("bill")
    ui_clock.set(MORNING)
    window = open_kiosk()
    window.controller.show_busy()
    qtbot.waitUntil(lambda: window.busy.info is not None)
    info = window.busy.info
    assert info is not None and info.days == 8
    assert info.hours == (15,) and info.values == (3.0,)


@pytest.mark.parametrize(("size", "columns"), [((1080, 1920), 2), ((1920, 1080), 3)])
def test_tiles_reflow_for_portrait_and_landscape(
    open_kiosk: OpenKiosk, qtbot: Any, size: tuple[int, int], columns: int
) -> None:
    window = open_kiosk(*size)
    qtbot.waitUntil(lambda: window.home.columns == columns)
    tops = sorted({t.geometry().top() for t in window.home.tiles})
    assert len(tops) == len(window.home.tiles) // columns  # 6 tiles: 3 rows or 2
    window.controller.choose("bill")
    qtbot.waitUntil(lambda: window.guide.landscape == (columns == 3))


def test_the_window_reflows_when_the_screen_turns(open_kiosk: OpenKiosk, qtbot: Any) -> None:
    window = open_kiosk(1080, 1920)
    qtbot.waitUntil(lambda: window.home.columns == 2)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.home.columns == 3)


def test_every_button_is_a_touch_target_of_15_mm(kiosk: KioskWindow, qtbot: Any) -> None:
    minimum = style.touch_px()
    for show in (kiosk.controller.go_home, lambda: kiosk.controller.choose("plan")):
        show()
        buttons = [b for b in kiosk.findChildren(QPushButton) if b.isVisible()]
        assert len(buttons) >= 4  # languages and tiles, or back, green channel and take
        for b in buttons:
            assert min(b.width(), b.height()) >= minimum, (b.text(), b.size())


def test_a_visitor_cannot_close_the_kiosk(kiosk: KioskWindow) -> None:
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert kiosk.close() is False
    assert kiosk.isVisible()
    kiosk.allow_close()
    assert kiosk.close() is True


QUIT_SCRIPT = """
import datetime as dt, os, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from kiosk.app import Role, load_settings
from kiosk.core.clock import ManualClock
from kiosk.ui.app import make_qapp, open_context
from kiosk.ui.kiosk.window import KioskWindow

app = make_qapp()
clock = ManualClock(dt.datetime(2026, 11, 24, 9))
ctx = open_context(load_settings(None, Path(sys.argv[1])), Role.COUNTER, counter=1, clock=clock)
window = KioskWindow(ctx)
window.showFullScreen()
print("refused", window.close() is False)
QTimer.singleShot(0, app.quit)
QTimer.singleShot(5000, lambda: (print("quit vetoed"), os._exit(3)))
print("quit", app.exec(), window.isVisible())
ctx.ops.stop()
ctx.devices.stop()
"""


def test_the_application_can_still_quit(tmp_path: Path) -> None:
    """app.quit() (what SIGTERM does to `kiosk run`) first asks every window to close;
    the kiosk refuses visitors, not its own program."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", QUIT_SCRIPT, str(tmp_path)],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["refused True", "quit 0 False"]


def test_a_long_press_in_the_corner_asks_for_the_technician(kiosk: KioskWindow, qtbot: Any) -> None:
    corner = kiosk.corner
    assert corner.geometry().topLeft().isNull()
    assert min(corner.width(), corner.height()) >= style.touch_px()
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton)
    assert not corner.holding  # a tap is not a long press
    corner.set_hold_ms(30)
    with qtbot.waitSignal(kiosk.techRequested, timeout=2000):
        qtbot.mousePress(corner, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton)


def test_the_words_say_when_a_paused_counter_is_expected_back(ui_ctx: Any) -> None:
    """Every counter that serves it paused, one expected back at 11:40 (its learned
    pause): the kiosk says so, from the shipped catalogue, in both languages."""
    from kiosk.core.estimate import NoEstimate, WaitEstimate, Wording
    from kiosk.ui.kiosk.phrases import KioskPhrases

    phrases = KioskPhrases()
    back = WaitEstimate(
        0, 0, 0, wording=Wording.NONE, reason=NoEstimate.NO_OPEN_COUNTER,
        resumes_at=dt.datetime(2026, 11, 24, 11, 40),
    )  # fmt: skip
    ui_ctx.languages.set("zh")
    assert phrases.wait(back) == "暂无窗口办理，预计 11:40 恢复"
    ui_ctx.languages.set("en")
    assert phrases.wait(back) == "No counter open now, back about 11:40"
