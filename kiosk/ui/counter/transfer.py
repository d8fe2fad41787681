"""Choosing where a ticket goes: a business type or a counter, and where in its queue."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.model import Counter, Placement, Service, Ticket
from kiosk.ui.counter.fmt import fill
from kiosk.ui.counter.model import TransferChoice, local_name
from kiosk.ui.counter.parts import named


class TransferDialog(QDialog):
    """Opened with open() (window-modal, never blocking the event loop).

    Signals:
        chosen(object): the TransferChoice, when the clerk confirms.
    """

    chosen = Signal(object)

    def __init__(
        self,
        ticket: Ticket,
        services: Sequence[Service],
        counters: Sequence[Counter],
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.setWindowTitle(fill(self.tr("Transfer %1"), ticket.number))
        self.setMinimumWidth(460)
        self.to_service = QRadioButton(self.tr("To a &business type"))
        self.to_counter = QRadioButton(self.tr("To a &counter"))
        self.service_box = QComboBox()
        for s in services:
            self.service_box.addItem(f"{s.prefix}  {local_name(s, lang)}", s.code)
        self.counter_box = QComboBox()
        for c in counters:
            self.counter_box.addItem(local_name(c, lang), c.number)
        self.to_service.setEnabled(bool(services))
        self.to_counter.setEnabled(bool(counters))
        (self.to_service if services else self.to_counter).setChecked(True)
        targets = QButtonGroup(self)
        targets.addButton(self.to_service)
        targets.addButton(self.to_counter)
        self.to_service.toggled.connect(self._sync)
        target = QGroupBox(self.tr("Where to"))
        grid = QGridLayout(target)
        grid.addWidget(self.to_service, 0, 0)
        grid.addWidget(self.service_box, 0, 1)
        grid.addWidget(self.to_counter, 1, 0)
        grid.addWidget(self.counter_box, 1, 1)
        grid.setColumnStretch(1, 1)

        self.placements = {
            Placement.FRONT: QRadioButton(self.tr("At the &front of the queue")),
            Placement.BY_TIME: QRadioButton(self.tr("By issue &time (its original turn)")),
            Placement.BACK: QRadioButton(self.tr("At the b&ack of the queue")),
        }
        self.placements[Placement.BY_TIME].setChecked(True)
        where = QGroupBox(self.tr("Place in the queue"))
        column = QVBoxLayout(where)
        order = QButtonGroup(self)
        for button in self.placements.values():
            order.addButton(button)
            column.addWidget(button)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Transfer"))
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        intro = named(QLabel(fill(self.tr("Send %1 to:"), ticket.number)), "dialogIntro")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(target)
        layout.addWidget(where)
        layout.addWidget(buttons)
        self._sync()
        (self.service_box if services else self.counter_box).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def _sync(self) -> None:
        self.service_box.setEnabled(self.to_service.isChecked())
        self.counter_box.setEnabled(self.to_counter.isChecked())

    def choose(self, *, service: str | None = None, counter: int | None = None,
               placement: Placement = Placement.BY_TIME) -> None:  # fmt: skip
        """Set the choice as a clerk would (for keyboard-less callers and tests)."""
        if service is not None:
            self.to_service.setChecked(True)
            self.service_box.setCurrentIndex(self.service_box.findData(service))
        if counter is not None:
            self.to_counter.setChecked(True)
            self.counter_box.setCurrentIndex(self.counter_box.findData(counter))
        self.placements[placement].setChecked(True)

    def service_codes(self) -> list[str]:
        return [self.service_box.itemData(i) for i in range(self.service_box.count())]

    def counter_numbers(self) -> list[int]:
        return [self.counter_box.itemData(i) for i in range(self.counter_box.count())]

    def choice(self) -> TransferChoice:
        placement = next(p for p, b in self.placements.items() if b.isChecked())
        if self.to_service.isChecked():
            return TransferChoice(service=self.service_box.currentData(), placement=placement)
        return TransferChoice(counter=self.counter_box.currentData(), placement=placement)

    def accept(self) -> None:
        box = self.service_box if self.to_service.isChecked() else self.counter_box
        if box.count():
            self.chosen.emit(self.choice())
        super().accept()
