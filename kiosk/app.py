"""The composition root: the one place that picks the concrete parts.

Configuration file, data directory, clock, store and queue service are chosen
here and handed to whoever needs them (the CLI now, the windows later).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import config as config_mod
from kiosk.config import KioskConfig
from kiosk.core.clock import Clock, ManualClock, SystemClock
from kiosk.core.errors import ConfigError, StoreCorrupt, StoreReadOnly
from kiosk.core.model import Hall
from kiosk.core.pin import PinGate
from kiosk.core.service import QueueService
from kiosk.store.engine import safe_url, sqlite_url
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore

if TYPE_CHECKING:
    from kiosk.core.desk import TicketDesk
    from kiosk.core.model import Ticket
    from kiosk.core.ports import PrintJob, TicketPrinter
    from kiosk.devices.escpos.printer import EscposPrinter
    from kiosk.devices.escpos.profile import PrinterProfile
    from kiosk.devices.escpos.template import TicketTemplate
    from kiosk.devices.settings import DevicesSettings

log = logging.getLogger(__name__)

APP_NAME = "hall-kiosk"
STORE_FILE = "kiosk.db"
SECRET_FILE = "ticket-secret"  # in the data directory, mode 0600


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(arg: Path | None) -> Path:
    """--data-dir, else $KIOSK_DATA_DIR, else the user's data directory."""
    if arg is not None:
        return arg
    env = os.environ.get("KIOSK_DATA_DIR")
    return Path(env) if env else default_data_dir()


def resolve_config_path(arg: Path | None) -> Path | None:
    """--config, else $KIOSK_CONFIG, else None (the embedded demo hall)."""
    if arg is not None:
        return arg
    env = os.environ.get("KIOSK_CONFIG")
    return Path(env) if env else None


# The hall's date arithmetic reaches a few weeks back (busy hours, wait learning) and a
# day ahead (the next business day): a fixed clock stays well inside what dates can hold.
FIXED_CLOCK_YEARS = (1970, 9998)


def make_clock() -> Clock:
    """The system clock; $KIOSK_NOW (ISO 8601, the hall's local time) fixes the time for
    training and tests."""
    fixed = os.environ.get("KIOSK_NOW")
    if not fixed:
        return SystemClock()
    try:
        moment = dt.datetime.fromisoformat(fixed)
    except ValueError:
        raise ConfigError(f"KIOSK_NOW: expected an ISO 8601 date-time, got {fixed!r}") from None
    if moment.tzinfo is not None:
        raise ConfigError(
            "KIOSK_NOW: expected the hall's local time without a time zone "
            f"(like 2026-11-24T10:00:00), got {fixed!r}"
        )
    first, last = FIXED_CLOCK_YEARS
    if not first <= moment.year <= last:
        raise ConfigError(f"KIOSK_NOW: expected a year from {first} to {last}, got {fixed!r}")
    return ManualClock(moment)


@dataclasses.dataclass(frozen=True)
class Settings:
    config: KioskConfig
    config_source: str
    data_dir: Path

    @functools.cached_property
    def hall(self) -> Hall:
        return self.config.to_hall()

    @property
    def store_url(self) -> str:
        return self.config.store.url or sqlite_url(self.data_dir / STORE_FILE)


def load_settings(config_path: Path | None, data_dir: Path | None) -> Settings:
    """The configuration in force and the data directory.

    The shipped demo PIN and signing secret apply to the embedded demo hall only (the
    secret not even there): a hall's own file without its own PIN gets none (the
    technician panel asks for one), and ticket links are signed with the hall's
    generated secret unless ``kiosk.secret`` sets one."""
    path = resolve_config_path(config_path)
    cfg = config_mod.load(path)
    data = resolve_data_dir(data_dir)
    tech, kiosk = cfg.tech, cfg.kiosk
    if path is not None and tech.pin_hash == config_mod.DEMO_PIN_HASH:
        tech = tech.model_copy(update={"pin_hash": ""})
    if kiosk.secret in ("", config_mod.DEMO_SECRET):
        try:
            secret = ticket_secret(data)
        except (StoreReadOnly, StoreCorrupt) as exc:
            # Reading the queue needs no secret: a read-only data directory still
            # lists tickets. Whatever signs a link asks again (require_secret) and fails.
            log.info("no ticket-link secret: %s", exc)
            secret = ""
        kiosk = kiosk.model_copy(update={"secret": secret})
    cfg = cfg.model_copy(update={"tech": tech, "kiosk": kiosk})
    return Settings(cfg, str(path) if path else config_mod.DEMO_SOURCE, data)


