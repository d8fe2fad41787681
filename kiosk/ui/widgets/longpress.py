"""A hidden spot that reacts only to a long press (the technician's way in)."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

LONG_PRESS_MS = 3000


class LongPressArea(QWidget):
    """Invisible; emits ``held`` after the press lasted ``hold_ms`` without release.

    Signals:
        held(): the press lasted long enough.
    """

    held = Signal()

    def __init__(self, parent: QWidget | None = None, hold_ms: int = LONG_PRESS_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self.held)

    @property
    def holding(self) -> bool:
        return self._timer.isActive()

    def set_hold_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._timer.stop()
        event.accept()
