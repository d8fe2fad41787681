"""The hall display window: what a hall full of people sees and hears.

Real store (ui_ctx), real watcher and runners, the simulated voice. The Chinese comes
from a catalogue compiled here from ZH, the display's expected wording, so these
tests do not depend on the state of the shipped translations; the last test checks
that the shipped catalogue says the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from xml.sax.saxutils import escape

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QBoxLayout, QLabel

from kiosk.app.runtime import Role, announces
from kiosk.devices.simulators.voice import SimVoice
from kiosk.devices.voice.caller import CallAnnouncer
from kiosk.ui.context import UiContext
from kiosk.ui.display import texts
from kiosk.ui.display.panels import CLOCK_LATE_MS
from kiosk.ui.display.window import DisplayWindow
from kiosk.ui.i18n import Languages

T = TypeVar("T")

# The display's Chinese: the issue's wording for calls and announcements.
ZH = {
    "Ticket {number}, counter {counter}": "请 {number} 号到 {counter} 号窗口",
    "Again: {call}": "再次{call}",
    "Now calling": "当前叫号",
    "Welcome": "欢迎光临",
    "Recent calls": "最近叫号",
    "Ticket": "号码",
    "Counter": "窗口",
    "Counter {counter}": "{counter} 号窗口",
    "Business": "业务",
    "Waiting": "等候人数",
    "Expected wait": "预计等候",
    "about {low}–{high} min": "约 {low}–{high} 分钟",
    "under {high} min": "{high} 分钟以内",
    "no wait": "无需等候",
    "about {n}+ min": "约 {n} 分钟以上",
    "No counter open": "暂无窗口办理",
    "No counter open, back about {time}": "暂无窗口办理，约 {time} 恢复",
    "Hours {hours}": "办理时间 {hours}",
    "No more tickets today": "今日号已取完",
    "Not available": "暂停办理",
    "Hall display": "叫号显示屏",
    "Monday": "星期一",
    "Tuesday": "星期二",
    "Wednesday": "星期三",
    "Thursday": "星期四",
    "Friday": "星期五",
    "Saturday": "星期六",
    "Sunday": "星期日",
}


def compile_catalogue(folder: Path, name: str, table: dict[str, str]) -> None:
    """A Qt Linguist .ts for the display's context, compiled to folder/name.qm."""
    messages = "".join(
        f"<message><source>{escape(s)}</source><translation>{escape(t)}</translation></message>"
        for s, t in table.items()
    )
    ts = folder / f"{name}.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1">'
        f"<context><name>{texts.CONTEXT}</name>{messages}</context></TS>",
        encoding="utf-8",
    )
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([lrelease, "-silent", ts, "-qm", folder / f"{name}.qm"], check=True)


@pytest.fixture
def display_ctx(ui_ctx: UiContext, tmp_path: Path) -> Iterator[UiContext]:
    """ui_ctx whose languages hold the display's Chinese (ZH) and English, with the
    process's one announcer following the hall feed (as `kiosk display` has it)."""
    folder = tmp_path / "i18n"
    folder.mkdir()
    compile_catalogue(folder, "kiosk_zh_CN", ZH)
    compile_catalogue(folder, "kiosk_en", {s: s for s in ZH})
    calls = CallAnnouncer(ui_ctx.announcer)
    calls.follow(ui_ctx.service.feed)
    runtime = dataclasses.replace(ui_ctx.runtime, calls=calls)
    yield dataclasses.replace(ui_ctx, languages=Languages(folder), runtime=runtime)
    calls.stop()


def with_display(ctx: UiContext, **changes: Any) -> UiContext:
    """The context with some [display] settings changed."""
    config = ctx.settings.config
    display = config.display.model_copy(update=changes)
    settings = dataclasses.replace(
        ctx.settings, config=config.model_copy(update={"display": display})
    )
    return dataclasses.replace(ctx, runtime=dataclasses.replace(ctx.runtime, settings=settings))


def open_display(ctx: UiContext, qtbot: Any) -> DisplayWindow:
    """The window, after it has shown the first status of the store."""
    window = DisplayWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(ctx.watcher.statusChanged, timeout=5000):
        ctx.watcher.start()
    return window


def run_op(ctx: UiContext, qtbot: Any, fn: Callable[[], T]) -> T:
    """Run a queue operation on the ops runner (as windows do) and wait for it."""
    results: list[T] = []
    errors: list[BaseException] = []
    ctx.ops.submit(fn, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(results or errors))
    if errors:
        raise errors[0]
    return results[0]


