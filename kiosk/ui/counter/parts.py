"""Small helpers the counter window's widgets share."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QFrame, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give a widget the object name the style sheet knows it by."""
    widget.setObjectName(name)
    return widget


def card(frame: QFrame) -> QFrame:
    """A white panel with a rounded border."""
    frame.setProperty("card", True)
    return frame


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
