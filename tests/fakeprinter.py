"""A fake ESC/POS printer on a pseudo-terminal, for the real serial code path.

The test opens :attr:`FakePrinter.path` with pyserial like a /dev/ttyUSB0; a daemon
thread on the master side answers each DLE EOT n with the status byte of the chosen
state and keeps every other byte it receives (the ticket). Waits use a condition with
a timeout, never a sleep.

Faults a hall meets, each after a number of ticket bytes: the line goes dead
(``hang_up_after``: the master side is closed, so the port fails as when a USB-serial
adapter is pulled), the printer stops reading (``deaf_after``: nothing more is taken
or answered), the state changes (``becomes=(n, "paper_end")``: paper runs out during the
ticket). GS ( H (transmission complete) is answered with the process ID unless
``finishes=False``; ``cut_jams`` is a cutter that jams when the cut is carried out, which
is after the real-time queries that follow it and before the reply to GS ( H.
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
    "only_n1": {1: 0x12},  # answers DLE EOT 1 and nothing else
    "zeros": {1: 0x12, 2: 0x00, 3: 0x00, 4: 0x00},  # answers 0 to 2..4
    "only_n1_offline": {1: 0x1A},
}

DLE_EOT = b"\x10\x04"
GS_H = b"\x1d(H"  # GS ( H pL pH fn m d1..d4: 11 bytes as the kiosk sends it
GS_H_SIZE = 11


class FakePrinter:
    """Answers status queries for one state; records everything else it receives."""

    def __init__(
        self,
        state: str,
        *,
        hang_up_after: int | None = None,
        deaf_after: int | None = None,
        becomes: tuple[int, str] | None = None,
        finishes: bool = True,
        cut_jams: bool = False,
    ) -> None:
        self.answers = dict(STATES[state])  # KeyError: an unknown state is a bug in the test
        self.hang_up_after = hang_up_after
        self.deaf_after = deaf_after
        self.becomes = becomes
        self.finishes = finishes
        self.cut_jams = cut_jams
        self.hung_up = False
        self.finish_queries = 0
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
            if self.hung_up:
                os.close(self._master)  # the port fails from now on
                return

    def _feed(self, data: bytes) -> bytes:
        """Answer the queries in data; return an incomplete query tail to keep for later."""
        i = 0
        with self._cond:
            while i < len(data):
                if self.deaf_after is not None and len(self._received) >= self.deaf_after:
                    i = len(data)  # it stopped reading: nothing is taken or answered
                    break
                if data[i : i + 3] == GS_H:
                    if len(data) - i < GS_H_SIZE:
                        break  # split across reads
                    self.finish_queries += 1
                    if self.cut_jams:  # the cut is carried out now, and jams
                        self.answers = dict(STATES["cutter_error"])
                    if self.finishes:
                        os.write(self._master, b"\x37\x22" + data[i + 7 : i + 11] + b"\x00")
                    i += GS_H_SIZE
                elif GS_H.startswith(data[i:]):
                    break  # GS ( H split across reads
                elif data[i : i + 2] == DLE_EOT and i + 2 < len(data):
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
                    if self.becomes is not None and len(self._received) == self.becomes[0]:
                        self.answers = dict(STATES[self.becomes[1]])
                    if len(self._received) == self.hang_up_after:
                        self.hung_up = True
                        i = len(data)
                        break
            self._cond.notify_all()
        return data[i:]

    def stop(self) -> None:
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        assert not self._thread.is_alive(), "fake printer thread did not stop"
        for fd in (self._slave, self._wake_r, self._wake_w):
            os.close(fd)
        if not self.hung_up:
            os.close(self._master)

    def __enter__(self) -> FakePrinter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
