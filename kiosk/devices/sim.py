"""Simulated devices: the same bytes and texts as real ones, kept for inspection.

A hall runs on a machine with no hardware with these; tests and the technician
panel read what they received.
"""

from __future__ import annotations

import logging
import threading

from kiosk.core.model import Call
from kiosk.core.ports import PrintFailed, PrintJob
from kiosk.core.selftest import Step, Verdict
from kiosk.devices.ticket_bytes import render

log = logging.getLogger(__name__)

PRINTER_STATES = {
    "ok": "",
    "near-end": "",
    "paper-out": "paper out: load a new roll",
    "cover-open": "the cover is open: close it",
    "offline": "no reply: check cable, baud rate and power",
}


class SimPrinter:
    """Keeps every ticket's exact bytes; its state can be set to fail like a real one."""

    device = "printer"

    def __init__(self, state: str = "ok") -> None:
        if state not in PRINTER_STATES:
            raise ValueError(f"unknown simulated printer state {state!r}")
        self.state = state
        self.tickets: list[bytes] = []
        self._lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str) -> SimPrinter:
        """ "sim" or "sim:STATE" (see PRINTER_STATES)."""
        _, _, state = url.partition(":")
        return cls(state or "ok")

    def print_ticket(self, ticket: PrintJob) -> None:
        problem = PRINTER_STATES[self.state]
        if problem:
            raise PrintFailed(problem)
        data = render(ticket)
        with self._lock:
            self.tickets.append(data)
        log.info("simulated printer: ticket %s, %d bytes", ticket.number, len(data))

    def run(self) -> list[Step]:
        """Self-test: status, then a test ticket."""
        problem = PRINTER_STATES[self.state]
        if problem:
            return [Step("status", Verdict.FAIL, problem)]
        steps = [Step("status", Verdict.PASS)]
        if self.state == "near-end":
            steps = [Step("status", Verdict.WARN, "paper near end: prepare a new roll")]
        return [*steps, Step("test ticket", Verdict.PASS, "simulated printer received it")]


class SimVoice:
    """Writes what it would say to the log and keeps it; calls never overlap."""

    device = "voice"

    def __init__(self) -> None:
        self.spoken: list[str] = []
        self._lock = threading.Lock()

    def announce(self, call: Call, text_zh: str, text_en: str) -> None:
        with self._lock:  # one announcement at a time
            self.spoken += [text_zh, text_en]
        log.info("voice: %s / %s", text_zh, text_en)

    def run(self) -> list[Step]:
        return [Step("speak", Verdict.PASS, "simulated voice")]
