"""The windows' watcher follows the hall feed: nothing is read while nothing happens, and
a change is one status read, however many events it made."""

from __future__ import annotations

from typing import Any

from kiosk.core.model import EventKind
from kiosk.ui.context import UiContext


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


def test_a_change_is_told_by_events_and_read_once(ui_ctx: UiContext, qtbot: Any) -> None:
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
    assert watcher.reads == reads + 1
    assert status.estimates == (), "the waiting list is empty: nothing carried over"
