"""Busy hours as a visitor reads them: bars on a scale of visitors per hour, and the
shipped profile called an example ("示例") until the hall has a week of its own."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from kiosk.ui import style
from kiosk.ui.kiosk import flow
from kiosk.ui.kiosk.busy import BusyChart
from kiosk.ui.kiosk.theme import EXAMPLE_LIGHT
from kiosk.ui.kiosk.window import KioskWindow

from ..conftest import MORNING
from .looks import assert_cjk_font, lay_out


def history(ctx: Any, clock: Any, days: int) -> None:
    """Three tickets at 15:00 on each of the last ``days`` days."""
    for days_ago in range(days, 0, -1):
        clock.set(MORNING.replace(hour=15) - dt.timedelta(days=days_ago))
        for _ in range(3):
            ctx.service.issue("bill")
    clock.set(MORNING)


def busy_page(ctx: Any, qtbot: Any, lang: str) -> KioskWindow:
    ctx.languages.set(lang)
    window = KioskWindow(ctx)
    qtbot.addWidget(window, before_close_func=lambda w: w.allow_close())
    window.controller.set_language(lang)
    lay_out(qtbot, window, 1920, 1080)
    window.controller.show_busy()
    qtbot.waitUntil(lambda: window.busy.info is not None)
    lay_out(qtbot, window, 1920, 1080)
    return window


def has_colour(image: QImage, colour: str) -> bool:
    want = QColor(colour).rgb()
    return any(
        image.pixel(x, y) == want
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
    )


EXAMPLE = {"zh": "示例", "en": "Example"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("days", [0, 6])
def test_without_a_week_of_history_the_busy_hours_say_they_are_an_example(
    ui_ctx: Any, ui_clock: Any, qtbot: Any, lang: str, days: int
) -> None:
    """A new hall's chart is the shipped profile of an invented hall: the page says
    so above the chart, and the chart carries an example tag in its corner."""
    history(ui_ctx, ui_clock, days)
    window = busy_page(ui_ctx, qtbot, lang)
    info = window.busy.info
    assert info is not None and info.example and info.days == 0
    subtitle = window.busy.subtitle
    assert subtitle.isVisible() and EXAMPLE[lang] in subtitle.text(), subtitle.text()
    assert "Typical" not in subtitle.text() and "典型" not in subtitle.text()
    chart = window.busy.chart
    assert chart.texts.example == EXAMPLE[lang]
    assert has_colour(chart.grab().toImage(), EXAMPLE_LIGHT), "no example tag on the chart"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_with_a_week_of_history_the_busy_hours_are_the_halls_own(
    ui_ctx: Any, ui_clock: Any, qtbot: Any, lang: str
) -> None:
    history(ui_ctx, ui_clock, 8)
    window = busy_page(ui_ctx, qtbot, lang)
    info = window.busy.info
    assert info is not None and not info.example and info.days == 8
    text = window.busy.subtitle.text()
    assert EXAMPLE[lang].lower() not in text.lower() and "8" in text, text
    assert not has_colour(window.busy.chart.grab().toImage(), EXAMPLE_LIGHT)


def test_the_bars_stand_on_a_scale_of_visitors_per_hour(ui_ctx: Any, qtbot: Any) -> None:
    window = busy_page(ui_ctx, qtbot, "zh")
    chart: BusyChart = window.busy.chart
    info = chart.info
    assert info is not None
    assert_cjk_font(chart)
    ticks = info.ticks
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert ticks[0] == 0 and len(steps) == 1 and 3 <= len(ticks) <= 7, ticks
    assert ticks[-1] >= max(info.values) > ticks[-2]  # the top step just covers the peak
    assert chart.texts.unit == "每小时人数"
    plot = chart.plot()
    assert chart.level(0) == pytest.approx(plot.bottom())
    for i, value in enumerate(info.values):  # each bar reaches its value on the scale
        bar = chart.bar(i)
        assert bar.top() == pytest.approx(chart.level(value))
        assert bar.bottom() == pytest.approx(plot.bottom())
    # each step's number is painted left of the bars, at its height
    image = chart.grab().toImage()
    ink = QColor(style.INK).rgb()
    half = chart.fontMetrics().height() // 2
    for tick in ticks:
        y = round(chart.level(tick))
        rows = range(max(0, y - half), min(image.height(), y + half))
        assert any(image.pixel(x, r) == ink for r in rows for x in range(int(plot.left()))), tick


def test_scale_steps_are_round_and_cover_the_peak() -> None:
    assert flow.scale_ticks(46) == (0, 10, 20, 30, 40, 50)
    assert flow.scale_ticks(50) == (0, 10, 20, 30, 40, 50)
    assert flow.scale_ticks(7) == (0, 2, 4, 6, 8)
    assert flow.scale_ticks(2.7) == (0, 1, 2, 3)
    assert flow.scale_ticks(130) == (0, 50, 100, 150)
    assert flow.scale_ticks(0) == (0, 1)
