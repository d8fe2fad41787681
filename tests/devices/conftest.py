"""Buses over real pseudo-terminals and sockets, with simulated devices at the far end."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from kiosk.devices.bus import Bus, BusSettings, Health


class HealthLog:
    """A bus listener that lets a test wait for a device to go offline or online."""

    def __init__(self) -> None:
        self.changes: list[Health] = []
        self._cond = threading.Condition()

    def health_changed(self, health: Health) -> None:
        with self._cond:
            self.changes.append(health)
            self._cond.notify_all()

    def wait(self, name: str, online: bool, after: int = 0, timeout: float = 10.0) -> Health:
        def found() -> Health | None:
            for h in self.changes[after:]:
                if h.name == name and h.online is online:
                    return h
            return None

        with self._cond:
            assert self._cond.wait_for(lambda: found() is not None, timeout), (
                f"{name} never went {'online' if online else 'offline'}: {self.changes}"
            )
            h = found()
            assert h is not None
            return h


def fast(url: str, name: str = "test", **kw: object) -> BusSettings:
    """Short timeouts and backoff: tests wait on events, these only bound the waits."""
    values: dict[str, object] = {
        "timeout_s": 0.05,
        "retries": 2,
        "offline_after": 2,
        "probe_s": 0.05,
        "check_s": 0.05,
        "poll_s": 0.005,
        "idle_poll_s": 0.005,
        "reconnect_min_s": 0.01,
        "reconnect_max_s": 0.1,
    }
    values.update(kw)
    return BusSettings(name, url, **values)  # type: ignore[arg-type]


@pytest.fixture
def health() -> HealthLog:
    return HealthLog()


@pytest.fixture
def buses() -> Iterator[list[Bus]]:
    """Buses a test starts; stopped at its end whatever happened."""
    started: list[Bus] = []
    yield started
    for bus in started:
        bus.stop()
