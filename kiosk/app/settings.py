"""The settings a process starts from: the configuration file, the data directory,
the clock, the hall's ticket-link secret and the ticket page's address."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import ipaddress
import logging
import os
import secrets
import socket
from collections.abc import Callable
from pathlib import Path

from kiosk import config as config_mod
from kiosk.config import KioskConfig
from kiosk.core.clock import Clock, ManualClock, SystemClock
from kiosk.core.errors import ConfigError, StoreCorrupt, StoreReadOnly
from kiosk.core.model import Hall
from kiosk.store.engine import sqlite_url

log = logging.getLogger(__name__)

APP_NAME = "hall-kiosk"
STORE_FILE = "kiosk.db"
SECRET_FILE = "ticket-secret"  # in the data directory, mode 0600
# The hall server's address when the configuration says none ([server] listen, issue 11)
# and where it serves the ticket page (kiosk.server.phone) when kiosk.ticket_url is empty.
SERVER_LISTEN = "127.0.0.1:8765"
TICKET_PATH = "/ticket"


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
    if not kiosk.ticket_url:
        kiosk = kiosk.model_copy(
            update={"ticket_url": default_ticket_url(server_listen(cfg), tls=cfg.server.tls)}
        )
    cfg = cfg.model_copy(update={"tech": tech, "kiosk": kiosk})
    return Settings(cfg, str(path) if path else config_mod.DEMO_SOURCE, data)


def server_listen(cfg: KioskConfig) -> str:
    """HOST:PORT the hall server listens on: ``[server] listen``; when that is empty
    (`kiosk run` starts no server) the default, where `kiosk serve` would listen."""
    return cfg.server.listen or SERVER_LISTEN


def default_ticket_url(
    listen: str, lan: Callable[[], str] | None = None, *, tls: bool = False
) -> str:
    """The ticket page on the hall server's own address: ``http://HOST:PORT/ticket``.

    HOST is the listen address when it names one interface (a loopback one included:
    a server listening only on this PC is reached only from this PC, so its links open
    there and nowhere else); for a wildcard (``0.0.0.0``, ``::``) it is this PC's address
    on the hall's network (``lan_address``), the one a visitor's phone on the hall's Wi-Fi
    can reach. ``tls``: the server speaks https (``[server] tls``). Never someone else's
    domain."""
    host, colon, port = listen.rpartition(":")
    host = host.strip("[]")
    if not colon or not port.isdigit():
        raise ConfigError(f"server.listen: expected HOST:PORT, got {listen!r}")
    if _wildcard(host):
        host = (lan or lan_address)()
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return f"{'https' if tls else 'http'}://{host}:{port}{TICKET_PATH}"


def listening_on(settings: Settings, host: str, port: int) -> Settings:
    """``settings`` for a hall server bound on host:port (`kiosk serve --listen`, or
    port 0 in ``[server] listen``: the port chosen): a ticket URL derived from
    ``[server] listen`` is derived again from the address really bound, so the links
    name the server they are served by. A configured ``kiosk.ticket_url`` stays."""
    cfg = settings.config
    if cfg.kiosk.ticket_url != default_ticket_url(server_listen(cfg), tls=cfg.server.tls):
        return settings  # the hall's own base URL (a reverse proxy's)
    shown = f"[{host}]" if ":" in host else host
    url = default_ticket_url(f"{shown}:{port}", tls=cfg.server.tls)
    if url == cfg.kiosk.ticket_url:
        return settings
    kiosk = cfg.kiosk.model_copy(update={"ticket_url": url})
    return dataclasses.replace(settings, config=cfg.model_copy(update={"kiosk": kiosk}))


def _wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return host == ""


def lan_address() -> str:
    """This PC's IPv4 address on its network: the source address the system would route
    a packet out from (connecting a UDP socket sends nothing); 127.0.0.1 without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"
    return address if address != "0.0.0.0" else "127.0.0.1"


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


def ticket_link(settings: Settings, uid: str, service: object = None) -> str | None:
    """The signed link of a ticket, as its QR code holds it; None when this process has no
    secret to sign with (a read-only data directory: require_secret says why).
    ``service``: the queue service; the hall server's client has the server sign it."""
    from kiosk.core.ticketlink import ticket_url

    link = getattr(service, "ticket_link", None)
    if callable(link):
        return str(link(uid))
    kiosk = settings.config.kiosk
    return ticket_url(kiosk.ticket_url, kiosk.secret, uid) if kiosk.secret else None


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
