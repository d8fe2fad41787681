"""Home: one large tile per business type, with its queue and expected wait."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import Unavailable
from kiosk.core.model import Service
from kiosk.core.service import ServiceStatus
from kiosk.ui.kiosk.parts import button, label, set_flag
from kiosk.ui.kiosk.phrases import KioskPhrases


def columns_for(width: int, height: int) -> int:
    """Two columns of tiles standing (portrait), three lying (landscape)."""
    return 3 if width > height else 2


class ServiceTile(QPushButton):
    """A business type: badge, name, description, then its queue or why it is closed."""

    def __init__(self, service: Service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.status: ServiceStatus | None = None
        self.offered = True
        self.setObjectName("tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._phrases = KioskPhrases(self)
        self.badge = label("badge", wrap=False, center=True)
        self.badge.setText(service.prefix)
        self.name = label("tileName")
        self.description = label("tileDesc")
        self.waiting = label("tileWaiting", wrap=False)
        self.wait = label("tileWait", wrap=False)
        self.closed = label("tileClosed")
        self.hours = label("tileHours")

        top = QHBoxLayout()
        top.setSpacing(20)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.name, 1)
        queue = self._queue = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        queue.setSpacing(2)
        queue.addWidget(self.waiting)
        queue.addWidget(self.wait)
        box = self._box = QVBoxLayout(self)
        box.setContentsMargins(28, 24, 28, 24)
        box.setSpacing(10)
        box.addLayout(top)
        box.addWidget(self.description)
        box.addStretch(1)
        box.addLayout(queue)
        box.addWidget(self.closed)
        box.addWidget(self.hours)

    def set_wide(self, wide: bool) -> None:
        """People waiting and the wait on one line (wide tiles) or on two; on one line
        only while both fit the tile ("about 27 min, possibly longer" may not)."""
        self._wide = wide
        self._arrange()

    def _arrange(self) -> None:
        wide = getattr(self, "_wide", False)
        if wide:
            room = self.contentsRect().width() - 56  # the tile's side margins
            need = (
                self.waiting.fontMetrics().horizontalAdvance(self.waiting.text())
                + 24
                + self.wait.fontMetrics().horizontalAdvance(self.wait.text())
            )
            wide = need <= room
        d = QBoxLayout.Direction
        self._queue.setDirection(d.LeftToRight if wide else d.TopToBottom)
        self._queue.setSpacing(24 if wide else 2)
        side = Qt.AlignmentFlag.AlignRight if wide else Qt.AlignmentFlag.AlignLeft
        self.wait.setAlignment(side | Qt.AlignmentFlag.AlignVCenter)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def sizeHint(self) -> QSize:
        return self._box.sizeHint()  # its labels, not a push button's one line

    def minimumSizeHint(self) -> QSize:
        return self._box.minimumSize()

    def show_status(self, status: ServiceStatus | None, lang: str) -> None:
        self.status = status
        self.retranslate(lang)

    def retranslate(self, lang: str) -> None:
        t = self._phrases
        status = self.status
        self.name.setText(t.name(self.service, lang))
        self.description.setText(t.description(self.service, lang))
        is_open = status is None or status.open
        self.setEnabled(is_open)
        set_flag(self.badge, "closed", not is_open)
        set_flag(self.name, "closed", not is_open)
        self.waiting.setVisible(is_open)
        self.wait.setVisible(is_open)
        self.closed.setVisible(not is_open)
        self.hours.setVisible(not is_open)
        if status is None:
            self.waiting.setText(" ")
            self.wait.setText(" ")
        elif status.open:
            self.waiting.setText(t.ahead_tile(status.ahead))
            self.wait.setText(t.wait(status.estimate))
            self._arrange()
        else:
            self.closed.setText(t.closed(status))
            self.hours.setText(t.hours(self.service))
        self.setAccessibleName(self.name.text())


class HomePage(QWidget):
    """Signals:
    chosen(str): a business type's code.
    busyRequested(): the visitor asked for the quieter times.
    """

    chosen = Signal(str)
    busyRequested = Signal()

    def __init__(
        self, services: Sequence[Service], green_channel: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._lang = "zh"
        self._green_channel = green_channel
        self.title = label("title", center=True)
        self.subtitle = label("subtitle", center=True)
        self.tiles = [ServiceTile(s, self) for s in services]
        for tile in self.tiles:
            tile.clicked.connect(lambda _=False, code=tile.service.code: self.chosen.emit(code))
        self.busy_button = button("secondary", self)
        self.busy_button.clicked.connect(self.busyRequested)
        self.hint = label("hint")
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.columns = 0

        footer = QHBoxLayout()
        footer.setSpacing(24)
        footer.addWidget(self.hint, 1)
        footer.addWidget(self.busy_button, 0)
        self.busy_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        box = QVBoxLayout(self)
        box.setContentsMargins(36, 28, 36, 28)
        box.setSpacing(16)
        box.addWidget(self.title)
        box.addWidget(self.subtitle)
        box.addSpacing(8)
        box.addLayout(self.grid, 1)
        box.addSpacing(8)
        box.addLayout(footer)
        self._reflow(2)

    def show_status(self, statuses: Mapping[str, ServiceStatus]) -> None:
        before = [t.offered for t in self.tiles]
        for tile in self.tiles:
            status = statuses.get(tile.service.code)
            # a business type switched off in the configuration is not offered at all
            tile.offered = status is None or status.reason_code is not Unavailable.DISABLED
            tile.setVisible(tile.offered)
            tile.show_status(status, self._lang)
        if before != [t.offered for t in self.tiles]:
            self._reflow(self.columns, force=True)

    def retranslate(self, lang: str) -> None:
        self._lang = lang
        self.title.setText(self.tr("Please choose your business"))
        self.subtitle.setText(self.tr("Touch a business to see what to bring and take a ticket"))
        self.busy_button.setText(self.tr("Quieter times"))
        self.hint.setText(
            self.tr(
                "Green channel for the elderly, people with disabilities and VIP card "
                "holders: choose your business, then Green channel."
            )
            if self._green_channel
            else ""
        )
        for tile in self.tiles:
            tile.retranslate(lang)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow(columns_for(event.size().width(), event.size().height()))

    def _reflow(self, columns: int, force: bool = False) -> None:
        if columns == self.columns and not force:
            return
        self.columns = columns
        landscape = columns > 2
        self.subtitle.setVisible(not landscape)  # a lying screen has no height to spare
        for tile in self.tiles:
            tile.set_wide(landscape)
            self.grid.removeWidget(tile)
        shown = [t for t in self.tiles if t.offered]
        for i, tile in enumerate(shown):
            self.grid.addWidget(tile, i // columns, i % columns)
        for c in range(4):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
