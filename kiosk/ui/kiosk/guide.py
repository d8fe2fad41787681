"""Guide: what to bring and the steps, before the ticket; self-service and the green
channel offered where they apply."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.service import ServiceStatus
from kiosk.ui.kiosk.flow import GuideStep
from kiosk.ui.kiosk.parts import button, label
from kiosk.ui.kiosk.phrases import KioskPhrases
from kiosk.ui.kiosk.reading import ReadingPane


class GuidePage(QWidget):
    """Signals:
    take(bool): a ticket, green channel or not.
    selfService(): the visitor will use a self-service terminal instead.
    back(): home.
    """

    take = Signal(bool)
    selfService = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._phrases = KioskPhrases(self)
        self._lang = "zh"
        self.step: GuideStep | None = None

        self.badge = label("badge", wrap=False, center=True)
        self.name = label("serviceName")
        self.description = label("serviceDesc")
        self.queue = label("queueLine")
        head = QFrame(self)
        head.setObjectName("card")
        self.head = head
        names = QVBoxLayout()
        names.setSpacing(6)
        names.addWidget(self.name)
        names.addWidget(self.description)
        names.addWidget(self.queue)
        head_box = QHBoxLayout(head)
        head_box.setContentsMargins(32, 28, 32, 28)
        head_box.setSpacing(28)
        head_box.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        head_box.addLayout(names, 1)

        self.reading = ReadingPane(self)
        self.text = self.reading.text

        self.self_service_box = QFrame(self)
        self.self_service_box.setObjectName("selfServiceBox")
        self.self_service_text = label("selfServiceText")
        self.self_service_button = button("secondary")
        self.self_service_button.clicked.connect(self.selfService)
        self._self_box = QHBoxLayout(self.self_service_box)
        self._self_box.setContentsMargins(24, 16, 24, 16)
        self._self_box.setSpacing(12)
        self._self_box.addWidget(self.self_service_text, 1)
        self._self_box.addWidget(self.self_service_button, 0)

        self.green_hint = label("greenHint")
        self.back_button = button("secondary")
        self.back_button.clicked.connect(self.back)
        self.priority_button = button("green")
        self.priority_button.clicked.connect(lambda: self.take.emit(True))
        self.take_button = button("primary")
        self.take_button.clicked.connect(lambda: self.take.emit(False))
        self._actions = QGridLayout()
        self._actions.setSpacing(16)

        side = QWidget(self)
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        side_box.setSpacing(24)
        side_box.addWidget(self.self_service_box)
        side_box.addStretch(1)
        side_box.addLayout(self._actions)
        self._side = side

        # One grid whose cells change with the orientation: nothing changes parent.
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(36, 28, 36, 28)
        self._grid.setSpacing(24)
        self.landscape: bool | None = None
        self._arrange(landscape=False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width() > event.size().height())

    def _arrange(self, landscape: bool) -> None:
        """Standing screen: the business type, the guide, buttons in a row below. Lying
        screen: the guide down the whole left side, so that it is not cut; on the right,
        the business type above the choices, the ticket button first."""
        if landscape == self.landscape:
            return
        self.landscape = landscape
        grid = self._grid
        for widget in (self.head, self.reading, self._side):
            grid.removeWidget(widget)
        for i in range(3):
            grid.setRowStretch(i, 0)
            grid.setColumnStretch(i, 0)
        if landscape:
            grid.addWidget(self.reading, 0, 0, 2, 1)
            grid.addWidget(self.head, 0, 1)
            grid.addWidget(self._side, 1, 1)
            grid.setColumnStretch(0, 5)
            grid.setColumnStretch(1, 4)
        else:
            grid.addWidget(self.head, 0, 0)
            grid.addWidget(self.reading, 1, 0)
            grid.addWidget(self._side, 2, 0)
            grid.setColumnStretch(0, 1)
        grid.setRowStretch(1, 1)
        self._place_actions()

    def _place_actions(self) -> None:
        """Standing: who may use the green channel, over back, green channel and ticket
        in a row, the ticket button widest. Lying: the ticket button across the column,
        then who may use the green channel right over its button, beside back (three
        stacked did not leave the column room for the business type)."""
        actions = self._actions
        for widget in (self.green_hint, self.back_button, self.priority_button, self.take_button):
            actions.removeWidget(widget)
        for i in range(3):
            actions.setColumnStretch(i, 0)
        if not self.landscape:
            actions.addWidget(self.green_hint, 0, 0, 1, 3)
            buttons = (self.back_button, self.priority_button, self.take_button)
            for column, (widget, stretch) in enumerate(zip(buttons, (2, 3, 4), strict=True)):
                actions.addWidget(widget, 1, column)
                actions.setColumnStretch(column, stretch)
            return
        actions.addWidget(self.take_button, 0, 0, 1, 2)
        actions.addWidget(self.green_hint, 1, 0, 1, 2)
        if self.priority_button.isVisibleTo(self):
            actions.addWidget(self.priority_button, 2, 0)
            actions.addWidget(self.back_button, 2, 1)
        else:
            actions.addWidget(self.back_button, 2, 0, 1, 2)
        actions.setColumnStretch(0, 1)
        actions.setColumnStretch(1, 1)

    def show_step(self, step: GuideStep, lang: str) -> None:
        self.step = step
        self.retranslate(lang)  # the guide's text, from its top

    def show_status(self, statuses: Mapping[str, ServiceStatus]) -> None:
        """Keep the queue line live while the visitor reads."""
        if self.step is None:
            return
        status = statuses.get(self.step.service.code)
        if status is not None and status is not self.step.status:
            self.step = GuideStep(
                self.step.service, self.step.guide, self.step.priority_offered, status
            )
            self._show_queue()

    def retranslate(self, lang: str) -> None:
        self._lang = lang
        t = self._phrases
        self.back_button.setText(self.tr("Back"))
        self.take_button.setText(self.tr("Take a ticket"))
        self.priority_button.setText(self.tr("Green channel"))
        self.green_hint.setText(t.green_channel_hint())
        self.self_service_text.setText(
            self.tr("You can also do this at a self-service terminal, without queueing.")
        )
        self.self_service_button.setText(self.tr("Use self-service"))
        self.reading.set_button_texts(*t.read_more())
        step = self.step
        if step is None:
            return
        self.badge.setText(step.service.prefix)
        self.name.setText(t.name(step.service, lang))
        self.description.setText(t.description(step.service, lang))
        guide = step.guide.get(lang) if step.guide else None
        self.reading.setVisible(guide is not None)
        self.reading.set_markdown(guide.text if guide else "")
        self.self_service_box.setVisible(bool(step.guide and step.guide.self_service))
        self.priority_button.setVisible(step.priority_offered)
        self._place_actions()
        self.green_hint.setVisible(step.priority_offered)
        self._show_queue()

    def _show_queue(self) -> None:
        status = self.step.status if self.step else None
        if status is None or not status.open:
            self.queue.setText("")
            return
        t = self._phrases
        self.queue.setText(
            self.tr("{waiting} · {wait}").format(
                waiting=t.ahead_tile(status.ahead), wait=t.wait(status.estimate)
            )
        )
