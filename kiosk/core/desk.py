"""Issuing a ticket and printing it: the one path the kiosk and `kiosk queue issue` take.

Issue (stored as not printed), print, then record what the printer said: ``printed``
only once the bytes went out and the printer reported no fault after them, else
``print_failed`` with the reason as a value. A process that dies in between records
nothing; the event log then shows an interrupted print (kiosk.core.alerts).

The steps are apart so the kiosk can run each on its own worker (the store's, the
printer's); a command runs them one after the other (:meth:`TicketDesk.take`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

from kiosk.core.errors import KioskError
from kiosk.core.model import Priority, Service
from kiosk.core.ports import PrintFailed, PrintJob, PrintProblem, TicketPrinter
from kiosk.core.service import IssuedTicket, QueueService
from kiosk.core.ticketlink import ticket_url

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class PrintOutcome:
    """What the printer said about one ticket."""

    problem: PrintProblem | None = None  # None: printed and confirmed
    message: str = ""  # the printer's words, for staff and the log

    @property
    def printed(self) -> bool:
        return self.problem is None


@dataclasses.dataclass(frozen=True)
class TicketHeading:
    """What every ticket of the hall carries besides its own: the hall's names and the
    signed link's base and secret (hall.name_zh / name_en, kiosk.ticket_url / secret)."""

    hall_zh: str
    hall_en: str
    link_base: str
    secret: str


def print_job(heading: TicketHeading, issued: IssuedTicket, service: Service) -> PrintJob:
    """What a ticket says, defined once: the kiosk's, `queue issue`'s and a reprint's."""
    ticket = issued.ticket
    return PrintJob(
        hall_zh=heading.hall_zh,
        hall_en=heading.hall_en,
        number=ticket.number,
        service_zh=service.name_zh,
        service_en=service.name_en,
        ahead=issued.ahead,
        wait_low_min=issued.estimate.low_min,
        wait_high_min=issued.estimate.high_min,
        issued_at=ticket.issued_at,
        url=ticket_url(heading.link_base, heading.secret, ticket.uid),
        priority=ticket.priority > Priority.NORMAL,
        wait_wording=str(issued.estimate.shown),
        wait_about_min=issued.estimate.about_min,
    )


LINKS_KEPT = 64  # links asked of the hall server, by ticket uid: the last tickets issued


class TicketDesk:
    """A queue service, a printer and what goes on the paper (``job``).

    ``link``: where a ticket's signed link comes from when this process does not sign
    it (a PC of a hall of several: the hall server signs it, kiosk.remote's
    ``HallClient.ticket_link``); asked once per ticket in :meth:`issue` (the worker's
    thread, not the window's), kept for :meth:`job`."""

    def __init__(
        self,
        service: QueueService,
        printer: TicketPrinter,
        job: Callable[[IssuedTicket], PrintJob],
        link: Callable[[str], str] | None = None,
    ) -> None:
        self._service = service
        self._printer = printer
        self._job = job
        self._link = link
        self._links: dict[str, str] = {}

    def issue(self, code: str, priority: Priority = Priority.NORMAL) -> IssuedTicket:
        """The ticket, stored as not printed, with a print to follow."""
        issued = self._service.issue(code, priority, printing=True)
        if self._link is not None:
            uid = issued.ticket.uid
            try:
                self._links[uid] = self._link(uid)
            except KioskError as exc:  # the ticket is taken: it prints with this PC's link
                log.warning("ticket %s: its link was not signed: %s", issued.ticket.number, exc)
            while len(self._links) > LINKS_KEPT:
                del self._links[next(iter(self._links))]
        return issued

    def job(self, issued: IssuedTicket) -> PrintJob:
        job = self._job(issued)
        url = self._links.get(issued.ticket.uid)
        return job if url is None else dataclasses.replace(job, url=url)

    def print_ticket(self, issued: IssuedTicket) -> PrintOutcome:
        """Print it. The printer's failures become an outcome; anything else is a bug
        and raises (the caller records it as :meth:`failed_by_bug`)."""
        try:
            self._printer.print_ticket(self.job(issued))
        except PrintFailed as exc:
            # the caller says it as loud as it should (the kiosk warns, a command's JSON)
            log.info("ticket %s was not printed: %s", issued.ticket.number, exc)
            return PrintOutcome(exc.problem, str(exc))
        return PrintOutcome()

    @staticmethod
    def failed_by_bug(exc: BaseException) -> PrintOutcome:
        return PrintOutcome(PrintProblem.ERROR, f"internal error: {exc}")

    def record(self, issued: IssuedTicket, outcome: PrintOutcome) -> None:
        """Store what the printer said: printed, or not printed and why (an alert)."""
        ticket = issued.ticket
        if outcome.problem is None:
            self._service.report_printed(ticket.uid)
        else:
            self._service.report_print_failure(
                ticket.uid, ticket.number, outcome.message, str(outcome.problem)
            )

    def take(
        self, code: str, priority: Priority = Priority.NORMAL
    ) -> tuple[IssuedTicket, PrintOutcome]:
        """Issue, print and record, in this thread (a command)."""
        issued = self.issue(code, priority)
        try:
            outcome = self.print_ticket(issued)
        except Exception as exc:  # a bug while printing: the ticket must not look printed
            self.record(issued, self.failed_by_bug(exc))
            raise
        self.record(issued, outcome)
        return issued, outcome
