"""Busy hours: the hall's typical load by hour as a bar chart, quieter hours in green,
so that visitors can come back when the queue is short."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui import style
from kiosk.ui.kiosk.flow import BusyInfo, hour_ranges, pick
from kiosk.ui.kiosk.parts import button, label


class BusyChart(QWidget):
    """One bar per hour; quieter hours green, the others blue, this hour outlined."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busyChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(240)
        self.info: BusyInfo | None = None
        self.texts = ("now", "quieter", "busier")

    def set_info(self, info: BusyInfo | None) -> None:
        self.info = info
        self.update()

    def set_texts(self, now: str, quieter: str, busier: str) -> None:
        self.texts = (now, quieter, busier)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        info = self.info
        if info is None or not info.hours:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        pad = line // 2
        legend = self._legend(painter, line, pad)
        top = legend + line * 1.6  # room for the "now" label above the tallest bar
        bottom = self.height() - line * 1.4
        slot = (self.width() - 2 * pad) / len(info.hours)
        peak = max(info.values) or 1.0
        long_labels = metrics.horizontalAdvance("00:00") < slot * 0.9
        for i, (hour, value) in enumerate(zip(info.hours, info.values, strict=True)):
            x = pad + i * slot
            bar_h = (bottom - top) * value / peak
            bar = QRectF(x + slot * 0.15, bottom - bar_h, slot * 0.7, bar_h)
            colour = style.OK if hour in info.quiet else style.BRAND
            painter.fillRect(bar, QColor(colour))
            if hour == info.now_hour:
                painter.setPen(QPen(QColor(style.ACCENT), max(3, line // 6)))
                painter.drawRect(bar.adjusted(-2, -2, 2, 2))
                painter.setPen(QColor(style.INK))
                above = QRectF(x - slot, bar.top() - line * 1.4, slot * 3, line * 1.2)
                painter.drawText(above, Qt.AlignmentFlag.AlignCenter, self.texts[0])
            painter.setPen(QColor(style.INK))
            text = f"{hour}:00" if long_labels else str(hour)
            under = QRectF(x, bottom + line * 0.2, slot, line * 1.2)
            painter.drawText(under, Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(QPen(QColor(style.MUTED), 2))
        painter.drawLine(int(pad), int(bottom), int(self.width() - pad), int(bottom))
        painter.end()

    def _legend(self, painter: QPainter, line: int, pad: int) -> float:
        """Two colour keys at the top right; returns the height they take."""
        x = float(self.width() - pad)
        metrics = QFontMetrics(self.font())
        for colour, text in ((style.BRAND, self.texts[2]), (style.OK, self.texts[1])):
            width = metrics.horizontalAdvance(text)
            x -= width
            painter.setPen(QColor(style.INK))
            painter.drawText(QRectF(x, pad, width, line), Qt.AlignmentFlag.AlignVCenter, text)
            x -= line * 1.2
            painter.fillRect(QRectF(x, pad + line * 0.15, line * 0.8, line * 0.8), QColor(colour))
            x -= line * 1.2
        return pad + line


class BusyPage(QWidget):
    """Signals:
    back(): home.
    """

    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info: BusyInfo | None = None
        self._lang = "zh"
        self.title = label("title", center=True)
        self.subtitle = label("subtitle", center=True)
        card = QFrame(self)
        card.setObjectName("card")
        self.chart = BusyChart(card)
        card_box = QVBoxLayout(card)
        card_box.setContentsMargins(24, 24, 24, 24)
        card_box.addWidget(self.chart)
        self.quiet = label("busyQuiet", center=True)
        self.peak = label("busyPeak", center=True)
        self.back_button = button("primary")
        self.back_button.clicked.connect(self.back)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 36, 48, 48)
        box.setSpacing(24)
        box.addWidget(self.title)
        box.addWidget(self.subtitle)
        box.addWidget(card, 1)
        box.addWidget(self.quiet)
        box.addWidget(self.peak)
        box.addWidget(self.back_button)

    def show_info(self, info: BusyInfo | None, lang: str) -> None:
        """None: the figures are still loading."""
        self.info = info
        self.chart.set_info(info)
        self.retranslate(lang)

    def retranslate(self, lang: str) -> None:
        self._lang = lang
        self.title.setText(self.tr("When is it quieter?"))
        self.back_button.setText(self.tr("Back"))
        self.chart.set_texts(self.tr("now"), self.tr("quieter"), self.tr("busier"))
        info = self.info
        if info is None:
            self.subtitle.setText(self.tr("Loading…"))
            self.quiet.setText("")
            self.peak.setText("")
            return
        self.subtitle.setText(
            self.tr("Average number of visitors per hour over the last {days} days").format(
                days=info.days
            )
            if info.days
            else self.tr("Typical number of visitors per hour")
        )
        ranges = pick(lang, "、", ", ").join(
            f"{start}:00–{end}:00" for start, end in hour_ranges(info.quiet)
        )
        self.quiet.setText(
            self.tr("Quieter times: {hours}").format(hours=ranges)
            if ranges
            else self.tr("Every hour is about as busy as the others.")
        )
        self.peak.setText(self.tr("Busiest around {hour}").format(hour=f"{info.busiest}:00"))
