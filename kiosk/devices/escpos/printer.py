"""The ESC/POS ticket printer: status first, then the ticket's bytes, over any link.

:class:`EscposPrinter` is both the kiosk's :class:`~kiosk.core.ports.TicketPrinter` and
the technician's :class:`~kiosk.core.selftest.SelfTest` (device "printer"). One job opens
the link, asks the real-time status where the link can read it (DLE EOT 1..4, one byte
each, a short timeout), refuses to print into a printer that is out of paper, open,
offline, in error or silent, and writes the rendered bytes. The simulator
(:class:`kiosk.devices.sim.SimPrinter`) is the same class over a link that answers like
a printer, so the same decoder and the same sentences serve both.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from kiosk.core.ports import PrintFailed, PrintJob
from kiosk.core.selftest import Step, Verdict
from kiosk.devices.escpos import status as st
from kiosk.devices.escpos import transport
from kiosk.devices.escpos.profile import PrinterProfile
from kiosk.devices.escpos.render import render_test_ticket, render_ticket
from kiosk.devices.escpos.template import TicketTemplate

log = logging.getLogger(__name__)

DEFAULT_STATUS_TIMEOUT_S = 0.5
CANNOT_READ = (
    "this connection ({kind}) cannot read the printer's status: "
    "check the paper and the cover by eye"
)

# GS ( A pL pH n m: execute test print, n 0 (roll paper), m 2 (the printer's status page:
# its firmware, interface and settings). Printers without it ignore it.
STATUS_PAGE = b"\x1d(A\x02\x00\x00\x02"
STATUS_PAGE_SENT = (
    "asked the printer to print its own status page (firmware, interface, settings); "
    "nothing comes out on a printer without that command"
)

LinkFactory = Callable[[], contextlib.AbstractContextManager[transport.Link]]


class EscposPrinter:
    """A ticket printer by URL (see :mod:`kiosk.devices.escpos.transport`)."""

    device = "printer"

    def __init__(
        self,
        url: str,
        profile: PrinterProfile | None = None,
        *,
        status_timeout_s: float = DEFAULT_STATUS_TIMEOUT_S,
        template: TicketTemplate | None = None,
        cache_dir: Path | None = None,
        link: LinkFactory | None = None,
        status_page: bool = False,
    ) -> None:
        self.endpoint = transport.parse_url(url)  # ValueError names what was expected
        self.url = url
        self.profile = profile or PrinterProfile()
        self.template = template
        self.status_page = status_page  # the self-test also asks for the printer's own page
        self.status_timeout_s = status_timeout_s
        self._cache_dir = cache_dir or Path.home() / ".cache" / "hall-kiosk" / "escpos"
        self._link_factory = link
        self._lock = threading.Lock()  # one job on the wire at a time
        self.last_status: st.PrinterStatus | None = None  # for the technician panel
        self.last_ticket: tuple[PrintJob, bytes] | None = None  # for the panel's picture

    # -- rendering -----------------------------------------------------------------------

    def render(self, job: PrintJob) -> bytes:
        return render_ticket(job, self.profile, self.template)

    def render_test(self) -> bytes:
        return render_test_ticket(self.profile)

    def picture(self, data: bytes) -> bytes:
        """``data`` drawn as this printer's paper would show it (PNG)."""
        from kiosk.devices.escpos.paper import paper_png

        return paper_png(data, self.profile.width_mm, self.profile.charset)

    # -- the link ------------------------------------------------------------------------

    @property
    def can_read(self) -> bool:
        return self.endpoint.can_read

    def _connect(self) -> contextlib.AbstractContextManager[transport.Link]:
        if self._link_factory is not None:
            return self._link_factory()
        return transport.connect(self.endpoint, self.status_timeout_s, self._cache_dir)

    @staticmethod
    def _ask(link: transport.Link, n: int) -> int | None:
        """DLE EOT n, and exactly one byte back within the timeout."""
        link.discard_input()  # a late or garbled byte must not pass for this reply
        link.write(st.query(n))
        return link.read_byte()

    def _status(self, link: transport.Link) -> st.PrinterStatus:
        replies: dict[int, int | None] = {}
        for n in st.QUERIES:
            replies[n] = self._ask(link, n)
            if replies[n] is None:
                break  # a silent printer costs one timeout, not four; the rest stay unknown
        status = st.decode(replies)
        self.last_status = status
        log.debug("printer %s: status %s (%s)", self.url, status.summary, status.replies)
        return status

    @contextlib.contextmanager
    def _job(self) -> Iterator[transport.Link]:
        with self._lock, self._connect() as link:
            yield link

    # -- the TicketPrinter seam --------------------------------------------------------------

    def query_status(self) -> st.PrinterStatus | None:
        """The printer's status now; None when the link cannot read it."""
        if not self.can_read:
            return None
        with self._job() as link:
            return self._status(link)

    def send(self, data: bytes, what: str = "ticket") -> None:
        """Check the status, then write the bytes; PrintFailed with the reason if not."""
        with self._job() as link:
            if self.can_read:
                status = self._status(link)
                problem = status.problem()
                code = status.problem_code()
                if problem and code:
                    raise PrintFailed(problem, code)
                warning = status.warning()
                if warning:
                    log.warning("printer %s: %s", self.url, warning)
            link.write(data)
        log.info("printer %s: %s, %d bytes", self.url, what, len(data))

    def print_ticket(self, ticket: PrintJob) -> None:
        data = self.render(ticket)
        self.send(data, f"ticket {ticket.number}")
        self.last_ticket = (ticket, data)
        self._printed(ticket, data)

    def _printed(self, ticket: PrintJob, data: bytes) -> None:
        """After a ticket went out (the simulator keeps it)."""

    # -- the SelfTest seam ---------------------------------------------------------------

    def run(self) -> list[Step]:
        """Open the link, ask each status, print a test ticket, ask the cutter again."""
        try:
            with self._job() as link:
                return self._self_test(link)
        except PrintFailed as exc:  # the port could not be opened or went away
            return [Step("connection", Verdict.FAIL, str(exc))]

    def _self_test(self, link: transport.Link) -> list[Step]:
        steps: list[Step] = []
        if self.endpoint.kind != "sim":
            steps.append(Step("connection", Verdict.PASS, f"{self.url} open"))
        if not self.can_read:
            steps.append(Step("status", Verdict.WARN, CANNOT_READ.format(kind=self.endpoint.kind)))
            problem = None
        else:
            status = self._status(link)
            problem = status.problem()
            warning = status.warning()
            if problem:
                steps.append(Step("status", Verdict.FAIL, problem))
            elif warning:
                steps.append(Step("status", Verdict.WARN, warning))
            else:
                steps.append(Step("status", Verdict.PASS, "ready"))
            steps += [
                _query_step(n, reply) for n, reply in zip(st.QUERIES, status.replies, strict=True)
            ]
        if problem:
            steps.append(Step("test ticket", Verdict.FAIL, f"not printed: {problem}"))
            return steps
        data = self.render_test()
        link.write(data)
        steps.append(Step("test ticket", Verdict.PASS, f"{len(data)} bytes sent: check the paper"))
        if self.can_read:
            cutter = self._ask(link, 3)
            steps.append(_cutter_step(cutter))
        log.info("printer %s: self-test ticket, %d bytes", self.url, len(data))
        if self.status_page:
            link.write(STATUS_PAGE)
            steps.append(Step("status page", Verdict.PASS, STATUS_PAGE_SENT))
        return steps


def _query_step(n: int, reply: int | None) -> Step:
    name = f"DLE EOT {n} ({st.QUERY_NAMES[n]})"
    if reply is None:
        return Step(name, Verdict.FAIL, st.NO_REPLY)
    if not st.valid(reply):
        return Step(name, Verdict.FAIL, f"0x{reply:02x} is not a status byte: {st.NO_REPLY}")
    one = st.decode({n: reply})
    problem = one.known_problem()
    if problem:
        return Step(name, Verdict.FAIL, f"0x{reply:02x}: {problem}")
    if one.paper_near_end:
        return Step(name, Verdict.WARN, f"0x{reply:02x}: {st.NEAR_END}")
    return Step(name, Verdict.PASS, f"0x{reply:02x}")


def _cutter_step(reply: int | None) -> Step:
    name = "cutter after the test ticket"
    if reply is None or not st.valid(reply):
        return Step(name, Verdict.FAIL, st.NO_REPLY)
    one = st.decode({3: reply})
    if one.cutter_error:
        return Step(name, Verdict.FAIL, st.CUTTER)
    if one.known_problem():
        return Step(name, Verdict.FAIL, str(one.known_problem()))
    return Step(name, Verdict.PASS, f"0x{reply:02x}")
