"""The hall display: the window a hall full of people watches from across the room.

It wires the hall watcher to the display model and the model's decisions to the
widgets and the voice; the model (kiosk.ui.display.model) decides what is new, what
is listed and what is said.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.core.service import HallStatus
from kiosk.ui import style
from kiosk.ui.context import UiContext
from kiosk.ui.display import texts
from kiosk.ui.display.model import DisplayModel, DisplayState
from kiosk.ui.display.panels import ClockPanel, CurrentCallPanel, HallHeader, MessageLine
from kiosk.ui.display.tables import CallList, ServicesTable
from kiosk.ui.display.texts import Bilingual
from kiosk.ui.watcher import HallWatcher

log = logging.getLogger(__name__)

# Stretch factors: (current call and waits, recent calls) and (header, body, message).
# Portrait gives the recent calls nearly half the height: their English lines are
# the first to shrink below a readable size.
LANDSCAPE_BODY = (64, 36)
PORTRAIT_BODY = (55, 45)
LANDSCAPE_ROOT = (11, 90, 10)
PORTRAIT_ROOT = (7, 100, 6)


class DisplayWindow(QWidget):
    """Current call, recent calls, waits per business type, clock and message.

    Landscape puts the recent calls beside the current call and the waits; portrait
    stacks them. Each new call flashes; the process's one announcer (not this window)
    says it."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        config = ctx.settings.config
        tr = ctx.languages.text
        self._watcher: HallWatcher = ctx.watcher
        self._model = DisplayModel(tr, last_calls=config.display.last_calls)
        self.state: DisplayState | None = None

        title = texts.both(tr, texts.WINDOW_TITLE)
        self.setWindowTitle(f"{title.zh} {title.en}")
        self.setObjectName("hallDisplay")
        self.setStyleSheet(f"QWidget#hallDisplay {{ background: {style.INK}; }}")

        self.clock = ClockPanel(tr, ctx.clock)
        self.header = HallHeader(Bilingual(config.hall.name_zh, config.hall.name_en), self.clock)
        self.current = CurrentCallPanel(tr)
        self.services = ServicesTable(tr)
        self.calls = CallList(tr, config.display.last_calls)
        self.message = MessageLine(Bilingual(config.display.message_zh, config.display.message_en))
        self.current.show_call(texts.both(tr, texts.WELCOME))
        self._layout()
        self._connect_signals()
        self.resize(1920, 1080)

    def _layout(self) -> None:
        left = QVBoxLayout()
        left.setSpacing(24)
        left.addWidget(self.current, 5)  # the call keeps >= 100 px; the waits get the rest
        left.addWidget(self.services, 9)
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._body.setContentsMargins(32, 16, 32, 16)
        self._body.setSpacing(32)
        self._body.addLayout(left)
        self._body.addWidget(self.calls)
        self._root = QVBoxLayout(self)
        self._root.setContentsMargins(0, 0, 0, 0)
        self._root.setSpacing(0)
        self._root.addWidget(self.header)
        self._root.addLayout(self._body)
        self._root.addWidget(self.message)
        self._orient(portrait=False)

    def _orient(self, *, portrait: bool) -> None:
        """Landscape: the recent calls beside the rest; portrait: below it, and the
        header and message bands thinner (they span the narrow side)."""
        direction = (
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self._body.setDirection(direction)
        for i, stretch in enumerate(PORTRAIT_BODY if portrait else LANDSCAPE_BODY):
            self._body.setStretch(i, stretch)
        for i, stretch in enumerate(PORTRAIT_ROOT if portrait else LANDSCAPE_ROOT):
            self._root.setStretch(i, stretch)

    def _connect_signals(self) -> None:
        self._watcher.statusChanged.connect(self.show_status)
        if self._watcher.status is not None:  # the watcher started before this window
            self.show_status(self._watcher.status)

    def show_status(self, status: HallStatus) -> None:
        state = self._model.update(status)
        self.state = state
        self.current.show_call(state.caption)
        self.calls.set_rows(state.recent)
        self.services.set_rows(state.services)
        if state.new_calls:
            self.current.flash()
        for call in state.new_calls:
            log.info("display: %s to counter %d%s", call.number, call.counter,
                     " (recall)" if call.recall else "")  # fmt: skip

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._orient(portrait=event.size().height() > event.size().width())
