"""The ticket printer, what a ticket says, and the desk that issues and prints."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.app.settings import Settings, require_secret
from kiosk.core.errors import ConfigError
from kiosk.core.service import QueueService

if TYPE_CHECKING:
    from kiosk.core.desk import TicketDesk, TicketHeading
    from kiosk.core.model import FollowUp, Ticket
    from kiosk.core.ports import FollowUpSlip, PrintJob, TicketPrinter
    from kiosk.core.service import IssuedTicket
    from kiosk.devices.escpos.printer import EscposPrinter
    from kiosk.devices.escpos.profile import PrinterProfile
    from kiosk.devices.escpos.template import TicketTemplate


# -- the ticket printer -------------------------------------------------------------------


def printer_profile(settings: Settings) -> PrinterProfile:
    from kiosk.devices.escpos.profile import PrinterProfile

    p = settings.config.printer
    return PrinterProfile(width_mm=p.width_mm, charset=p.charset, native_qr=p.qr == "native")


def build_printer(settings: Settings, url: str | None = None) -> EscposPrinter:
    """The configured ticket printer (printer.url), or the one a command names.

    The simulator for "sim" URLs; python-escpos is imported only by a USB printer,
    when it first prints, with its cache in the data directory."""
    from kiosk.devices.escpos.printer import EscposPrinter
    from kiosk.devices.escpos.transport import parse_url
    from kiosk.devices.simulators.printer import SimPrinter

    chosen = url if url is not None else settings.config.printer_url
    try:
        endpoint = parse_url(chosen)
    except ValueError as exc:
        raise ConfigError(f"--printer: {exc}") from None
    profile = printer_profile(settings)
    template = ticket_template(settings)
    status_page = settings.config.printer.status_page
    status = settings.config.printer.status
    if endpoint.kind == "sim":
        return SimPrinter(
            endpoint.target, profile, template=template, status_page=status_page, status=status
        )
    return EscposPrinter(
        chosen,
        profile,
        status_timeout_s=settings.config.printer.status_timeout_ms / 1000,
        template=template,
        cache_dir=settings.data_dir / "cache" / "escpos",
        status_page=status_page,
        status=status,
    )


def ticket_template(settings: Settings) -> TicketTemplate | None:
    """The hall's ticket template (printer.template, checked when the configuration was
    loaded), or None for the shipped one."""
    from kiosk.devices.escpos.template import TemplateError, load_template

    if not settings.config.printer.template:
        return None
    try:
        return load_template(Path(settings.config.printer.template))
    except TemplateError as exc:  # changed since the configuration was loaded
        raise ConfigError(f"{settings.config_source}: printer.template: {exc}") from None


def ticket_heading(settings: Settings) -> TicketHeading:
    """The hall's part of every ticket: its names, the signed link's base and secret."""
    from kiosk.core.desk import TicketHeading

    cfg = settings.config
    return TicketHeading(cfg.hall.name_zh, cfg.hall.name_en, cfg.kiosk.ticket_url, cfg.kiosk.secret)


def ticket_job(
    settings: Settings, issued: IssuedTicket, service: QueueService | None = None
) -> PrintJob:
    """What this ticket says on paper (kiosk.core.desk.print_job). ``service``: the queue
    service it was issued by; the hall server's client has the link signed by the server
    (a PC of a hall of several keeps no secret of the hall's)."""
    from kiosk.core.desk import print_job

    link = server_link(service)
    job = print_job(ticket_heading(settings), issued, settings.hall.service(issued.ticket.service))
    return job if link is None else dataclasses.replace(job, url=link(issued.ticket.uid))


def server_link(service: QueueService | None) -> Callable[[str], str] | None:
    """Where the ticket's link comes from when ``service`` is the hall server's client:
    the server signs it (kiosk.remote.HallClient.ticket_link); None for this process's
    own queue service (it signs with the hall's secret)."""
    link = getattr(service, "ticket_link", None)
    return link if callable(link) else None


def ticket_desk(settings: Settings, service: QueueService, printer: TicketPrinter) -> TicketDesk:
    """Issue, print on this printer, record the outcome: the kiosk's path and `kiosk queue
    issue`'s, with the ticket's content defined once."""
    from kiosk.core.desk import TicketDesk

    require_secret(settings)  # the ticket's QR is a signed link
    return TicketDesk(
        service, printer, lambda issued: ticket_job(settings, issued), server_link(service)
    )


def reprint(
    settings: Settings, service: QueueService, printer: TicketPrinter, number: str
) -> Ticket:
    """Print an active ticket again, as the kiosk would now (people ahead and expected wait
    of this moment), and clear its "not printed" mark. PrintFailed when it failed."""
    require_secret(settings)
    issued = service.reprint_info(number)
    printer.print_ticket(ticket_job(settings, issued, service))
    return service.mark_printed(issued.ticket.uid)


def follow_up_slip(settings: Settings, follow_up: FollowUp) -> FollowUpSlip:
    """What a complaint's follow-up slip says (the hall's names, complaints.phone)."""
    from kiosk.core.errors import NotFound
    from kiosk.core.ports import FollowUpSlip

    cfg = settings.config
    try:
        service = settings.hall.service(follow_up.service)
        names = (service.name_zh, service.name_en)
    except NotFound:  # no longer configured
        names = (follow_up.service, follow_up.service)
    return FollowUpSlip(
        cfg.hall.name_zh,
        cfg.hall.name_en,
        follow_up.case_number,
        follow_up.number,
        names[0],
        names[1],
        follow_up.promised_by,
        follow_up.opened_at,
        settings.hall.complaints.phone,
    )


def print_follow_up(settings: Settings, printer: TicketPrinter, follow_up: FollowUp) -> None:
    """Print a follow-up's slip on this printer; PrintFailed when it was not printed."""
    from kiosk.core.ports import PrintFailed, PrintProblem

    print_slip = getattr(printer, "print_slip", None)
    if not callable(print_slip):
        raise PrintFailed(f"{type(printer).__name__} prints no slips", PrintProblem.ERROR)
    print_slip(follow_up_slip(settings, follow_up))


@dataclasses.dataclass(frozen=True)
class TicketPicture:
    """What the technician panel shows of the printer: its last ticket, else a sample."""

    number: str | None  # None: a sample ticket, nothing printed yet
    png: bytes


def ticket_picture(settings: Settings, printer: TicketPrinter, now: dt.datetime) -> TicketPicture:
    """The last ticket this printer printed, drawn as its paper would show it; before the
    first, a sample ticket of the first business type, with the hall's template."""
    from kiosk.core.errors import DeviceFailed
    from kiosk.core.ports import PrintJob
    from kiosk.core.ticketlink import ticket_url
    from kiosk.devices.escpos.printer import EscposPrinter

    if not isinstance(printer, EscposPrinter):
        raise DeviceFailed(f"{type(printer).__name__} cannot draw its tickets")

    if printer.last_ticket is not None:
        job, data = printer.last_ticket
        return TicketPicture(job.number, printer.picture(data))
    hall = settings.config.hall
    service = settings.hall.services[0]
    job = PrintJob(
        hall_zh=hall.name_zh,
        hall_en=hall.name_en,
        number=f"{service.prefix}{service.first_number:0{service.digits}d}",
        service_zh=service.name_zh,
        service_en=service.name_en,
        ahead=3,
        wait_low_min=5,
        wait_high_min=9,
        issued_at=now,
        url=ticket_url(settings.config.kiosk.ticket_url, settings.config.kiosk.secret, "sample"),
    )
    return TicketPicture(None, printer.picture(printer.render(job)))
