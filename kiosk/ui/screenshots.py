"""`kiosk screenshots DIR`: every window, in both languages, as PNG files.

The windows run on a temporary copy of the hall's configuration with a fresh store
and a fixed clock (2026-11-24 10:30), seeded with a morning's activity, so the
pictures are the same on every machine and the hall's own store is never touched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.app import Settings
from kiosk.config import DEMO_PIN_HASH, DEMO_SECRET, StoreSection
from kiosk.core.clock import ManualClock
from kiosk.core.errors import KioskError
from kiosk.core.model import Priority

MOMENT = dt.datetime(2026, 11, 24, 10, 30)
PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)
DESK = (1280, 800)


def _settle(ctx: Any, until: Callable[[], bool] = lambda: True, timeout: float = 15.0) -> None:
    """Let queued work and events finish (a command, not a test: polling is fine here)."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if ctx.ops.pending == 0 and ctx.devices.pending == 0 and until():
            QCoreApplication.processEvents()
            return
        time.sleep(0.01)
    raise RuntimeError("the windows did not settle in time for a screenshot")


def _seed(ctx: Any, clock: ManualClock) -> None:
    """A morning in the demo hall: tickets since 9:00, three counters at work."""
    service = ctx.service
    clock.set(MOMENT.replace(hour=9, minute=0))
    for n in (1, 2, 3):
        service.open_counter(n)
    plan = ["bill", "plan", "bill", "broadband", "phone", "plan", "complaint", "bill",
            "plan", "broadband", "bill", "plan", "phone", "bill", "complaint", "plan"]  # fmt: skip
    start = MOMENT.replace(hour=9, minute=0)
    for i, code in enumerate(plan):
        clock.set(start + dt.timedelta(minutes=4 + i * 5))
        service.issue(code, Priority.PRIORITY if i == 9 else Priority.NORMAL)
        if i % 2 == 1:  # the counters take turns serving through the morning
            counter = 1 + (i // 2) % 3
            with contextlib.suppress(KioskError):
                service.call_next(counter)
                service.serve(counter)
    clock.set(MOMENT)
    for counter in (1, 2, 3):
        with contextlib.suppress(KioskError):
            service.call_next(counter)
    with contextlib.suppress(KioskError):
        service.serve(2)


def _demo_settings(settings: Settings, folder: Path) -> Settings:
    """The hall on a temporary store, with the demo PIN (the panel is shown unlocked) and
    the demo secret (the same QR codes on every machine)."""
    cfg = settings.config
    cfg = cfg.model_copy(
        update={
            "store": StoreSection(),
            "kiosk": cfg.kiosk.model_copy(update={"secret": DEMO_SECRET}),
            "tech": cfg.tech.model_copy(update={"pin_hash": DEMO_PIN_HASH}),
        }
    )
    return Settings(cfg, settings.config_source, folder)


def render_all(settings: Settings, out: Path) -> list[Path]:
    """Render every window in zh and en; returns the files written."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.app import Role
    from kiosk.ui.app import make_qapp, open_context

    out.mkdir(parents=True, exist_ok=True)
    make_qapp()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as tmp:
        clock = ManualClock(MOMENT)
        demo = _demo_settings(settings, Path(tmp))
        # The same pictures every time: the estimator learns inside the operations of the
        # seed, not on a thread that may or may not be done when a window is drawn. A
        # counter process's parts: every window is drawn without a port or a sound device.
        ctx = open_context(demo, Role.COUNTER, counter=1, clock=clock, background=False)
        try:
            _seed(ctx, clock)
            for lang in ("zh", "en"):
                ctx.languages.set(lang)
                written += _kiosk(ctx, out, lang)
                written += _counter(ctx, out, lang)
                written += _display(ctx, out, lang)
                written += _tech(ctx, out, lang)
            written += _tickets(ctx, out)  # the last ticket the kiosk printed
            written += _sim_devices(ctx, out)
        finally:
            ctx.watcher.stop()
            ctx.ops.stop()
            ctx.devices.stop()
            ctx.runtime.close()
    return written


def _save(widget: Any, path: Path, size: tuple[int, int]) -> Path:
    from PySide6.QtCore import QCoreApplication

    widget.resize(*size)
    QCoreApplication.processEvents()
    widget.grab().save(str(path))
    return path


def _status(ctx: Any) -> Any:
    return ctx.service.status(last_calls=24)


def _kiosk(ctx: Any, out: Path, lang: str) -> list[Path]:
    from kiosk.ui.kiosk.window import KioskWindow

    files = []
    w = KioskWindow(ctx)
    try:
        ctx.languages.set(lang)
        w.controller.set_language(lang)
        w.show_status(_status(ctx))
        for name, size in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
            files += _kiosk_pages(ctx, w, out, f"{name}-{lang}", size)
    finally:
        w.allow_close()
        w.close()
        w.deleteLater()
    return files


def _kiosk_pages(ctx: Any, w: Any, out: Path, suffix: str, size: tuple[int, int]) -> list[Path]:
    """Home, guide, confirmation, printer failure and busy hours at one size."""
    files = []
    w.resize(*size)
    w.controller.go_home()
    _settle(ctx)
    files.append(_save(w, out / f"kiosk-home-{suffix}.png", size))
    w.controller.choose("plan")
    _settle(ctx)
    files.append(_save(w, out / f"kiosk-guide-{suffix}.png", size))
    w.controller.take()
    _settle(ctx)
    files.append(_save(w, out / f"kiosk-confirmation-{suffix}.png", size))
    ctx.printer.state = "paper-out"
    w.controller.choose("bill")
    _settle(ctx)
    w.controller.take()
    _settle(ctx)
    files.append(_save(w, out / f"kiosk-printer-failure-{suffix}.png", size))
    ctx.printer.state = "ok"
    w.controller.show_busy()
    _settle(ctx)
    files.append(_save(w, out / f"kiosk-busy-hours-{suffix}.png", size))
    w.controller.go_home()
    _settle(ctx)
    return files


def _tickets(ctx: Any, out: Path) -> list[Path]:
    """The last ticket the kiosk printed, as the paper shows it, on 80 and 58 mm rolls."""
    from kiosk.app import printer_profile, ticket_template
    from kiosk.devices.escpos.paper import save_paper
    from kiosk.devices.escpos.render import render_ticket

    job, data = ctx.printer.last_ticket
    profile = printer_profile(ctx.settings)
    narrow = dataclasses.replace(profile, width_mm=58)
    files = [out / "ticket-80mm.png", out / "ticket-58mm.png"]
    save_paper(data, files[0], 80, profile.charset)
    save_paper(render_ticket(job, narrow, ticket_template(ctx.settings)), files[1], 58)
    return files


def _counter(ctx: Any, out: Path, lang: str) -> list[Path]:
    from kiosk.ui.counter.window import CounterWindow

    w = CounterWindow(ctx, 2)
    try:
        ctx.watcher.statusChanged.emit(_status(ctx))
        _settle(ctx, lambda: w.controller.model is not None)
        return [_save(w, out / f"counter-{lang}.png", DESK)]
    finally:
        w.close()
        w.deleteLater()


def _display(ctx: Any, out: Path, lang: str) -> list[Path]:
    from kiosk.ui.display.window import DisplayWindow

    w = DisplayWindow(ctx)
    try:
        w.show_status(_status(ctx))
        _settle(ctx)
        return [_save(w, out / f"display-{lang}.png", LANDSCAPE)]
    finally:
        w.close()
        w.deleteLater()


def _tech(ctx: Any, out: Path, lang: str) -> list[Path]:
    from kiosk.ui.tech.window import TechWindow

    w = TechWindow(ctx)
    files = []
    try:
        _settle(ctx, lambda: w.pin.state.accepts_input)  # the store said: not locked
        files.append(_save(w, out / f"tech-pin-{lang}.png", DESK))
        unlocked: list[bool] = []
        w.pin.unlockedChanged.connect(unlocked.append)
        w.pin.submit("1234")
        _settle(ctx, lambda: bool(unlocked))
        done: list[bool] = []
        w.selftests.reportsChanged.connect(lambda: done.append(True))
        w.selftests.run_all()
        _settle(ctx, lambda: bool(done))
        files.append(_save(w, out / f"tech-devices-{lang}.png", DESK))
    finally:
        w.close()
        w.deleteLater()
    return files


def _sim_devices(ctx: Any, out: Path) -> list[Path]:
    """The demo hall's simulated devices, in zh and en: a hub of its own on the seeded
    store, every display showing the morning's state, counter 2's evaluator lit."""
    from kiosk.app import Role, build_runtime
    from kiosk.config import DevicesSection
    from kiosk.core.devices import hall_texts
    from kiosk.ui.devices.bridge import QtHubEvents
    from kiosk.ui.devices.lights import Link
    from kiosk.ui.devices.simwindow import SimDevicesWindow, service_namer

    events = QtHubEvents()
    demo = ctx.settings.config.model_copy(update={"devices": DevicesSection(simulate=True)})
    host = build_runtime(
        Role.DEVICE_HOST,
        dataclasses.replace(ctx.settings, config=demo),
        clock=ctx.clock,
        service=ctx.service,
        hub_events=events,
        voice=False,
    )
    hub = host.hub
    host.start()
    w = SimDevicesWindow(
        host.simulated,
        hub,
        events,
        service_namer(ctx.settings.hall, lambda: ctx.languages.current),
    )
    files = []
    try:
        status = ctx.service.status()
        counters, strip = hall_texts(status)
        serving = next(c for c in status.counters if c.number == 2)
        if serving.current is not None:
            hub.evaluators[2].arm(serving.current.uid)

        def shown() -> bool:
            rows = w.rows.values()
            return (
                all(box.panel.text == strip for box in w.strips.values())
                and all(d.panel.text == counters[r.counter] for r in rows for d in r.displays)
                and all(light.state is Link.ONLINE for light in w.lights.values())
                and (serving.current is None or w.rows[2].evaluator is None
                     or w.rows[2].evaluator.lit)
            )  # fmt: skip

        _settle(ctx, shown)
        for box in w.displays():
            box.panel.stop_blink()  # a new number's blink: the picture shows it lit
        for lang in ("zh", "en"):
            ctx.languages.set(lang)
            _settle(ctx)
            files.append(_save(w, out / f"devices-{lang}.png", (1280, 1000)))
    finally:
        w.close()
        w.deleteLater()
        host.stop()
    return files
