"""Cycles are collected on the UI thread only (kiosk.ui.collector): a worker thread
that allocates never runs the collector, so a Qt object left in a cycle is destroyed on
the UI thread, at the collector's tick."""

from __future__ import annotations

import gc
import threading
from typing import Any

from PySide6.QtCore import QObject

from kiosk.ui import collector
from kiosk.ui.app import make_qapp


class _Cycle(QObject):
    def __init__(self, destroyed_in: list[str]) -> None:
        super().__init__()
        self.me = self  # a cycle: only the collector frees it
        self.destroyed_in = destroyed_in

    def __del__(self) -> None:
        self.destroyed_in.append(threading.current_thread().name)


def test_a_qobject_in_a_cycle_is_freed_on_the_ui_thread_not_by_a_worker(qtbot: Any) -> None:
    app = make_qapp()
    guard = collector.install(app)
    assert not gc.isenabled()
    where: list[str] = []
    _Cycle(where)

    def worker() -> None:  # cycles far past the young generation's threshold: Python
        for _ in range(3 * guard.thresholds[0]):  # would collect here, in this thread
            a: list[Any] = []
            a.append(a)

    t = threading.Thread(target=worker, name="worker")
    t.start()
    t.join()
    assert where == []  # not collected by the worker
    qtbot.waitUntil(lambda: where != [], timeout=5000)  # the UI thread's tick
    assert where == [threading.main_thread().name]


def test_the_collector_collects_the_oldest_full_generation() -> None:
    guard = collector.install(make_qapp())
    gc.collect()
    assert guard.collect() == 0  # nothing full: nothing done
    junk = []
    for _ in range(guard.thresholds[0] + 10):
        a: list[Any] = []
        a.append(a)  # a cycle each
        junk.append(a)
    del junk, a
    assert guard.collect() >= guard.thresholds[0]
