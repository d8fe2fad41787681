"""Clocks. No other code reads the wall clock; a clock is always injected."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    """Tells hall-local wall time (naive, second resolution or finer)."""

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The machine's local time; the composition root's default."""

    def now(self) -> dt.datetime:
        return dt.datetime.now()


class ManualClock:
    """A clock that only moves when told to: tests, simulations, training mode."""

    def __init__(self, start: dt.datetime) -> None:
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def set(self, when: dt.datetime) -> None:
        self._now = when

    def advance(self, seconds: float = 0.0, *, minutes: float = 0.0) -> dt.datetime:
        self._now += dt.timedelta(seconds=seconds, minutes=minutes)
        return self._now
