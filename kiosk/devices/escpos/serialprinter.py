"""An ESC/POS ticket printer on a serial port, opened by pyserial URL.

Any URL :func:`serial.serial_for_url` accepts works: a device (/dev/ttyUSB0, COM3), a
pseudo-terminal, ``socket://host:port``, ``loop://`` or ``spy://`` for a hexdump. The
port opens lazily on first use, so a kiosk starts even when the printer is off.

Before each ticket the real-time status is queried (DLE EOT 1..4), reading exactly
one byte per query with a short timeout: a silent printer costs one timeout, never
a wait for bytes that will not come, and a silent printer is unknown, never fine.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

import serial

from kiosk.core.ports import PrintFailed, PrintJob
from kiosk.core.selftest import Step, Verdict
from kiosk.devices.escpos import status as st

log = logging.getLogger(__name__)

# The self-test ticket: Chinese text, a large number and a QR, like a real ticket.
TEST_JOB = PrintJob(
    hall_zh="打印机自检",
    hall_en="Printer self-test",
    number="A000",
    service_zh="测试业务",
    service_en="Test service",
    ahead=0,
    wait_low_min=0,
    wait_high_min=5,
    issued_at=dt.datetime(2026, 1, 1, 9, 0, 0),
    url="https://example.invalid/selftest",
)


class SerialPrinter:
    """The ticket printer seam and its self-test over one serial port."""

    device = "printer"

    def __init__(
        self,
        url: str,
        render: Callable[[PrintJob], bytes],
        baudrate: int = 9600,
        timeout_s: float = 0.5,
        rtscts: bool = False,
        dsrdtr: bool = False,
        xonxoff: bool = False,
        write_timeout_s: float = 30.0,
    ) -> None:
        self.url = url
        self.render = render
        self.baudrate = baudrate
        self.timeout_s = timeout_s
        self.rtscts = rtscts
        self.dsrdtr = dsrdtr
        self.xonxoff = xonxoff
        # A printer holding CTS (flow control) must not hang the print worker forever.
        self.write_timeout_s = write_timeout_s
        self._port: Any = None  # serial.SerialBase once open
        self._lock = threading.Lock()  # one query or ticket on the wire at a time

    # -- transport ----------------------------------------------------------------

    def _open(self) -> Any:
        if self._port is None:
            try:
                self._port = serial.serial_for_url(
                    self.url,
                    baudrate=self.baudrate,
                    timeout=self.timeout_s,
                    write_timeout=self.write_timeout_s,
                    rtscts=self.rtscts,
                    dsrdtr=self.dsrdtr,
                    xonxoff=self.xonxoff,
                    do_not_open=False,
                )
            except (serial.SerialException, OSError, ValueError) as exc:
                raise PrintFailed(f"no connection on {self.url}: {exc}") from exc
            log.info("printer port %s open at %d baud", self.url, self.baudrate)
        return self._port

    def _lost(self, exc: Exception) -> PrintFailed:
        """The port failed mid-use (cable pulled, USB adapter gone): drop it, reopen next time."""
        self._close()
        return PrintFailed(f"no connection on {self.url}: {exc}")

    def _query(self, n: int) -> int | None:
        """One DLE EOT n and exactly one byte back; None when nothing came in time."""
        port = self._open()
        try:
            port.reset_input_buffer()  # garbage or late replies must not pass for this answer
            port.write(st.query(n))
            port.flush()
            reply = port.read(1)
        except (serial.SerialException, OSError) as exc:
            raise self._lost(exc) from exc
        return reply[0] if reply else None

    def _send(self, data: bytes) -> None:
        port = self._open()
        try:
            port.write(data)
            port.flush()
        except (serial.SerialException, OSError) as exc:
            raise self._lost(exc) from exc

    def _close(self) -> None:
        if self._port is not None:
            port, self._port = self._port, None
            port.close()

    def close(self) -> None:
        with self._lock:
            self._close()

    # -- the TicketPrinter seam ---------------------------------------------------------

    def _status(self) -> st.PrinterStatus:
        replies: dict[int, int | None] = {}
        for n in st.QUERIES:
            replies[n] = reply = self._query(n)
            if reply is None:
                break  # a silent printer costs one timeout, not four; the rest stay unknown
        status = st.decode(replies)
        log.debug("printer %s status %s from %s", self.url, status, replies)
        return status

    def query_status(self) -> st.PrinterStatus:
        """Ask DLE EOT 1..4 and decode; raises PrintFailed when the port cannot be opened."""
        with self._lock:
            return self._status()

    def print_ticket(self, ticket: PrintJob) -> None:
        data = self.render(ticket)
        with self._lock:
            status = self._status()
            problem = status.problem()
            if problem:
                raise PrintFailed(problem)
            warning = status.warning()
            if warning:
                log.warning("printer %s: %s", self.url, warning)
            self._send(data)
        log.info("printer %s: ticket %s, %d bytes", self.url, ticket.number, len(data))

    # -- the SelfTest seam ----------------------------------------------------------

    def _step(self, name: str, n: int, replies: dict[int, int | None]) -> Step:
        """Query n alone and judge only what its reply tells (the others are not asked)."""
        replies[n] = reply = self._query(n)
        if not st.valid(reply):
            return Step(name, Verdict.FAIL, st.NO_REPLY)
        decoded = st.decode({n: reply})
        problem = decoded.known_problem()
        if problem:
            return Step(name, Verdict.FAIL, problem)
        if decoded.paper_near_end:
            return Step(name, Verdict.WARN, st.NEAR_END)
        return Step(name, Verdict.PASS)

    def run(self) -> list[Step]:
        """Open the port, query each status, print a test ticket, check the cutter after it."""
        with self._lock:
            try:
                self._open()
            except PrintFailed as exc:
                return [Step("open port", Verdict.FAIL, str(exc))]
            steps = [Step("open port", Verdict.PASS, f"{self.url} at {self.baudrate} baud")]
            replies: dict[int, int | None] = {}
            try:
                steps += [self._step(st.QUERY_NAMES[n], n, replies) for n in st.QUERIES]
                # All four replies together name the cause (paper out), not its effect (offline).
                problem = st.decode(replies).problem()
                if problem:
                    steps.append(Step("test ticket", Verdict.FAIL, f"not printed: {problem}"))
                    return steps
                data = self.render(TEST_JOB)
                self._send(data)
                steps.append(Step("test ticket", Verdict.PASS, f"sent {len(data)} bytes"))
                steps.append(self._step("cutter after the ticket", 3, {}))
            except PrintFailed as exc:  # the port went away mid-test
                steps.append(Step("connection", Verdict.FAIL, str(exc)))
            return steps
