"""Busy hours: the hall's typical load by hour as a bar chart on a scale of visitors
per hour, quieter hours in green, so that visitors can come back when the queue is
short. Until the hall has a week of its own history the chart is the shipped example
profile, and says so."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui import style
from kiosk.ui.kiosk.flow import BusyInfo, hour_ranges, pick
from kiosk.ui.kiosk.parts import button, label, set_flag
from kiosk.ui.kiosk.theme import EXAMPLE_LIGHT, LINE


@dataclasses.dataclass(frozen=True)
class ChartTexts:
    """The chart's words, in the visitor's language."""

    now: str
    quieter: str
    busier: str
    unit: str
    example: str


class BusyChart(QWidget):
    """One bar per hour on a scale of visitors per hour (round steps from 0, with
    light lines across); quieter hours green, the others blue, this hour outlined.
    An example profile carries an "Example" tag in its corner.

    ``plot()`` is the area the bars stand in and ``level(value)`` the height of a value
    on the scale: the painting and the tests use the same geometry."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busyChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(240)
        self.info: BusyInfo | None = None
        self.texts = ChartTexts("now", "quieter", "busier", "visitors per hour", "example")

    def set_info(self, info: BusyInfo | None) -> None:
        self.info = info
        self.update()

    def set_texts(self, texts: ChartTexts) -> None:
        self.texts = texts
        self.update()

    # -- geometry --------------------------------------------------------------------

    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def _axis_width(self) -> float:
        info = self.info
        metrics = QFontMetrics(self.font())
        labels = [str(t) for t in info.ticks] if info else ["0"]
        return max(metrics.horizontalAdvance(t) for t in labels) + self._line() * 0.6

    def plot(self) -> QRectF:
        """Where the bars stand: right of the scale, under the legend, over the hours."""
        line = self._line()
        pad = line // 2
        top = pad + line * 2.0 + line * 1.6  # the legend and the unit, then room for "now"
        left = pad + self._axis_width()
        bottom = self.height() - line * 1.4
        return QRectF(left, top, self.width() - pad - left, max(1.0, bottom - top))

    def level(self, value: float) -> float:
        """The y of a value on the scale."""
        info = self.info
        plot = self.plot()
        top_tick = max(info.ticks) if info else 1
        return plot.bottom() - plot.height() * value / (top_tick or 1)

    def bar(self, i: int) -> QRectF:
        """The bar of the i-th hour shown."""
        assert self.info is not None
        plot = self.plot()
        slot = plot.width() / len(self.info.hours)
        top = self.level(self.info.values[i])
        return QRectF(plot.left() + i * slot + slot * 0.15, top, slot * 0.7, plot.bottom() - top)

    # -- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        info = self.info
        if info is None or not info.hours:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        pad = line // 2
        plot = self.plot()
        self._legend(painter, line, pad)
        self._scale(painter, plot, line, pad)
        slot = plot.width() / len(info.hours)
        long_labels = metrics.horizontalAdvance("00:00") < slot * 0.9
        for i, hour in enumerate(info.hours):
            x = plot.left() + i * slot
            bar = self.bar(i)
            colour = style.OK if hour in info.quiet else style.BRAND
            painter.fillRect(bar, QColor(colour))
            if hour == info.now_hour:
                painter.setPen(QPen(QColor(style.ACCENT), max(3, line // 6)))
                painter.drawRect(bar.adjusted(-2, -2, 2, 2))
                painter.setPen(QColor(style.INK))
                above = QRectF(x - slot, bar.top() - line * 1.4, slot * 3, line * 1.2)
                painter.drawText(above, Qt.AlignmentFlag.AlignCenter, self.texts.now)
            painter.setPen(QColor(style.INK))
            text = f"{hour}:00" if long_labels else str(hour)
            under = QRectF(x, plot.bottom() + line * 0.2, slot, line * 1.2)
            painter.drawText(under, Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(QPen(QColor(style.MUTED), 2))
        painter.drawLine(
            int(plot.left()), int(plot.bottom()), int(plot.right()), int(plot.bottom())
        )
        painter.end()

    def _scale(self, painter: QPainter, plot: QRectF, line: int, pad: int) -> None:
        """The unit at the top left, each step's value left of a light line across."""
        assert self.info is not None
        painter.setPen(QColor(style.MUTED))
        unit = QRectF(pad, pad + line * 1.1, plot.right() - pad, line)
        painter.drawText(unit, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.texts.unit)  # fmt: skip
        for tick in self.info.ticks:
            y = self.level(tick)
            painter.setPen(QPen(QColor(LINE), 1))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(QColor(style.INK))
            where = QRectF(pad, y - line / 2, plot.left() - pad - line * 0.3, line)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(where, align, str(tick))

    def _legend(self, painter: QPainter, line: int, pad: int) -> None:
        """Two colour keys at the top right; an example's tag at the top left."""
        x = float(self.width() - pad)
        metrics = QFontMetrics(self.font())
        for colour, text in ((style.BRAND, self.texts.busier), (style.OK, self.texts.quieter)):
            width = metrics.horizontalAdvance(text)
            x -= width
            painter.setPen(QColor(style.INK))
            painter.drawText(QRectF(x, pad, width, line), Qt.AlignmentFlag.AlignVCenter, text)
            x -= line * 1.2
            painter.fillRect(QRectF(x, pad + line * 0.15, line * 0.8, line * 0.8), QColor(colour))
            x -= line * 1.2
        if self.info is not None and self.info.example:
            width = metrics.horizontalAdvance(self.texts.example) + line
            tag = QRectF(pad, pad - line * 0.1, width, line * 1.2)
            painter.setPen(QPen(QColor(style.ACCENT), max(2, line // 10)))
            painter.setBrush(QColor(EXAMPLE_LIGHT))
            painter.drawRoundedRect(tag, line * 0.25, line * 0.25)
            painter.setPen(QColor(style.INK))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, self.texts.example)
            painter.setBrush(Qt.BrushStyle.NoBrush)


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
        self.chart.set_texts(
            ChartTexts(
                self.tr("now"),
                self.tr("quieter"),
                self.tr("busier"),
                self.tr("visitors per hour"),
                self.tr("Example"),
            )
        )
        info = self.info
        set_flag(self.subtitle, "example", bool(info and info.example))
        if info is None:
            self.subtitle.setText(self.tr("Loading…"))
            self.quiet.setText("")
            self.peak.setText("")
            return
        self.subtitle.setText(
            self.tr(
                "Example of a typical hall, not yet this one: "
                "after a week here, this shows this hall's own figures."
            )
            if info.example
            else self.tr("Average number of visitors per hour over the last {days} days").format(
                days=info.days
            )
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
