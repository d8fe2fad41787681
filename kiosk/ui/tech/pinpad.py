"""The technician's PIN pad: big digit buttons, a masked entry, OK and clear."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import style
from kiosk.ui.tech.controller import PadMode, PadState
from kiosk.ui.tech.text import fill, mmss

MAX_DIGITS = 12
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok")


class PinPad(QWidget):
    """Collects a PIN; shows what the PinController says about it.

    Signals:
        submitted(str): the technician pressed OK (or Enter) with a PIN.
    """

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinPad")
        self.state = PadState(PadMode.READY)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet(f"font-size: 28px; font-weight: bold; color: {style.BRAND};")
        self.entry = QLineEdit()
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setMaxLength(MAX_DIGITS)
        self.entry.setValidator(QRegularExpressionValidator(r"\d{0,12}", self.entry))
        self.entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry.setStyleSheet("font-size: 36px; padding: 6px;")
        self.entry.returnPressed.connect(self._ok)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(style.touch_px())
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(12)
        side = round(style.touch_px() * 1.4)
        for i, key in enumerate(KEYS):
            button = QPushButton(key)
            button.setObjectName(f"pinKey_{key}")
            button.setFixedSize(round(side * 1.5), side)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setStyleSheet(self._key_style(key))
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            self.buttons[key] = button
            grid.addWidget(button, i // 3, i % 3)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.entry, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.message)
        column.addLayout(grid)
        column.setAlignment(grid, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)
        self.entry.setFixedWidth(round(side * 4.5) + 24)
        self.retranslate()

    @staticmethod
    def _key_style(key: str) -> str:
        colour = {"ok": style.OK, "clear": style.MUTED}.get(key, style.BRAND)
        return (
            f"QPushButton {{ font-size: 30px; font-weight: bold; color: {style.PAPER};"
            f" background: {colour}; border-radius: 10px; }}"
            f" QPushButton:disabled {{ background: #b8bec6; }}"
        )

    def press(self, key: str) -> None:
        """A key of the pad: a digit, "clear" or "ok"."""
        if not self.state.accepts_input:
            return
        if key == "clear":
            self.entry.clear()
        elif key == "ok":
            self._ok()
        elif len(self.entry.text()) < MAX_DIGITS:
            self.entry.setText(self.entry.text() + key)

    def _ok(self) -> None:
        pin = self.entry.text()
        if pin and self.state.accepts_input:
            self.submitted.emit(pin)

    def show_state(self, state: PadState) -> None:
        self.state = state
        if state.mode not in (PadMode.READY, PadMode.ERROR, PadMode.CHOOSE):
            self.entry.clear()
        for button in self.buttons.values():
            button.setEnabled(state.accepts_input)
        self.entry.setEnabled(state.accepts_input)
        if state.accepts_input:
            self.entry.setFocus()
        self._show_message()

    def _show_message(self) -> None:
        state = self.state
        texts = {
            PadMode.READY: ("", style.INK),
            PadMode.CHECKING: (self.tr("Checking…"), style.MUTED),
            PadMode.WRONG: (
                fill(
                    self.tr("Wrong PIN: {n} attempt(s) left before the pad locks"),
                    n=state.attempts_left,
                ),
                style.ALERT,
            ),
            PadMode.LOCKED: (
                fill(
                    self.tr("Locked after too many wrong PINs: try again in {time}"),
                    time=mmss(state.seconds_left),
                ),
                style.ALERT,
            ),
            PadMode.ERROR: (
                self.tr("The PIN could not be checked; see the log"),
                style.ALERT,
            ),
            PadMode.CHOOSE: (
                self.tr("This hall has no technician PIN yet: choose one of 4 to 12 digits"),
                style.INK,
            ),
            PadMode.CONFIRM: (self.tr("Enter the same PIN again"), style.INK),
            PadMode.MISMATCH: (
                self.tr("The two PINs were not the same: choose the PIN again"),
                style.ALERT,
            ),
            PadMode.TOO_SHORT: (
                self.tr("A PIN has 4 to 12 digits: choose the PIN again"),
                style.ALERT,
            ),
        }
        text, colour = texts[state.mode]
        self.title.setText(
            self.tr("Technician panel: choose a PIN")
            if state.choosing
            else self.tr("Technician panel: enter the PIN")
        )
        self.message.setText(text)
        self.message.setStyleSheet(f"font-size: 20px; color: {colour};")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.press("clear")
        else:
            super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.entry.setPlaceholderText(self.tr("PIN"))
        self.buttons["clear"].setText(self.tr("Clear"))
        self.buttons["ok"].setText(self.tr("OK"))
        self._show_message()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
