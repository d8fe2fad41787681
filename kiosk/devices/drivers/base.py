"""The driver interfaces the device hub uses; none of them waits for the wire.

A call changes what the device should show or do and returns at once; the bus owner
thread sends it (kiosk.devices.bus). News from devices (a key press, a rating) comes
back through the callbacks given to a driver, on the bus thread: they must be quick
and must not raise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from kiosk.core.devices import DisplayText, KeyPress, Rating


class DisplayDriver(Protocol):
    """An LED display at one address: a counter's, or the main strip."""

    name: str

    def show(self, text: DisplayText, blink: int = 0) -> None: ...

    def test_pattern(self) -> None:
        """Every LED lit, until the next text or clear."""

    def clear(self) -> None: ...


class KeypadDriver(Protocol):
    """A counter's keypad; its presses arrive through ``OnKey``, each exactly once."""

    name: str


class EvaluatorDriver(Protocol):
    """A 4-key satisfaction evaluator; a rating or a timeout arrives through ``OnRating``."""

    name: str

    def arm(self, uid: str) -> None:
        """Light the keys for this ticket (an earlier unrated one is given up)."""

    def disarm(self) -> None: ...


OnKey = Callable[[str, KeyPress], None]  # keypad name, press
OnRating = Callable[[str, str, Rating | None], None]  # evaluator name, ticket uid, None: no press
