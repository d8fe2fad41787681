"""The daily report: written by itself once a business day has ended (docs/reports.md,
"The daily report").

Pure rules: the files' names (``YYYY-MM-DD.pdf`` and ``YYYY-MM-DD.csv`` in
``DATA_DIR/reports/daily``), which business dates are due, the record the store keeps
of each date (``writing``, ``written``, ``failed`` with the reason and the file) and
whether a process may take a date over, and what the technician panel lists
(:class:`DailyReport`). The writing itself is kiosk.app.daily's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Protocol

from kiosk.core import operations as ops
from kiosk.core.model import Hall
from kiosk.core.state import HallState

FOLDER = ("reports", "daily")  # under the data directory
EXTENSIONS = ("pdf", "csv")
# A daily report's file name, exactly: the day's ISO date and its extension. Nothing
# else is served or listed (no path, no other folder).
NAME = re.compile(r"\A(\d{4}-\d{2}-\d{2})\.(pdf|csv)\Z")
NAME_PATTERN = r"^\d{4}-\d{2}-\d{2}\.(pdf|csv)$"  # the same, as OpenAPI states it
# The report's groups: the CSV is `kiosk report --by service --by counter --by staff
# --by hour` of the day; the PDF has a table per group.
CSV_BY = ("service", "counter", "staff", "hour")
PDF_SECTIONS: tuple[tuple[str, ...], ...] = (("service",), ("counter",), ("staff",), ("hour",))
# How far back a process looks for a day with no report (a PC off for a week is caught
# up; older days are written by hand: `kiosk report daily --day DAY`).
CATCH_UP_DAYS = 31
# A claim ("writing") older than this was left by a process that stopped while writing:
# another may take the day over.
STALE = dt.timedelta(minutes=10)

WRITING = "writing"
WRITTEN = "written"
FAILED = "failed"
MISSING = "missing"  # recorded as written, but the files are not in the folder


def file_names(day: dt.date) -> tuple[str, ...]:
    """The day's files: ``YYYY-MM-DD.pdf``, ``YYYY-MM-DD.csv``."""
    return tuple(f"{day.isoformat()}.{ext}" for ext in EXTENSIONS)


def parse_name(name: str) -> tuple[dt.date, str] | None:
    """(day, extension) of a daily report's file name; None for any other name (a path,
    another extension, a date that does not exist)."""
    found = NAME.match(name)
    if found is None:
        return None
    try:
        day = dt.date.fromisoformat(found.group(1))
    except ValueError:
        return None
    return day, found.group(2)


@dataclasses.dataclass(frozen=True)
class Record:
    """What the store keeps of a date's report."""

    day: dt.date
    state: str  # WRITING, WRITTEN or FAILED
    owner: str  # the process that wrote or is writing it (host:pid)
    at: dt.datetime  # when it was claimed, written or failed (hall time)
    reason: str = ""  # why it failed
    file: str = ""  # the file it failed on


def may_claim(
    record: Record | None, owner: str, now: dt.datetime, *, retry_failed: bool, force: bool
) -> bool:
    """Whether ``owner`` may write this date's report now.

    Never a date written (unless ``force``: by hand), nor one another process is writing
    (unless its claim is :data:`STALE`); a failed one when retrying (a process's start,
    or by hand)."""
    if record is None:
        return True
    if record.state == WRITING:
        return record.owner == owner or now - record.at >= STALE
    if force:
        return True
    if record.state == FAILED:
        return retry_failed
    return False


def due_dates(with_tickets: list[dt.date], today: dt.date) -> list[dt.date]:
    """The dates to look at, oldest first: those before ``today`` (the current business
    day) within :data:`CATCH_UP_DAYS`, that have tickets (a day with none has no report)."""
    first = today - dt.timedelta(days=CATCH_UP_DAYS)
    return sorted({d for d in with_tickets if first <= d < today})


def next_check(now: dt.datetime, hall: Hall) -> dt.datetime:
    """When the current business day ends: the next report is due then."""
    return ops.next_reset(now, hall.rules.day_reset)


def close_ended_day(hall: Hall, state: HallState, now: dt.datetime) -> None:
    """No operation of its own: :func:`kiosk.core.operations.begin`, which runs first,
    closes a business day past its reset (its open tickets end with the day) and starts
    the next, as the next ticket would."""


@dataclasses.dataclass(frozen=True)
class ReportFile:
    name: str  # YYYY-MM-DD.pdf or .csv
    size: int  # bytes


@dataclasses.dataclass(frozen=True)
class DailyReport:
    """One date's report as the technician panel lists it."""

    day: dt.date
    status: str  # WRITTEN, FAILED, WRITING or MISSING
    reason: str  # why it failed ("" otherwise)
    at: dt.datetime | None  # when it was written or failed; None: files with no record
    files: tuple[ReportFile, ...]  # those in the folder
    file: str = ""  # the file it failed on (its path)


def listing(records: list[Record], files: dict[str, int]) -> list[DailyReport]:
    """The reports, newest first, from the store's records and the folder's files (name
    -> size): a date with either is listed. Files with no record were written by hand
    or copied there: written."""
    by_day: dict[dt.date, list[ReportFile]] = {}
    for name, size in sorted(files.items()):
        parsed = parse_name(name)
        if parsed is not None:
            by_day.setdefault(parsed[0], []).append(ReportFile(name, size))
    known = {r.day: r for r in records}
    out = []
    for day in sorted(set(by_day) | set(known), reverse=True):
        present = tuple(by_day.get(day, ()))
        record = known.get(day)
        if record is None:
            out.append(DailyReport(day, WRITTEN, "", None, present))
            continue
        status, reason = record.state, record.reason
        if status == WRITTEN and len(present) < len(EXTENSIONS):
            status, reason = MISSING, "recorded as written, but a file is not in the folder"
        out.append(DailyReport(day, status, reason, record.at, present, record.file))
    return out


class DailyReports(Protocol):
    """The daily reports as the technician panel asks for them: the process's own
    (kiosk.app.daily.LocalReports) or the hall server's (kiosk.app.remote_runtime)."""

    @property
    def where(self) -> str:
        """Where they are: the folder, or the hall server's URL."""
        ...

    def daily_reports(self) -> list[DailyReport]: ...

    def daily_report_file(self, name: str) -> bytes: ...
