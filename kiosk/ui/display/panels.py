"""The hall display's current call, clock and message line."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.clock import Clock
from kiosk.ui import style
from kiosk.ui.display import texts
from kiosk.ui.display.fit import FitLabel
from kiosk.ui.display.model import clock_text
from kiosk.ui.display.texts import Bilingual, Translate

FLASH_MS = 3_000  # how long a new call stays highlighted
BLINK_MS = 500  # on / off while it is highlighted
CLOCK_LATE_MS = 20  # the clock turns this long after the minute (never just before it)

CENTER = Qt.AlignmentFlag.AlignHCenter
RIGHT = Qt.AlignmentFlag.AlignRight


class CurrentCallPanel(QFrame):
    """The latest call, very large, in Chinese over English.

    A new call blinks the panel amber for FLASH_MS: ``flash_timer`` (single shot)
    ends it and ``blink_timer`` alternates the colours meanwhile; ``flashing`` and
    ``lit`` tell the state, so tests drive the timers instead of waiting."""

    def __init__(self, tr: Translate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("currentCall")
        heading = texts.both(tr, texts.NOW_CALLING)
        self.heading = FitLabel(f"{heading.zh}  {heading.en}", ratio=0.75, align=CENTER)
        self.zh = FitLabel(ratio=0.8, bold=True, align=CENTER)
        self.en = FitLabel(ratio=0.8, bold=True, align=CENTER)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 12)
        layout.setSpacing(4)
        layout.addWidget(self.heading, 2)
        layout.addWidget(self.zh, 7)
        layout.addWidget(self.en, 5)

        self.flash_timer = QTimer(self)
        self.flash_timer.setSingleShot(True)
        self.flash_timer.setInterval(FLASH_MS)
        self.flash_timer.timeout.connect(self.stop_flash)
        self.blink_timer = QTimer(self)
        self.blink_timer.setInterval(BLINK_MS)
        self.blink_timer.timeout.connect(self._blink)
        self.lit = False
        self._paint()

    @property
    def flashing(self) -> bool:
        return self.flash_timer.isActive()

    def show_call(self, text: Bilingual) -> None:
        self.zh.setText(text.zh)
        self.en.setText(text.en)

    @Slot()
    def flash(self) -> None:
        """Highlight a new call; another call during a flash starts it over."""
        self.flash_timer.start()
        self.blink_timer.start()
        self.lit = True
        self._paint()

    @Slot()
    def stop_flash(self) -> None:
        self.flash_timer.stop()
        self.blink_timer.stop()
        self.lit = False
        self._paint()

    @Slot()
    def _blink(self) -> None:
        self.lit = not self.lit
        self._paint()

    def _paint(self) -> None:
        back, ink, number = (
            (style.ACCENT, style.INK, style.INK)
            if self.lit
            else (style.BRAND_DARK, style.PAPER, style.ACCENT)
        )
        self.setStyleSheet(
            f"QFrame#currentCall {{ background: {back}; border: 4px solid {style.ACCENT};"
            f" border-radius: 16px; }}"
            f"QLabel {{ color: {ink}; background: transparent; }}"
        )
        self.zh.setStyleSheet(f"color: {number};")


class ClockPanel(QWidget):
    """The time, large, over the date and weekday; refreshed by ``timer`` from the
    injected clock, once a minute: the time shows hours and minutes, so the timer is
    set to fire just after the next minute begins (a precise timer; one that fires
    early is only set again for the rest of the minute)."""

    def __init__(self, tr: Translate, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._clock = clock
        self.time = FitLabel(ratio=0.95, bold=True, align=RIGHT)
        self.date = FitLabel(ratio=0.8, align=RIGHT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.time, 3)
        layout.addWidget(self.date, 2)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        now = self._clock.now()
        time_text, date_text = clock_text(self._tr, now)
        self.time.setText(time_text)
        self.date.setText(date_text)
        self.timer.start(until_next_minute_ms(now))


def until_next_minute_ms(now: dt.datetime) -> int:
    """Milliseconds from ``now`` to just after the next minute begins."""
    into = now.second * 1000 + now.microsecond // 1000
    return 60_000 - into + CLOCK_LATE_MS


class HallHeader(QFrame):
    """The hall's name in both languages, and the clock."""

    def __init__(self, name: Bilingual, clock: ClockPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hallHeader")
        self.setStyleSheet(
            f"QFrame#hallHeader {{ background: {style.BRAND}; }}"
            f"QLabel {{ color: {style.PAPER}; background: transparent; }}"
        )
        self.name_zh = FitLabel(name.zh, ratio=0.9, bold=True)
        self.name_en = FitLabel(name.en, ratio=0.8)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.name_zh, 3)
        names.addWidget(self.name_en, 2)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(32, 8, 32, 8)
        layout.addLayout(names, 3)
        layout.addWidget(clock, 2)


class MessageLine(QFrame):
    """The hall's message, Chinese over English."""

    def __init__(self, message: Bilingual, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageLine")
        self.setStyleSheet(
            f"QFrame#messageLine {{ background: {style.BRAND}; }}"
            f"QLabel {{ color: {style.PAPER}; background: transparent; }}"
        )
        self.zh = FitLabel(message.zh, ratio=0.85, align=CENTER)
        self.en = FitLabel(message.en, ratio=0.8, align=CENTER)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 6, 32, 6)
        layout.setSpacing(0)
        layout.addWidget(self.zh, 1)
        layout.addWidget(self.en, 1)
