"""A label whose text grows to fill the space the layout gives it.

The hall display is read from across the room on screens of any size and either
orientation, so its text sizes follow its layout instead of fixed point sizes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MIN_PX = 10


class FitLabel(QLabel):
    """One line of text, as large as fits: at most ``ratio`` of the label's height,
    smaller when the text is too wide. The layout's stretch factors size the label;
    its text never does (size policy Ignored), so a long text cannot push others."""

    def __init__(self, text: str = "", *, ratio: float = 0.7, bold: bool = False,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(text, parent)
        self._ratio = ratio
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        font = QFont(self.font())
        font.setBold(bold)
        self.setFont(font)
        self.setMinimumSize(1, 1)

    def setText(self, text: str) -> None:
        if text != self.text():
            super().setText(text)
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def pixel_size(self) -> int:
        return self.font().pixelSize()

    def _fit(self) -> None:
        rect = self.contentsRect()
        if rect.width() <= 1 or rect.height() <= 1:
            return
        font = QFont(self.font())
        low, high = MIN_PX, max(MIN_PX, int(rect.height() * self._ratio))
        while low < high:  # the largest size whose text fits the width
            mid = (low + high + 1) // 2
            font.setPixelSize(mid)
            if QFontMetrics(font).horizontalAdvance(self.text()) <= rect.width():
                low = mid
            else:
                high = mid - 1
        if low != self.font().pixelSize():
            font.setPixelSize(low)
            self.setFont(font)
