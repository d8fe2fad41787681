"""The counter window at 1280×800, the desk PC's screen: the waiting list shows every
column's whole text, never scrolls sideways, shows its last row whole, and "Reprint
ticket" is a button like the others."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QStyle, QTreeWidgetItem

from kiosk.core.model import Priority
from kiosk.ui.counter.model import Action
from kiosk.ui.counter.waiting import NOTES

from .test_counter_desk import Desk

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _busy_morning(desk: Desk) -> None:
    """Tickets with every note at once: over target, green channel, transferred, not
    printed; a long estimate ("under 13 min"), in each business type counter 1 serves."""
    service, clock = desk.ctx.service, desk.clock
    service.open_counter(1)
    for i in range(12):
        clock.advance(minutes=1)
        level = Priority.PRIORITY if i in (4, 9) else Priority.NORMAL
        t = service.issue(("bill", "plan", "broadband")[i % 3], level, printing=True).ticket
        if i in (2, 4, 7):
            service.report_print_failure(t.uid, t.number, "paper out", "paper_end")
        else:
            service.report_printed(t.uid)
    service.call_next(1)
    service.serve(1)
    service.transfer(1, to_service="plan")  # back in a queue, with the "transferred" note
    service.call_next(1)
    clock.advance(minutes=15)  # everyone over the 10-minute target


def _rows(desk: Desk) -> list[QTreeWidgetItem]:
    tree = desk.window.waiting.tree
    found = []
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        found += [group.child(j) for j in range(group.childCount())]
    return found


def _font(tree: Any, item: QTreeWidgetItem, column: int) -> QFont:
    font = item.font(column)
    return font if font != QFont() else tree.font()


def _settled(desk: Desk) -> bool:
    """The notes column has taken the rest of the list's width."""
    tree = desk.window.waiting.tree
    return tree.header().length() == tree.viewport().width() and bool(_rows(desk))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_at_1280_by_800_the_waiting_list_shows_every_text_whole(
    ui_ctx: Any, ui_clock: Any, qtbot: Any, lang: str
) -> None:
    desk = Desk.open(ui_ctx, ui_clock, qtbot, lang=lang)
    _busy_morning(desk)
    w = desk.window
    w.resize(1280, 800)
    desk.refresh()
    qtbot.waitUntil(lambda: _settled(desk))
    tree = w.waiting.tree
    margin = 2 * (tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)
    notes = [item.text(NOTES) for item in _rows(desk)]
    assert any(n.count(" · ") >= 2 for n in notes), notes  # the longest notes are there

    for item in _rows(desk):
        for col in range(tree.columnCount()):
            rect = tree.visualItemRect(item)
            cell = QRect(tree.header().sectionViewportPosition(col), rect.top(),
                         tree.header().sectionSize(col), rect.height())  # fmt: skip
            if col == 0:
                cell.setLeft(cell.left() + tree.indentation())
            metrics = QFontMetrics(_font(tree, item, col))
            text = item.text(col)
            if col == NOTES:  # wraps: every line fits, and the row is tall enough for them
                room = metrics.boundingRect(
                    QRect(0, 0, cell.width() - margin, 10_000), Qt.TextFlag.TextWordWrap, text
                )
                assert room.height() <= cell.height(), (item.text(0), text)
                words = text.split()
                assert all(metrics.horizontalAdvance(x) <= cell.width() - margin for x in words)
            else:
                assert metrics.horizontalAdvance(text) <= cell.width() - margin, (col, text)

    assert not tree.horizontalScrollBar().isVisible()
    assert tree.header().length() <= tree.viewport().width()

    tree.scrollToBottom()
    last = _rows(desk)[-1]
    qtbot.waitUntil(lambda: tree.visualItemRect(last).bottom() < tree.viewport().height())
    rect = tree.visualItemRect(last)
    assert rect.top() >= 0 and rect.bottom() < tree.viewport().height()  # the whole row


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reprint_ticket_is_a_button_like_the_others(
    ui_ctx: Any, ui_clock: Any, qtbot: Any, lang: str
) -> None:
    desk = Desk.open(ui_ctx, ui_clock, qtbot, lang=lang)
    w = desk.window
    w.resize(1280, 800)
    desk.refresh()
    qtbot.waitUntil(lambda: w.reprint_button.height() >= w.buttons[Action.PARK].height())
    button = w.reprint_button
    assert button.property("role") == "action"  # the action buttons' style
    assert button.height() == w.buttons[Action.PARK].height()
    title = button.findChild(QLabel, "actionTitle")
    assert title.text() == ("补打号票" if lang == "zh" else "Reprint ticket")
    assert title.width() >= title.sizeHint().width()
    assert button.findChild(QLabel, "actionKey").text() == "Ctrl+P"
