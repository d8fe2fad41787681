"""The hall display's lists: the recent calls and the business types' waits.

Each list is a column of equal rows whose columns keep fixed proportions (stretch
factors), so a row reads the same at 1920x1080 and 1080x1920. The rows are packed
tightly (2 px) and the headers are as tall as a row, so that with the demo hall's six
business types and eight recent calls no line, Chinese or English, is under 1/40 of
the screen's short side (27 px at 1080; tests/ui/test_display_legibility.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui import style
from kiosk.ui.display import texts
from kiosk.ui.display.fit import FitLabel
from kiosk.ui.display.model import CallRow, ServiceRow
from kiosk.ui.display.texts import Bilingual, Translate

CENTER = Qt.AlignmentFlag.AlignHCenter
LEFT = Qt.AlignmentFlag.AlignLeft

CALL_COLUMNS = (5, 6)  # ticket, counter
SERVICE_COLUMNS = (9, 4, 7)  # business, waiting, expected wait


class Pair(QWidget):
    """A Chinese line over an English one, nearly as tall (5:4): the English is read
    across the hall too, not small print under the Chinese."""

    def __init__(self, *, align: Qt.AlignmentFlag = LEFT, bold: bool = False,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.zh = FitLabel(ratio=0.9, bold=bold, align=align)
        self.en = FitLabel(ratio=0.9, align=align)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.zh, 5)
        layout.addWidget(self.en, 4)

    def set(self, text: Bilingual) -> None:
        self.zh.setText(text.zh)
        self.en.setText(text.en)

    def text(self) -> Bilingual:
        return Bilingual(self.zh.text(), self.en.text())


def _row(cells: Sequence[QWidget], stretches: Sequence[int], parent: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout(parent)
    layout.setContentsMargins(20, 2, 20, 2)
    layout.setSpacing(16)
    for cell, stretch in zip(cells, stretches, strict=True):
        layout.addWidget(cell, stretch)
    return layout


def _header(tr: Translate, sources: Sequence[str], stretches: Sequence[int],
            aligns: Sequence[Qt.AlignmentFlag]) -> QFrame:  # fmt: skip
    frame = QFrame()
    frame.setObjectName("header")
    cells = []
    for source, align in zip(sources, aligns, strict=True):
        cell = Pair(align=align)
        cell.set(texts.both(tr, source))
        cells.append(cell)
    _row(cells, stretches, frame)
    return frame


class _Table(QFrame):
    """A titled column of header and row slots; slots are made as rows arrive."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(
            f"QFrame#{name} {{ background: {style.INK}; }}"
            f"QFrame#header {{ border-bottom: 2px solid {style.MUTED}; }}"
            f"QLabel {{ color: {style.PAPER}; background: transparent; }}"
            f"QFrame[current='true'] {{ background: {style.BRAND}; border-radius: 10px; }}"
            f"QFrame[row='true'] {{ border-bottom: 1px solid {style.BRAND_DARK}; }}"
        )
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)

    def _add(self, widget: QWidget, stretch: int) -> None:
        self._layout.addWidget(widget, stretch)


class _CallSlot(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.number = FitLabel(ratio=0.75, bold=True, align=CENTER)
        self.number.setStyleSheet(f"color: {style.ACCENT};")
        self.counter = Pair(align=CENTER, bold=True)
        _row([self.number, self.counter], CALL_COLUMNS, self)
        # Kept as an attribute rather than read back with property(): PySide6 6.12.0 on
        # Python 3.11 drops a reference to None on each read of an unset property.
        self.current = False
        self.setProperty("current", False)

    def fill(self, row: CallRow | None) -> None:
        self.number.setText(row.number if row else "")
        self.counter.set(row.counter if row else Bilingual("", ""))
        current = bool(row and row.current)
        if current != self.current:
            self.current = current
            self.setProperty("current", current)  # the style sheet highlights it
            self.style().unpolish(self)
            self.style().polish(self)


class CallList(_Table):
    """The recent calls, newest first, the current one highlighted; always ``slots``
    rows tall so that the list does not jump as the day starts."""

    def __init__(self, tr: Translate, slots: int, parent: QWidget | None = None) -> None:
        super().__init__("callList", parent)
        title = texts.both(tr, texts.RECENT_CALLS)
        self.title = FitLabel(f"{title.zh}  {title.en}", ratio=0.6, bold=True, align=CENTER)
        self._add(self.title, 3)
        self._add(_header(tr, (texts.TICKET, texts.COUNTER), CALL_COLUMNS, (CENTER, CENTER)), 4)
        self.slots = [_CallSlot() for _ in range(slots)]
        for slot in self.slots:
            self._add(slot, 4)

    def set_rows(self, rows: Sequence[CallRow]) -> None:
        for i, slot in enumerate(self.slots):
            slot.fill(rows[i] if i < len(rows) else None)

    def numbers(self) -> list[str]:
        """The ticket numbers listed, top to bottom."""
        return [s.number.text() for s in self.slots if s.number.text()]


class _ServiceSlot(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.name = Pair(bold=True)
        self.waiting = FitLabel(ratio=0.75, bold=True, align=CENTER)
        self.wait = Pair()
        self.setProperty("row", True)
        self.code = ""
        self.open: bool | None = None
        _row([self.name, self.waiting, self.wait], SERVICE_COLUMNS, self)

    def fill(self, row: ServiceRow) -> None:
        self.code = row.code
        self.name.set(row.name)
        self.waiting.setText(str(row.waiting))
        self.wait.set(row.wait)
        if row.open != self.open:
            self.open = row.open
            colour = style.ACCENT if row.open else style.PAPER  # closed: the hours, plainly
            self.wait.setStyleSheet(f"QLabel {{ color: {colour}; }}")


class ServicesTable(_Table):
    """One row per business type: people waiting and the expected wait of a new
    ticket (or why it takes none now)."""

    def __init__(self, tr: Translate, parent: QWidget | None = None) -> None:
        super().__init__("servicesTable", parent)
        sources = (texts.BUSINESS, texts.WAITING, texts.EXPECTED_WAIT)
        self._add(_header(tr, sources, SERVICE_COLUMNS, (LEFT, CENTER, LEFT)), 5)
        self.slots: list[_ServiceSlot] = []

    def set_rows(self, rows: Sequence[ServiceRow]) -> None:
        while len(self.slots) < len(rows):
            slot = _ServiceSlot()
            self.slots.append(slot)
            self._add(slot, 5)
        for slot, row in zip(self.slots, rows, strict=False):
            slot.fill(row)
        for i, slot in enumerate(self.slots):
            slot.setVisible(i < len(rows))

    def row(self, code: str) -> _ServiceSlot:
        """The slot showing a business type (tests and screenshots read it)."""
        for slot in self.slots:
            if slot.isVisibleTo(self) and slot.code == code:
                return slot
        raise KeyError(code)
