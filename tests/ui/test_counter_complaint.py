"""Finishing a complaint at the counter window: Done asks how it ended, with the keyboard;
a follow-up's case number and promised date are shown to read out and its slip is printed
on the counter's printer. Real store, the simulated printer, no sleeps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.core.model import EventKind
from kiosk.ui.counter.messages import Level
from kiosk.ui.counter.model import Action
from kiosk.ui.counter.resolution import ResolutionDialog

from .test_counter_desk import Desk

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def serving_complaint(ctx: Any, clock: Any, qtbot: Any) -> tuple[Desk, str]:
    number = str(ctx.service.issue("complaint").ticket.number)
    desk = Desk.open(ctx, clock, qtbot, counter=3)
    desk.press(Action.OPEN)
    desk.press(Action.CALL_NEXT)
    desk.press(Action.SERVE)
    return desk, number


def open_resolution(desk: Desk, qtbot: Any) -> ResolutionDialog:
    desk.window.activateWindow()
    qtbot.waitUntil(desk.window.isActiveWindow)
    qtbot.keyClick(desk.window, Qt.Key.Key_F4)  # Done
    qtbot.waitUntil(
        lambda: (
            desk.window.resolution_dialog is not None and desk.window.resolution_dialog.isVisible()
        )
    )
    dialog = desk.window.resolution_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_a_follow_up_is_chosen_with_the_keyboard_shown_and_printed(
    ui_ctx: Any, ui_clock: Any, qtbot: Any
) -> None:
    desk, number = serving_complaint(ui_ctx, ui_clock, qtbot)
    dialog = open_resolution(desk, qtbot)
    # Tuesday 24 November 2026: three working days on is Friday the 27th
    assert dialog.date.date().toString("yyyy-MM-dd") == "2026-11-27"
    assert not dialog.date.isEnabled()
    assert dialog.focusWidget() is dialog.resolved_here
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # follow-up
    assert dialog.follow_up.isChecked() and dialog.date.isEnabled()
    with qtbot.waitSignal(desk.window.slips.printed, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    desk.settle()
    case = desk.window.case_dialog
    assert case is not None and case.isVisible()
    assert case.case.text() == "C20261124-001"
    assert case.promise.text() == (
        f"Give the visitor case number C20261124-001 for {number}: they hear back by "
        "2026-11-27 (Fri)."
    )
    assert case.slip.text() == "The slip was printed: hand it to the visitor."
    assert desk.window.message.text() == f"{number}: follow-up C20261124-001, reply by 2026-11-27."
    slip = ui_ctx.printer.last_slip
    assert slip is not None and b"C20261124-001" in slip and b"Friday 27 November 2026" in slip
    assert "投诉受理回执".encode("gb18030") in slip
    assert b"10000" in slip  # complaints.phone of the demo hall
    (f,) = ui_ctx.service.follow_ups()
    assert (f.number, f.counter, f.promised_by) == (number, 3, dt.date(2026, 11, 27))
    qtbot.keyClick(case, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window.case_dialog is None)


def test_resolved_here_opens_no_case_and_a_later_date_can_be_typed(
    ui_ctx: Any, ui_clock: Any, qtbot: Any
) -> None:
    desk, number = serving_complaint(ui_ctx, ui_clock, qtbot)
    dialog = open_resolution(desk, qtbot)
    notice = desk.run(lambda: qtbot.keyClick(dialog, Qt.Key.Key_Return))  # resolved here
    assert notice.code == "done" and notice.text == f"{number} is done."
    assert desk.window.case_dialog is None
    assert ui_ctx.service.follow_ups() == []
    events = ui_ctx.runtime.store.events()
    assert [e.data.get("resolution") for e in events if e.kind is EventKind.DONE] == [
        "resolved_here"
    ]

    second = str(ui_ctx.service.issue("complaint").ticket.number)
    desk.press(Action.CALL_NEXT)
    desk.press(Action.SERVE)
    dialog = open_resolution(desk, qtbot)
    dialog.follow_up.setChecked(True)
    dialog.print_slip.setChecked(False)
    dialog.date.setFocus()
    dialog.date.setCurrentSection(dialog.date.Section.DaySection)
    qtbot.keyClick(dialog.date, Qt.Key.Key_Up)  # one day later: Saturday the 28th
    desk.run(lambda: qtbot.keyClick(dialog, Qt.Key.Key_Return))
    (f,) = ui_ctx.service.follow_ups()
    assert (f.number, f.promised_by) == (second, dt.date(2026, 11, 28))
    assert ui_ctx.printer.last_slip is None
    assert desk.window.case_dialog is not None
    assert desk.window.case_dialog.slip.text() == "The slip was not printed: not asked for"


def test_call_next_over_a_complaint_says_what_to_do(ui_ctx: Any, ui_clock: Any, qtbot: Any) -> None:
    desk, number = serving_complaint(ui_ctx, ui_clock, qtbot)
    ui_ctx.service.issue("complaint")
    notice = desk.press(Action.CALL_NEXT)
    assert notice.level is Level.ERROR and notice.code == "complaint_open"
    assert notice.text == f"{number} is a complaint: press Done and record how it ended first."


def test_a_slip_the_printer_cannot_print_is_said(ui_ctx: Any, ui_clock: Any, qtbot: Any) -> None:
    desk, _ = serving_complaint(ui_ctx, ui_clock, qtbot)
    ui_ctx.printer.state = "paper-out"
    dialog = open_resolution(desk, qtbot)
    dialog.follow_up.setChecked(True)
    with qtbot.waitSignal(desk.window.slips.failed, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert desk.window.message.notice.code == "slip_failed"
    case = desk.window.case_dialog
    assert case is not None and case.slip.text().startswith("The slip was not printed: ")
    assert len(ui_ctx.service.follow_ups()) == 1  # the follow-up stands: the case is open
