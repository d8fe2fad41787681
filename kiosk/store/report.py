"""The manager's report from the store (docs/reports.md).

A closed business day (one after which another day started) is summarized once into
``report_groups``: a row per hour, business type, counter and staff member of the day,
holding its kiosk.core.report.Tally (the sums, and the waits and service times as
packed arrays of whole seconds, so percentiles stay exact), and marked in
``report_days``. A report adds those rows up (the sums in SQL, the arrays in memory),
and folds the days not summarized yet (today, or a store it cannot write) ticket by
ticket from the tickets and their events, as the summary does.
"""

from __future__ import annotations

import array
import datetime as dt
import logging
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import and_, func, insert, select
from sqlalchemy.orm import Session

from kiosk.core import report as rep
from kiosk.core.errors import StoreReadOnly
from kiosk.core.model import Event, EventKind
from kiosk.store.engine import translated
from kiosk.store.models import (
    Base,
    DayRow,
    EventRow,
    ReportDayRow,
    ReportGroupRow,
)
from kiosk.store.sql import _TICKET_COLUMNS, _TICKETS, SqlStore, _ticket

log = logging.getLogger(__name__)

_GROUPS = Base.metadata.tables[ReportGroupRow.__tablename__]
_RDAYS = Base.metadata.tables[ReportDayRow.__tablename__]
_DAYS = Base.metadata.tables[DayRow.__tablename__]
_EVENTS = Base.metadata.tables[EventRow.__tablename__]
_KINDS = [str(k) for k in (EventKind.ISSUED, EventKind.CALLED, EventKind.CANCELLED,
                           EventKind.PRINT_FAILED)]  # fmt: skip
_COLUMN = {"day": "date", "week": "week", "month": "month", "hour": "hour",
           "service": "service", "counter": "counter", "staff": "staff"}  # fmt: skip


def _days(session: Session, first: dt.date, last: dt.date) -> list[tuple[int, dt.date, bool]]:
    """(id, date, summarized) of the business days dated first..last."""
    rows = session.execute(
        select(_DAYS.c.id, _DAYS.c.date, _RDAYS.c.day_id.is_not(None))
        .outerjoin(_RDAYS, _RDAYS.c.day_id == _DAYS.c.id)
        .where(_DAYS.c.date >= first, _DAYS.c.date <= last)
        .order_by(_DAYS.c.id)
    )
    return [(int(i), d, bool(s)) for i, d, s in rows]


def _day_facts(
    session: Session,
    day_id: int,
    date: dt.date,
    targets: Mapping[str, int],
    now: dt.datetime,
) -> list[tuple[int, rep.TicketFacts]]:
    """(ticket row id, facts) of every ticket of one business day."""
    query = select(_TICKETS.c.id, *(_TICKETS.c[c] for c in _TICKET_COLUMNS)).where(
        _TICKETS.c.day_id == day_id
    )
    tickets = [(int(row[0]), _ticket(tuple(row[1:]))) for row in session.execute(query)]
    events: dict[str, list[Event]] = defaultdict(list)
    e = _EVENTS.c
    rows = session.execute(
        select(
            _EVENTS.c.kind, _EVENTS.c.at, _EVENTS.c.ticket_uid, _EVENTS.c.counter, _EVENTS.c.data
        )
        .where(e.day_id == day_id, e.kind.in_(_KINDS))
        .order_by(e.id)
    )
    for kind, at, uid, counter, data in rows:
        if uid is not None:
            events[uid].append(Event(EventKind(kind), at, day_id, uid, counter, data or {}))
    return [(i, rep.facts_of(t, date, events.get(t.uid, ()), targets, now)) for i, t in tickets]


# The summary's grain: a report groups by any combination of these (day, week and month
# are the day's; the rest is the ticket's).
_GRAIN = ("day", "hour", "service", "counter", "staff")
_SCALARS = (
    "called", "within_target", "missed", "care", "care_excess_s", "print_failures",
    "quoted", "kept", "quote_low_sum_s", "quote_high_sum_s", "quoted_wait_sum_s",
)  # fmt: skip
_SUMS = (*(f"end_{e}" for e in rep.ENDS), *_SCALARS, *(f"rated_{r}" for r in (1, 2, 3, 4)))


def _pack(histogram: Counter[int]) -> bytes:
    """A histogram of seconds as every value, sorted, in 4-byte little-endian integers."""
    values = array.array("I", sorted(histogram.elements()))
    if sys.byteorder == "big":
        values.byteswap()
    return values.tobytes()


def _group_row(day_id: int, date: dt.date, key: rep.Key, t: rep.Tally) -> dict[str, Any]:
    _, hour, service, counter, staff = key
    row: dict[str, Any] = {
        "day_id": day_id, "date": date, "week": rep.week_of(date), "month": rep.month_of(date),
        "hour": hour, "service": service, "counter": counter, "staff": staff,
        "waits": _pack(t.waits), "service_times": _pack(t.service_times),
    }  # fmt: skip
    for end in rep.ENDS:
        row[f"end_{end}"] = t.ends[end]
    for name in _SCALARS:
        row[name] = getattr(t, name)
    for r in (1, 2, 3, 4):
        row[f"rated_{r}"] = t.ratings[r]
    return row


def _tally_of(sums: Sequence[Any]) -> rep.Tally:
    """A tally from the _SUMS of a group (its histograms added apart)."""
    t = rep.Tally()
    values = dict(zip(_SUMS, (int(v or 0) for v in sums), strict=True))
    for end in rep.ENDS:
        if values[f"end_{end}"]:
            t.ends[end] = values[f"end_{end}"]
    for name in _SCALARS:
        setattr(t, name, values[name])
    for r in (1, 2, 3, 4):
        if values[f"rated_{r}"]:
            t.ratings[r] = values[f"rated_{r}"]
    return t


