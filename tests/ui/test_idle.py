"""A screen process that nothing happens to sleeps: no timer wakes it to look for news."""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer

from kiosk.ui.app import _quit_on_signals


def _active_timers(app: Any) -> list[QTimer]:
    return [t for t in app.findChildren(QTimer) if t.isActive()]


def test_sigterm_is_heard_by_an_event_loop_that_no_timer_wakes(qapp: Any) -> None:
    """The signal wakes the loop through the wakeup socket: no timer hands Python
    control a few times a second, yet SIGTERM, sent while the loop sleeps in C, quits."""
    loop = QEventLoop()
    before = signal.getsignal(signal.SIGTERM)
    timers = _active_timers(qapp)
    undo = _quit_on_signals(qapp, quit=loop.quit)
    try:
        assert _active_timers(qapp) == timers  # nothing new ticking
        guard = QTimer()  # a safety net only: the test fails if it fires
        guard.setSingleShot(True)
        fired: list[bool] = []
        guard.timeout.connect(lambda: (fired.append(True), loop.quit()))
        guard.start(10_000)
        # sent once the loop runs: from a thread, so the main thread is asleep in Qt
        sender = threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGTERM))
        QTimer.singleShot(0, sender.start)
        loop.exec()
        sender.join()
        guard.stop()
        assert not fired, "SIGTERM was not heard while the loop slept"
    finally:
        undo()
    assert signal.getsignal(signal.SIGTERM) is before  # undone