def render(window: DisplayWindow, width: int, height: int) -> None:
    """Lay the window out and paint it at a screen size, as a screenshot does (the
    offscreen platform warns when a window is shown)."""
    window.resize(width, height)
    assert not window.grab().isNull()


def spoken(ctx: UiContext, qtbot: Any) -> list[str]:
    """What the simulated voice said (it says each call as the announcer hands it over,
    right after the commit)."""
    assert isinstance(ctx.announcer, SimVoice)
    return list(ctx.announcer.spoken)


def shows(window: DisplayWindow, number: str) -> Callable[[], bool]:
    return lambda: number in window.current.zh.text()


def test_every_display_string_has_its_expected_chinese() -> None:
    assert sorted(texts.SOURCES) == sorted(ZH)


def test_a_new_call_shows_large_in_both_languages_and_flashes(
    display_ctx: UiContext, qtbot: Any
) -> None:
    ctx = display_ctx
    ctx.service.open_counter(3)
    ctx.service.issue("broadband")
    window = open_display(ctx, qtbot)
    assert (window.current.zh.text(), window.current.en.text()) == ("欢迎光临", "Welcome")
    assert not window.current.flashing

    run_op(ctx, qtbot, lambda: ctx.service.call_next(3))
    qtbot.waitUntil(shows(window, "D001"))
    render(window, 1920, 1080)

    panel = window.current
    assert panel.zh.text() == "请 D001 号到 3 号窗口"
    assert panel.en.text() == "Ticket D001, counter 3"
    assert panel.zh.pixel_size() >= 100, "the call must be readable across the hall"
    assert panel.en.pixel_size() >= 70
    assert panel.flashing and panel.lit
    assert panel.flash_timer.interval() == 3000 and panel.flash_timer.isSingleShot()
    panel.blink_timer.timeout.emit()  # half a second later: the blink's dark phase
    assert panel.flashing and not panel.lit
    panel.flash_timer.timeout.emit()  # three seconds later
    assert not panel.flashing and not panel.lit
    assert not panel.blink_timer.isActive()
    assert panel.zh.text() == "请 D001 号到 3 号窗口", "the call stays after the flash"


def test_calls_made_before_the_display_started_are_shown_but_not_announced(
    display_ctx: UiContext, qtbot: Any
) -> None:
    ctx = display_ctx
    assert ctx.runtime.calls is not None
    ctx.runtime.calls.stop()  # the process is not running yet
    ctx.service.open_counter(1)
    ctx.service.issue("bill")
    ctx.service.issue("bill")
    ctx.service.call_next(1)
    ctx.runtime.calls.follow(ctx.service.feed)  # it starts: from now on
    window = open_display(ctx, qtbot)
    assert window.current.zh.text() == "请 A001 号到 1 号窗口"
    assert not window.current.flashing
    assert spoken(ctx, qtbot) == []


def test_a_new_call_is_announced_exactly_once_in_both_languages(
    display_ctx: UiContext, qtbot: Any, ui_clock: Any
) -> None:
    ctx = display_ctx
    ctx.service.open_counter(1)
    ctx.service.issue("bill")
    window = open_display(ctx, qtbot)

    ui_clock.advance(30)
    run_op(ctx, qtbot, lambda: ctx.service.call_next(1))
    qtbot.waitUntil(shows(window, "A001"))
    with qtbot.waitSignal(ctx.watcher.statusChanged):
        ctx.watcher.refresh()  # the same call in a later status is not new
    assert spoken(ctx, qtbot) == [
        "请 A001 号到 1 号窗口办理",
        "Ticket A001, please go to counter 1",
    ]


def test_a_recall_is_announced_again_with_its_prefix(
    display_ctx: UiContext, qtbot: Any, ui_clock: Any
) -> None:
    ctx = display_ctx
    ctx.service.open_counter(2)
    ctx.service.issue("phone")
    ctx.service.call_next(2)
    window = open_display(ctx, qtbot)
    window.current.stop_flash()

    ui_clock.advance(45)
    run_op(ctx, qtbot, lambda: ctx.service.recall(2))
    qtbot.waitUntil(lambda: window.current.flashing)
    assert window.current.zh.text() == "再次请 C001 号到 2 号窗口"
    assert window.current.en.text() == "Again: Ticket C001, counter 2"
    assert spoken(ctx, qtbot) == [
        "请 C001 号到 2 号窗口办理",
        "Ticket C001, please go to counter 2",
        "再次请 C001 号到 2 号窗口办理",
        "Again: Ticket C001, please go to counter 2",
    ]


