"""A bus device's health as a light: green online, amber online but refusing work (a Modbus
exception), red offline, grey not answered yet."""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.devices.bus import Health
from kiosk.ui import style
from kiosk.ui.tech.text import fill

NOT_ASKED = "not asked yet"  # kiosk.devices.bus: a device before its first probe
GREY = "#9aa0a6"
AMBER = "#e8a317"


class Link(enum.Enum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNKNOWN = "unknown"  # not asked yet
    FAULT = "fault"  # answers, but refuses its work (kiosk.devices.bus: a Modbus exception)


def link(health: Health | None) -> Link:
    if health is None or (not health.online and health.detail == NOT_ASKED):
        return Link.UNKNOWN
    if health.online:
        return Link.FAULT if health.detail else Link.ONLINE
    return Link.OFFLINE


COLOURS = {
    Link.ONLINE: style.OK,
    Link.FAULT: AMBER,
    Link.OFFLINE: style.ALERT,
    Link.UNKNOWN: GREY,
}


def link_name(state: Link) -> str:
    return {
        Link.ONLINE: QCoreApplication.translate("DeviceLight", "Online"),
        Link.FAULT: QCoreApplication.translate("DeviceLight", "Fault"),
        Link.OFFLINE: QCoreApplication.translate("DeviceLight", "Offline"),
        Link.UNKNOWN: QCoreApplication.translate("DeviceLight", "Not answered yet"),
    }[state]


def describe(health: Health | None) -> str:
    """The light in words: online, or offline or faulted with the bus's reason for it."""
    state = link(health)
    if state is Link.OFFLINE and health is not None and health.detail:
        return fill(
            QCoreApplication.translate("DeviceLight", "Offline: {reason}"), reason=health.detail
        )
    if state is Link.FAULT and health is not None:
        return fill(
            QCoreApplication.translate("DeviceLight", "Fault: {reason}"), reason=health.detail
        )
    return link_name(state)


def dot_icon(colour: str, size: int = 16) -> QIcon:
    """A round light for a list's row."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(style.INK))
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class DeviceLight(QLabel):
    """A small round light for one device; its tooltip says why it is red."""

    def __init__(self, size: int = 16, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self.setFixedSize(size, size)
        self.health: Health | None = None
        self.show_health(None)

    @property
    def state(self) -> Link:
        return link(self.health)

    @property
    def colour(self) -> str:
        return COLOURS[self.state]

    def show_health(self, health: Health | None) -> None:
        self.health = health
        radius = self._size // 2
        self.setStyleSheet(
            f"background: {self.colour}; border-radius: {radius}px; border: 1px solid {style.INK};"
        )
        self.setToolTip(describe(health))
        self.setAccessibleName(describe(health))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.show_health(self.health)
        super().changeEvent(event)
