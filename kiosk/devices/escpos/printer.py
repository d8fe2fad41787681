"""The ESC/POS ticket printer: status first, then the ticket's bytes, over any link.

:class:`EscposPrinter` is both the kiosk's :class:`~kiosk.core.ports.TicketPrinter` and
the technician's :class:`~kiosk.core.selftest.SelfTest` (device "printer"). One job opens
the link, asks the real-time status where the link can read it (DLE EOT 1..4, or only 1,
or nothing: ``printer.status``; one byte each, a short timeout), refuses to print into a
printer that is out of paper, open, offline, in error or silent, writes the rendered
bytes, and asks the status again: a ticket is printed only when every byte went out and
the printer still reports no fault after it (a link that broke mid-ticket, paper that ran
out during it, a printer that stopped reading all fail the job). The simulator
(:class:`kiosk.devices.simulators.printer.SimPrinter`) is the same class over a link that
answers like a printer, so the same decoder and the same sentences serve both.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from kiosk.core.ports import FollowUpSlip, PrintFailed, PrintJob
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
    "not confirmed: the printer was asked to print its own status page (firmware, "
    "interface, settings) and cannot say whether it did; look at the paper: a printer "
    "without that command prints nothing"
)
STATUS_NOT_ASKED = (
    'printer.status = "none": the printer\'s status is not asked: check the paper and the '
    "cover by eye"
)
AFTER = "after the ticket was sent: {problem}"

# GS ( H pL pH fn m d1..d4 (fn 48, m 48): "tell me when everything before this is done".
# The printer answers 37 22 d1..d4 00 (the process ID response) once it has printed and
# cut what came before; a printer without the command ignores it.
PROCESS_ID = b"0001"
FINISHED_QUERY = b"\x1d(H\x06\x00\x30\x30" + PROCESS_ID
FINISHED_REPLY = b"\x37\x22" + PROCESS_ID + b"\x00"
DEFAULT_FINISH_TIMEOUT_S = 10.0

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
        status: str = "full",
        finish_timeout_s: float = DEFAULT_FINISH_TIMEOUT_S,
    ) -> None:
        if status not in st.MODES:
            raise ValueError(f"printer.status {status!r}: expected one of {', '.join(st.MODES)}")
        self.endpoint = transport.parse_url(url)  # ValueError names what was expected
        self.url = url
        self.profile = profile or PrinterProfile()
        self.template = template
        self.status_page = status_page  # the self-test also asks for the printer's own page
        self.status_timeout_s = status_timeout_s
        self.queries = st.MODES[status]  # printer.status: full, basic or none
        self.finish_timeout_s = finish_timeout_s  # the self-test's wait for the cut
        self._cache_dir = cache_dir or Path.home() / ".cache" / "hall-kiosk" / "escpos"
        self._link_factory = link
        self._lock = threading.Lock()  # one job on the wire at a time
        self.last_status: st.PrinterStatus | None = None  # for the technician panel
        self.last_ticket: tuple[PrintJob, bytes] | None = None  # for the panel's picture
        self.last_slip: bytes | None = None  # the last follow-up slip's bytes

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
        """Whether the status is asked: the link can read it and printer.status is not
        "none"."""
        return self.endpoint.can_read and bool(self.queries)

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
        for n in self.queries:
            replies[n] = self._ask(link, n)
            if replies[n] is None:
                break  # a silent printer costs one timeout, not four; the rest stay unknown
        status = st.decode(replies, self.queries)
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
        """Check the status, write the bytes, check the status again; PrintFailed with the
        reason when the printer may not print, the link broke or did not take every byte,
        or the printer reports a fault (or nothing) after the bytes."""
        with self._job() as link:
            if self.can_read:
                self._check(self._status(link))
            link.write(data)
            if self.can_read:
                self._check(self._status(link), after=True)
        log.info("printer %s: %s, %d bytes", self.url, what, len(data))

    def _check(self, status: st.PrinterStatus, *, after: bool = False) -> None:
        problem = status.problem()
        code = status.problem_code()
        if problem and code:
            raise PrintFailed(AFTER.format(problem=problem) if after else problem, code)
        warning = status.warning()
        if warning and not after:
            log.warning("printer %s: %s", self.url, warning)

    def print_ticket(self, ticket: PrintJob) -> None:
        data = self.render(ticket)
        self.send(data, f"ticket {ticket.number}")
        self.last_ticket = (ticket, data)
        self._printed(ticket, data)

    def _printed(self, ticket: PrintJob, data: bytes) -> None:
        """After a ticket went out (the simulator keeps it)."""

    def print_slip(self, slip: FollowUpSlip) -> bytes:
        """A complaint's follow-up slip (render.render_follow_up_slip); PrintFailed as
        for a ticket. The bytes sent."""
        from kiosk.devices.escpos.render import render_follow_up_slip

        data = render_follow_up_slip(slip, self.profile)
        self.send(data, f"follow-up slip {slip.case_number}")
        self.last_slip = data
        return data

    # -- the SelfTest seam ---------------------------------------------------------------

    def run(self) -> list[Step]:
        """Open the link, ask each status, print a test ticket, ask the cutter again."""
        steps: list[Step] = []
        try:
            with self._job() as link:
                self._self_test(link, steps)
        except PrintFailed as exc:  # the port could not be opened, or went away mid-test
            steps.append(Step("connection", Verdict.FAIL, str(exc)))
        return steps

    def _self_test(self, link: transport.Link, steps: list[Step]) -> None:
        """The steps, appended as they are done: a link that breaks keeps the ones before."""
        if self.endpoint.kind != "sim":
            steps.append(Step("connection", Verdict.PASS, f"{self.url} open"))
        if not self.endpoint.can_read:
            steps.append(Step("status", Verdict.WARN, CANNOT_READ.format(kind=self.endpoint.kind)))
            problem = None
        elif not self.can_read:
            steps.append(Step("status", Verdict.WARN, STATUS_NOT_ASKED))
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
                _query_step(n, reply, status)
                for n, reply in zip(self.queries, status.replies, strict=True)
            ]
        if problem:
            steps.append(Step("test ticket", Verdict.FAIL, f"not printed: {problem}"))
            return
        data = self.render_test()
        link.write(data)
        steps.append(Step("test ticket", Verdict.PASS, f"{len(data)} bytes sent: check the paper"))
        if self.can_read:
            finished = self._wait_finished(link)
            if 3 in self.queries:
                steps.append(_cutter_step(self._ask(link, 3), finished, self.finish_timeout_s))
            else:
                steps.append(_after_step(self._status(link), finished, self.finish_timeout_s))
        log.info("printer %s: self-test ticket, %d bytes", self.url, len(data))
        if self.status_page:
            link.write(STATUS_PAGE)
            steps.append(Step("status page", Verdict.WARN, STATUS_PAGE_SENT))

    def _wait_finished(self, link: transport.Link) -> bool:
        """Send GS ( H and wait, at most finish_timeout_s, for the printer to say it has
        printed and cut everything before it. False: it did not say so in time (a printer
        without the command), and the wait ran its whole bound, so the blade has had
        every chance to move."""
        link.discard_input()
        link.write(FINISHED_QUERY)
        silences = max(1, round(self.finish_timeout_s / self.status_timeout_s))
        stray = 4096  # a device that babbles (garbage, automatic status) ends the wait too
        got = b""
        while silences and stray:
            byte = link.read_byte()  # each read waits at most status_timeout_s
            if byte is None:
                silences -= 1
                continue
            stray -= 1
            got = (got + bytes([byte]))[-len(FINISHED_REPLY) :]
            if got == FINISHED_REPLY:
                return True
        return False


def _query_step(n: int, reply: int | None, status: st.PrinterStatus) -> Step:
    name = f"DLE EOT {n} ({st.QUERY_NAMES[n]})"
    earlier = status.asked[: status.asked.index(n)]
    silent = [m for m, r in zip(earlier, status.replies, strict=False) if r is None]
    if reply is None and silent:  # asking on after a silence would only cost time
        return Step(name, Verdict.FAIL, f"not asked: no reply to DLE EOT {silent[0]}")
    why = st.NO_REPLY  # the first query: nothing valid came back at all
    if n != status.asked[0] and st.valid(status.replies[0]):
        what = "nothing" if reply is None else f"0x{reply:02x}, not a status byte,"
        why = st.PARTIAL.format(what=what, n=n, name=st.QUERY_NAMES[n])
    if reply is not None and not st.valid(reply):
        return Step(name, Verdict.FAIL, f"0x{reply:02x} is not a status byte: {why}")
    if reply is None:
        return Step(name, Verdict.FAIL, why)
    one = st.decode({n: reply})
    problem = one.known_problem()
    if problem:
        return Step(name, Verdict.FAIL, f"0x{reply:02x}: {problem}")
    if one.paper_near_end:
        return Step(name, Verdict.WARN, f"0x{reply:02x}: {st.NEAR_END}")
    return Step(name, Verdict.PASS, f"0x{reply:02x}")


NOT_FINISHED = (
    "not confirmed: the printer did not say it had finished the ticket (no reply to "
    "GS ( H within {s:g} s); {status} after that wait: look at the cut"
)


def _cutter_step(reply: int | None, finished: bool, timeout_s: float) -> Step:
    """DLE EOT 3 asked once the printer finished the ticket (or after the bounded wait)."""
    name = "cutter after the test ticket"
    if reply is None or not st.valid(reply):
        return Step(name, Verdict.FAIL, st.NO_REPLY)
    one = st.decode({3: reply})
    if one.cutter_error:
        return Step(name, Verdict.FAIL, st.CUTTER)
    if one.known_problem():
        return Step(name, Verdict.FAIL, str(one.known_problem()))
    if not finished:
        return Step(name, Verdict.WARN, NOT_FINISHED.format(s=timeout_s, status=f"0x{reply:02x}"))
    return Step(name, Verdict.PASS, f"0x{reply:02x} once the printer finished the ticket")


def _after_step(status: st.PrinterStatus, finished: bool, timeout_s: float) -> Step:
    """printer.status = "basic": no cutter query; the status after the ticket instead."""
    name = "status after the test ticket"
    problem = status.problem()
    if problem:
        return Step(name, Verdict.FAIL, problem)
    if not finished:
        return Step(name, Verdict.WARN, NOT_FINISHED.format(s=timeout_s, status="online"))
    return Step(name, Verdict.PASS, "online once the printer finished the ticket")
