"""Small builders the kiosk pages share: labels and buttons styled by kiosk.ui.kiosk.theme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget


def label(
    name: str, parent: QWidget | None = None, *, wrap: bool = True, center: bool = False
) -> QLabel:
    """A label styled by its object name; it never takes a press away from its parent."""
    widget = QLabel(parent)
    widget.setObjectName(name)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


def button(kind: str, parent: QWidget | None = None) -> QPushButton:
    """A touch button: "primary", "secondary" or "green"."""
    widget = QPushButton(parent)
    widget.setProperty("kind", kind)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no focus frames on a touchscreen
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return widget


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set a property the style sheet selects on, and restyle the widget."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