def test_a_display_configured_not_to_announce_stays_silent(
    display_ctx: UiContext, qtbot: Any, ui_clock: Any
) -> None:
    """`[display] announce = false`: the process builds no announcer; the screen still
    flashes the new call."""
    ctx = with_display(display_ctx, announce=False)
    assert not announces(Role.DISPLAY, ctx.settings)
    assert not announces(Role.KIOSK, ctx.settings)
    assert announces(Role.DISPLAY, display_ctx.settings)
    assert announces(Role.KIOSK, display_ctx.settings)
    assert not announces(Role.COUNTER, display_ctx.settings)
    assert not announces(Role.TECH, display_ctx.settings)
    assert display_ctx.runtime.calls is not None
    display_ctx.runtime.calls.stop()  # what a process that does not announce has
    ctx.service.open_counter(1)
    ctx.service.issue("bill")
    window = open_display(ctx, qtbot)
    ui_clock.advance(10)
    run_op(ctx, qtbot, lambda: ctx.service.call_next(1))
    qtbot.waitUntil(shows(window, "A001"))
    assert window.current.flashing, "the screen still shows the new call"
    assert spoken(ctx, qtbot) == []


def test_calls_are_announced_with_no_display_window_open(
    display_ctx: UiContext, qtbot: Any
) -> None:
    """The announcer follows the feed, not a window: each call once, a recall again,
    in order, with no window and no watcher running."""
    ctx = display_ctx
    ctx.service.open_counter(1)
    ctx.service.open_counter(2)
    for _ in range(2):
        ctx.service.issue("bill")
    run_op(ctx, qtbot, lambda: ctx.service.call_next(1))
    run_op(ctx, qtbot, lambda: ctx.service.call_next(2))
    run_op(ctx, qtbot, lambda: ctx.service.recall(1))
    assert spoken(ctx, qtbot)[1::2] == [
        "Ticket A001, please go to counter 1",
        "Ticket A002, please go to counter 2",
        "Again: Ticket A001, please go to counter 1",
    ]


def test_the_recent_calls_are_listed_newest_first_as_many_as_configured(
    display_ctx: UiContext, qtbot: Any, ui_clock: Any
) -> None:
    ctx = with_display(display_ctx, last_calls=6)
    service = ctx.service
    for _ in range(8):
        service.issue("plan")  # every counter serves it
    for counter in (1, 2, 3, 4):
        service.open_counter(counter)
    for i in range(8):
        counter = i % 4 + 1
        if i >= 4:
            service.serve(counter)  # the previous call arrived; call_next finishes it
        ui_clock.advance(20)
        service.call_next(counter)
    ui_clock.advance(20)
    service.recall(4)  # B008 again: moves nothing, adds no row

    window = open_display(ctx, qtbot)
    assert window.calls.numbers() == ["B008", "B007", "B006", "B005", "B004", "B003"]
    assert len(window.calls.slots) == 6
    first, second = window.calls.slots[:2]
    assert first.current and not second.current
    assert (first.counter.zh.text(), first.counter.en.text()) == ("4 号窗口", "Counter 4")
    assert (second.counter.zh.text(), second.counter.en.text()) == ("3 号窗口", "Counter 3")


def test_the_recent_calls_list_keeps_its_height_before_the_first_call(
    display_ctx: UiContext, qtbot: Any
) -> None:
    window = open_display(display_ctx, qtbot)
    assert window.calls.numbers() == []
    assert len(window.calls.slots) == display_ctx.settings.config.display.last_calls


