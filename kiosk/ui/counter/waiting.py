"""Who is waiting for this counter, per business type, with waits and care alerts.

A ticket past its business type's target wait (10 minutes by the service standard)
is a care alert: highlighted, and counted in a banner above the list, so someone
goes to the visitor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.model import Hall
from kiosk.ui import style
from kiosk.ui.counter.fmt import fill, minutes, wait_range
from kiosk.ui.counter.model import CounterModel, WaitingGroup, WaitingRow, local_name
from kiosk.ui.counter.parts import card, named

NUMBER_ROLE = Qt.ItemDataRole.UserRole
AGED_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
NOTES_ROLE = Qt.ItemDataRole.UserRole + 3  # the notes without the tickets ahead
AHEAD_ROLE = Qt.ItemDataRole.UserRole + 4
# Room around a cell's text: the style sheet's item padding, the style's text margins
# and the header section's padding (look.py), with a few pixels to spare.
CELL_PADDING = 20
HEADER_PADDING = 24
ROW_PADDING = 10
NOTES = 3  # the column that wraps

_AGED_BG = QColor("#fbe3e1")
_AGED_FG = QColor(style.ALERT)
_GROUP_BG = QColor(style.PANEL)
_MUTED = QColor(style.MUTED)


class _WrappingNotes(QStyledItemDelegate):
    """Rows as tall as their notes need at the notes column's width: Qt's own size hint
    does not know the width a stretched column will get, so wrapped text was elided."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        if index.column() != NOTES or not index.parent().isValid():
            return hint
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else option.font)
        width = max(self._tree.header().sectionSize(NOTES) - CELL_PADDING, 1)
        text = str(index.data() or "")
        needed = metrics.boundingRect(
            QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text
        ).height()
        return QSize(hint.width(), max(hint.height(), needed + ROW_PADDING))


