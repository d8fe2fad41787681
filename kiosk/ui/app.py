"""A screen process: its role's runtime from the composition root (kiosk.app), the Qt
parts around it, and its windows.

`kiosk run` opens the kiosk (full screen) and the hall display (on a second screen
when there is one); `kiosk counter N`, `kiosk display` and `kiosk tech` open one
window each. Every process works on the same store.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.app import Role, ScreenRuntime, Settings, build_runtime
from kiosk.core.clock import Clock
from kiosk.core.errors import NoDisplay
from kiosk.ui import collector

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from kiosk.ui.context import UiContext
    from kiosk.ui.devices.bridge import QtHubEvents
    from kiosk.ui.watcher import HallWatcher

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


def make_qapp() -> QApplication:
    """The QApplication, with a font that has Chinese glyphs."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    collector.install(app)  # cycles are collected on this (the UI) thread only
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


def open_context(
    settings: Settings,
    role: Role,
    *,
    counter: int | None = None,
    clock: Clock | None = None,
    background: bool = True,
    server: str | None = None,
) -> UiContext:
    """A screen process of this role: its runtime from the composition root, with the
    device hub's events bridged to signals when the process owns the devices.
    ``server``: the hall server's URL (a PC of a hall of several): the runtime reaches
    the hall through it and owns no devices."""
    from kiosk.ui.devices.bridge import QtHubEvents

    bridge = QtHubEvents() if role is Role.KIOSK and server is None else None
    runtime = build_runtime(
        role,
        settings,
        counter=counter,
        clock=clock,
        hub_events=bridge,
        ask=bridge.prompt if bridge is not None else None,
        background=background,
        server=server,
    )
    assert isinstance(runtime, ScreenRuntime)  # a screen role gives a screen runtime
    return build_context(runtime, bridge)


def build_context(runtime: ScreenRuntime, hub_events: QtHubEvents | None = None) -> UiContext:
    """The Qt parts every window of a process shares, around its runtime: the workers,
    the watcher, the languages, the log the technician panel shows, the font self-test."""
    from kiosk.ui import logbuffer
    from kiosk.ui.context import UiContext
    from kiosk.ui.fontcheck import FontSelfTest
    from kiosk.ui.i18n import Languages
    from kiosk.ui.runner import OpRunner
    from kiosk.ui.watcher import HallWatcher

    settings = runtime.settings
    ops = OpRunner()
    logs = logbuffer.LogBuffer()
    logbuffer.install(logs, settings.data_dir / "logs" if not settings.config.store.url else None)
    watcher = HallWatcher(runtime.service, ops, follower=runtime.follower)
    link = None
    if runtime.link is not None:  # a PC of a hall of several: the banner, a full read when back
        from kiosk.ui.banner import LinkBridge

        link = LinkBridge(runtime.link)
        link.changed.connect(lambda online: _link_changed(runtime, watcher, online))
    return UiContext(
        runtime=runtime,
        ops=ops,
        devices=OpRunner(name="kiosk-devices"),
        # the runtime's log follower (or the hall server's feed) tells the feed of other
        # processes' commits
        watcher=watcher,
        languages=Languages(),
        selftests=[*runtime.selftests, FontSelfTest(settings.hall)],
        logs=logs,
        hub_events=hub_events,
        link=link,
    )


def _link_changed(runtime: ScreenRuntime, watcher: HallWatcher, online: bool) -> None:
    """Back online: the whole status read again, then the events after it (the feed
    resumes from its last seq). Offline: a kiosk says so where the technician looks."""
    url = runtime.link.url if runtime.link is not None else ""
    if online:
        watcher.refresh()
    elif runtime.role is Role.KIOSK:
        log.warning(
            "STAFF ALERT: the kiosk cannot reach the hall server %s: it issues no ticket "
            "and asks visitors to see staff until the link is back", url
        )  # fmt: skip


ROLES = {
    "hall": Role.KIOSK,
    "kiosk": Role.KIOSK,
    "counter": Role.COUNTER,
    "display": Role.DISPLAY,
    "tech": Role.TECH,
}


