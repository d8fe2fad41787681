"""The kiosk's look: one style sheet, sized for a 1080-pixel short side and scaled
to the screen, so that text reads from a metre away in portrait and landscape."""

from __future__ import annotations

from kiosk.ui import style

BASE_SHORT_SIDE = 1080
PRESSED = "#dbe6f5"
LINE = "#c9d3e0"
OK_LIGHT = "#e6f4ea"
OK_DARK = "#14532d"
ALERT_LIGHT = "#fdecea"
EXAMPLE_LIGHT = "#fdf3dc"  # amber tint: figures that are an example, not this hall's


def scale_for(width: int, height: int) -> float:
    """Font and spacing scale for a window of this size, rounded to 5 %."""
    raw = min(width, height) / BASE_SHORT_SIDE
    return round(max(0.55, min(2.0, raw)) * 20) / 20


def stylesheet(scale: float) -> str:
    def px(n: float) -> int:
        return max(1, round(n * scale))

    touch = max(style.touch_px(), px(96))
    return f"""
#kiosk {{ background: {style.PANEL}; }}
#header {{ background: {style.BRAND}; }}
#hallName {{ color: {style.PAPER}; font-size: {px(36)}px; font-weight: 700; }}
#clock {{ color: {style.PAPER}; font-size: {px(34)}px; font-weight: 600; }}
QPushButton#lang {{
    color: {style.PAPER}; background: transparent; border: {px(3)}px solid {style.PAPER};
    border-radius: {px(12)}px; font-size: {px(28)}px; font-weight: 600;
    min-height: {style.touch_px()}px; min-width: {max(style.touch_px(), px(150))}px;
    padding: {px(8)}px {px(20)}px;
}}
QPushButton#lang:checked {{ background: {style.PAPER}; color: {style.BRAND}; }}
#title {{ color: {style.INK}; font-size: {px(48)}px; font-weight: 700; }}
#subtitle, #hint {{ color: {style.MUTED}; font-size: {px(28)}px; }}
#card {{ background: {style.PAPER}; border-radius: {px(20)}px; }}

QPushButton#tile {{
    background: {style.PAPER}; border: {px(2)}px solid {LINE};
    border-radius: {px(22)}px; text-align: left;
}}
QPushButton#tile:pressed {{ background: {PRESSED}; border-color: {style.BRAND}; }}
QPushButton#tile:disabled {{ background: #f4f5f7; }}
#badge {{
    background: {style.BRAND}; color: {style.PAPER}; font-size: {px(40)}px; font-weight: 700;
    border-radius: {px(40)}px; min-width: {px(80)}px; max-width: {px(80)}px;
    min-height: {px(80)}px; max-height: {px(80)}px;
}}
#badge[closed="true"] {{ background: {style.MUTED}; }}
#tileName {{ color: {style.INK}; font-size: {px(40)}px; font-weight: 700; }}
#tileName[closed="true"] {{ color: {style.MUTED}; }}
#tileDesc {{ color: {style.MUTED}; font-size: {px(24)}px; }}
#tileWaiting {{ color: {style.BRAND}; font-size: {px(32)}px; font-weight: 700; }}
#tileWait {{ color: {style.INK}; font-size: {px(32)}px; font-weight: 600; }}
#tileClosed {{ color: {style.ALERT}; font-size: {px(30)}px; font-weight: 700; }}
#tileHours {{ color: {style.MUTED}; font-size: {px(26)}px; }}

QPushButton {{ min-height: {touch}px; min-width: {touch}px; }}
QPushButton[kind="primary"] {{
    background: {style.BRAND}; color: {style.PAPER}; border: {px(3)}px solid {style.BRAND};
    border-radius: {px(16)}px; font-size: {px(38)}px; font-weight: 700; padding: 0 {px(40)}px;
}}
QPushButton[kind="primary"]:pressed {{
    background: {style.BRAND_DARK}; border-color: {style.BRAND_DARK};
}}
QPushButton[kind="secondary"] {{
    background: {style.PAPER}; color: {style.BRAND}; border: {px(3)}px solid {style.BRAND};
    border-radius: {px(16)}px; font-size: {px(32)}px; font-weight: 600; padding: 0 {px(32)}px;
}}
QPushButton[kind="secondary"]:pressed {{ background: {PRESSED}; }}
QPushButton[kind="green"] {{
    background: {style.OK}; color: {style.PAPER}; border: {px(3)}px solid {style.OK};
    border-radius: {px(16)}px; font-size: {px(32)}px; font-weight: 700; padding: 0 {px(32)}px;
}}
QPushButton[kind="green"]:pressed {{ background: {OK_DARK}; border-color: {OK_DARK}; }}

#serviceName {{ color: {style.INK}; font-size: {px(52)}px; font-weight: 700; }}
#serviceDesc {{ color: {style.MUTED}; font-size: {px(28)}px; }}
#queueLine {{ color: {style.BRAND}; font-size: {px(32)}px; font-weight: 700; }}
QTextBrowser#guideText {{
    background: {style.PAPER}; color: {style.INK}; border: none; font-size: {px(30)}px;
    padding: {px(16)}px;
}}
QTextBrowser#guideText QScrollBar:vertical {{
    background: {LINE}; width: {touch}px; border-radius: {px(12)}px; margin: 0;
}}
QTextBrowser#guideText QScrollBar::handle:vertical {{
    background: {style.BRAND}; min-height: {touch}px; border-radius: {px(12)}px;
}}
QTextBrowser#guideText QScrollBar::add-line:vertical,
QTextBrowser#guideText QScrollBar::sub-line:vertical {{ height: 0; }}
QTextBrowser#guideText QScrollBar::add-page:vertical,
QTextBrowser#guideText QScrollBar::sub-page:vertical {{ background: none; }}
#selfServiceBox {{
    background: {OK_LIGHT}; border: {px(3)}px solid {style.OK}; border-radius: {px(18)}px;
}}
#selfServiceText {{ color: {OK_DARK}; font-size: {px(30)}px; font-weight: 700; }}
#greenHint {{ color: {OK_DARK}; font-size: {px(32)}px; font-weight: 700; }}

#printingTitle {{ color: {style.BRAND}; font-size: {px(60)}px; font-weight: 700; }}
#printingNumber {{ color: {style.INK}; font-size: {px(150)}px; font-weight: 800; }}
QProgressBar {{
    background: {LINE}; border: none; border-radius: {px(8)}px; max-height: {px(16)}px;
}}
QProgressBar::chunk {{ background: {style.BRAND}; border-radius: {px(8)}px; }}

#yourNumber {{ color: {style.MUTED}; font-size: {px(40)}px; font-weight: 600; }}
#number {{ color: {style.BRAND}; font-size: {px(230)}px; font-weight: 800; }}
#confirmService {{ color: {style.INK}; font-size: {px(44)}px; font-weight: 700; }}
#priorityBadge {{
    background: {style.OK}; color: {style.PAPER}; font-size: {px(30)}px; font-weight: 700;
    border-radius: {px(12)}px; padding: {px(6)}px {px(20)}px;
}}
#ahead {{ color: {style.INK}; font-size: {px(44)}px; font-weight: 700; }}
#expected {{ color: {style.INK}; font-size: {px(36)}px; }}
#keep {{
    color: {style.BRAND}; font-size: {px(38)}px; font-weight: 700; padding: {px(12)}px;
    border-top: {px(3)}px solid {LINE};
}}
#problem {{
    background: {ALERT_LIGHT}; color: {style.ALERT}; border: {px(4)}px solid {style.ALERT};
    font-size: {px(34)}px; font-weight: 700; border-radius: {px(16)}px; padding: {px(18)}px;
}}
#qrCaption {{ color: {style.INK}; font-size: {px(28)}px; }}

#noticeTitle {{ color: {style.ALERT}; font-size: {px(54)}px; font-weight: 700; }}
#noticeText {{ color: {style.INK}; font-size: {px(38)}px; }}
#infoText {{ color: {style.INK}; font-size: {px(32)}px; }}

#busyQuiet {{ color: {OK_DARK}; font-size: {px(36)}px; font-weight: 700; }}
#busyPeak {{ color: {style.INK}; font-size: {px(30)}px; }}
#busyChart {{ font-size: {px(24)}px; }}
#subtitle[example="true"] {{
    background: {EXAMPLE_LIGHT}; color: {style.INK}; border: {px(3)}px solid {style.ACCENT};
    border-radius: {px(12)}px; padding: {px(10)}px {px(20)}px; font-weight: 700;
}}
"""
