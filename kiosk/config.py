"""The hall's configuration: one TOML file, typed and validated at start.

Errors name the file, the key and what was expected. With no file, the embedded
demo hall (kiosk/data/hall.example.toml, also what `kiosk config example` prints)
is used. docs/configuration.md describes every key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kiosk.core.errors import ConfigError
from kiosk.core.model import Complaints, Counter, Hall, OpeningHours, Rules, Service
from kiosk.core.pin import hash_problem

if TYPE_CHECKING:
    from kiosk.devices.settings import DevicesSettings

T = TypeVar("T")

EXAMPLE_NAME = "hall.example.toml"
DEMO_SOURCE = "embedded demo hall"
# What the demo hall ships with (kiosk/data/hall.example.toml). A hall's own file that
# still holds them gets neither: the technician panel asks for a PIN at first start,
# and ticket links are signed with a secret generated for the hall (kiosk.app).
DEMO_PIN_HASH = "pbkdf2_sha256$200000$demo-hall-salt$87476812c3a33ad2effe63b9ca968e42fe0448f341492fd3235676500d070f8d"  # noqa: E501  (demo PIN 1234)
DEMO_SECRET = "demo-hall-secret-change-me"
_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_INTERVAL = re.compile(r"(\d\d:\d\d)-(\d\d:\d\d)")


class _KeyedError(ValueError):
    """A validation error about a key below the one being validated.

    Pydantic reports an error raised in a model validator at the model's own
    location; this one carries the rest of the path (``("services", 1, "prefix")``)
    so the message can name the exact key.
    """

    def __init__(self, key: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.key = key


def _parse_hhmm(text: str) -> dt.time:
    if not _HHMM.fullmatch(text):
        raise ValueError(f'expected a time "HH:MM" from 00:00 to 23:59, got {text!r}')
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def _interval(text: str) -> OpeningHours:
    m = _INTERVAL.fullmatch(text)
    if not m:
        raise ValueError(f'expected an interval "HH:MM-HH:MM" such as "08:30-17:30", got {text!r}')
    start = _parse_hhmm(m.group(1))
    end = None if m.group(2) == "24:00" else _parse_hhmm(m.group(2))
    if end is not None and end <= start:
        raise ValueError(f"interval {text!r} must end after it starts")
    return OpeningHours(start, end)


def to_settings(section: BaseModel, cls: type[T], **given: Any) -> T:
    """The settings a part takes (a dataclass of its own), from its configuration section.

    The one mapping of every section, by name: each field of ``cls`` comes from the
    section's key of the same name, or, for a field in seconds (``timeout_s``), from its
    key in milliseconds (``timeout_ms``); a list becomes a tuple. ``given`` sets fields
    the section does not hold as such. A new key needs its section field and its
    settings field, nothing in between; a key that reaches no field is found by
    :func:`unmapped_keys` (tests/test_config.py)."""
    keys = type(section).model_fields
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in given:
            continue
        if f.name in keys:
            value = getattr(section, f.name)
        elif f.name.endswith("_s") and f"{f.name[:-2]}_ms" in keys:
            value = getattr(section, f"{f.name[:-2]}_ms") / 1000
        else:
            continue  # the part's own default
        values[f.name] = tuple(value) if isinstance(value, list) else value
    return cls(**values, **given)


def unmapped_keys(section: type[BaseModel], cls: type[Any]) -> set[str]:
    """The keys of a section that :func:`to_settings` would carry to no field of ``cls``."""
    fields = {f.name for f in dataclasses.fields(cls)}
    return {
        key
        for key in section.model_fields
        if key not in fields and not (key.endswith("_ms") and f"{key[:-3]}_s" in fields)
    }


class _Model(BaseModel):
    # TOML values are typed: a string where a number belongs is a mistake, not
    # something to coerce ("yes" is not a boolean here).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class HallSection(_Model):
    name_zh: str = "营业厅"
    name_en: str = "Service hall"
    day_reset: str = "04:00"
    recall_limit: Annotated[int, Field(ge=0, le=20)] = 3
    normal_per_priority: Annotated[int, Field(ge=0, le=100)] = 0
    wait_range_ratio: Annotated[float, Field(gt=1.0, le=100.0, allow_inf_nan=False)] = 3.0

    @field_validator("day_reset")
    @classmethod
    def _check_reset(cls, v: str) -> str:
        _parse_hhmm(v)
        return v


class StoreSection(_Model):
    url: str = ""  # empty: the SQLite file kiosk.db in the data directory
    busy_timeout_ms: Annotated[int, Field(ge=100, le=600_000)] = 5000

    @field_validator("url")
    @classmethod
    def _check_url(cls, v: str) -> str:
        if v:
            from kiosk.store.engine import check_url

            check_url(v)  # ValueError: what is wrong and what was expected
        return v


def check_ticket_url(url: str) -> None:
    """A base URL a phone can open: http(s), a host, no query or fragment (the ticket's
    id and signature are appended). ValueError saying what is wrong."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError as exc:
        raise ValueError(f"expected a URL like http://192.168.1.20:8765/ticket: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"expected an http:// or https:// URL with a host, like "
            f"http://192.168.1.20:8765/ticket, got {url!r}"
        )
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise ValueError(f"expected a URL without ?query or #fragment, got {url!r}")


