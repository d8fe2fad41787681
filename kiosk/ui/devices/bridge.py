"""The device hub's and the simulators' news, as Qt signals on the UI thread.

The hub calls its ``HubEvents`` on its own thread and the buses' threads; a simulated
device calls its listeners on its line's thread. Neither may touch a widget, so both
are re-emitted here as signals: a receiver living on the UI thread gets them queued,
in order, on the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from kiosk.core.devices import KeyReport, Rating
from kiosk.devices.bus import Health
from kiosk.devices.hub import HubEvents
from kiosk.devices.selftest import Prompt
from kiosk.devices.simulators import SimDevice


class QtHubEvents(QObject, HubEvents):
    """The hub's events (``build_devices(..., events=QtHubEvents())``) as signals.

    Create it on the UI thread. A signal cannot share the name of the HubEvents method
    that emits it, hence ``ratingReceived`` for ``rated``.

    Signals:
        healthChanged(object): a device's new kiosk.devices.bus.Health (online, offline).
        keyHandled(str, int, object): keypad name, counter, and a
            kiosk.core.devices.KeyReport: what the key did, or why the queue refused it.
        ratingReceived(int, str, object): counter, ticket uid, the Rating (None: no
            press in time).
        prompted(object): a keypad or evaluator self-test asks the technician to press a
            key: a kiosk.devices.selftest.Prompt, the English sentence with its parts.
    """

    healthChanged = Signal(object)
    keyHandled = Signal(str, int, object)
    ratingReceived = Signal(int, str, object)
    prompted = Signal(object)  # a kiosk.devices.selftest.Prompt for the technician

    def prompt(self, prompt: Prompt) -> None:
        """The ``ask`` of the keypad and evaluator self-tests (on the device runner)."""
        self.prompted.emit(prompt)

    def health_changed(self, health: Health) -> None:
        self.healthChanged.emit(health)

    def key_reported(self, keypad: str, counter: int, report: KeyReport) -> None:
        self.keyHandled.emit(keypad, counter, report)

    def rated(self, counter: int, uid: str, rating: Rating | None) -> None:
        self.ratingReceived.emit(counter, uid, rating)


class _Switch:
    """Whether a feed still speaks; a plain object, so it outlives the feed's C++ half."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.on = True

    def off(self) -> None:
        with self.lock:  # waits for an emit in progress
            self.on = False


class SimFeed(QObject):
    """Tells the UI thread when a simulated device changed what it shows (a display's
    text, an evaluator lit or dark, a keypad's press taken).

    Simulators cannot forget a listener, so ``detach()`` (also done when the feed is
    destroyed) silences this one: no signal is emitted on a deleted object.

    Signals:
        changed(object): the SimDevice that changed; read its state on the UI thread.
    """

    changed = Signal(object)

    def __init__(self, devices: Iterable[SimDevice], parent: QObject | None = None) -> None:
        super().__init__(parent)
        switch = self._switch = _Switch()
        self.destroyed.connect(switch.off)
        emit = self.changed.emit

        def on_change(device: SimDevice) -> None:  # on the simulator's thread
            with switch.lock:
                if switch.on:
                    emit(device)

        for device in devices:
            device.subscribe(on_change)

    def detach(self) -> None:
        self._switch.off()
