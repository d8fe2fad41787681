"""A ticket the kiosk could not print alerts staff at every counter window, and the alert
stays until the ticket is reprinted or someone acknowledges it: in a window opened
afterwards, through the next actions, with the ticket marked in the waiting list."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.ui.counter.model import Action
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.kiosk.window import KioskWindow

from .test_counter_desk import Desk

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _not_printed(ctx: Any, code: str, problem: str = "paper_end") -> str:
    """A ticket issued to be printed whose printer failed; returns its number."""
    issued = ctx.service.issue(code, printing=True)
    ctx.service.report_print_failure(issued.ticket.uid, issued.ticket.number, "paper out", problem)
    return str(issued.ticket.number)


def test_a_kiosk_print_failure_shows_at_the_counter(ui_ctx: Any, qtbot: Any) -> None:
    ui_ctx.languages.set("en")
    counter = CounterWindow(ui_ctx, 1)
    kiosk = KioskWindow(ui_ctx)
    qtbot.addWidget(counter)
    qtbot.addWidget(kiosk)
    ui_ctx.watcher.start()
    qtbot.waitUntil(lambda: counter.controller.model is not None)
    ui_ctx.printer.state = "paper-out"
    with qtbot.waitSignal(kiosk.staffAlert, timeout=5000):
        kiosk.controller.choose("broadband")
        kiosk.controller.take()
    qtbot.waitUntil(lambda: "D001 (out of paper)" in counter.print_alert.text(), timeout=5000)
    (ticket,) = ui_ctx.service.tickets()
    assert ticket.printed is False
    kiosk.allow_close()


def test_a_window_opened_afterwards_shows_the_alert_and_marks_the_ticket(
    ui_ctx: Any, ui_clock: Any, qtbot: Any
) -> None:
    _not_printed(ui_ctx, "bill")
    ui_ctx.service.issue("bill", printing=True)  # printing right now: no alert yet
    desk = Desk.open(ui_ctx, ui_clock, qtbot, counter=1)
    w = desk.window
    assert w.print_alert.isVisible()
    assert w.print_alert.text() == (
        "Ticket not printed: A001 (out of paper). Reprint it, or acknowledge once the "
        "visitor knows the number."
    )
    assert desk.notes_of("A001") == "Not printed"
    assert desk.notes_of("A002") == ""


def test_the_next_actions_do_not_replace_the_alert(ui_ctx: Any, ui_clock: Any, qtbot: Any) -> None:
    _not_printed(ui_ctx, "bill")
    _not_printed(ui_ctx, "plan", "cover_open")
    desk = Desk.open(ui_ctx, ui_clock, qtbot, counter=1)
    w = desk.window
    before = w.print_alert.text()
    assert "B001 (cover open), A001 (out of paper)" in before
    desk.press(Action.OPEN)
    assert desk.press(Action.CALL_NEXT).code == "called"
    desk.press(Action.SERVE)
    ui_clock.advance(minutes=20)
    desk.refresh()
    assert w.message.text() == "Serving A001."
    assert w.print_alert.isVisible() and w.print_alert.text() == before


def test_acknowledge_closes_the_alert_everywhere(ui_ctx: Any, ui_clock: Any, qtbot: Any) -> None:
    _not_printed(ui_ctx, "bill")
    desk = Desk.open(ui_ctx, ui_clock, qtbot, counter=1)
    w = desk.window
    notice = desk.run(
        lambda: qtbot.mouseClick(w.print_alert.acknowledge, Qt.MouseButton.LeftButton)
    )
    assert notice.code == "acknowledged" and notice.text == "Acknowledged: A001."
    desk.refresh()
    assert not w.print_alert.isVisible()
    assert desk.notes_of("A001") == ""
    assert ui_ctx.service.status().alerts == ()
    other = Desk.open(ui_ctx, ui_clock, qtbot, counter=2)  # and in every other window
    assert not other.window.print_alert.isVisible()


def test_a_reprint_closes_the_alert(ui_ctx: Any, ui_clock: Any, qtbot: Any) -> None:
    number = _not_printed(ui_ctx, "bill")
    desk = Desk.open(ui_ctx, ui_clock, qtbot, counter=1)
    w = desk.window
    assert w.reprint_target() == number  # nothing selected, nobody at the counter
    with qtbot.waitSignal(w.controller.alertsChanged, timeout=5000) as changed:
        qtbot.mouseClick(w.reprint_button, Qt.MouseButton.LeftButton)
    assert changed.args == [()]
    assert not w.print_alert.isVisible()
    assert len(ui_ctx.printer.tickets) == 1


def test_many_tickets_not_printed_are_counted_not_all_named(
    ui_ctx: Any, ui_clock: Any, qtbot: Any
) -> None:
    """A printer out of paper for a while: the bar stays one or two lines."""
    for _ in range(7):
        _not_printed(ui_ctx, "bill")
    desk = Desk.open(ui_ctx, ui_clock, qtbot, counter=1)
    assert desk.window.print_alert.text().startswith(
        "Tickets not printed: A007 (out of paper), A006 (out of paper), A005 (out of paper), "
        "A004 (out of paper), 3 more."
    )
    assert [n for n, *_ in desk.window.waiting.rows() if desk.notes_of(n) == "Not printed"] == [
        f"A00{i}" for i in range(1, 8)
    ]
