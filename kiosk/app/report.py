"""The manager's report over the hall's store (docs/reports.md): for `kiosk report` and
anything that shows one (a manager view, a daily report)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

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
    """The report of the business days dated first..last from an open store, with the
    complaint follow-ups of those days (:func:`follow_ups_of`) listed and counted."""
    report = store_report.report(store, first, last, by, rep.target_seconds(hall), now)
    return rep.with_follow_ups(report, store.follow_ups(first, last), now)


def follow_ups_of(
    store: SqlStore, first: dt.date | None, last: dt.date | None, now: dt.datetime
) -> list[dict[str, Any]]:
    """The complaint follow-ups a report of first..last lists (None: no bound): opened
    on those business dates, or before them and still open or closed since ``first``;
    each as kiosk.core.report.follow_up_row (case_number, ticket, service, counter,
    staff, opened_at, promised_by, closed_at, closed_by, note, status open|overdue|closed
    by ``now``). Counts: kiosk.core.report.follow_up_counts."""
    return [rep.follow_up_row(f, now) for f in store.follow_ups(first, last)]


def follow_ups(
    settings: Settings,
    first: dt.date | None = None,
    last: dt.date | None = None,
    clock: Clock | None = None,
) -> list[dict[str, Any]]:
    """:func:`follow_ups_of` on the hall's store, opened and closed here: what a manager
    view lists (open and overdue first is the caller's choice of order)."""
    now = (clock or make_clock()).now()
    store = open_queue_store(settings)
    try:
        return follow_ups_of(store, first, last, now)
    finally:
        store.close()


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
