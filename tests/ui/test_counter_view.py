"""What the counter window shows: waits per business type, care alerts at the target
wait, today's counts, the keys, the language in force, and a layout that fits."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.core.errors import StoreLocked
from kiosk.core.model import Priority
from kiosk.ui.counter.actions import KEYS
from kiosk.ui.counter.messages import Notice
from kiosk.ui.counter.model import Action

from .layout import settle_layouts
from .test_counter_desk import Desk

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def desk(ui_ctx: Any, ui_clock: Any, qtbot: Any) -> Desk:
    return Desk.open(ui_ctx, ui_clock, qtbot, counter=1)


def test_the_waiting_list_shows_each_ticket_under_its_business_type_with_its_wait(
    desk: Desk,
) -> None:
    service = desk.ctx.service
    service.issue("bill")
    desk.clock.advance(minutes=4)
    service.issue("plan", Priority.PRIORITY)
    service.issue("complaint")  # counter 1 does not serve complaints
    desk.clock.advance(minutes=2, seconds=30)
    desk.refresh()
    w = desk.window
    assert desk.numbers_in("bill") == ["A001"]
    assert desk.numbers_in("plan") == ["B001"]
    assert desk.numbers_in("broadband") == []
    assert desk.numbers_in("complaint") == []
    assert [(n, wait) for n, wait, _, _ in w.waiting.rows()] == [
        ("A001", "6 min"),
        ("B001", "2 min"),
    ]
    assert desk.notes_of("B001") == "Green channel"
    # counter 1 (closed) would call the green plan ticket first: the figure its visitor has
    assert w.waiting.aheads() == {"A001": 1, "B001": 0}
    assert w.waiting.count.text() == "2 waiting"
    groups = [w.waiting.tree.topLevelItem(i).text(0) for i in range(3)]
    assert groups == [
        "A  Bill payment & top-up  (1)",
        "B  New service & plan change  (1)",
        "D  Broadband  (0)",
    ]


def test_the_watcher_brings_tickets_issued_elsewhere_onto_the_list(desk: Desk) -> None:
    desk.ctx.watcher.start()  # polls the store as in production
    desk.ctx.service.issue("broadband")  # as the kiosk process would
    desk.qtbot.waitUntil(lambda: desk.numbers_in("broadband") == ["D001"], timeout=2000)


def test_a_ticket_at_the_target_wait_is_a_care_alert(desk: Desk) -> None:
    service = desk.ctx.service
    service.issue("bill")
    desk.clock.advance(minutes=3)
    service.issue("bill")
    desk.clock.advance(minutes=6, seconds=59)
    desk.refresh()
    w = desk.window
    assert w.waiting.alert.isHidden()
    assert [aged for _, _, aged, _ in w.waiting.rows()] == [False, False]

    desk.clock.advance(seconds=1)  # A001 has waited exactly 10 minutes: the standard
    desk.refresh()
    desk.qtbot.waitUntil(w.waiting.alert.isVisible)
    assert w.waiting.alert.text() == "1 waiting over target: please look after them"
    assert [(n, aged) for n, _, aged, _ in w.waiting.rows()] == [("A001", True), ("A002", False)]
    assert desk.notes_of("A001") == "Over target"
    assert w.waiting.tree.topLevelItem(0).text(0).endswith("1 over target")

    desk.clock.advance(minutes=3)
    desk.refresh()
    desk.qtbot.waitUntil(lambda: w.waiting.aged_count == 2)
    assert w.waiting.alert.text() == "2 waiting over target: please look after them"


def test_a_transfer_restarts_the_wait(desk: Desk) -> None:
    service = desk.ctx.service
    service.issue("bill")
    service.open_counter(2)
    desk.clock.advance(minutes=12)
    service.call_next(2)
    service.transfer(2, to_service="broadband")
    desk.clock.advance(minutes=1)
    desk.refresh()
    assert desk.window.waiting.rows() == [("A001", "1 min", False, "Transferred")]


def test_todays_counts_are_this_counters_only(desk: Desk) -> None:
    service = desk.ctx.service
    for _ in range(4):
        service.issue("bill")
    service.open_counter(1)
    for minutes in (2, 4):
        service.call_next(1)
        service.serve(1)
        desk.clock.advance(minutes=minutes)
        service.done(1)
    service.call_next(1)
    service.no_show(1)
    service.open_counter(2)  # another counter's work does not count here
    service.call_next(2)
    service.serve(2)
    service.done(2)
    desk.refresh()
    w = desk.window
    desk.qtbot.waitUntil(lambda: w.stats.text("served") == "2")
    assert w.stats.text("no_shows") == "1"
    assert w.stats.text("average") == "3 min"


def test_todays_counts_start_empty(desk: Desk) -> None:
    assert desk.window.stats.text("served") == "0"
    assert desk.window.stats.text("average") == "—"


def test_every_action_has_its_function_key_and_the_keys_work(desk: Desk) -> None:
    w = desk.window
    assert {a: w.commands[a].shortcut().toString() for a in Action} == KEYS
    w.activateWindow()
    desk.qtbot.waitActive(w)
    service = desk.ctx.service
    for _ in range(3):
        service.issue("bill")
    steps = [
        (Qt.Key.Key_F10, "The counter is open."),
        (Qt.Key.Key_F1, "Called A001."),
        (Qt.Key.Key_F2, "Called A001 again."),
        (Qt.Key.Key_F3, "Serving A001."),
        (Qt.Key.Key_F7, "A001 is parked: resume it when you are ready."),
        (Qt.Key.Key_F8, "Resumed A001."),
        (Qt.Key.Key_F4, "A001 is done."),
        (Qt.Key.Key_F1, "Called A002."),
        (Qt.Key.Key_F5, "A002 marked as a no-show."),
        (Qt.Key.Key_F1, "Called A003."),
        (Qt.Key.Key_F3, "Serving A003."),
        (Qt.Key.Key_F1, "Nobody is waiting for this counter."),  # A003 stays in service
        (Qt.Key.Key_F9, "The counter is paused: it calls nobody until you resume."),
        (Qt.Key.Key_F9, "Welcome back: the counter is open."),
    ]
    for key, text in steps:
        assert desk.key(key).text == text, key

    desk.qtbot.keyClick(w, Qt.Key.Key_F6)
    desk.qtbot.waitUntil(lambda: w.transfer_dialog is not None and w.transfer_dialog.isVisible())
    assert w.transfer_dialog is not None
    desk.qtbot.keyClick(w.transfer_dialog, Qt.Key.Key_Escape)
    desk.qtbot.waitUntil(lambda: w.transfer_dialog is None)


def test_a_disabled_actions_key_does_nothing(desk: Desk) -> None:
    w = desk.window
    w.activateWindow()
    desk.qtbot.waitActive(w)
    with desk.qtbot.assertNotEmitted(w.controller.notice):
        desk.qtbot.keyClick(w, Qt.Key.Key_F1)  # a closed counter calls nobody
    desk.settle()
    assert w.message.text() == ""


def test_the_window_follows_the_language_in_force(desk: Desk) -> None:
    w = desk.window
    desk.ctx.languages.set("zh")
    desk.qtbot.waitUntil(lambda: w.header.name.text() == "1号窗口")
    assert "缴费充值" in w.header.serves.text()
    assert w.header.language.text() == "English"
    desk.qtbot.mouseClick(w.header.language, Qt.MouseButton.LeftButton)
    assert desk.ctx.languages.current == "en"
    desk.qtbot.waitUntil(lambda: w.header.name.text() == "Counter 1")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_at_1280_by_800_every_button_shows_its_whole_title(
    ui_ctx: Any, ui_clock: Any, qtbot: Any, lang: str
) -> None:
    desk = Desk.open(ui_ctx, ui_clock, qtbot, lang=lang)
    w = desk.window
    w.resize(1280, 800)
    desk.press(Action.OPEN)
    desk.ctx.service.issue("bill")
    desk.press(Action.CALL_NEXT)
    desk.press(Action.PAUSE)  # the longest titles: "Resume work", "Close counter"
    qtbot.waitUntil(lambda: w.controller.model is not None and w.controller.model.paused)
    qtbot.waitUntil(lambda: all(b.title == w.commands[a].text() for a, b in w.buttons.items()))
    settle_layouts(w)  # the new titles' sizes, laid out
    for action, button in w.buttons.items():
        title = button.findChild(QLabel, "actionTitle")
        assert title.width() >= title.sizeHint().width(), (action, title.text())
    assert w.width() == 1280


def test_an_unreadable_store_is_said_once_and_its_return_too(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = desk.window
    real = desk.ctx.service.status

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise StoreLocked("another process held the store")

    notices: list[Notice] = []
    w.controller.notice.connect(notices.append)
    monkeypatch.setattr(desk.ctx.service, "status", locked)
    for _ in range(2):
        with desk.qtbot.waitSignal(desk.ctx.watcher.failed):
            desk.ctx.watcher.refresh()
        desk.settle()
    assert [n.code for n in notices] == ["store_unreadable"]
    assert w.message.text() == "Cannot read the queue store: retrying."

    monkeypatch.setattr(desk.ctx.service, "status", real)
    desk.refresh()
    assert [n.code for n in notices] == ["store_unreadable", "store_back"]
    assert w.message.text() == "The queue store can be read again."
