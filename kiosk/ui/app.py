"""The composition root of the screens: builds the shared parts and opens windows.

`kiosk run` opens the kiosk (full screen) and the hall display (on a second screen
when there is one); `kiosk counter N`, `kiosk display` and `kiosk tech` open one
window each. Every process works on the same store.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from kiosk.app import Settings, build_printer, build_service, make_clock, open_queue_store
from kiosk.core.clock import Clock
from kiosk.core.errors import NoDisplay
from kiosk.core.selftest import SelfTest
from kiosk.core.service import QueueService

log = logging.getLogger(__name__)

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC")


def check_display() -> None:
    """Fail in one line, with the way out, instead of letting Qt abort."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    raise NoDisplay(
        "no display: run it on a desktop session, under a virtual screen "
        "(xvfb-run -a kiosk run) or offscreen (QT_QPA_PLATFORM=offscreen kiosk run); "
        "`kiosk screenshots DIR` renders every window to PNG files"
    )


def make_qapp() -> Any:
    """The QApplication, with a font that has Chinese glyphs."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    families = set(QFontDatabase.families())
    chosen = [f for f in CJK_FAMILIES if f in families]
    if chosen:
        font = QFont(app.font())
        font.setFamilies(chosen)
        app.setFont(font)
    else:
        log.warning("no CJK font found (%s): Chinese may show as boxes; run the set-up",
                    ", ".join(CJK_FAMILIES))  # fmt: skip
    return app


def build_context(
    settings: Settings,
    clock: Clock | None = None,
    *,
    with_devices: bool = False,
    with_voice: bool = False,
    background: bool = True,
    store: Any = None,
    service: QueueService | None = None,
) -> Any:
    """Every shared part of a screen process: service, PIN gate, runners, watcher, devices.

    ``with_devices``: this process owns the counter devices' ports and the voice (`kiosk
    run`; start them with :func:`start_devices`). ``with_voice``: only the voice (`kiosk
    display` on its own). Without either, calls are announced to the log only.
    ``background=False``: the wait estimator learns inside the operations (repeatable
    pictures for `kiosk screenshots`). ``store`` and ``service``: parts made by the caller
    (a test's estimator), used instead of the ones built here."""
    from kiosk.app import devices_settings, pin_gate, require_secret
    from kiosk.devices.hub import build_devices, build_voice
    from kiosk.devices.selftest import (
        DisplaysSelfTest,
        EvaluatorsSelfTest,
        KeypadsSelfTest,
        Prompt,
    )
    from kiosk.devices.simulators import SimulatedBuses
    from kiosk.devices.simulators.voice import SimVoice
    from kiosk.ui import logbuffer
    from kiosk.ui.context import UiContext
    from kiosk.ui.devices.bridge import QtHubEvents
    from kiosk.ui.fontcheck import FontSelfTest
    from kiosk.ui.i18n import Languages
    from kiosk.ui.runner import OpRunner
    from kiosk.ui.storecheck import StorageSelfTest
    from kiosk.ui.watcher import HallWatcher

    require_secret(settings)  # the kiosk signs ticket links: a missing secret stops the start
    clock = clock or make_clock()
    store = store or open_queue_store(settings)
    service = service or build_service(settings, clock, store, background=background)
    ops = OpRunner()
    devices = OpRunner(name="kiosk-devices")
    printer = build_printer(settings)
    logs = logbuffer.LogBuffer()
    logbuffer.install(logs, settings.data_dir / "logs" if not settings.config.store.url else None)
    hub = events = simulated = None
    announcer: Any = SimVoice()
    device_tests: list[SelfTest] = []
    closers: list[Callable[[], None]] = []
    if with_devices:
        events = bridge = QtHubEvents()
        # The hub's own service (its thread, its connections; estimates it does not need)
        hub_store = open_queue_store(settings)
        hub_service = QueueService(settings.hall, hub_store, clock)
        # "sim" buses: the demo hall's simulators on the far end, started and closed with
        # the hub, which sees only their pseudo-terminals
        simulated = sim = SimulatedBuses(devices_settings(settings))
        hub = build_devices(
            sim.settings, hub_service, rater=hub_service, events=events, wires=[sim]
        )
        closers.append(hub_store.close)  # after the hub stops (stop_devices)
        announcer = hub.voice

        def ask(prompt: Prompt) -> None:
            _technician_prompt(prompt)
            bridge.prompt(prompt)  # the technician panel shows it
            sim.press_when_asked(prompt)  # a simulated device presses its own key

        device_tests = [DisplaysSelfTest(hub), KeypadsSelfTest(hub, ask),
                        EvaluatorsSelfTest(hub, ask)]  # fmt: skip
    elif with_voice:
        announcer = build_voice(devices_settings(settings).voice)
    selftests: list[SelfTest] = [
        printer,
        announcer,
        *device_tests,
        StorageSelfTest(settings),
        FontSelfTest(settings.hall),
    ]
    return UiContext(
        settings=settings,
        service=service,
        pins=pin_gate(settings, store, clock),
        clock=clock,
        ops=ops,
        devices=devices,
        watcher=HallWatcher(service, ops),
        languages=Languages(),
        printer=printer,
        announcer=announcer,
        selftests=selftests,
        logs=logs,
        hub=hub,
        hub_events=events,
        simulated=simulated,
        closers=closers,
    )


def _technician_prompt(text: str) -> None:
    """What a keypad or evaluator self-test asks the technician to press: the panel's log
    shows it (and the report says what came)."""
    log.warning("self-test: %s", text)


def start_devices(ctx: Any) -> None:
    """Start the process's device hub or voice (stop_devices at exit)."""
    if ctx.hub is not None:
        ctx.hub.start()
    elif hasattr(ctx.announcer, "start"):
        ctx.announcer.start()


def stop_devices(ctx: Any) -> None:
    if ctx.hub is not None:
        ctx.hub.stop()
        for close in ctx.closers:
            close()
    elif hasattr(ctx.announcer, "stop"):
        ctx.announcer.stop()


def run(settings: Settings, what: str, counter: int | None = None) -> int:
    """Open the windows of one process and run until they close."""
    check_display()
    app = make_qapp()
    if counter is not None:
        settings.hall.counter(counter)  # NotFound names an unknown counter before any window
    ctx = build_context(
        settings, with_devices=what == "hall", with_voice=what in ("display", "tech")
    )
    ctx.languages.set(settings.config.kiosk.default_language)
    start_devices(ctx)
    windows = _open(ctx, what, counter)
    ctx.watcher.start()
    _quit_on_signals(app)
    hall = settings.hall
    from PySide6.QtCore import QTimer

    # Said from inside the event loop: once it is printed, SIGTERM is sure to be heard.
    QTimer.singleShot(
        0,
        lambda: print(
            f"kiosk: {what} window(s) open for hall {settings.config.hall.name_en} "
            f"({settings.config_source}): {len(hall.services)} business types, "
            f"{len(hall.counters)} counters, store {settings.store_url}",
            flush=True,
        ),
    )
    try:
        code = int(app.exec())
        print("kiosk: stopped", flush=True)
        return code
    finally:
        ctx.watcher.stop()
        import shiboken6

        for window in windows:
            window.close()
            shiboken6.delete(window)  # not left to the interpreter's exit
        ctx.ops.stop()
        ctx.service.close()  # its wait learning, if one is running
        ctx.devices.stop()
        stop_devices(ctx)


def _quit_on_signals(app: Any) -> None:
    """SIGINT and SIGTERM close the windows cleanly. Python runs signal handlers only
    when it gets control, so a timer hands it control a few times a second."""
    import signal

    from PySide6.QtCore import QTimer

    # quit() is lost if the loop is not running yet (a signal just before exec()); a
    # zero timer waits for the loop, however early the signal came.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: QTimer.singleShot(0, app.quit))
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(200)


def _open(ctx: Any, what: str, counter: int | None) -> list[Any]:
    from PySide6.QtWidgets import QApplication

    factories: dict[str, Callable[[], list[Any]]] = {
        "hall": lambda: _hall_windows(ctx),
        "counter": lambda: [_counter_window(ctx, counter)],
        "display": lambda: [_display_window(ctx)],
        "tech": lambda: [_tech_window(ctx)],
    }
    windows = factories[what]()
    screens = QApplication.screens()
    for i, window in enumerate(windows):
        if what == "hall" and i == 1 and len(screens) > 1:
            window.setScreen(screens[1])
            window.setGeometry(screens[1].geometry())
            window.showFullScreen()
        elif what == "hall" and i == 0:
            window.showFullScreen()
        else:
            window.show()
    return windows


def _hall_windows(ctx: Any) -> list[Any]:
    from kiosk.ui.display.window import DisplayWindow
    from kiosk.ui.kiosk.window import KioskWindow
    from kiosk.ui.tech.window import TechWindow

    kiosk, display = KioskWindow(ctx), DisplayWindow(ctx)
    panels: list[Any] = []

    def open_tech() -> None:
        if panels and panels[0].isVisible():
            panels[0].raise_()
            return
        panels[:] = [TechWindow(ctx)]
        panels[0].showFullScreen()

    kiosk.techRequested.connect(open_tech)
    windows = [kiosk, display]
    if ctx.hub is not None and ctx.simulated is not None and ctx.simulated.devices:  # the demo
        from kiosk.ui.devices.simwindow import SimDevicesWindow, service_namer

        default = ctx.settings.config.kiosk.default_language
        names = service_namer(ctx.settings.hall, lambda: ctx.languages.current or default)
        windows.append(SimDevicesWindow(ctx.simulated, ctx.hub, ctx.hub_events, names))
    return windows


def _counter_window(ctx: Any, counter: int | None) -> Any:
    from kiosk.ui.counter.window import CounterWindow

    assert counter is not None
    return CounterWindow(ctx, counter)


def _display_window(ctx: Any) -> Any:
    from kiosk.ui.display.window import DisplayWindow

    return DisplayWindow(ctx)


def _tech_window(ctx: Any) -> Any:
    from kiosk.ui.tech.window import TechWindow

    return TechWindow(ctx)
