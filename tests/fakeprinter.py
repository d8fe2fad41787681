"""A fake ESC/POS printer on a pseudo-terminal, for the real serial code path.

The test opens :attr:`FakePrinter.path` with pyserial like a /dev/ttyUSB0; a daemon
thread on the master side answers each DLE EOT n with the status byte of the chosen
state and keeps every other byte it receives (the ticket). Waits use a condition with
a timeout, never a sleep.
"""

from __future__ import annotations

import os
import select
import threading
import tty
from types import TracebackType

# Status bytes per state for DLE EOT 1..4; an absent state key means no answer.
FINE = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
STATES: dict[str, dict[int, int]] = {
    "fine": FINE,
    "near_end": {**FINE, 4: 0x1E},  # sensor bits 2,3: near end
    "paper_end": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E},  # offline, stopped by paper end
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},  # offline, cover open
    "cutter_error": {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12},  # offline, error, autocutter
    "silent": {},
    "garbage": {1: 0xFF, 2: 0x00, 3: 0x10, 4: 0x93},  # none is a valid status byte
}

DLE_EOT = b"\x10\x04"


class FakePrinter:
    """Answers status queries for one state; records everything else it receives."""

    def __init__(self, state: str) -> None:
        self.answers = STATES[state]  # KeyError: an unknown state is a bug in the test
        self.queries: list[int] = []
        self._received = bytearray()
        self._cond = threading.Condition()
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._thread.start()

    @property
    def received(self) -> bytes:
        with self._cond:
            return bytes(self._received)

    def wait_received(self, size: int, timeout: float = 5.0) -> bytes:
        """Everything received once at least `size` ticket bytes have arrived (or the timeout)."""
        with self._cond:
            self._cond.wait_for(lambda: len(self._received) >= size, timeout)
            return bytes(self._received)

    def _serve(self) -> None:
        pending = b""
        while True:
            ready, _, _ = select.select([self._master, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            try:
                chunk = os.read(self._master, 4096)
            except OSError:  # the other side went away
                return
            pending = self._feed(pending + chunk)

    def _feed(self, data: bytes) -> bytes:
        """Answer the queries in data; return an incomplete query tail to keep for later."""
        i = 0
        with self._cond:
            while i < len(data):
                if data[i : i + 2] == DLE_EOT and i + 2 < len(data):
                    n = data[i + 2]
                    self.queries.append(n)
                    if n in self.answers:
                        os.write(self._master, bytes([self.answers[n]]))
                    i += 3
                elif DLE_EOT.startswith(data[i:]):
                    break  # a query split across reads
                else:
                    self._received.append(data[i])
                    i += 1
            self._cond.notify_all()
        return data[i:]

    def stop(self) -> None:
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        assert not self._thread.is_alive(), "fake printer thread did not stop"
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            os.close(fd)

    def __enter__(self) -> FakePrinter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
