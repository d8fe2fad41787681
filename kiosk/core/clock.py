"""Clocks. No other code reads the wall clock; a clock is always injected."""

from __future__ import annotations

import datetime as dt
import time
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


class RunningClock:
    """Hall time that starts at a chosen moment and runs with the machine's monotonic
    clock: benchmarks that must stay inside opening hours and one business day whenever
    they are started. Processes given the same ``origin`` (a ``time.monotonic()`` value,
    shared by every process of the machine) tell the same time."""

    def __init__(self, start: dt.datetime, origin: float | None = None) -> None:
        self._start = start
        self._origin = time.monotonic() if origin is None else origin

    @property
    def origin(self) -> float:
        return self._origin

    def now(self) -> dt.datetime:
        return self._start + dt.timedelta(seconds=time.monotonic() - self._origin)
