"""The counter window's style sheet: a desk PC at arm's length, used all day."""

from __future__ import annotations

from kiosk.ui.style import ACCENT, ALERT, BRAND, BRAND_DARK, INK, MUTED, OK, PANEL, PAPER

BACKGROUND = "#e4e9f0"
LINE = "#cfd7e2"

STYLE_SHEET = f"""
QWidget#counterWindow {{ background: {BACKGROUND}; }}

QFrame#header {{ background: {BRAND}; }}
QFrame#header QLabel#counterName {{ color: {PAPER}; font-size: 28px; font-weight: 700; }}
QFrame#header QLabel#serves {{ color: #d5e3f5; font-size: 15px; }}
QFrame#header QLabel#clock {{ color: {PAPER}; font-size: 26px; font-weight: 600; }}
QPushButton#language {{
    color: {PAPER}; background: transparent; border: 1px solid #7fa3d1;
    border-radius: 6px; padding: 8px 14px; font-size: 15px;
}}
QPushButton#language:hover {{ background: {BRAND_DARK}; }}

QLabel#statePill {{
    border-radius: 13px; padding: 3px 14px; font-size: 15px; font-weight: 700;
    color: {PAPER}; background: {MUTED};
}}
QFrame#header QLabel#statePill[state="open"], QFrame#header QLabel#statePill[state="serving"] {{
    background: {OK}; color: {PAPER};
}}
QFrame#header QLabel#statePill[state="paused"] {{ background: {ACCENT}; color: {INK}; }}
QFrame#header QLabel#statePill[state="closed"] {{ background: #4a5663; color: {PAPER}; }}

QFrame[card="true"] {{ background: {PAPER}; border: 1px solid {LINE}; border-radius: 10px; }}
QFrame[card="true"] QLabel {{ border: none; background: transparent; }}
QLabel#caption, QLabel#panelTitle {{ font-size: 16px; font-weight: 700; color: {MUTED}; }}
QLabel#bigNumber {{ font-size: 120px; font-weight: 800; color: {BRAND}; }}
QLabel#serviceName {{ font-size: 26px; font-weight: 600; }}
QLabel#ticketState {{
    border-radius: 6px; padding: 3px 10px; font-size: 16px; font-weight: 700;
    color: {INK}; background: {ACCENT};
}}
QLabel#ticketState[state="serving"] {{ color: {PAPER}; background: {OK}; }}
QFrame[card="true"] QLabel#tags {{ font-size: 16px; color: {OK}; font-weight: 600; }}
QFrame[card="true"] QLabel#details {{ font-size: 18px; color: {INK}; }}
QFrame[card="true"] QLabel#hint {{ font-size: 26px; color: {MUTED}; }}
QFrame[card="true"] QLabel#empty {{ font-size: 15px; color: {MUTED}; }}

QLabel#statValue {{ font-size: 30px; font-weight: 700; color: {BRAND}; }}
QLabel#statCaption {{ font-size: 14px; color: {MUTED}; }}

QLabel#waitingCount {{ font-size: 16px; font-weight: 600; color: {INK}; }}
QLabel#careAlert {{
    background: {ALERT}; color: {PAPER}; border-radius: 6px; padding: 8px 12px;
    font-size: 17px; font-weight: 700;
}}
QTreeWidget#waitingTree, QListWidget#parkedList {{
    border: none; font-size: 17px; background: {PAPER}; color: {INK};
}}
QTreeWidget#waitingTree QHeaderView::section {{
    background: {PAPER}; color: {MUTED}; border: none; border-bottom: 1px solid {LINE};
    padding: 4px 6px; font-size: 14px; font-weight: 600;
}}
QTreeWidget#waitingTree::item {{ padding: 3px 0px; }}
QListWidget#parkedList::item {{ padding: 6px 4px; border-bottom: 1px solid {PANEL}; }}
QListWidget#parkedList::item:selected {{ background: #d8e5f6; color: {INK}; }}

QPushButton[role="action"], QPushButton[role="primary"] {{
    min-height: 62px; border-radius: 8px; border: 1px solid #b4c1d3; background: {PAPER};
}}
QPushButton[role="action"]:hover {{ border: 2px solid {BRAND}; }}
QPushButton[role="action"]:pressed {{ background: #d8e5f6; }}
QPushButton[role="action"]:disabled {{ background: #f2f4f7; border: 1px solid #e1e6ec; }}
QPushButton[role="primary"] {{ background: {BRAND}; border: none; min-height: 62px; }}
QPushButton[role="primary"]:hover {{ background: {BRAND_DARK}; }}
QPushButton[role="primary"]:disabled {{ background: #a5b8cf; }}
QLabel#actionTitle {{ font-size: 19px; font-weight: 700; color: {INK}; }}
QLabel#actionKey {{ font-size: 13px; color: {MUTED}; }}
QLabel#actionTitle:disabled, QLabel#actionKey:disabled {{ color: #a9b0b9; }}
QPushButton[role="primary"] QLabel#actionTitle {{ font-size: 24px; color: {PAPER}; }}
QPushButton[role="primary"] QLabel#actionKey {{ color: #cfe0f5; }}
QPushButton[role="primary"] QLabel#actionTitle:disabled,
QPushButton[role="primary"] QLabel#actionKey:disabled {{ color: #eef3f9; }}
QFrame#header QPushButton[role="action"] {{
    min-height: 44px; background: transparent; border: 1px solid #7fa3d1;
}}
QFrame#header QPushButton[role="action"]:hover {{ background: {BRAND_DARK}; }}
QFrame#header QPushButton[role="action"]:disabled {{ border: 1px solid #3f6ea8; }}
QFrame#header QLabel#actionTitle {{ color: {PAPER}; font-size: 16px; }}
QFrame#header QLabel#actionKey {{ color: #cfe0f5; font-size: 12px; }}
QFrame#header QLabel#actionTitle:disabled, QFrame#header QLabel#actionKey:disabled {{
    color: #6f93c4;
}}

QFrame#printAlert {{ background: {ALERT}; }}
QLabel#printAlertText {{ color: {PAPER}; font-size: 18px; font-weight: 700; }}
QPushButton#acknowledge {{
    color: {ALERT}; background: {PAPER}; border: none; border-radius: 6px;
    padding: 8px 18px; font-size: 16px; font-weight: 700; min-height: 28px;
}}
QPushButton#acknowledge:hover {{ background: #fbe3e1; }}

QFrame#messageBar {{ background: {PANEL}; border-top: 1px solid {LINE}; min-height: 30px; }}
QFrame#messageBar[level="ok"] {{ background: #e5f3e8; border-top: 3px solid {OK}; }}
QFrame#messageBar[level="info"] {{ background: #fff3d4; border-top: 3px solid {ACCENT}; }}
QFrame#messageBar[level="error"] {{ background: #fbe3e1; border-top: 3px solid {ALERT}; }}
QLabel#messageText {{ font-size: 18px; font-weight: 600; min-height: 28px; }}
QFrame#messageBar[level="error"] QLabel#messageText {{ color: {ALERT}; }}
"""

# The transfer dialog inherits the window's sheet (it is the window's child).
STYLE_SHEET += f"""
QDialog#transferDialog {{ background: {PAPER}; }}
QDialog#transferDialog QRadioButton, QDialog#transferDialog QComboBox,
QDialog#transferDialog QGroupBox, QDialog#transferDialog QPushButton {{ font-size: 16px; }}
QDialog#transferDialog QRadioButton {{ padding: 4px 0px; }}
QDialog#transferDialog QComboBox {{ min-height: 32px; }}
QDialog#transferDialog QGroupBox {{ font-weight: 700; color: {MUTED}; margin-top: 10px; }}
QLabel#dialogIntro {{ font-size: 22px; font-weight: 700; color: {BRAND}; }}
QDialog#transferDialog QPushButton {{ min-height: 38px; min-width: 110px; }}
"""
