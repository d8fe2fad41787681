"""What each kiosk screen shows, and the small decisions behind it. No Qt here.

The controller builds these values; the pages only turn them into text in the
visitor's language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources

from kiosk.config import KioskConfig
from kiosk.core.busy import HourlyLoad, profile_load
from kiosk.core.errors import Unavailable
from kiosk.core.estimate import WaitEstimate
from kiosk.core.model import Hall, Priority, Service
from kiosk.core.ports import PrintProblem as DeviceProblem
from kiosk.core.service import IssuedTicket, ServiceStatus
from kiosk.ui.kiosk.guides import GuideSet

MIN_HISTORY_DAYS = 7  # fewer days of history than this: show the shipped profile
PROFILE_FILE = "busy_profile.toml"
DEFAULT_HOURS = tuple(range(8, 21))


class Screen(enum.Enum):
    HOME = "home"
    GUIDE = "guide"
    PRINTING = "printing"
    CONFIRM = "confirm"
    NOTICE = "notice"
    SELF_SERVICE = "self_service"
    BUSY = "busy"


# Screens that go home by themselves after kiosk.confirmation_seconds.
SHORT_SCREENS = frozenset({Screen.CONFIRM, Screen.NOTICE, Screen.SELF_SERVICE})


@dataclasses.dataclass(frozen=True)
class GuideStep:
    """Before the ticket: the guide (if any) and the choices offered."""

    service: Service
    guide: GuideSet | None
    priority_offered: bool
    status: ServiceStatus | None  # the latest known queue of this business type


@dataclasses.dataclass(frozen=True)
class Printing:
    service: Service
    priority: bool
    number: str = ""  # known once the ticket is issued


class PrintProblem(enum.Enum):
    NONE = "none"
    PAPER_OUT = "paper_out"
    OTHER = "other"


@dataclasses.dataclass(frozen=True)
class Confirmation:
    """The ticket as the visitor sees it, printed or not."""

    service: Service
    number: str
    priority: bool
    ahead: int
    estimate: WaitEstimate
    url: str
    problem: PrintProblem = PrintProblem.NONE
    uid: str = ""


class NoticeKind(enum.Enum):
    """Why no ticket was issued, in the words the visitor will read."""

    HOURS = "hours"  # outside the opening hours
    CAP = "cap"  # no more tickets today (daily cap or every number in use)
    DISABLED = "disabled"
    NO_PRIORITY = "no_priority"  # no green channel for this business type
    ERROR = "error"  # anything else: ask staff


@dataclasses.dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    service: Service


@dataclasses.dataclass(frozen=True)
class BusyInfo:
    """The typical load of the hours the hall is open."""

    hours: tuple[int, ...]
    values: tuple[float, ...]  # tickets per hour, one per shown hour
    quiet: frozenset[int]
    busiest: int
    now_hour: int
    days: int  # days of history behind the figures; 0: the shipped example profile
    ticks: tuple[int, ...] = (0,)  # the chart's scale, 0 up to at least the peak

    @property
    def example(self) -> bool:
        """The shipped profile of an invented hall, shown until this hall has a week
        of its own history (or when its history cannot be read): an example, not
        what this hall is like."""
        return self.days < MIN_HISTORY_DAYS


def scale_ticks(peak: float, most: int = 6) -> tuple[int, ...]:
    """Round steps (1, 2 or 5 times a power of ten) from 0 to the first step at or
    above the peak, at most ``most`` steps: 46 -> 0, 10, 20, 30, 40, 50."""
    if peak <= 0:
        return (0, 1)
    step = 1
    while True:
        for factor in (1, 2, 5):
            size = step * factor
            count = -(-peak // size)  # ceiling
            if count <= most:
                return tuple(int(i * size) for i in range(int(count) + 1))
        step *= 10


def priority_offered(config: KioskConfig, service: Service) -> bool:
    return config.kiosk.green_channel and service.priority_allowed


def confirmation(issued: IssuedTicket, service: Service, url: str) -> Confirmation:
    return Confirmation(
        service=service,
        number=issued.ticket.number,
        priority=issued.ticket.priority > Priority.NORMAL,
        ahead=issued.ahead,
        estimate=issued.estimate,
        url=url,
        uid=issued.ticket.uid,
    )


def print_problem(problem: DeviceProblem) -> PrintProblem:
    """The printer's reason, sorted into what the visitor is told."""
    if problem is DeviceProblem.PAPER_END:
        return PrintProblem.PAPER_OUT
    return PrintProblem.OTHER