def parse_listen(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:8765`` for IPv6; port 0: any free port) as (host, port);
    ValueError says what is wrong."""
    host, sep, port = text.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port.isdigit() or int(port) > 65_535:
        raise ValueError(f"expected HOST:PORT such as 127.0.0.1:8765, got {text!r}")
    return host, int(port)


class ServerSection(_Model):
    """The hall server (`kiosk serve`, docs/server-api.md)."""

    listen: str = "127.0.0.1:8765"  # `kiosk run` starts it there too ("": it does not)
    tls: bool = False  # https with DATA_DIR/server-cert.pem from `kiosk server cert`
    # requests per minute a token (a PC) may make, and an address without a valid token
    rate_per_token: Annotated[int, Field(ge=1, le=1_000_000)] = 6000
    rate_per_address: Annotated[int, Field(ge=1, le=1_000_000)] = 600
    heartbeat_ms: Annotated[int, Field(ge=100, le=3_000)] = 1000  # the feed's heartbeat

    @field_validator("listen")
    @classmethod
    def _check_listen(cls, v: str) -> str:
        if v:
            parse_listen(v)
        return v


class KioskSection(_Model):
    """The visitor's touchscreen."""

    default_language: Literal["zh", "en"] = "zh"
    idle_seconds: Annotated[int, Field(ge=10, le=3600)] = 60
    confirmation_seconds: Annotated[int, Field(ge=3, le=120)] = 8
    green_channel: bool = True
    # The base URL of the ticket page (the QR code opens ticket_url/t/<id>?s=<signature>).
    # "": the hall server's own address, http://<this PC's LAN address>:<server port>/ticket
    # (kiosk.app.settings.default_ticket_url)
    ticket_url: str = ""
    # "": a secret generated for the hall at first start (DATA_DIR/ticket-secret, 0600)
    secret: str = ""

    @field_validator("ticket_url")
    @classmethod
    def _check_ticket_url(cls, v: str) -> str:
        if v:
            check_ticket_url(v)
        return v

    @field_validator("secret")
    @classmethod
    def _check_secret(cls, v: str) -> str:
        if v and len(v) < 8:
            raise ValueError("a secret of at least 8 characters, or none (one is generated)")
        return v


class DisplaySection(_Model):
    """The hall display (large monitor)."""

    message_zh: str = "请留意叫号，过号请重新取号。"
    message_en: str = "Please watch for your number; if you miss it, take a new ticket."
    last_calls: Annotated[int, Field(ge=3, le=12)] = 8
    announce: bool = True