def summarize(
    store: SqlStore,
    targets: Mapping[str, int],
    now: dt.datetime,
    days: Iterable[int] | None = None,
) -> int:
    """Summarize the closed business days not summarized yet (of ``days``, or all): each
    read and added up in a read transaction, then written in a short write transaction
    under the store's write lock; returns how many. A day is closed once a later day
    started: its tickets have all ended (kiosk.core.operations.reset_day)."""
    with translated(store.name), store._read.begin() as session:
        newest = session.execute(select(func.max(_DAYS.c.id))).scalar()
        query = (
            select(_DAYS.c.id, _DAYS.c.date)
            .outerjoin(_RDAYS, _RDAYS.c.day_id == _DAYS.c.id)
            .where(_RDAYS.c.day_id.is_(None), _DAYS.c.id < (newest or 0))
            .order_by(_DAYS.c.id)
        )
        if days is not None:
            query = query.where(_DAYS.c.id.in_(list(days)))
        todo = [(int(i), d) for i, d in session.execute(query)]
    done = 0
    for day_id, date in todo:
        # A closed day no longer changes: read and add it up outside the write lock, so
        # the hall's operations wait only for the short insert.
        with translated(store.name), store._read.begin() as session:
            facts = _day_facts(session, day_id, date, targets, now)
        groups = rep.tally_facts((f for _, f in facts), _GRAIN)
        rows = [_group_row(day_id, date, key, t) for key, t in groups.items()]
        with store._writer_turn(), translated(store.name), store._write.begin() as session:
            if session.get(ReportDayRow, day_id) is not None:
                continue  # another process summarized it meanwhile
            if rows:
                session.execute(insert(_GROUPS), rows)
            session.add(ReportDayRow(day_id=day_id, summarized_at=now, tickets=len(facts)))
        done += 1
    if done:
        log.info("report: %d business days of %s summarized", done, store.name)
    return done


def _keyer(by: Sequence[str]) -> Callable[[Sequence[Any]], rep.Key]:
    """A row's first len(by) values as a group key (a day as its ISO date)."""
    n = len(by)
    if "day" not in by:
        return lambda row: tuple(row[:n])
    i = by.index("day")
    iso: dict[Any, str] = {}

    def key(row: Sequence[Any]) -> rep.Key:
        values = list(row[:n])
        day = values[i]
        text = iso.get(day)
        if text is None:
            text = iso[day] = day.isoformat() if isinstance(day, dt.date) else str(day)
        values[i] = text
        return tuple(values)

    return key


def _seconds(chunks: array.array[int]) -> Counter[int]:
    if sys.byteorder == "big":
        chunks.byteswap()
    return Counter(chunks)


def _summed(
    session: Session, first: dt.date, last: dt.date, by: Sequence[str]
) -> tuple[dict[rep.Key, rep.Tally], rep.Tally]:
    """Each group's tally over the summarized days dated first..last, and their total:
    the sums added up by the database, the arrays of seconds here, each group's joined
    before it is counted once (through ix_report_groups_date)."""
    c = _GROUPS.c
    keys = [c[_COLUMN[name]] for name in by]
    where = and_(c.date >= first, c.date <= last)
    n = len(keys)
    key = _keyer(by)
    groups: dict[rep.Key, rep.Tally] = {}
    total = rep.Tally()
    sums = [func.sum(c[name]) for name in _SUMS]
    for row in session.execute(select(*keys, *sums).where(where).group_by(*keys)):
        t = groups[key(row)] = _tally_of(row[n:])
        total.merge(t, histograms=False)
    waits: dict[rep.Key, array.array[int]] = defaultdict(lambda: array.array("I"))
    times: dict[rep.Key, array.array[int]] = defaultdict(lambda: array.array("I"))
    query = select(*keys, c.waits, c.service_times).where(where)
    for row in session.execute(query):
        k = key(row)
        waits[k].frombytes(row[n])
        times[k].frombytes(row[n + 1])
    every_wait, every_time = array.array("I"), array.array("I")
    for k, t in groups.items():
        t.waits = _seconds(waits[k])
        t.service_times = _seconds(times[k])
        every_wait.extend(waits[k])
        every_time.extend(times[k])
    total.waits = Counter(every_wait)
    total.service_times = Counter(every_time)
    return groups, total


def report(
    store: SqlStore,
    first: dt.date,
    last: dt.date,
    by: Sequence[str],
    targets: Mapping[str, int],
    now: dt.datetime,
) -> rep.Report:
    """The report of the business days dated first..last, grouped by ``by``.

    Closed days not summarized yet are summarized first (a store that cannot be written
    is reported all the same, those days folded ticket by ticket)."""
    by = rep.check_groups(by)
    with translated(store.name), store._read.begin() as session:
        ids = [i for i, _, summarized in _days(session, first, last) if not summarized]
    if ids:
        try:
            summarize(store, targets, now, ids)
        except StoreReadOnly:
            log.info("report: store %s is read-only; closed days folded live", store.name)
    with translated(store.name), store._read.begin() as session:
        days = _days(session, first, last)
        groups, total = _summed(session, first, last, by)
        for day_id, date, summarized in days:
            if summarized:
                continue
            facts = _day_facts(session, day_id, date, targets, now)
            live = rep.tally_facts((f for _, f in facts), by)
            for key, tally in live.items():
                groups.setdefault(key, rep.Tally()).merge(tally)
                total.merge(tally)
    return rep.build(first, last, by, groups, total)
