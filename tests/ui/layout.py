"""Sizes read only after Qt has laid the window out.

A change of text or state does not resize anything at once: the label asks for a new
geometry, and Qt posts a layout request to its parent, which lays out its children and
may post one to its own parent in turn. A test that reads a width right after the change
reads the old layout, or half of the new one, depending on what the event loop got to.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QRect
from PySide6.QtWidgets import QWidget

_ROUNDS = 50  # a chain of posted requests is as long as the widget tree is deep


def _geometries(window: QWidget) -> list[QRect]:
    return [w.geometry() for w in (window, *window.findChildren(QWidget))]


def settle_layouts(window: QWidget) -> None:
    """Run the layout requests Qt has posted (and those they post) until no widget of
    ``window`` moves or changes size any more."""
    before = _geometries(window)
    for _ in range(_ROUNDS):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        after = _geometries(window)
        if after == before:
            return
        before = after
    raise AssertionError(f"the layout of {window!r} did not settle in {_ROUNDS} rounds")
