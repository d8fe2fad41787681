"""A QR code drawn from its modules, crisp at any size (no picture library)."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_matrix(payload: str) -> list[list[bool]]:
    """The code's dark modules, with the quiet zone; medium error correction."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def paint_matrix(painter: QPainter, matrix: list[list[bool]], area: QRect) -> None:
    """Whole-pixel modules, centred in the largest square that fits the area."""
    n = len(matrix)
    module = max(1, min(area.width(), area.height()) // n)
    side = module * n
    left = area.left() + (area.width() - side) // 2
    top = area.top() + (area.height() - side) // 2
    painter.fillRect(left, top, side, side, QColor("white"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(
                    left + x * module, top + y * module, module, module, Qt.GlobalColor.black
                )


def qr_image(payload: str, module: int = 8) -> QImage:
    """The code as an image (screenshots, tests)."""
    matrix = qr_matrix(payload)
    side = len(matrix) * module
    image = QImage(side, side, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    paint_matrix(painter, matrix, QRect(0, 0, side, side))
    painter.end()
    return image


class QrCode(QWidget):
    """Shows one payload as a QR code, square, as large as its space allows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._payload = ""
        self._matrix: list[list[bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def payload(self) -> str:
        return self._payload

    def matrix(self) -> list[list[bool]]:
        return self._matrix

    def setPayload(self, payload: str) -> None:
        self._payload = payload
        self._matrix = qr_matrix(payload) if payload else []
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._matrix:
            return
        painter = QPainter(self)
        paint_matrix(painter, self._matrix, self.rect())
        painter.end()
