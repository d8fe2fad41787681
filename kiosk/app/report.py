"""The manager's report over the hall's store (docs/reports.md): for `kiosk report` and
anything that shows one (a manager view, a daily report)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kiosk.app.settings import Settings, make_clock
from kiosk.app.store import open_queue_store
from kiosk.core import operations as ops
from kiosk.core import report as rep
from kiosk.core.clock import Clock
from kiosk.core.model import Hall
from kiosk.store import report as store_report
from kiosk.store.sql import SqlStore


def today(hall: Hall, now: dt.datetime) -> dt.date:
    """The business date of a moment (days start at the hall's reset hour)."""
    return ops.business_date(now, hall.rules.day_reset)


def report_of(
    store: SqlStore,
    hall: Hall,
    first: dt.date,
    last: dt.date,
    by: Sequence[str],
    now: dt.datetime,
) -> rep.Report:
    """The report of the business days dated first..last from an open store."""
    return store_report.report(store, first, last, by, rep.target_seconds(hall), now)


def span(
    hall: Hall, first: dt.date | None, last: dt.date | None, now: dt.datetime
) -> tuple[dt.date, dt.date]:
    """A report's days: ``last`` defaults to today's business day, ``first`` to ``last``."""
    last = last or today(hall, now)
    return first or last, last


def manager_report(
    settings: Settings,
    first: dt.date,
    last: dt.date,
    by: Sequence[str],
    clock: Clock | None = None,
) -> rep.Report:
    """One report: the store opened, read (closed days summarized once) and closed."""
    now = (clock or make_clock()).now()
    hall = settings.hall
    store = open_queue_store(settings)
    try:
        return report_of(store, hall, first, last, by, now)
    finally:
        store.close()
