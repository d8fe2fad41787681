"""Printing, then the confirmation: the number very large, the queue ahead, the QR
code, and what to do when the printer failed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QProgressBar, QVBoxLayout, QWidget

from kiosk.ui.kiosk.flow import Confirmation, Printing, PrintProblem
from kiosk.ui.kiosk.parts import button, label
from kiosk.ui.kiosk.phrases import KioskPhrases
from kiosk.ui.widgets.qr import QrCode


class PrintingPage(QWidget):
    """A short state while the ticket is issued and printed; the UI stays live."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._phrases = KioskPhrases(self)
        self.step: Printing | None = None
        self.title = label("printingTitle", center=True)
        self.service = label("confirmService", center=True)
        self.number = label("printingNumber", wrap=False, center=True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # indeterminate
        self.progress.setTextVisible(False)
        box = QVBoxLayout(self)
        box.setContentsMargins(80, 40, 80, 40)
        box.setSpacing(36)
        box.addStretch(2)
        box.addWidget(self.title)
        box.addWidget(self.service)
        box.addWidget(self.number)
        box.addWidget(self.progress)
        box.addStretch(3)

    def show_step(self, step: Printing, lang: str) -> None:
        self.step = step
        self.retranslate(lang)

    def retranslate(self, lang: str) -> None:
        step = self.step
        if step is None:
            return
        self.title.setText(
            self.tr("Printing your ticket…") if step.number else self.tr("Taking your ticket…")
        )
        name = self._phrases.name(step.service, lang)
        self.service.setText(f"{name} · {self._phrases.green_channel()}" if step.priority else name)
        self.number.setText(step.number)
        self.number.setVisible(bool(step.number))


class ConfirmPage(QWidget):
    """Signals:
    dismissed(): the visitor touched the screen or Done.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._phrases = KioskPhrases(self)
        self.shown: Confirmation | None = None

        self.your_number = label("yourNumber", center=True)
        self.number = label("number", wrap=False, center=True)
        self.service = label("confirmService", center=True)
        self.priority = label("priorityBadge", wrap=False, center=True)
        self.ahead = label("ahead", center=True)
        self.expected = label("expected", center=True)
        ticket = QVBoxLayout()
        ticket.setSpacing(12)
        ticket.addWidget(self.your_number)
        ticket.addWidget(self.number)
        ticket.addWidget(self.service)
        ticket.addWidget(self.priority, 0, Qt.AlignmentFlag.AlignHCenter)
        ticket.addSpacing(16)
        ticket.addWidget(self.ahead)
        ticket.addWidget(self.expected)

        self.qr_card = QFrame(self)
        self.qr_card.setObjectName("card")
        self.qr = QrCode(self.qr_card)
        self.qr.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.qr_caption = label("qrCaption", center=True)
        qr_box = QVBoxLayout(self.qr_card)
        qr_box.setContentsMargins(24, 24, 24, 20)
        qr_box.setSpacing(8)
        qr_box.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        qr_box.addWidget(self.qr_caption)

        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(32)
        self.body.addLayout(ticket, 3)
        self.body.addWidget(self.qr_card, 2, Qt.AlignmentFlag.AlignCenter)

        self.keep = label("keep", center=True)
        self.problem = label("problem", center=True)
        self.done_button = button("primary")
        self.done_button.clicked.connect(self.dismissed)
        self.hint = label("hint", center=True)

        box = QVBoxLayout(self)
        box.setContentsMargins(48, 32, 48, 32)
        box.setSpacing(22)
        box.addLayout(self.body, 1)
        box.addWidget(self.problem)
        box.addWidget(self.keep)
        box.addWidget(self.done_button)
        box.addWidget(self.hint)

    def show_confirmation(self, shown: Confirmation, lang: str) -> None:
        self.shown = shown
        self.qr.setPayload(shown.url)
        self.retranslate(lang)

    def retranslate(self, lang: str) -> None:
        t = self._phrases
        self.your_number.setText(self.tr("Your number"))
        self.qr_caption.setText(self.tr("Scan to follow the queue on your phone"))
        self.done_button.setText(self.tr("Done"))
        self.hint.setText(self.tr("Touch the screen to finish"))
        shown = self.shown
        if shown is None:
            return
        self.number.setText(shown.number)
        self.service.setText(t.name(shown.service, lang))
        self.priority.setText(t.green_channel())
        self.priority.setVisible(shown.priority)
        self.ahead.setText(t.ahead(shown.ahead))
        self.expected.setText(t.expected(shown.estimate))
        failed = shown.problem is not PrintProblem.NONE
        self.problem.setVisible(failed)
        self.problem.setText(t.print_problem(shown.problem) if failed else "")
        self.keep.setVisible(not failed)
        self.keep.setText(self.tr("Please take your ticket and keep it until you are called."))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A touch anywhere finishes (the next visitor should not wait for the timer)."""
        self.dismissed.emit()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width, height = event.size().width(), event.size().height()
        landscape = width > height
        self.body.setDirection(
            QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        )
        side = int(min(height * (0.42 if landscape else 0.24), width * 0.4))
        self.qr.setFixedSize(side, side)
