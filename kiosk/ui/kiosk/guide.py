"""Guide: what to bring and the steps, before the ticket; self-service and the green
channel offered where they apply."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QScroller,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.service import ServiceStatus
from kiosk.ui.kiosk.flow import GuideStep
from kiosk.ui.kiosk.parts import button, label
from kiosk.ui.kiosk.phrases import KioskPhrases


def touch_scrolling(browser: QTextBrowser) -> QTextBrowser:
    """Dragging a finger scrolls; links never open (no way out to a browser)."""
    browser.setOpenLinks(False)
    browser.setOpenExternalLinks(False)
    browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    browser.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    browser.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    QScroller.grabGesture(browser.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return browser


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

        self.text = touch_scrolling(QTextBrowser(self))
        self.text.setObjectName("guideText")

        self.self_service_box = QFrame(self)
        self.self_service_box.setObjectName("selfServiceBox")
        self.self_service_text = label("selfServiceText")
        self.self_service_button = button("secondary")
        self.self_service_button.clicked.connect(self.selfService)
        self._self_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.self_service_box)
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
        self._actions = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._actions.setSpacing(16)

        side = QWidget(self)
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        side_box.setSpacing(16)
        side_box.addWidget(self.self_service_box)
        side_box.addStretch(1)
        side_box.addWidget(self.green_hint)
        side_box.addLayout(self._actions)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addWidget(self.text, 3)
        self._body.addWidget(side, 0)
        self._side = side

        box = QVBoxLayout(self)
        box.setContentsMargins(36, 28, 36, 28)
        box.setSpacing(24)
        box.addWidget(head)
        box.addLayout(self._body, 1)
        self.landscape: bool | None = None
        self._arrange(landscape=False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width() > event.size().height())

    def _arrange(self, landscape: bool) -> None:
        """Standing screen: guide above, buttons in a row below. Lying screen: guide on
        the left, the choices in a column on the right, the ticket button first."""
        if landscape == self.landscape:
            return
        self.landscape = landscape
        d = QBoxLayout.Direction
        self._body.setDirection(d.LeftToRight if landscape else d.TopToBottom)
        self._body.setStretchFactor(self._side, 2 if landscape else 0)
        self._self_box.setDirection(d.TopToBottom if landscape else d.LeftToRight)
        self._actions.setDirection(d.TopToBottom if landscape else d.LeftToRight)
        order = (
            (self.take_button, self.priority_button, self.back_button)
            if landscape
            else (self.back_button, self.priority_button, self.take_button)
        )
        for widget in order:
            self._actions.removeWidget(widget)
        for widget, stretch in zip(order, (4, 3, 2) if landscape else (2, 3, 4), strict=True):
            self._actions.addWidget(widget, stretch)

    def show_step(self, step: GuideStep, lang: str) -> None:
        self.step = step
        self.text.verticalScrollBar().setValue(0)
        self.retranslate(lang)

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
        step = self.step
        if step is None:
            return
        self.badge.setText(step.service.prefix)
        self.name.setText(t.name(step.service, lang))
        self.description.setText(t.description(step.service, lang))
        guide = step.guide.get(lang) if step.guide else None
        self.text.setVisible(guide is not None)
        self.text.setMarkdown(guide.text if guide else "")
        self.self_service_box.setVisible(bool(step.guide and step.guide.self_service))
        self.priority_button.setVisible(step.priority_offered)
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
                waiting=t.waiting(status.waiting), wait=t.wait(status.estimate)
            )
        )
