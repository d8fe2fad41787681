"""Sizes and colours shared by the windows: touch targets of at least 15 mm, text
readable from a metre away, high contrast."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

MIN_TOUCH_MM = 15.0

# High-contrast palette (dark text on light, white on deep colours)
INK = "#111111"
PAPER = "#ffffff"
BRAND = "#0b4f9c"  # deep blue: headers, primary buttons
BRAND_DARK = "#083a73"
ACCENT = "#e8a317"  # amber: highlights, the current call flash
ALERT = "#b3261e"  # red: care alerts, failures
OK = "#1e7b34"  # green: open, pass
MUTED = "#5f6368"  # closed business types, secondary text
PANEL = "#eef2f7"


def mm_to_px(mm: float) -> int:
    """Millimetres on the primary screen in pixels (96 dpi when the screen says nothing)."""
    screen = QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    if not dpi or dpi < 50:
        dpi = 96.0
    return round(mm / 25.4 * dpi)


def touch_px() -> int:
    """The smallest side of anything a visitor touches."""
    return mm_to_px(MIN_TOUCH_MM)