class TechSection(_Model):
    """The technician panel's PIN."""

    pin_hash: str = ""  # "": none; the first technician chooses one at the panel
    max_attempts: Annotated[int, Field(ge=1, le=20)] = 5
    lockout_seconds: Annotated[int, Field(ge=10, le=86_400)] = 300

    @field_validator("pin_hash")
    @classmethod
    def _check_hash(cls, v: str) -> str:
        problem = hash_problem(v) if v else None
        if problem:
            raise ValueError(
                f"{problem}; make one with `kiosk config hash-pin`, "
                'like "pbkdf2_sha256$200000$SALT$HEX"'
            )
        return v


_NAME = r"^[A-Za-z][A-Za-z0-9_-]{0,31}$"


class BusSection(_Model):
    """One RS-485 bus (docs/devices.md): a port by pyserial URL, "sim" for simulated devices."""

    name: Annotated[str, Field(pattern=_NAME)]
    url: Annotated[str, Field(min_length=1)]
    baudrate: Annotated[int, Field(ge=1200, le=115_200)] = 9600
    parity: Literal["N", "E", "O"] = "N"
    stopbits: Literal[1, 2] = 1
    timeout_ms: Annotated[int, Field(ge=10, le=5_000)] = 100
    retries: Annotated[int, Field(ge=0, le=10)] = 2
    offline_after: Annotated[int, Field(ge=1, le=100)] = 3
    probe_ms: Annotated[int, Field(ge=100, le=600_000)] = 2000
    check_ms: Annotated[int, Field(ge=100, le=600_000)] = 10_000
    poll_ms: Annotated[int, Field(ge=10, le=10_000)] = 50
    idle_poll_ms: Annotated[int, Field(ge=10, le=10_000)] = 200
    reconnect_min_ms: Annotated[int, Field(ge=50, le=600_000)] = 500
    reconnect_max_ms: Annotated[int, Field(ge=50, le=3_600_000)] = 30_000
    discard_echo: bool = False  # a 2-wire adapter that hears its own transmissions


class DisplayDeviceSection(_Model):
    """A counter's LED display, or (without counter) the hall's main LED strip."""

    bus: str
    address: Annotated[int, Field(ge=1, le=247)]
    counter: int | None = None
    name: str = ""


class KeypadSection(_Model):
    bus: str
    address: Annotated[int, Field(ge=1, le=247)]
    counter: int
    transfer_service: str = ""  # the transfer key with no counter typed sends here
    name: str = ""


class EvaluatorSection(_Model):
    bus: str
    address: Annotated[int, Field(ge=1, le=247)]
    counter: int
    timeout_s: Annotated[float, Field(gt=0, le=600)] = 30.0
    name: str = ""


class DevicesSection(_Model):
    """The counter devices on their buses (docs/devices.md)."""

    # Before the [printer] table: still read as printer.url (never both); "" when unset.
    printer: str = ""
    # Before the [voice] table: "sim" still means a voice that only writes to the log.
    voice: Literal["sim", ""] = ""
    # The demo hall's simulated bus: per counter n a display (address n), a keypad
    # (100 + n) and an evaluator (200 + n), the main LED strip (99), on a pseudo-terminal.
    simulate: bool = False
    follow_ms: Annotated[int, Field(ge=50, le=10_000)] = 200
    bus: list[BusSection] = []
    display: list[DisplayDeviceSection] = []
    keypad: list[KeypadSection] = []
    evaluator: list[EvaluatorSection] = []

    @field_validator("printer")
    @classmethod
    def _check_printer(cls, v: str) -> str:
        if v:
            _check_printer_url(v)
        return v


class VoiceSection(_Model):
    """The voice that calls numbers (docs/devices.md)."""

    # auto: the first of pw-play, paplay, aplay installed (none: a warning, and silence);
    # null: silent; a player by name; folder:PATH writes each announcement as a WAV file
    output: str = "auto"
    languages: Annotated[list[Literal["zh", "en"]], Field(min_length=1, max_length=2)] = [
        "zh",
        "en",
    ]
    repeat: Annotated[int, Field(ge=1, le=5)] = 2
    gap_ms: Annotated[int, Field(ge=0, le=2_000)] = 60
    clips_dir: str = ""  # "": the clips shipped in kiosk/assets/voice

    @field_validator("output")
    @classmethod
    def _check_output(cls, v: str) -> str:
        if v in ("auto", "null", "pw-play", "paplay", "aplay") or (
            v.startswith("folder:") and len(v) > len("folder:")
        ):
            return v
        raise ValueError('expected "auto", "null", "pw-play", "paplay", "aplay" or "folder:PATH"')


