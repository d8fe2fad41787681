"""Short information screens that go home by themselves: no ticket issued (and why),
and where the self-service terminals are."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.kiosk.flow import Notice
from kiosk.ui.kiosk.guides import GuideSet
from kiosk.ui.kiosk.parts import button, label
from kiosk.ui.kiosk.phrases import KioskPhrases
from kiosk.ui.kiosk.reading import ReadingPane


class NoticePage(QWidget):
    """Signals:
    back(): home.
    """

    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._phrases = KioskPhrases(self)
        self.shown: Notice | None = None
        self.title = label("noticeTitle", center=True)
        self.text = label("noticeText", center=True)
        self.back_button = button("primary")
        self.back_button.clicked.connect(self.back)
        box = QVBoxLayout(self)
        box.setContentsMargins(80, 40, 80, 48)
        box.setSpacing(40)
        box.addStretch(2)
        box.addWidget(self.title)
        box.addWidget(self.text)
        box.addStretch(3)
        box.addWidget(self.back_button)

    def show_notice(self, notice: Notice, lang: str) -> None:
        self.shown = notice
        self.retranslate(lang)

    def retranslate(self, lang: str) -> None:
        self.title.setText(self.tr("Sorry, no ticket was issued"))
        self.back_button.setText(self._phrases.back_home())
        if self.shown is not None:
            self.text.setText(self._phrases.notice(self.shown.kind, self.shown.service, lang))


class SelfServicePage(QWidget):
    """Where the self-service terminals are: the hall's _self_service guide, or a
    general sentence when it has none.

    Signals:
        back(): home.
    """

    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._phrases = KioskPhrases(self)
        self.guide: GuideSet | None = None
        self.title = label("title", center=True)
        self.reading = ReadingPane(self)
        self.text = self.reading.text
        self.back_button = button("primary")
        self.back_button.clicked.connect(self.back)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 40, 48, 48)
        box.setSpacing(32)
        box.addWidget(self.title)
        box.addWidget(self.reading, 1)
        box.addWidget(self.back_button)

    def show_guide(self, guide: GuideSet | None, lang: str) -> None:
        self.guide = guide
        self.retranslate(lang)
        self.reading.top()

    def retranslate(self, lang: str) -> None:
        self.title.setText(self.tr("Self-service terminals"))
        self.back_button.setText(self._phrases.back_home())
        self.reading.set_button_texts(*self._phrases.read_more())
        if self.guide is not None:
            self.reading.set_markdown(self.guide.get(lang).text)
        else:
            self.reading.set_plain(
                self.tr(
                    'The self-service terminals are in the hall, marked "Self-service". '
                    "Staff in the hall will gladly help you use them."
                )
            )
