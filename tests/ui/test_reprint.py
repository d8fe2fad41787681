"""Reprinting from the staff windows: the counter's button (selected or current ticket) and
the technician's number field. Real store, the simulated printer, no sleeps."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.devices.escpos import status as st
from kiosk.ui.counter.messages import Level
from kiosk.ui.counter.model import Action

from .test_counter_desk import Desk
from .test_tech_panel import click, open_panel

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _not_printed(ctx: Any, code: str) -> str:
    """Issue a ticket the kiosk could not print; returns its number."""
    issued = ctx.service.issue(code)
    ctx.service.report_print_failure(issued.ticket.uid, issued.ticket.number, st.PAPER_OUT)
    return str(issued.ticket.number)


def _printed(ctx: Any, number: str) -> bool:
    return bool(next(t.printed for t in ctx.service.tickets() if t.number == number))


def test_the_counter_reprints_the_selected_waiting_ticket(
    ui_ctx: Any, ui_clock: Any, qtbot: Any
) -> None:
    _not_printed(ui_ctx, "bill")
    number = _not_printed(ui_ctx, "bill")  # A002
    desk = Desk.open(ui_ctx, ui_clock, qtbot, counter=1)
    desk.refresh()
    tree = desk.window.waiting.tree
    group = tree.topLevelItem(0)
    row = next(
        group.child(i) for i in range(group.childCount()) if group.child(i).text(0) == number
    )
    tree.setCurrentItem(row)
    assert desk.window.reprint_target() == number

    with qtbot.waitSignal(desk.window.reprinter.reprinted, timeout=5000):
        qtbot.mouseClick(desk.window.reprint_button, Qt.MouseButton.LeftButton)

    assert desk.window.message.text() == f"Ticket {number} was printed again."
    assert len(ui_ctx.printer.tickets) == 1
    assert number.encode("ascii") in ui_ctx.printer.tickets[0]
    assert _printed(ui_ctx, number)
    assert not _printed(ui_ctx, "A001")


def test_the_counter_reprints_its_current_ticket_and_says_why_it_could_not(
    ui_ctx: Any, ui_clock: Any, qtbot: Any
) -> None:
    number = _not_printed(ui_ctx, "bill")
    desk = Desk.open(ui_ctx, ui_clock, qtbot, counter=1)
    desk.press(Action.OPEN)
    desk.press(Action.CALL_NEXT)
    desk.window.waiting.tree.setCurrentItem(None)
    assert desk.window.reprint_target() == number
    ui_ctx.printer.state = "paper-out"

    with qtbot.waitSignal(desk.window.reprinter.failed, timeout=5000):
        qtbot.mouseClick(desk.window.reprint_button, Qt.MouseButton.LeftButton)

    assert desk.window.message.text() == f"Ticket {number} was not printed: {st.PAPER_OUT}"
    assert desk.window.message.notice.level is Level.ERROR
    assert ui_ctx.printer.tickets == []
    assert not _printed(ui_ctx, number)


def test_the_technician_reprints_a_ticket_by_number(ui_ctx: Any, qtbot: Any) -> None:
    number = _not_printed(ui_ctx, "plan")
    panel = open_panel(ui_ctx, qtbot)
    devices = panel.devices

    devices.reprint_number.setText("z999")
    with qtbot.waitSignal(panel.reprinter.failed, timeout=5000):
        click(qtbot, devices.reprint_button)
    assert (
        devices.reprint_result.text() == "Ticket Z999 was not printed: no active ticket Z999 today"
    )

    devices.reprint_number.setText(number.lower())
    with qtbot.waitSignal(panel.reprinter.reprinted, timeout=5000):
        click(qtbot, devices.reprint_button)
    assert devices.reprint_result.text() == f"Ticket {number} was printed again."
    assert devices.reprint_number.text() == ""
    assert _printed(ui_ctx, number)
    assert len(ui_ctx.printer.tickets) == 1


def test_the_technician_sees_the_last_ticket_as_the_paper_shows_it(ui_ctx: Any, qtbot: Any) -> None:
    """Before any ticket: a sample with the hall's template; after a reprint: that ticket,
    whose QR (drawn from the printer's own QR command) scans to the ticket's page."""
    import zxingcpp
    from PySide6.QtGui import QImage

    panel = open_panel(ui_ctx, qtbot)
    devices = panel.devices
    with qtbot.waitSignal(devices.pictureRequested, timeout=5000):
        click(qtbot, devices.picture_button)
    qtbot.waitUntil(lambda: panel.picture_dialog is not None, timeout=5000)
    dialog = panel.picture_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.caption.text().startswith("Nothing printed yet")
    assert dialog.paper.pixmap().width() == 576 + 32
    dialog.accept()

    number = _not_printed(ui_ctx, "plan")
    devices.reprint_number.setText(number)
    with qtbot.waitSignal(panel.reprinter.reprinted, timeout=5000):
        click(qtbot, devices.reprint_button)
    click(qtbot, devices.picture_button)
    qtbot.waitUntil(lambda: panel.picture_dialog is not dialog, timeout=5000)
    dialog = panel.picture_dialog
    assert dialog is not None
    assert dialog.caption.text() == f"The last ticket this printer printed: {number}."
    image = QImage.fromData(dialog.picture.png, "PNG")
    assert not image.isNull()
    ticket = next(t for t in ui_ctx.service.tickets() if t.number == number)
    (code,) = zxingcpp.read_barcodes(image.convertToFormat(QImage.Format.Format_Grayscale8))
    assert f"/t/{ticket.uid}?s=" in code.text
    dialog.accept()