def _check_printer_url(url: str) -> None:
    from kiosk.devices.escpos.transport import parse_url

    parse_url(url)  # ValueError: what is wrong and what was expected


class PrinterSection(_Model):
    """The ticket printer (docs/printers.md)."""

    url: str = "sim"
    width_mm: Literal[58, 80] = 80
    charset: Literal["gb18030", "gbk", "gb2312"] = "gb18030"
    qr: Literal["native", "picture"] = "native"
    status_timeout_ms: Annotated[int, Field(ge=20, le=10_000)] = 500
    # The real-time status asked before and after each ticket: full (DLE EOT 1..4), basic
    # (DLE EOT 1 only: online or offline), none (printed blind) (docs/printers.md).
    status: Literal["full", "basic", "none"] = "full"
    # The hall's ticket template (TOML, like kiosk/data/ticket.template.toml); a relative
    # path is relative to the configuration file. "" is the shipped template.
    template: str = ""
    # The self-test also has the printer print its own status page (GS ( A).
    status_page: bool = False

    @field_validator("url")
    @classmethod
    def _check_url(cls, v: str) -> str:
        _check_printer_url(v)
        return v


class ServiceSection(_Model):
    code: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")]
    prefix: Annotated[str, Field(pattern=r"^[A-Z]{1,2}$")]
    name_zh: Annotated[str, Field(min_length=1)]
    name_en: Annotated[str, Field(min_length=1)]
    description_zh: str = ""
    description_en: str = ""
    first_number: Annotated[int, Field(ge=0)] = 1
    last_number: Annotated[int, Field(ge=1)] = 999
    digits: Annotated[int, Field(ge=1, le=6)] = 3
    daily_cap: Annotated[int, Field(ge=0)] = 0  # 0: no cap
    hours: list[str] = ["00:00-24:00"]
    service_minutes: Annotated[float, Field(gt=0, le=480)] = 5.0
    target_wait_minutes: Annotated[float, Field(gt=0, le=480)] = 10.0
    green_channel: bool = True
    enabled: bool = True

    @field_validator("hours")
    @classmethod
    def _check_hours(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError('expected at least one interval such as "08:30-17:30"')
        for item in v:
            _interval(item)
        return v

    @model_validator(mode="after")
    def _check_range(self) -> ServiceSection:
        if self.last_number < self.first_number:
            raise _KeyedError(
                ("last_number",),
                f"{self.last_number} is below first_number {self.first_number}",
            )
        if len(str(self.last_number)) > self.digits:
            raise _KeyedError(
                ("last_number",),
                f"{self.last_number} has more than {self.digits} digits "
                f"(raise digits, or lower last_number to {10**self.digits - 1} or less)",
            )
        return self


class ComplaintsSection(_Model):
    """[complaints]: the business types whose tickets end with a resolution (resolved
    here, or a follow-up with a case number and a promised date)."""

    services: list[str] = []
    follow_up_days: Annotated[int, Field(ge=0, le=90)] = 3
    working_days_only: bool = True
    phone: Annotated[str, Field(max_length=40)] = ""


class CounterSection(_Model):
    number: Annotated[int, Field(ge=1, le=999)]
    name_zh: str = ""
    name_en: str = ""
    services: Annotated[list[str], Field(min_length=1)]


class KioskConfig(_Model):
    hall: HallSection = HallSection()
    store: StoreSection = StoreSection()
    kiosk: KioskSection = KioskSection()
    display: DisplaySection = DisplaySection()
    tech: TechSection = TechSection()
    devices: DevicesSection = DevicesSection()
    voice: VoiceSection = VoiceSection()
    printer: PrinterSection = PrinterSection()
    server: ServerSection = ServerSection()
    complaints: ComplaintsSection = ComplaintsSection()
    services: Annotated[list[ServiceSection], Field(min_length=1)]
    counters: Annotated[list[CounterSection], Field(min_length=1)]

    @property
    def printer_url(self) -> str:
        """printer.url, or the older devices.printer when only that is given."""
        return self.devices.printer or self.printer.url

    def devices_settings(self) -> DevicesSettings:
        """The [devices] and [voice] tables as the device hub takes them (docs/devices.md):
        every bus, display, keypad and evaluator through :func:`to_settings`, or, with
        ``devices.simulate``, the demo hall's simulated bus for this hall's counters."""
        from kiosk.devices.bus import BusSettings
        from kiosk.devices.settings import (
            DevicesSettings,
            DisplaySettings,
            EvaluatorSettings,
            KeypadSettings,
            VoiceSettings,
            demo_settings,
        )

        d = self.devices
        silent = {"output": "null"} if d.voice == "sim" else {}
        voice = to_settings(self.voice, VoiceSettings, **silent)
        if d.simulate:
            demo = demo_settings(c.number for c in self.counters)
            return dataclasses.replace(demo, voice=voice, follow_s=d.follow_ms / 1000)
        return to_settings(
            d,
            DevicesSettings,
            buses=tuple(to_settings(b, BusSettings) for b in d.bus),
            displays=tuple(to_settings(x, DisplaySettings) for x in d.display),
            keypads=tuple(to_settings(x, KeypadSettings) for x in d.keypad),
            evaluators=tuple(to_settings(x, EvaluatorSettings) for x in d.evaluator),
            voice=voice,
        )

    @model_validator(mode="after")
    def _check_references(self) -> KioskConfig:
        if self.devices.printer and "url" in self.printer.model_fields_set:
            raise _KeyedError(
                ("devices", "printer"),
                "the printer is set twice: keep printer.url and remove devices.printer",
            )
        # Commands find a business type by code or prefix, case-insensitively
        # (kiosk.core.model.Hall.service), so every such name must be unambiguous.
        names: dict[str, str] = {}
        for i, s in enumerate(self.services):
            for key, value in (("code", s.code), ("prefix", s.prefix)):
                if key == "prefix" and value.lower() == s.code.lower():
                    continue  # a service may use its own prefix as its code
                other = names.get(value.lower())
                if other is not None:
                    raise _KeyedError(
                        ("services", i, key),
                        f"{value!r} is already used as the {other} (codes and prefixes "
                        "must be unique, ignoring case)",
                    )
                names[value.lower()] = f"{key} of services[{i}]"
        codes = [s.code for s in self.services]
        seen: set[int] = set()
        for i, c in enumerate(self.counters):
            if c.number in seen:
                raise _KeyedError(("counters", i, "number"), f"counter {c.number} is defined twice")
            seen.add(c.number)
            for j, code in enumerate(c.services):
                if code not in codes:
                    raise _KeyedError(
                        ("counters", i, "services", j),
                        f"unknown business type {code!r} (known: {', '.join(codes)})",
                    )
                if code in c.services[:j]:
                    raise _KeyedError(("counters", i, "services", j), f"{code!r} is listed twice")
        for j, code in enumerate(self.complaints.services):
            if code not in codes:
                raise _KeyedError(
                    ("complaints", "services", j),
                    f"unknown business type {code!r} (known: {', '.join(codes)})",
                )
        self._check_devices(codes, seen)
        return self

    def _check_devices(self, codes: list[str], counters: set[int]) -> None:
        d = self.devices
        if d.simulate and d.bus:
            raise _KeyedError(
                ("devices", "simulate"),
                "the simulated demo bus and configured buses: remove simulate, or the buses",
            )
        if d.voice and "voice" in self.model_fields_set:
            raise _KeyedError(
                ("devices", "voice"), "the voice is set twice: keep [voice] and remove this key"
            )
        names = [b.name for b in d.bus]
        for i, b in enumerate(d.bus):
            if b.name in names[:i]:
                raise _KeyedError(("devices", "bus", i, "name"), f"bus {b.name!r} is defined twice")
            if b.reconnect_max_ms < b.reconnect_min_ms:
                raise _KeyedError(
                    ("devices", "bus", i, "reconnect_max_ms"), "must not be below reconnect_min_ms"
                )
        used: dict[tuple[str, int], str] = {}
        kinds: list[tuple[str, list[Any]]] = [
            ("display", d.display),
            ("keypad", d.keypad),
            ("evaluator", d.evaluator),
        ]
        for kind, items in kinds:
            per_counter: set[int] = set()
            for i, item in enumerate(items):
                if item.bus not in names:
                    known = ", ".join(names) or "none: add a [[devices.bus]]"
                    raise _KeyedError(
                        ("devices", kind, i, "bus"), f"unknown bus {item.bus!r} (known: {known})"
                    )
                other = used.setdefault((item.bus, item.address), f"devices.{kind}[{i}]")
                if other != f"devices.{kind}[{i}]":
                    raise _KeyedError(
                        ("devices", kind, i, "address"),
                        f"address {item.address} on bus {item.bus!r} is already {other}'s",
                    )
                if item.counter is not None and item.counter not in counters:
                    raise _KeyedError(
                        ("devices", kind, i, "counter"), f"no counter {item.counter} in the hall"
                    )
                if kind != "display" and item.counter in per_counter:
                    raise _KeyedError(
                        ("devices", kind, i, "counter"),
                        f"counter {item.counter} already has a {kind}",
                    )
                per_counter.add(item.counter)
                ts = getattr(item, "transfer_service", "")
                if ts and ts not in codes:
                    raise _KeyedError(
                        ("devices", kind, i, "transfer_service"),
                        f"unknown business type {ts!r} (known: {', '.join(codes)})",
                    )

    def to_hall(self) -> Hall:
        """The domain's view of this configuration."""
        services = tuple(
            Service(
                code=s.code,
                prefix=s.prefix,
                name_zh=s.name_zh,
                name_en=s.name_en,
                description_zh=s.description_zh,
                description_en=s.description_en,
                first_number=s.first_number,
                last_number=s.last_number,
                digits=s.digits,
                daily_cap=s.daily_cap or None,
                hours=tuple(_interval(h) for h in s.hours),
                default_service_minutes=s.service_minutes,
                target_wait_minutes=s.target_wait_minutes,
                priority_allowed=s.green_channel,
                enabled=s.enabled,
            )
            for s in self.services
        )
        counters = tuple(
            Counter(
                number=c.number,
                name_zh=c.name_zh or f"{c.number}号窗口",
                name_en=c.name_en or f"Counter {c.number}",
                services=tuple(c.services),
            )
            for c in self.counters
        )
        rules = Rules(
            recall_limit=self.hall.recall_limit,
            normal_per_priority=self.hall.normal_per_priority,
            wait_range_ratio=self.hall.wait_range_ratio,
            day_reset=_parse_hhmm(self.hall.day_reset),
        )
        c = self.complaints
        complaints = Complaints(tuple(c.services), c.follow_up_days, c.working_days_only, c.phone)
        return Hall(services, counters, rules, complaints)


def example_text() -> str:
    """The fully commented example; it is also the embedded demo hall."""
    return (resources.files("kiosk") / "data" / EXAMPLE_NAME).read_text(encoding="utf-8")


def _key_text(loc: tuple[str | int, ...], data: Any) -> str:
    """`services[5].last_number`, with the business type or counter it belongs to."""
    key = ""
    for part in loc:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    if len(loc) >= 2 and loc[0] in ("services", "counters") and isinstance(loc[1], int):
        try:
            table = data[loc[0]][loc[1]]
            label = (
                f"business type {table['code']!r}"
                if loc[0] == "services"
                else f"counter {table['number']}"
            )
        except (KeyError, IndexError, TypeError):
            return key
        key += f" ({label})"
    return key


def _format_error(source: str, err: ValidationError, data: Any) -> str:
    problems = []
    for e in err.errors():
        loc = tuple(e["loc"])
        cause = (e.get("ctx") or {}).get("error")
        if isinstance(cause, _KeyedError):
            loc += cause.key
            msg = str(cause)
        elif e["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling against `kiosk config example`)"
        elif e["type"] == "missing":
            msg = "required key is missing"
        else:
            msg = e["msg"].removeprefix("Value error, ")
            value = e.get("input")
            if loc == ("store", "url") and isinstance(value, str):
                from kiosk.store.engine import safe_url

                value = safe_url(value)  # an error message is no place for a password
            if isinstance(value, str | int | float | bool) and repr(value) not in msg:
                msg += f", got {value!r}"
        problems.append(f"{_key_text(loc, data) or '(top level)'}: {msg}")
    return f"{source}: " + "; ".join(problems)


def parse(text: str, source: str) -> KioskConfig:
    """Validate configuration text; `source` names it in every error."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    try:
        return KioskConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_error(source, exc, data)) from None


def load(path: Path | None) -> KioskConfig:
    """Load and validate a configuration file; None means the embedded demo hall."""
    from kiosk.files import CONFIG_LIMIT, read_text  # bounded: a device never ends

    if path is None:
        return parse(example_text(), DEMO_SOURCE)
    try:
        text = read_text(path, CONFIG_LIMIT)
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, expected a TOML file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    cfg = parse(text, str(path))
    if cfg.printer.template:
        template = (path.parent / cfg.printer.template).resolve()
        cfg = cfg.model_copy(
            update={"printer": cfg.printer.model_copy(update={"template": str(template)})}
        )
        check_template(cfg, str(path))
    return cfg


def check_template(cfg: KioskConfig, source: str) -> None:
    """Read and check the ticket template now, so a wrong one stops the start-up (and
    `kiosk config check`) with its file and key, not the first ticket."""
    from kiosk.devices.escpos.template import TemplateError, load_template

    try:
        load_template(Path(cfg.printer.template))
    except TemplateError as exc:
        raise ConfigError(f"{source}: printer.template: {exc}") from None


def default_warnings(cfg: KioskConfig, path: Path | None) -> list[str]:
    """What `kiosk config check` warns about (without failing): the shipped demo PIN and
    signing secret, and a file that every user of the machine can read its hashes in."""
    if path is None:
        return [
            f"{DEMO_SOURCE}: the technician PIN is the demo PIN 1234 and ticket links are "
            "signed with a secret generated in the data directory: a demonstration, not a "
            "hall (write the hall's own file: `kiosk config example`)"
        ]
    found: list[str] = []
    if cfg.tech.pin_hash in ("", DEMO_PIN_HASH):
        what = (
            "is the shipped demo PIN (1234), which does not apply to a hall"
            if cfg.tech.pin_hash
            else "is not set"
        )
        found.append(
            f"{path}: tech.pin_hash {what}: the technician panel asks the first technician "
            "to choose a PIN (or set one from `kiosk config hash-pin`)"
        )
    if cfg.kiosk.secret == DEMO_SECRET:
        found.append(
            f"{path}: kiosk.secret is the shipped demo secret, which is not used: ticket links "
            "are signed with the hall's own secret, generated in the data directory "
            "(ticket-secret); remove the line, or set a secret of your own"
        )
    holds = [key for key, value in (("tech.pin_hash", cfg.tech.pin_hash),
                                    ("kiosk.secret", cfg.kiosk.secret)) if value]  # fmt: skip
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0
    if holds and mode & 0o004:
        found.append(
            f"{path}: readable by every user of the machine (mode {mode:04o}) and holds "
            f"{' and '.join(holds)}: make it 0640, owned by root, group kiosk "
            "(sudo chown root:kiosk FILE && sudo chmod 0640 FILE)"
        )
    return found
