"""Python's cyclic garbage collector, run on the UI thread only.

The collector runs in whichever thread happens to allocate when a generation fills up.
In a worker thread (the store's, the devices') it may free a Qt object left in a cycle
by a window: its C++ destructor then runs there, takes Qt's connection lock and waits
for the interpreter lock, while the UI thread holds the interpreter lock and waits for
that connection lock to connect a signal. Seen in the test suite as a hang (a panel
being built on the UI thread, a worker's collection destroying an old QObject), and
before as a rare segmentation fault with the UI thread collecting a worker's objects.

So automatic collection is switched off once a QApplication exists, and a timer on the
UI thread collects with the same generation thresholds Python would use. Reference
counting still frees everything that is not in a cycle at once, in any thread; only
cycles wait for the next tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250  # how often the UI thread looks whether a generation is full


class UiThreadCollector(QObject):
    """Collects on the UI thread's timer, as Python would have on allocation."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> int:
        """Collect the oldest generation that is full (none: nothing); returns the
        number of unreachable objects found."""
        counts = gc.get_count()
        generation = -1
        for g in range(3):
            if counts[g] > self.thresholds[g]:
                generation = g
        if generation < 0:
            return 0
        return gc.collect(generation)


def install(app: QObject) -> UiThreadCollector:
    """Switch the automatic collector off and collect on ``app``'s (the UI) thread; once
    per application (call it on the UI thread)."""
    found = app.findChild(UiThreadCollector)
    return found if isinstance(found, UiThreadCollector) else UiThreadCollector(app)
