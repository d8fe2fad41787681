"""Helpers for tests that measure what a person sees: a window laid out at a screen
size before anything is measured, in the CJK font the set-up installs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QWidget

from kiosk.ui.app import CJK_FAMILIES


def _geometries(window: QWidget) -> list[tuple[int, int, int, int]]:
    return [w.geometry().getRect() for w in window.findChildren(QWidget) if w.isVisibleTo(window)]


def lay_out(qtbot: Any, window: QWidget, width: int, height: int) -> None:
    """Show the window at a size and wait until its layout has settled: two passes of
    the event loop that move nothing."""
    window.resize(width, height)
    if not window.isVisible():
        window.show()
        qtbot.waitExposed(window)
    last: list[list[tuple[int, int, int, int]]] = []

    def settled() -> bool:
        QCoreApplication.processEvents()
        now = _geometries(window)
        same = bool(last) and last[-1] == now
        last.append(now)
        return same and window.size() == QSize(width, height)

    qtbot.waitUntil(settled)


def assert_cjk_font(widget: QWidget) -> None:
    """What a test measures is drawn in the font the hall's screens use."""
    family = QFontInfo(widget.font()).family()
    assert family in CJK_FAMILIES, f"{family!r} is not a CJK font: run the set-up"
