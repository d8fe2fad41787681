"""The band at the top of every kiosk screen: hall name, time, language switch."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QWidget

from kiosk.config import HallSection
from kiosk.ui.kiosk.flow import pick
from kiosk.ui.kiosk.parts import label

# Each language is offered in its own words, whatever the language in force.
LANGUAGE_NAMES = (("zh", "中文"), ("en", "English"))


class Header(QFrame):
    """Signals:
    languageChosen(str): "zh" or "en".
    """

    languageChosen = Signal(str)

    def __init__(self, hall: HallSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self._hall = hall
        self.hall_name = label("hallName", wrap=False)
        self.clock = label("clock", wrap=False)
        self.language_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        box = QHBoxLayout(self)
        box.setContentsMargins(36, 18, 36, 18)
        box.setSpacing(20)
        box.addWidget(self.hall_name, 1)
        box.addWidget(self.clock)
        box.addSpacing(24)
        for lang, name in LANGUAGE_NAMES:
            btn = QPushButton(name, self)
            btn.setObjectName("lang")
            btn.setCheckable(True)
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.clicked.connect(lambda _=False, code=lang: self.languageChosen.emit(code))
            group.addButton(btn)
            box.addWidget(btn)
            self.language_buttons[lang] = btn

    def set_time(self, now: dt.datetime) -> None:
        self.clock.setText(now.strftime("%H:%M"))

    def retranslate(self, lang: str) -> None:
        self.hall_name.setText(pick(lang, self._hall.name_zh, self._hall.name_en))
        for code, btn in self.language_buttons.items():
            btn.setChecked(code == lang)
