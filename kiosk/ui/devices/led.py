"""An LED display drawn on screen: two lines of red and amber dots on a dark panel.

It shows what a simulated display shows (kiosk.devices.simulators.SimDisplay): its
text, the test pattern (every LED lit) or nothing (cleared); a new number blinks the
times the display was told to. The text is drawn with the application's font (the
CJK one, so GB2312 Chinese renders) and broken into dots by a mask of round holes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.core.devices import BLANK, DisplayText

BLINK_MS = 350  # on / off while a new number blinks
PITCH = 3  # pixels from one LED to the next
FRAME = "#3b2b22"
HOUSING = "#0b0605"  # between the LEDs
UNLIT = "#2a1410"  # an LED that is off
RED = "#ff3b24"  # line 1 (the number)
AMBER = "#ffb020"  # line 2


def _mask() -> QPixmap:
    """One LED cell: the housing's colour with a round hole the light shows through."""
    tile = QPixmap(PITCH, PITCH)
    tile.fill(Qt.GlobalColor.transparent)  # a pixmap with an alpha channel
    painter = QPainter(tile)
    painter.fillRect(0, 0, PITCH, PITCH, QColor(HOUSING))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0))
    painter.drawEllipse(QRectF(0.5, 0.5, PITCH - 1.0, PITCH - 1.0))
    painter.end()
    return tile


class LedPanel(QWidget):
    """What one LED display shows. ``line1``, ``line2`` and ``mode`` ("text", "test",
    "clear") are the state; ``blinking`` and ``lit`` tell a blink in progress, driven
    by ``blink_timer`` (tests call ``stop_blink`` instead of waiting)."""

    def __init__(self, strip: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledStrip" if strip else "ledPanel")
        self.strip = strip
        self.text: DisplayText = BLANK
        self.mode = "clear"
        self.lit = True
        self._toggles = 0
        self._mask: QPixmap | None = None
        self.blink_timer = QTimer(self)
        self.blink_timer.setInterval(BLINK_MS)
        self.blink_timer.timeout.connect(self._blink)
        self.setMinimumSize(QSize(520, 104) if strip else QSize(240, 104))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(900, 104) if self.strip else QSize(300, 104)

    @property
    def line1(self) -> str:
        return self.text.line1

    @property
    def line2(self) -> str:
        return self.text.line2

    @property
    def blinking(self) -> bool:
        return self.blink_timer.isActive()

    def show_text(self, text: DisplayText, mode: str, blink: int = 0) -> None:
        """Show a display's state; ``blink`` > 0 blinks line 1 that many times."""
        self.text, self.mode = text, mode
        self.setToolTip(f"{text.line1}\n{text.line2}" if mode == "text" else "")
        self.setAccessibleName(f"{text.line1} {text.line2}" if mode == "text" else mode)
        if blink > 0 and mode == "text":
            self._toggles = 2 * blink
            self.lit = False
            self.blink_timer.start()
        self.update()

    @Slot()
    def stop_blink(self) -> None:
        self.blink_timer.stop()
        self._toggles = 0
        self.lit = True
        self.update()

    @Slot()
    def _blink(self) -> None:
        self._toggles -= 1
        self.lit = not self.lit
        if self._toggles <= 0:
            self.stop_blink()
        self.update()

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outer = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.setPen(QPen(QColor(FRAME), 2))
        painter.setBrush(QColor(HOUSING))
        painter.drawRoundedRect(outer, 8, 8)
        face = outer.adjusted(10, 8, -10, -8)
        painter.fillRect(face, QColor(UNLIT))
        if self.mode == "test":
            painter.fillRect(face, QColor(RED))
        elif self.mode == "text":
            half = face.height() / 2
            if self.lit:
                self._line(painter, QRectF(face.left(), face.top(), face.width(), half),
                           self.text.line1, RED)  # fmt: skip
            self._line(painter, QRectF(face.left(), face.top() + half, face.width(), half),
                       self.text.line2, AMBER)  # fmt: skip
        if self._mask is None:
            self._mask = _mask()
        painter.setBrushOrigin(face.topLeft())
        painter.fillRect(face, QBrush(self._mask))
        painter.end()

    def _line(self, painter: QPainter, box: QRectF, text: str, colour: str) -> None:
        """One line, as large as its half of the panel allows, centred as LED signs do."""
        if not text:
            return
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(8, int(box.height() * 0.8)))
        width = QFontMetricsF(font).horizontalAdvance(text)
        if width > box.width():  # a long line: smaller, as the whole of it must show
            font.setPixelSize(max(8, int(font.pixelSize() * box.width() / width)))
        metrics = QFontMetricsF(font)
        width = metrics.horizontalAdvance(text)
        base = box.top() + (box.height() + metrics.ascent() - metrics.descent()) / 2
        path = QPainterPath()
        path.addText(QPointF(box.left() + (box.width() - width) / 2, base), font, text)
        glow = QColor(colour)
        glow.setAlpha(90)
        painter.setPen(QPen(glow, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawPath(path)