def test_waiting_counts_and_expected_waits_per_business_type(
    display_ctx: UiContext, qtbot: Any
) -> None:
    ctx = display_ctx
    ctx.service.open_counter(1)
    for code in ("bill", "bill", "bill", "plan"):
        ctx.service.issue(code)
    window = open_display(ctx, qtbot)

    status = {s.service.code: s for s in ctx.service.status().services}
    bill = window.services.row("bill")
    assert bill.name.text() == texts.Bilingual("缴费充值", "Bill payment & top-up")
    assert bill.waiting.text() == "3"
    estimate = status["bill"].estimate
    low, high = estimate.low_min, estimate.high_min
    assert low > 0
    if high > 3 * low:  # wider than [hall] wait_range_ratio (3)
        n = estimate.about_min
        assert low <= n <= high
        assert bill.wait.text() == texts.Bilingual(f"约 {n} 分钟以上", f"about {n}+ min")
    else:
        assert bill.wait.text() == texts.Bilingual(
            f"约 {low}–{high} 分钟", f"about {low}–{high} min"
        )
    assert window.services.row("plan").waiting.text() == "1"
    phone = window.services.row("phone")  # served by counter 2 alone, closed: no time
    assert phone.waiting.text() == "0"
    assert phone.wait.text() == texts.Bilingual("暂无窗口办理", "No counter open")
    shown = [s.code for s in window.services.slots]
    assert shown == [s.code for s in ctx.settings.hall.services]


def test_a_business_type_outside_its_hours_shows_them(
    display_ctx: UiContext, qtbot: Any, ui_clock: Any
) -> None:
    ui_clock.set(dt.datetime(2026, 11, 24, 18, 30))
    window = open_display(display_ctx, qtbot)
    vip = window.services.row("vip")
    assert vip.wait.text() == texts.Bilingual("办理时间 09:00-17:00", "Hours 09:00-17:00")


def test_the_message_line_shows_the_configured_message_in_both_languages(
    display_ctx: UiContext, qtbot: Any
) -> None:
    ctx = with_display(
        display_ctx, message_zh="今日宽带业务请到 3 号窗口", message_en="Broadband today: counter 3"
    )
    window = open_display(ctx, qtbot)
    assert window.message.zh.text() == "今日宽带业务请到 3 号窗口"
    assert window.message.en.text() == "Broadband today: counter 3"


def test_the_clock_shows_the_injected_clock_and_follows_its_timer(
    display_ctx: UiContext, qtbot: Any, ui_clock: Any
) -> None:
    window = open_display(display_ctx, qtbot)
    assert window.clock.time.text() == "09:00"
    assert window.clock.date.text() == "2026-11-24  星期二  Tuesday"
    # it shows minutes: the timer fires once, just after the next minute begins
    assert window.clock.timer.isActive() and window.clock.timer.isSingleShot()
    assert window.clock.timer.interval() == 60_000 + CLOCK_LATE_MS
    ui_clock.advance(minutes=5, seconds=29.5)
    window.clock.timer.timeout.emit()
    assert window.clock.time.text() == "09:05"
    assert window.clock.timer.isActive() and window.clock.timer.interval() == 30_500 + CLOCK_LATE_MS


def test_landscape_puts_the_recent_calls_beside_portrait_below(
    display_ctx: UiContext, qtbot: Any
) -> None:
    window = open_display(display_ctx, qtbot)
    render(window, 1920, 1080)
    assert window._body.direction() == QBoxLayout.Direction.LeftToRight
    assert window.calls.geometry().left() > window.current.geometry().right()
    render(window, 1080, 1920)
    assert window._body.direction() == QBoxLayout.Direction.TopToBottom
    assert window.calls.geometry().top() > window.services.geometry().bottom()
    assert window.current.zh.pixel_size() >= 60


def test_the_qt_binding_keeps_its_references_to_none_and_true(qtbot: Any) -> None:
    """The display updates all day. A binding that drops a reference to None on each
    void call or to True on each emit (PySide6 6.12.0 on Python 3.11) aborts the
    process within minutes ("Fatal Python error: bool_dealloc"): `kiosk display`
    died after 3.5 minutes of polling. Pin a PySide6 without that bug."""
    label = QLabel()
    qtbot.addWidget(label)
    timer = QTimer()
    none, true = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(500):
        label.setText(str(i % 2))
        timer.timeout.emit()
    assert sys.getrefcount(None) - none > -100, "setText() drops references to None"
    assert sys.getrefcount(True) - true > -100, "emit() drops references to True"


def test_the_shipped_chinese_catalogue_says_what_the_display_expects(ui_ctx: UiContext) -> None:
    """The strings marked in kiosk/ui/display have the Chinese above in kiosk/assets/i18n."""
    missing = {
        source: ZH[source]
        for source in texts.SOURCES
        if ui_ctx.languages.text("zh", texts.CONTEXT, source) != ZH[source]
    }
    assert not missing, f"translate in kiosk/assets/i18n/kiosk_zh_CN.ts: {missing}"
