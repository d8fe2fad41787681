"""A ticket the kiosk could not print alerts staff at every counter window."""

from __future__ import annotations

from typing import Any

from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.kiosk.window import KioskWindow


def test_a_kiosk_print_failure_shows_at_the_counter(ui_ctx: Any, qtbot: Any) -> None:
    ui_ctx.languages.set("en")
    counter = CounterWindow(ui_ctx, 1)
    kiosk = KioskWindow(ui_ctx)
    qtbot.addWidget(counter)
    qtbot.addWidget(kiosk)
    ui_ctx.watcher.start()
    qtbot.waitUntil(lambda: counter.controller.model is not None)
    ui_ctx.printer.state = "paper-out"
    with qtbot.waitSignal(kiosk.staffAlert, timeout=5000):
        kiosk.controller.choose("broadband")
        kiosk.controller.take()
    qtbot.waitUntil(lambda: "D001 was not printed" in counter.message.text(), timeout=5000)
    assert "paper out" in counter.message.text()
    (ticket,) = ui_ctx.service.tickets()
    assert ticket.printed is False
    kiosk.allow_close()