_NOTICE_OF = {
    Unavailable.DISABLED: NoticeKind.DISABLED,
    Unavailable.HOURS: NoticeKind.HOURS,
    Unavailable.CAP: NoticeKind.CAP,
    Unavailable.NUMBERS_IN_USE: NoticeKind.CAP,  # no more tickets today, for the visitor
    Unavailable.NO_PRIORITY: NoticeKind.NO_PRIORITY,
}


def notice_kind(reason: Unavailable) -> NoticeKind:
    """Why the service refused a ticket, as the core's error carries it, sorted into what
    the visitor is told."""
    return _NOTICE_OF[reason]


def load_profile(text: str) -> HourlyLoad:
    """A typical day, ``[tickets_per_hour]`` with hours 0-23 as keys."""
    data = tomllib.loads(text)
    table = data.get("tickets_per_hour")
    if not isinstance(table, dict):
        raise ValueError(f"{PROFILE_FILE}: expected a [tickets_per_hour] table")
    profile: dict[int, float] = {}
    for key, value in table.items():
        hour = int(key)
        if not 0 <= hour <= 23 or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"{PROFILE_FILE}: {key} = {value!r}: expected hour 0-23 = tickets")
        profile[hour] = float(value)
    return profile_load(profile)


def shipped_profile() -> HourlyLoad:
    return load_profile((resources.files("kiosk") / "data" / PROFILE_FILE).read_text("utf-8"))


def _open_during(service: Service, hour: int) -> bool:
    start = dt.time(hour, 0)
    end = dt.time(hour + 1, 0) if hour < 23 else None
    return any(
        h.start < (end or dt.time.max) and (h.end is None or h.end > start) for h in service.hours
    )


def open_hours(services: Iterable[Service]) -> list[int]:
    """Hours of the day during which any enabled business type is open."""
    enabled = [s for s in services if s.enabled]
    return [h for h in range(24) if any(_open_during(s, h) for s in enabled)]


def busy_info(load: HourlyLoad, hall: Hall, now: dt.datetime) -> BusyInfo:
    """The open hours that have any load (a 24-hour hall is not shown at 3 a.m.)."""
    hours = open_hours(hall.services)
    loaded = [h for h in hours if load.per_hour[h] > 0]
    shown = tuple(h for h in hours if loaded[0] <= h <= loaded[-1]) if loaded else DEFAULT_HOURS
    values = tuple(load.per_hour[h] for h in shown)
    busiest = max(shown, key=lambda h: load.per_hour[h])
    # HourlyLoad.quiet_hours measures against the peak of all 24 hours, closed ones too;
    # here the peak is that of the hours shown, with the same rule (at most half of it).
    peak = max(values, default=0.0)
    quiet = frozenset(h for h, v in zip(shown, values, strict=True) if v <= peak / 2)
    if not loaded:
        quiet = frozenset()
    ticks = scale_ticks(peak)
    return BusyInfo(shown, values, quiet, busiest, now.hour, load.days, ticks)


def hour_ranges(hours: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive hours as [start, end) ranges: 12, 13, 19 -> (12, 14), (19, 20)."""
    ranges: list[tuple[int, int]] = []
    for h in sorted(hours):
        if ranges and ranges[-1][1] == h:
            ranges[-1] = (ranges[-1][0], h + 1)
        else:
            ranges.append((h, h + 1))
    return ranges


def pick(lang: str, zh: str, en: str) -> str:
    """The Chinese or the English of a configured text."""
    return zh if lang == "zh" else en


def statuses_by_code(statuses: Iterable[ServiceStatus]) -> Mapping[str, ServiceStatus]:
    return {s.service.code: s for s in statuses}
