"""The hall display read from across the hall: the English lines under the Chinese
("Business", "Waiting", "about 13–41 min", "Counter 3") are not small print."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from kiosk.core.errors import KioskError
from kiosk.core.model import Resolution
from kiosk.ui.context import UiContext
from kiosk.ui.display.fit import FitLabel
from kiosk.ui.display.window import DisplayWindow

from .looks import assert_cjk_font, lay_out

# The smallest text a hall reads across the room: 1/40 of the screen's short side,
# 27 px on a 1080-line screen (about 17 mm on a 55-inch one). The English lines were
# 15 px ("Business", "Waiting") and 20 px ("about 13–41 min").
SHORT_SIDE_SHARE = 1 / 40


def busy_morning(ctx: UiContext, ui_clock: Any) -> None:
    """Every business type with people waiting, and a full list of recent calls."""
    service = ctx.service
    for counter in (1, 2, 3, 4):
        service.open_counter(counter)
    for code in ["bill", "plan", "phone", "broadband", "complaint", "vip"] * 4:
        ui_clock.advance(minutes=1)
        with contextlib.suppress(KioskError):  # a business type still closed at this hour
            service.issue(code)
    serving: dict[int, str] = {}
    for counter in (1, 2, 3, 4, 1, 2, 3, 4, 1):
        ui_clock.advance(minutes=3)
        if service.hall.is_complaint(serving.get(counter, "")):  # ends with how it ended
            service.resolve(counter, Resolution.RESOLVED_HERE)
        service.call_next(counter)
        serving[counter] = service.serve(counter).service


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_every_line_on_the_hall_display_reads_across_the_hall(
    ui_ctx: UiContext, ui_clock: Any, qtbot: Any, size: tuple[int, int]
) -> None:
    busy_morning(ui_ctx, ui_clock)
    window = DisplayWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show_status(ui_ctx.service.status(last_calls=24))
    lay_out(qtbot, window, *size)

    floor = min(size) * SHORT_SIDE_SHARE
    lines = [x for x in window.findChildren(FitLabel) if x.text() and x.isVisibleTo(window)]
    assert len(window.calls.numbers()) == len(window.calls.slots)  # a full list of calls
    english = {x.text() for x in lines}
    assert {"Business", "Waiting", "Expected wait", "Ticket", "Counter"} <= english
    assert any(t.startswith("about ") and t.endswith(" min") for t in english)
    assert_cjk_font(lines[0])
    small = sorted((x.pixel_size(), x.text()) for x in lines if x.pixel_size() < floor)
    assert not small, f"smaller than {floor:.0f} px at {size}: {small}"
    # the call itself stays the largest text in the hall
    assert window.current.zh.pixel_size() >= 95 and window.current.en.pixel_size() >= 70