def run(
    settings: Settings,
    what: str,
    counter: int | None = None,
    beside: Callable[[ScreenRuntime], Callable[[], None]] | None = None,
    server: str | None = None,
) -> int:
    """Open the windows of one process and run until they close. ``beside``: started
    with the runtime (`kiosk run`'s hall server), given it; what it returns stops it.
    ``server``: the hall server of a PC of a hall of several (docs/multi-pc.md)."""
    check_display()
    app = make_qapp()
    # NotFound: no such counter; ServerUnreachable: no hall server
    ctx = open_context(settings, ROLES[what], counter=counter, server=server)
    settings = ctx.settings  # on a PC of a hall of several, with the server's hall
    ctx.languages.set(settings.config.kiosk.default_language)
    ctx.runtime.start()  # the devices or the voice
    if ctx.runtime.daily is not None:  # `kiosk run`: the daily report at the reset
        ctx.runtime.daily.start()
    stop_beside = beside(ctx.runtime) if beside is not None else None
    windows = _open(ctx, what, counter)
    ctx.watcher.start()
    undo_signals = _quit_on_signals(app)
    hall = settings.hall
    from PySide6.QtCore import QTimer

    # Said from inside the event loop: once it is printed, SIGTERM is sure to be heard.
    QTimer.singleShot(
        0,
        lambda: print(
            f"kiosk: {what} window(s) open for hall {settings.config.hall.name_en} "
            f"({settings.config_source}): {len(hall.services)} business types, "
            f"{len(hall.counters)} counters, "
            + (f"hall server {server}" if server else f"store {settings.store_url}"),
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
        ctx.devices.stop()
        if stop_beside is not None:
            stop_beside()
        if ctx.runtime.daily is not None:
            ctx.runtime.daily.stop()
        ctx.runtime.stop()
        ctx.runtime.close()  # its wait learning, if one is running, then the store
        undo_signals()


def _quit_on_signals(
    app: QApplication, quit: Callable[[], None] | None = None
) -> Callable[[], None]:
    """SIGINT and SIGTERM close the windows cleanly (``quit``: ``app.quit``); returns
    what undoes it.

    Python runs a signal handler only when it gets control, and the event loop may sleep
    in C for minutes. The signal's C handler writes its number to a socket
    (``signal.set_wakeup_fd``) that the loop watches: the loop wakes, the notifier's slot
    gives Python control, the handler runs. No timer wakes the idle process."""
    import contextlib
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    # quit() is lost if the loop is not running yet (a signal just before exec()); a
    # zero timer waits for the loop, however early the signal came.
    def quit_later(*_: object) -> None:
        QTimer.singleShot(0, quit or app.quit)

    previous = {sig: signal.signal(sig, quit_later) for sig in (signal.SIGINT, signal.SIGTERM)}
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    old_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:  # Python has control here: the handler has run
        with contextlib.suppress(BlockingIOError):
            reader.recv(512)

    notifier.activated.connect(drain)

    def undo() -> None:
        signal.set_wakeup_fd(old_fd)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        notifier.setEnabled(False)
        notifier.deleteLater()
        reader.close()
        writer.close()

    return undo


def _open(ctx: UiContext, what: str, counter: int | None) -> list[QWidget]:
    from PySide6.QtWidgets import QApplication

    factories: dict[str, Callable[[], list[QWidget]]] = {
        "hall": lambda: _hall_windows(ctx),
        "counter": lambda: [_counter_window(ctx, counter)],
        "display": lambda: [_display_window(ctx)],
        "tech": lambda: [_tech_window(ctx)],
        "kiosk": lambda: [_kiosk_window(ctx)],
    }
    windows = factories[what]()
    if ctx.link is not None:  # a PC of a hall of several: each window says when it is cut off
        from kiosk.ui.banner import ConnectionBanner

        for window in windows:
            ConnectionBanner(window, ctx.link, ctx.languages.text, full=what == "kiosk")
    screens = QApplication.screens()
    for i, window in enumerate(windows):
        if what == "hall" and i == 1 and len(screens) > 1:
            window.setScreen(screens[1])
            window.setGeometry(screens[1].geometry())
            window.showFullScreen()
        elif what in ("hall", "kiosk") and i == 0:
            window.showFullScreen()
        else:
            window.show()
    return windows


def _hall_windows(ctx: UiContext) -> list[QWidget]:
    from kiosk.ui.display.window import DisplayWindow
    from kiosk.ui.kiosk.window import KioskWindow
    from kiosk.ui.tech.window import TechWindow

    kiosk, display = KioskWindow(ctx), DisplayWindow(ctx)
    panels: list[QWidget] = []

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


def _counter_window(ctx: UiContext, counter: int | None) -> QWidget:
    from kiosk.ui.counter.window import CounterWindow

    assert counter is not None
    return CounterWindow(ctx, counter)


def _kiosk_window(ctx: UiContext) -> QWidget:
    from kiosk.ui.kiosk.window import KioskWindow
    from kiosk.ui.tech.window import TechWindow

    kiosk = KioskWindow(ctx)
    panels: list[QWidget] = []

    def open_tech() -> None:
        if panels and panels[0].isVisible():
            panels[0].raise_()
            return
        panels[:] = [TechWindow(ctx)]
        panels[0].showFullScreen()

    kiosk.techRequested.connect(open_tech)
    return kiosk


def _display_window(ctx: UiContext) -> QWidget:
    from kiosk.ui.display.window import DisplayWindow

    return DisplayWindow(ctx)


def _tech_window(ctx: UiContext) -> QWidget:
    from kiosk.ui.tech.window import TechWindow

    return TechWindow(ctx)