def ticket_secret(data_dir: Path) -> str:
    """The hall's secret for ticket links: DATA_DIR/ticket-secret, made at first start.

    Written to a private temporary file, then linked into place: two processes starting
    together agree on the first one, and a reader never sees a half-written file."""
    path = data_dir / SECRET_FILE
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    tmp = data_dir / f".{SECRET_FILE}.{os.getpid()}.tmp"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_urlsafe(32) + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
            log.info("ticket-link secret generated in %s", path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            tmp.unlink()
    except OSError as exc:
        raise StoreReadOnly(
            f"{path}: the ticket-link secret cannot be written: {exc.strerror or exc}"
        ) from None
    return _read_secret(path)


def require_secret(settings: Settings) -> None:
    """Fail, naming the file and why, when ticket links cannot be signed (a process that
    prints tickets checks this at start)."""
    if not settings.config.kiosk.secret:
        ticket_secret(settings.data_dir)  # raises the reason
        raise StoreReadOnly(  # made meanwhile: the process must start again to use it
            f"{settings.data_dir / SECRET_FILE}: the ticket-link secret was not read at start"
        )


def _read_secret(path: Path) -> str:
    try:
        with path.open("r", encoding="ascii") as f:
            text = f.read(1024).strip()
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise StoreReadOnly(f"{path}: the ticket-link secret cannot be read: {reason}") from None
    if len(text) < 16:
        raise StoreCorrupt(
            f"{path}: the ticket-link secret is empty or damaged; remove the file to "
            "generate a new one (links on tickets printed before will not verify)"
        )
    return text


def open_queue_store(settings: Settings) -> SqlStore:
    """The store, migrated to the current schema; dispose of its engine when done."""
    ensure_data_dir(settings)
    return open_store(
        settings.store_url, settings.config.store.busy_timeout_ms, name=store_name(settings)
    )


def ensure_data_dir(settings: Settings) -> None:
    """Create the data directory when the store lives there.

    One that cannot be created is the environment's failure (a mistyped
    --data-dir, a read-only disk), not a bug.
    """
    if settings.config.store.url:
        return
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreReadOnly(
            f"data directory {settings.data_dir} cannot be created: {exc.strerror or exc}"
        ) from None


def store_name(settings: Settings) -> str:
    """The store as messages and logs name it: its file, or its URL without a password."""
    if settings.config.store.url:
        return safe_url(settings.config.store.url)
    return str(settings.data_dir / STORE_FILE)


def build_service(
    settings: Settings,
    clock: Clock | None = None,
    store: SqlStore | None = None,
    *,
    background: bool = True,
) -> QueueService:
    """A queue service for a long-lived process; its store lives as long as it does
    (call its ``close()`` before closing the store).

    Its wait estimator learns the hall from the store's recent history (service times,
    patience, its own calibration) on a thread of its own, never inside an operation:
    the first ticket after start is issued at once, with the cold-start estimate until
    the learning is done (docs/benchmarks.md, `kiosk bench start`). One-shot commands
    (`kiosk queue ...`) use the same estimator without the history: a command does not
    replay a week of tickets to print one estimate. ``background=False`` learns inside
    the operation that finds learning due, as one-shot tools that want repeatable
    figures do (`kiosk screenshots`)."""
    from functools import partial

    from kiosk.core.estimate import LearnedEstimator
    from kiosk.store.history import tickets_between

    store = store or open_queue_store(settings)
    estimator = LearnedEstimator(
        settings.hall, partial(tickets_between, store), background=background
    )
    return QueueService(settings.hall, store, clock or make_clock(), estimator)


def pin_gate(settings: Settings, store: SqlStore, clock: Clock) -> PinGate:
    """The technician PIN of the [tech] table, its failures and lockout in the store."""
    from kiosk.store.pin import SqlPinStore

    tech = settings.config.tech
    return PinGate(
        tech.pin_hash or None,
        SqlPinStore(store),
        clock,
        tech.max_attempts,
        dt.timedelta(seconds=tech.lockout_seconds),
    )


@contextmanager
def open_service(settings: Settings, clock: Clock | None = None) -> Iterator[QueueService]:
    """A queue service for one command: the store's connections close at the end."""
    clock = clock or make_clock()  # a bad $KIOSK_NOW fails before the store is touched
    store = open_queue_store(settings)
    try:
        yield QueueService(settings.hall, store, clock)
    finally:
        store.close()


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


def ticket_desk(settings: Settings, service: QueueService, printer: TicketPrinter) -> TicketDesk:
    """Issue, print on this printer, record the outcome: the kiosk's path and `kiosk queue
    issue`'s, with the ticket's content defined once."""
    from kiosk.core.desk import TicketDesk
    from kiosk.core.service import IssuedTicket
    from kiosk.ui.kiosk.flow import print_job  # Qt-free: the ticket's content, one definition

    require_secret(settings)  # the ticket's QR is a signed link

    def job(issued: IssuedTicket) -> PrintJob:
        return print_job(settings.config, issued, service.hall.service(issued.ticket.service))

    return TicketDesk(service, printer, job)


def reprint(
    settings: Settings, service: QueueService, printer: TicketPrinter, number: str
) -> Ticket:
    """Print an active ticket again, as the kiosk would now (people ahead and expected wait
    of this moment), and clear its "not printed" mark. PrintFailed when it failed."""
    from kiosk.ui.kiosk.flow import print_job  # Qt-free: the ticket's content, one definition

    require_secret(settings)
    issued = service.reprint_info(number)
    job = print_job(settings.config, issued, service.hall.service(issued.ticket.service))
    printer.print_ticket(job)
    return service.mark_printed(issued.ticket.uid)


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


# -- the counter devices and the voice ------------------------------------------------------


def devices_settings(settings: Settings) -> DevicesSettings:
    """The [devices] and [voice] tables as the device hub takes them (docs/devices.md)."""
    return settings.config.devices_settings()
