"""The kiosk's flow: which screen, taking and printing a ticket, going home when idle.

No widgets here. The window calls one method per visitor action and shows the
screen the controller's signals name; every slow step runs on the runners.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal

from kiosk.config import KioskConfig
from kiosk.core.busy import HourlyLoad
from kiosk.core.clock import Clock
from kiosk.core.desk import PrintOutcome, TicketDesk
from kiosk.core.errors import KioskError, ServiceUnavailable
from kiosk.core.model import Hall, Priority, Service
from kiosk.core.service import HallStatus, IssuedTicket, QueueService, ServiceStatus
from kiosk.ui.i18n import Languages
from kiosk.ui.kiosk import flow
from kiosk.ui.kiosk.flow import Confirmation, Notice, NoticeKind, Printing, PrintProblem, Screen
from kiosk.ui.kiosk.guides import SELF_SERVICE_FILE, GuideLibrary
from kiosk.ui.runner import OpRunner

log = logging.getLogger(__name__)


class IdleWatch:
    """How long the kiosk has been left alone, by the injected clock."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._since = clock.now()

    def touch(self) -> None:
        self._since = self._clock.now()

    def seconds(self) -> float:
        return (self._clock.now() - self._since).total_seconds()


class KioskController(QObject):
    """Decides what the kiosk shows. Ticked by the window's timer (:meth:`tick`).

    Signals:
        home(): show the business types.
        guide(object): a GuideStep: the guide and the choices before a ticket.
        printing(object): a Printing: the ticket is being issued or printed.
        confirmed(object): a Confirmation: the number, printed or not.
        notice(object): a Notice: no ticket was issued, and why.
        selfService(object): a GuideSet or None: where the self-service terminals are.
        busy(object): a BusyInfo, or None while the figures load.
        staffAlert(str): something staff must see to (printer failure), in English.
    """

    home = Signal()
    guide = Signal(object)
    printing = Signal(object)
    confirmed = Signal(object)
    notice = Signal(object)
    selfService = Signal(object)
    busy = Signal(object)
    staffAlert = Signal(str)

    def __init__(
        self,
        *,
        service: QueueService,
        ops: OpRunner,
        devices: OpRunner,
        desk: TicketDesk,
        clock: Clock,
        languages: Languages,
        config: KioskConfig,
        hall: Hall,
        guides: GuideLibrary,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._ops = ops
        self._devices = devices
        self._desk = desk
        self._clock = clock
        self._languages = languages
        self._config = config
        self._hall = hall
        self._guides = guides
        self._idle = IdleWatch(clock)
        self._statuses: Mapping[str, ServiceStatus] = {}
        self._chosen: Service | None = None
        self._in_flight = False  # a ticket is being issued or printed
        self._unprinted = False  # the confirmation shows a number that was not printed
        self.screen = Screen.HOME

    # -- the visitor's actions -------------------------------------------------------

    def activity(self) -> None:
        """Any touch or key: the visitor is still there."""
        self._idle.touch()

    def set_language(self, lang: str) -> None:
        self._languages.set(lang)
        self._idle.touch()

    def go_home(self) -> None:
        if self._in_flight:
            return  # the ticket's result must be shown, not lost
        self._chosen = None
        self._show(Screen.HOME)
        self.home.emit()

    def choose(self, code: str) -> None:
        """A business type tile: its guide, or the ticket straight away when there is
        neither a guide nor a green channel to choose."""
        if self._in_flight:
            return
        service = self._hall.service(code)
        self._chosen = service
        guide = self._guides.load(service.code)
        offered = flow.priority_offered(self._config, service)
        if guide is None and not offered:
            self.take(priority=False)
            return
        self._show(Screen.GUIDE)
        self.guide.emit(flow.GuideStep(service, guide, offered, self._statuses.get(code)))

    def take(self, priority: bool = False) -> None:
        """Take a ticket for the chosen business type (a second tap is ignored)."""
        service = self._chosen
        if service is None or self._in_flight:
            return
        self._in_flight = True
        self._show(Screen.PRINTING)
        self.printing.emit(Printing(service, priority))
        level = Priority.PRIORITY if priority else Priority.NORMAL
        self._ops.submit(
            lambda: self._desk.issue(service.code, level),
            lambda issued: self._issued(service, issued),
            lambda exc: self._issue_failed(service, exc),
        )

    def self_service(self) -> None:
        self._show(Screen.SELF_SERVICE)
        self.selfService.emit(self._guides.load(SELF_SERVICE_FILE))

    def show_busy(self) -> None:
        self._show(Screen.BUSY)
        self.busy.emit(None)
        self._ops.submit(self._service.busy_hours, self._busy_loaded, self._busy_failed)

    # -- the hall and the clock --------------------------------------------------------

    def set_status(self, status: HallStatus) -> None:
        self._statuses = flow.statuses_by_code(status.services)

    def tick(self) -> None:
        """Go home when left alone: after confirmation_seconds on a confirmation or
        notice, after idle_seconds elsewhere (then in the default language too). A number
        that was not printed stays until the visitor touches the screen: it is all they
        have to be called by."""
        if self._in_flight or (self.screen is Screen.CONFIRM and self._unprinted):
            return
        default = self._config.kiosk.default_language
        if self.screen in flow.SHORT_SCREENS:
            limit = self._config.kiosk.confirmation_seconds
        elif self.screen is not Screen.HOME or self._languages.current != default:
            limit = self._config.kiosk.idle_seconds
        else:
            return
        if self._idle.seconds() >= limit:
            self.go_home()
            self._languages.set(default)

    # -- results from the runners ----------------------------------------------------

    def _show(self, screen: Screen) -> None:
        self.screen = screen
        self._idle.touch()

    def _issued(self, service: Service, issued: IssuedTicket) -> None:
        job = self._desk.job(issued)
        shown = flow.confirmation(issued, service, job.url)
        self.printing.emit(Printing(service, shown.priority, shown.number))
        self._devices.submit(
            lambda: self._desk.print_ticket(issued),
            lambda outcome: self._print_done(issued, shown, outcome),
            lambda exc: self._print_bug(issued, shown, exc),
        )

    def _print_bug(self, issued: IssuedTicket, shown: Confirmation, exc: BaseException) -> None:
        # Not the environment: a bug in the printing code; the visitor still gets a number.
        log.error("ticket %s was not printed (bug)", shown.number, exc_info=exc)
        self._print_done(issued, shown, TicketDesk.failed_by_bug(exc))

    def _print_done(self, issued: IssuedTicket, shown: Confirmation, outcome: PrintOutcome) -> None:
        # Recorded through the store: printed only now; else every counter window and the
        # technician see the alert until the ticket is reprinted or acknowledged.
        self._ops.submit(
            lambda: self._desk.record(issued, outcome),
            failed=lambda exc: log.error(
                "the print outcome of ticket %s was not recorded", shown.number, exc_info=exc
            ),
        )
        problem = PrintProblem.NONE
        if outcome.problem is not None:
            problem = flow.print_problem(outcome.problem)
            log.warning("ticket %s was not printed: %s", shown.number, outcome.message)
            self.staffAlert.emit(f"Ticket {shown.number} was not printed: {outcome.message}")
        self._printed(shown, problem)

    def _printed(self, shown: Confirmation, problem: PrintProblem) -> None:
        self._in_flight = False
        self._unprinted = problem is not PrintProblem.NONE
        self._show(Screen.CONFIRM)
        self.confirmed.emit(dataclasses.replace(shown, problem=problem))

    def _issue_failed(self, service: Service, exc: BaseException) -> None:
        self._in_flight = False
        if isinstance(exc, ServiceUnavailable):
            kind = flow.notice_kind(exc.reason)
            log.info("no ticket for %s: %s", service.code, exc)
        elif isinstance(exc, KioskError):  # the environment: store locked, disk full
            kind = NoticeKind.ERROR
            log.warning("no ticket for %s: %s", service.code, exc)
            self.staffAlert.emit(f"The kiosk could not issue a ticket: {exc}")
        else:
            kind = NoticeKind.ERROR
            log.error("no ticket for %s (bug)", service.code, exc_info=exc)
            self.staffAlert.emit(f"The kiosk could not issue a ticket (internal error): {exc}")
        self._show(Screen.NOTICE)
        self.notice.emit(Notice(kind, service))

    def _busy_loaded(self, load: HourlyLoad) -> None:
        if load.days < flow.MIN_HISTORY_DAYS:
            load = flow.shipped_profile()
        self._busy_ready(load)

    def _busy_failed(self, exc: BaseException) -> None:
        if isinstance(exc, KioskError):
            log.warning("busy hours unavailable, showing the typical profile: %s", exc)
        else:
            log.error("busy hours failed (bug), showing the typical profile", exc_info=exc)
        self._busy_ready(flow.shipped_profile())

    def _busy_ready(self, load: HourlyLoad) -> None:
        if self.screen is Screen.BUSY:  # the visitor may have left the screen meanwhile
            self.busy.emit(flow.busy_info(load, self._hall, self._clock.now()))
