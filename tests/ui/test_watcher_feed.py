"""The windows' watcher follows the hall feed: nothing is read while nothing happens, and
a change is folded into the status from its events, with no store read; a counter
window and the hall display update from the events alone."""

from __future__ import annotations

from typing import Any

from kiosk.core.model import EventKind, Placement
from kiosk.ui.context import UiContext
from kiosk.ui.display.window import DisplayWindow

from .test_counter_desk import Desk


def test_nothing_is_read_while_nothing_happens(ui_ctx: UiContext, qtbot: Any) -> None:
    watcher = ui_ctx.watcher
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000):
        watcher.start()  # the first status starts the estimator's learning
    assert ui_ctx.service.estimator.wait_learned(30)  # type: ignore[attr-defined]
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000):
        watcher.refresh()  # what it learned is shown: nothing new to show after this
    reads = watcher.reads
    for _ in range(4):  # four seconds of ticks: no event, nothing learned
        watcher.poll()
    assert watcher.reads == reads


def learned(ctx: UiContext, qtbot: Any) -> None:
    """Start the watcher on a log that is not empty (its first event is a full read)
    and let the estimator's first learning be shown."""
    ctx.service.open_counter(2)
    watcher = ctx.watcher
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000):
        watcher.start()
    assert ctx.service.estimator.wait_learned(30)  # type: ignore[attr-defined]
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000):
        watcher.refresh()


def test_the_estimates_are_read_once_after_events_then_not_again(
    ui_ctx: UiContext, qtbot: Any
) -> None:
    """Events are folded in at once; the estimates they change come with one full read
    at the next look, and the looks after it read nothing while nothing happens."""
    watcher, service = ui_ctx.watcher, ui_ctx.service
    learned(ui_ctx, qtbot)
    reads = watcher.reads
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000):
        service.issue("bill")
    assert watcher.reads == reads
    assert watcher.status is not None and watcher.status.estimates == ()  # not yet
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000) as read:
        watcher.poll()
    assert watcher.reads == reads + 1
    assert len(read.args[0].estimates) == 1
    for _ in range(3):
        watcher.poll()
    assert watcher.reads == reads + 1


def test_the_minute_turning_over_is_one_read_only_while_a_wait_is_shown(
    ui_ctx: UiContext, ui_clock: Any, qtbot: Any
) -> None:
    """Waits and ages move with the clock: when the minute turns over with a ticket
    waiting the status is read again; in an empty hall the fold is published again
    (opening hours) with no read, and within the same minute nothing at all."""
    watcher, service = ui_ctx.watcher, ui_ctx.service
    learned(ui_ctx, qtbot)
    reads = watcher.reads
    statuses: list[Any] = []
    watcher.statusChanged.connect(statuses.append)
    ui_clock.advance(minutes=1)
    watcher.poll()
    assert watcher.reads == reads and len(statuses) == 1, "empty hall: published, not read"
    assert statuses[0].at == ui_clock.now()
    watcher.poll()
    assert len(statuses) == 1, "the same minute: nothing"
    service.issue("bill")
    qtbot.waitUntil(lambda: len(statuses) == 2)
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000):
        watcher.poll()  # the estimates of the event
    reads = watcher.reads
    watcher.poll()
    assert watcher.reads == reads
    ui_clock.advance(minutes=1)
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000) as read:
        watcher.poll()
    assert watcher.reads == reads + 1, "a ticket waits: its wait is read again"
    assert read.args[0].at == ui_clock.now()


def test_a_change_is_folded_from_its_events_with_no_store_read(
    ui_ctx: UiContext, qtbot: Any
) -> None:
    watcher, service = ui_ctx.watcher, ui_ctx.service
    service.open_counter(1)
    service.issue("bill")
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000):
        watcher.start()
    reads = watcher.reads
    told: list[Any] = []
    watcher.eventsArrived.connect(told.extend)
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000) as changed:
        service.call_next(1)
    assert [e.kind for e in told] == [EventKind.CALLED]
    assert told[0].seq == service.feed.last
    status = changed.args[0]
    assert status.counters[0].current is not None
    assert watcher.reads == reads, "the status came from the events: no store read"
    assert status.estimates == (), "the waiting list is empty: nothing carried over"
    assert status.seq == told[0].seq


def test_a_new_business_day_is_one_full_read(ui_ctx: UiContext, qtbot: Any) -> None:
    watcher, service = ui_ctx.watcher, ui_ctx.service
    service.issue("bill")
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000):
        watcher.start()
    reads = watcher.reads
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000) as changed:
        service.reset_day()
    qtbot.waitUntil(lambda: watcher.reads == reads + 1 and watcher.status is not None
                    and watcher.status.waiting == ())  # fmt: skip
    assert changed.args[0] is not None


def test_a_counter_window_follows_the_hall_from_events_alone(
    ui_ctx: UiContext, ui_clock: Any, qtbot: Any
) -> None:
    service = ui_ctx.service
    service.open_counter(1)
    desk = Desk.open(ui_ctx, ui_clock, qtbot, counter=1)
    watcher = ui_ctx.watcher
    with qtbot.waitSignal(watcher.statusChanged, timeout=5000):
        watcher.start()
    reads = watcher.reads
    service.issue("bill")
    service.issue("plan")
    qtbot.waitUntil(lambda: [n for n, *_ in desk.window.waiting.rows()] == ["A001", "B001"])
    service.call_next(1)
    qtbot.waitUntil(lambda: [n for n, *_ in desk.window.waiting.rows()] == ["B001"])
    service.serve(1)
    service.transfer(1, to_service="plan", placement=Placement.FRONT)
    qtbot.waitUntil(lambda: [n for n, *_ in desk.window.waiting.rows()] == ["A001", "B001"])
    assert watcher.reads == reads, "every change came from the events"
    desk.settle()


def test_the_display_shows_a_call_from_events_alone(ui_ctx: UiContext, qtbot: Any) -> None:
    service = ui_ctx.service
    service.open_counter(3)
    service.issue("broadband")
    window = DisplayWindow(ui_ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(ui_ctx.watcher.statusChanged, timeout=5000):
        ui_ctx.watcher.start()
    reads = ui_ctx.watcher.reads
    service.call_next(3)
    qtbot.waitUntil(lambda: "D001" in window.current.zh.text())
    assert ui_ctx.watcher.reads == reads