class WaitingList(QFrame):
    """The waiting list of one counter, rebuilt from each CounterModel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card(self)
        self.title = named(QLabel(), "panelTitle")
        self.count = named(QLabel(), "waitingCount")
        self.alert = named(QLabel(), "careAlert")
        self.alert.setWordWrap(True)
        self.alert.hide()
        self.tree = named(QTreeWidget(), "waitingTree")
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Ticket, waited and expected are as wide as their longest text (_fit_columns); the
        # notes take the rest and wrap rather than elide: nothing is cut, nothing scrolls
        # sideways, and rows grow as tall as their notes need.
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setItemDelegate(_WrappingNotes(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        header.sectionResized.connect(self._column_resized)
        self._relaying = False
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.alert)
        layout.addWidget(self.tree, 1)
        self.aged_count = 0

    def show_model(self, model: CounterModel, hall: Hall, lang: str) -> None:
        self.title.setText(self.tr("Waiting for this counter"))
        self.count.setText(fill(self.tr("%1 waiting"), model.waiting))
        self.tree.setHeaderLabels(
            [self.tr("Ticket"), self.tr("Waited"), self.tr("Expected"), self.tr("Note")]
        )
        self.tree.headerItem().setToolTip(
            2, self.tr("The estimator's expected remaining wait (80 % range)")
        )
        self.aged_count = model.aged
        self.alert.setText(
            fill(self.tr("%1 waiting over target: please look after them"), model.aged)
        )
        self.alert.setVisible(model.aged > 0)
        scroll = self.tree.verticalScrollBar().value()
        self.tree.clear()
        for group in model.groups:
            self._add_group(group, lang)
        self.tree.expandAll()
        self._fit_columns()
        self.tree.verticalScrollBar().setValue(scroll)

    def _column_resized(self, column: int, old: int, new: int) -> None:
        if column == NOTES and not self._relaying:  # the window's width changed
            self._relaying = True
            try:
                self.tree.doItemsLayout()
            finally:
                self._relaying = False

    def _fit_columns(self) -> None:
        """Ticket, waited and expected as wide as their widest text (rows and header)."""
        bold = QFont(self.tree.font())
        bold.setBold(True)
        rows, heads = QFontMetrics(bold), QFontMetrics(self.tree.header().font())
        head = self.tree.headerItem()
        header = self.tree.header()
        for col in range(3):
            widest = heads.horizontalAdvance(head.text(col)) + HEADER_PADDING
            for row in self._row_items():
                indent = self.tree.indentation() if col == 0 else 0
                widest = max(widest, rows.horizontalAdvance(row.text(col)) + indent + CELL_PADDING)
            header.resizeSection(col, widest)
        self.tree.doItemsLayout()  # row heights for the notes' new width

    def _row_items(self) -> list[QTreeWidgetItem]:
        found = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount() if group else 0):
                child = group.child(j) if group else None
                if child is not None:
                    found.append(child)
        return found

    def _add_group(self, group: WaitingGroup, lang: str) -> None:
        if group.service is None:
            title = self.tr("Transferred to this counter")
        else:
            title = f"{group.service.prefix}  {local_name(group.service, lang)}"
        text = f"{title}  ({len(group.rows)})"
        if group.aged:
            text += "   " + fill(self.tr("%1 over target"), group.aged)
        item = QTreeWidgetItem([text])
        item.setData(0, GROUP_ROLE, group.service.code if group.service else "")
        font = QFont(self.tree.font())
        font.setBold(True)
        item.setFont(0, font)
        item.setBackground(0, QBrush(_GROUP_BG))
        if group.aged:
            item.setForeground(0, QBrush(_AGED_FG))
        self.tree.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)
        for row in group.rows:
            item.addChild(self._row_item(row))

    def _row_item(self, row: WaitingRow) -> QTreeWidgetItem:
        notes = []
        if row.not_printed:
            notes.append(self.tr("Not printed"))
        if row.aged:
            notes.append(self.tr("Over target"))
        if row.priority:
            notes.append(self.tr("Green channel"))
        if row.transferred:
            notes.append(self.tr("Transferred"))
        shown = notes
        if row.expected is not None:  # the tickets called before it, as its visitor is told
            shown = [fill(self.tr("%1 ahead"), row.expected.ahead), *notes]
        item = QTreeWidgetItem(
            [row.ticket.number, minutes(row.waited), wait_range(row.expected), " · ".join(shown)]
        )
        item.setData(0, NUMBER_ROLE, row.ticket.number)
        item.setData(0, NOTES_ROLE, " · ".join(notes))
        item.setData(0, AHEAD_ROLE, row.expected.ahead if row.expected is not None else None)
        item.setData(0, AGED_ROLE, row.aged)
        if row.aged:
            font = QFont(self.tree.font())
            font.setBold(True)
            for col in range(4):
                item.setBackground(col, QBrush(_AGED_BG))
                item.setForeground(col, QBrush(_AGED_FG))
                item.setFont(col, font)
        elif row.not_printed:
            item.setForeground(3, QBrush(_AGED_FG))
        elif not notes:
            item.setForeground(3, QBrush(_MUTED))
        item.setForeground(2, QBrush(_MUTED))
        return item

    def expected(self) -> dict[str, str]:
        """The expected remaining wait shown for each ticket number."""
        return self._by_number(lambda child: child.text(2))

    def aheads(self) -> dict[str, int | None]:
        """The tickets called before each (the first note), by number; None: not estimated."""
        return self._by_number(lambda child: child.data(0, AHEAD_ROLE))

    def _by_number(self, read: Callable[[QTreeWidgetItem], Any]) -> dict[str, Any]:
        """``read`` of every waiting ticket's row, by its number."""
        found = {}
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount() if group else 0):
                child = group.child(j) if group else None
                if child is not None:
                    found[str(child.data(0, NUMBER_ROLE))] = read(child)
        return found

    def rows(self) -> list[tuple[str, str, bool, str]]:
        """(number, wait, care alert, notes) of every waiting ticket as shown, top to bottom;
        the notes without the first, the tickets ahead (:meth:`aheads`)."""
        return [row for _, rows in self._groups() for row in rows]

    def numbers(self, service: str | None) -> list[str]:
        """The tickets shown for a business type (None: those transferred to this counter)."""
        for key, rows in self._groups():
            if key == (service or ""):
                return [number for number, *_ in rows]
        return []

    def _groups(self) -> list[tuple[str, list[tuple[str, str, bool, str]]]]:
        found = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is None:
                continue
            rows = []
            for j in range(group.childCount()):
                child = group.child(j)
                if child is not None:
                    aged = bool(child.data(0, AGED_ROLE))
                    notes = str(child.data(0, NOTES_ROLE) or "")
                    rows.append((child.data(0, NUMBER_ROLE), child.text(1), aged, notes))
            found.append((str(group.data(0, GROUP_ROLE)), rows))
        return found
