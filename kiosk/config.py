"""The hall's configuration: one TOML file, typed and validated at start.

Errors name the file, the key and what was expected. With no file, the embedded
demo hall (kiosk/data/hall.example.toml, also what `kiosk config example` prints)
is used.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kiosk.core.errors import ConfigError
from kiosk.core.model import Counter, Hall, OpeningHours, Rules, Service

EXAMPLE_NAME = "hall.example.toml"
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_INTERVAL = re.compile(r"^(\d\d:\d\d)-(\d\d:\d\d)$")


def _parse_hhmm(text: str) -> dt.time:
    if not _HHMM.match(text):
        raise ValueError(f"expected a time HH:MM, got {text!r}")
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HallSection(_Model):
    name_zh: str = "营业厅"
    name_en: str = "Service hall"
    day_reset: str = "04:00"
    recall_limit: Annotated[int, Field(ge=0, le=20)] = 3
    normal_per_priority: Annotated[int, Field(ge=0, le=100)] = 0

    @field_validator("day_reset")
    @classmethod
    def _check_reset(cls, v: str) -> str:
        _parse_hhmm(v)
        return v


class StoreSection(_Model):
    url: str = ""  # empty: the SQLite file kiosk.db in the data directory
    busy_timeout_ms: Annotated[int, Field(ge=100, le=600_000)] = 5000


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
            raise ValueError(
                f"last_number {self.last_number} is below first_number {self.first_number}"
            )
        if len(str(self.last_number)) > self.digits:
            raise ValueError(f"last_number {self.last_number} has more than {self.digits} digits")
        return self


def _interval(text: str) -> OpeningHours:
    m = _INTERVAL.match(text)
    if not m:
        raise ValueError(f'expected an interval "HH:MM-HH:MM", got {text!r}')
    start = _parse_hhmm(m.group(1))
    end = None if m.group(2) == "24:00" else _parse_hhmm(m.group(2))
    if end is not None and end <= start:
        raise ValueError(f"interval {text!r} ends before it starts")
    return OpeningHours(start, end)


class CounterSection(_Model):
    number: Annotated[int, Field(ge=1, le=999)]
    name_zh: str = ""
    name_en: str = ""
    services: Annotated[list[str], Field(min_length=1)]


class KioskConfig(_Model):
    hall: HallSection = HallSection()
    store: StoreSection = StoreSection()
    services: Annotated[list[ServiceSection], Field(min_length=1)]
    counters: Annotated[list[CounterSection], Field(min_length=1)]

    @model_validator(mode="after")
    def _check_references(self) -> KioskConfig:
        codes: dict[str, int] = {}
        prefixes: dict[str, int] = {}
        for i, s in enumerate(self.services):
            if s.code in codes:
                raise ValueError(f"services[{i}].code: {s.code!r} is used twice")
            if s.prefix in prefixes:
                raise ValueError(f"services[{i}].prefix: {s.prefix!r} is used twice")
            codes[s.code] = i
            prefixes[s.prefix] = i
        seen: set[int] = set()
        for i, c in enumerate(self.counters):
            if c.number in seen:
                raise ValueError(f"counters[{i}].number: counter {c.number} is defined twice")
            seen.add(c.number)
            for j, code in enumerate(c.services):
                if code not in codes:
                    raise ValueError(
                        f"counters[{i}].services[{j}]: unknown business type {code!r} "
                        f"(known: {', '.join(codes)})"
                    )
        return self

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
            day_reset=_parse_hhmm(self.hall.day_reset),
        )
        return Hall(services, counters, rules)


def example_text() -> str:
    """The fully commented example; it is also the embedded demo hall."""
    return (resources.files("kiosk") / "data" / EXAMPLE_NAME).read_text(encoding="utf-8")


def _format_error(source: str, err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        key = ""
        for part in e["loc"]:
            key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling against `kiosk config example`)"
        elif e["type"] == "missing":
            msg = "required key is missing"
        lines.append(f"{source}: {key or '(top level)'}: {msg}")
    return "; ".join(lines)


def parse(text: str, source: str) -> KioskConfig:
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    try:
        return KioskConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_error(source, exc)) from None


def load(path: Path | None) -> KioskConfig:
    """Load and validate a configuration file; None means the embedded demo hall."""
    if path is None:
        return parse(example_text(), "embedded demo hall")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    return parse(text, str(path))
