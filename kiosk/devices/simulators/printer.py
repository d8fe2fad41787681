"""The simulated ticket printer: the same bytes as a real one, kept for inspection.

A hall runs on a machine with no printer with it ("sim" or "sim:STATE" as printer.url);
tests and the technician panel read what it received.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from kiosk.core.ports import PrintJob
from kiosk.devices.escpos import status as st
from kiosk.devices.escpos.printer import FINISHED_QUERY, FINISHED_REPLY, EscposPrinter
from kiosk.devices.escpos.profile import PrinterProfile
from kiosk.devices.escpos.template import TicketTemplate

log = logging.getLogger(__name__)

PRINTER_STATES = tuple(st.STATE_REPLIES)  # ok, near-end, paper-out, cover-open, ...


class _SimLink:
    """The simulated printer's end of the wire: answers DLE EOT n with the status byte
    of its state (nothing when offline) and keeps every other byte."""

    def __init__(self, printer: SimPrinter) -> None:
        self._printer = printer
        self._replies: list[int] = []

    def write(self, data: bytes) -> None:
        answers = st.STATE_REPLIES[self._printer.state]
        if data == FINISHED_QUERY:  # done at once, as a printer that is on says it is
            if answers is not None:
                self._replies += FINISHED_REPLY
            return
        n = data[2] if len(data) == 3 and data[:2] == st.DLE_EOT else None
        if n is None:
            self._printer.received += data
            return
        if answers is not None and n in answers:
            self._replies.append(answers[n])

    def read_byte(self) -> int | None:
        return self._replies.pop(0) if self._replies else None

    def discard_input(self) -> None:
        self._replies.clear()

    def close(self) -> None:
        pass


class SimPrinter(EscposPrinter):
    """Keeps every ticket's exact bytes; its state can be set to fail like a real one.

    It is the real printer code over a simulated wire: the same status queries, the same
    decoder, the same sentences, the same rendered bytes."""

    def __init__(
        self,
        state: str = "ok",
        profile: PrinterProfile | None = None,
        *,
        template: TicketTemplate | None = None,
        status_page: bool = False,
        status: str = "full",
    ) -> None:
        if state not in st.STATE_REPLIES:
            raise ValueError(f"unknown simulated printer state {state!r}")
        super().__init__(
            "sim" if state == "ok" else f"sim:{state}",
            profile,
            template=template,
            link=self._sim_link,
            status_page=status_page,
            status=status,
        )
        self.state = state
        self.tickets: list[bytes] = []  # one entry per ticket printed
        self.received = bytearray()  # every byte that was not a status query, test tickets too

    @classmethod
    def from_url(cls, url: str, profile: PrinterProfile | None = None) -> SimPrinter:
        """ "sim" or "sim:STATE" (see PRINTER_STATES)."""
        _, _, state = url.partition(":")
        return cls(state or "ok", profile)

    @contextmanager
    def _sim_link(self) -> Iterator[_SimLink]:
        yield _SimLink(self)

    def _printed(self, ticket: PrintJob, data: bytes) -> None:
        self.tickets.append(data)
        log.info("simulated printer: ticket %s, %d bytes", ticket.number, len(data))
