"""Hand-written business days for the report tests: a few tickets with known times,
written by the real operations on a ManualClock into a real SQLite store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from kiosk.core.clock import ManualClock
from kiosk.core.estimate import QueueSnapshot, WaitEstimate
from kiosk.core.model import Hall, Priority, Resolution
from kiosk.core.service import QueueService
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore
from tests.server.conftest import hall_server  # noqa: F401 (a live hall server, for the server's path)

DAY1 = dt.date(2026, 11, 24)
DAY2 = dt.date(2026, 11, 25)
REPORT_AT = dt.datetime(2026, 11, 25, 10, 20)


class FixedQuote:
    """Every ticket is quoted "5-10 min", a complaint "2-4 min": the promise's answers
    are worked out by hand."""

    def estimate(self, snapshot: QueueSnapshot, priority: Priority) -> WaitEstimate:
        if snapshot.service.code == "complaint":
            return WaitEstimate(snapshot.waiting, 2, 4)
        return WaitEstimate(snapshot.waiting, 5, 10)


def at(day: dt.date, hh: int, mm: int, ss: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm, ss))


def write_days(service: QueueService, clock: ManualClock) -> None:
    """The two days of docs/reports.md's worked example (answers in test_report_days)."""
    # -- day 1, 2026-11-24 ------------------------------------------------------------
    clock.set(at(DAY1, 9, 0))
    a1 = service.issue("bill", printing=True).ticket  # A001, quoted 5-10 min
    service.report_printed(a1.uid)
    clock.set(at(DAY1, 9, 2))
    a2 = service.issue("bill", printing=True).ticket  # A002: the printer fails
    service.report_print_failure(a2.uid, a2.number, "paper end", "paper_end")
    clock.set(at(DAY1, 9, 4))
    service.issue("plan")  # B001
    clock.set(at(DAY1, 9, 5))
    service.open_counter(1)
    clock.set(at(DAY1, 9, 6, 30))
    assert service.call_next(1).number == "A001"  # waited 390 s
    clock.set(at(DAY1, 9, 7))
    service.serve(1)
    clock.set(at(DAY1, 9, 10))
    service.done(1)  # served 180 s
    service.rate(a1.uid, 4)
    assert service.call_next(1).number == "A002"  # waited 480 s
    clock.set(at(DAY1, 9, 11))
    service.serve(1)
    clock.set(at(DAY1, 9, 16))
    service.done(1)  # served 300 s
    service.rate(a2.uid, 2)
    assert service.call_next(1).number == "B001"  # waited 720 s: 120 s past the target
    clock.set(at(DAY1, 9, 18))
    service.no_show(1)
    clock.set(at(DAY1, 9, 20))
    service.issue("bill")  # A003
    clock.set(at(DAY1, 9, 21))
    service.cancel("A003", by="visitor")  # waited 60 s, never called
    clock.set(at(DAY1, 9, 22))
    service.issue("bill")  # A004
    clock.set(at(DAY1, 9, 23))
    service.cancel("A004")  # by staff
    clock.set(at(DAY1, 9, 25))
    service.issue("bill")  # A005: still waiting when the day ends
    # -- day 2, 2026-11-25: its first operation closes day 1 ---------------------------
    clock.set(at(DAY2, 9, 0))
    service.issue("complaint")  # E001 (target 5 min)
    service.open_counter(4)
    clock.set(at(DAY2, 9, 6))
    assert service.call_next(4).number.endswith("001")  # waited 360 s: 60 s past target
    service.serve(4)
    clock.set(at(DAY2, 9, 20))
    service.resolve(4, Resolution.RESOLVED_HERE)  # served 840 s
    clock.set(at(DAY2, 10, 0))
    service.issue("bill")  # A001 of day 2, still waiting at the report (1200 s at 10:20)
    clock.set(REPORT_AT)


@pytest.fixture
def report_store(store_url: str) -> Iterator[SqlStore]:
    """A new store, once on SQLite and once on PostgreSQL (tests/stores.py)."""
    store = open_store(store_url)
    yield store
    store.close()


@pytest.fixture
def written(demo_hall: Hall, report_store: SqlStore) -> SqlStore:
    clock = ManualClock(at(DAY1, 9, 0))
    write_days(QueueService(demo_hall, report_store, clock, FixedQuote()), clock)
    return report_store
