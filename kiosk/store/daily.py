"""The daily reports' record in the store (``daily_reports``, kiosk.core.daily): which
business dates are written, failed or being written, and by which process.

A process claims a date under the store's write lock before it writes the files, so
two processes sharing a store (SQLite or PostgreSQL) never both write one date's
report; the files are written outside the lock, then the outcome is recorded.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, func, select

from kiosk.core import daily
from kiosk.store.engine import translated
from kiosk.store.models import Base, DailyReportRow, DayRow, TicketRow
from kiosk.store.sql import SqlStore

_DAYS = Base.metadata.tables[DayRow.__tablename__]
_TICKETS = Base.metadata.tables[TicketRow.__tablename__]
_REPORTS = Base.metadata.tables[DailyReportRow.__tablename__]


def dates_with_tickets(store: SqlStore, first: dt.date, before: dt.date) -> list[dt.date]:
    """The business dates from ``first`` to before ``before`` with at least one ticket."""
    query = (
        select(_DAYS.c.date)
        .where(_DAYS.c.date >= first, _DAYS.c.date < before)
        .where(exists().where(_TICKETS.c.day_id == _DAYS.c.id))
        .distinct()
    )
    with translated(store.name), store._read.begin() as session:
        return sorted(d for (d,) in session.execute(query))


def newest_day(store: SqlStore) -> tuple[dt.date, dt.datetime, bool] | None:
    """The stored current business day: its date, when it ends, whether it has tickets."""
    with translated(store.name), store._read.begin() as session:
        newest = session.execute(select(func.max(_DAYS.c.id))).scalar()
        if newest is None:
            return None
        row = session.execute(
            select(_DAYS.c.date, _DAYS.c.ends_at).where(_DAYS.c.id == newest)
        ).one()
        tickets = session.execute(select(exists().where(_TICKETS.c.day_id == newest))).scalar()
        return row[0], row[1], bool(tickets)


def _record(row: DailyReportRow) -> daily.Record:
    return daily.Record(row.day, row.state, row.owner, row.at, row.reason, row.file)


def records(store: SqlStore) -> list[daily.Record]:
    """Every date's record, newest first."""
    with translated(store.name), store._read.begin() as session:
        rows = session.scalars(select(DailyReportRow).order_by(DailyReportRow.day.desc()))
        return [_record(r) for r in rows]


def record(store: SqlStore, day: dt.date) -> daily.Record | None:
    with translated(store.name), store._read.begin() as session:
        row = session.get(DailyReportRow, day)
        return _record(row) if row is not None else None


def claim(
    store: SqlStore,
    day: dt.date,
    owner: str,
    now: dt.datetime,
    *,
    retry_failed: bool = False,
    force: bool = False,
) -> bool:
    """Take ``day``'s report for ``owner`` (``writing``) if kiosk.core.daily.may_claim
    lets it, under the store's write lock; False: written, failed (not retried), or
    another process is writing it."""
    with store._writer_turn(), translated(store.name), store._write.begin() as session:
        row = session.get(DailyReportRow, day)
        found = _record(row) if row is not None else None
        if not daily.may_claim(found, owner, now, retry_failed=retry_failed, force=force):
            return False
        if row is None:
            session.add(
                DailyReportRow(
                    day=day, state=daily.WRITING, owner=owner, at=now, reason="", file=""
                )
            )
        else:
            row.state, row.owner, row.at, row.reason, row.file = daily.WRITING, owner, now, "", ""
        return True


def finish(
    store: SqlStore,
    day: dt.date,
    owner: str,
    now: dt.datetime,
    state: str,
    reason: str = "",
    file: str = "",
) -> None:
    """Record the outcome of ``owner``'s claim on ``day``: ``written``, or ``failed``
    with the reason and the file."""
    with store._writer_turn(), translated(store.name), store._write.begin() as session:
        row = session.get(DailyReportRow, day)
        if row is None:
            row = DailyReportRow(day=day)
            session.add(row)
        row.state, row.owner, row.at, row.reason, row.file = state, owner, now, reason, file
