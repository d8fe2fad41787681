"""The printer's paper, as a picture: the last ticket it printed, or a sample.

The picture is drawn off the UI thread (kiosk.app.ticket_picture on the device worker);
this dialog only shows the PNG it gets.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.app import TicketPicture
from kiosk.ui import style
from kiosk.ui.tech.text import fill


class TicketPictureDialog(QDialog):
    """Shows one :class:`~kiosk.app.TicketPicture`: caption, the paper, Close."""

    def __init__(self, picture: TicketPicture, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketPictureDialog")
        self.picture = picture
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("font-size: 18px;")
        self.paper = QLabel()
        self.paper.setObjectName("ticketPaper")
        self.paper.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        pixmap = QPixmap()
        pixmap.loadFromData(picture.png, "PNG")
        self.paper.setPixmap(pixmap)
        scroll = QScrollArea()
        scroll.setWidget(self.paper)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("background: #d9dde2;")
        self.close_button = QPushButton()
        self.close_button.setMinimumHeight(style.touch_px() - 12)
        self.close_button.setStyleSheet("font-size: 18px; padding: 0 24px;")
        self.close_button.clicked.connect(self.accept)
        column = QVBoxLayout(self)
        column.addWidget(self.caption)
        column.addWidget(scroll, 1)
        column.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(max(pixmap.width() + 80, 520), 900)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Ticket picture"))
        if self.picture.number is None:
            self.caption.setText(
                self.tr("Nothing printed yet: a sample ticket with the hall's template.")
            )
        else:
            self.caption.setText(
                fill(
                    self.tr("The last ticket this printer printed: {number}."),
                    number=self.picture.number,
                )
            )
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
