"""The manager's report from the store (docs/reports.md).

A closed business day (one after which another day started) is summarized once into
``report_tickets``, a narrow row per ticket (kiosk.core.report.TicketFacts), and marked in
``report_days``; a report adds closed days' rows up in SQL, grouped by what it asks
(sums, and the histograms its percentiles need) and folds the days not summarized yet
(today, or a store it cannot write) ticket by ticket from the tickets and their events.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, insert, not_, or_, select
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
    ReportTicketRow,
    TicketRow,
)
from kiosk.store.sql import _TICKET_COLUMNS, _TICKETS, SqlStore, _ticket

log = logging.getLogger(__name__)

_FACTS = Base.metadata.tables[ReportTicketRow.__tablename__]
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


def _fact_row(ticket_id: int, day_id: int, f: rep.TicketFacts) -> dict[str, Any]:
    return {
        "ticket_id": ticket_id, "day_id": day_id, "date": f.date, "week": rep.week_of(f.date),
        "month": rep.month_of(f.date), "hour": f.hour, "service": f.service,
        "counter": f.counter, "staff": f.staff, "end": f.end, "called": f.called,
        "waited_s": f.waited_s, "target_s": f.target_s, "service_s": f.service_s,
        "rating": f.rating, "quote_low_s": f.quote_low_s, "quote_high_s": f.quote_high_s,
        "print_failures": f.print_failures,
    }  # fmt: skip


def summarize(
    store: SqlStore,
    targets: Mapping[str, int],
    now: dt.datetime,
    days: Iterable[int] | None = None,
) -> int:
    """Summarize the closed business days not summarized yet (of ``days``, or all), one
    transaction each under the store's write lock; returns how many. A day is closed once
    a later day started: its tickets have all ended (kiosk.core.operations.reset_day)."""
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
        with store._writer_turn(), translated(store.name), store._write.begin() as session:
            if session.get(ReportDayRow, day_id) is not None:
                continue  # another process summarized it meanwhile
            facts = _day_facts(session, day_id, date, targets, now)
            if facts:
                session.execute(insert(_FACTS), [_fact_row(i, day_id, f) for i, f in facts])
            session.add(ReportDayRow(day_id=day_id, summarized_at=now, tickets=len(facts)))
        done += 1
    if done:
        log.info("report: %d business days of %s summarized", done, store.name)
    return done


def _sums(c: Any) -> list[ColumnElement[Any]]:
    over = and_(c.waited_s > c.target_s, or_(c.called, c.end != rep.CANCELLED_DAY_END))
    served = c.end == rep.SERVED
    quoted = and_(served, c.quote_low_s.is_not(None), c.quote_high_s.is_not(None))

    def count(cond: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.sum(case((cond, 1), else_=0))

    def total(cond: ColumnElement[bool], value: Any) -> ColumnElement[Any]:
        return func.sum(case((cond, value), else_=0))

    return [
        *(count(c.end == end) for end in rep.ENDS),
        count(c.called),
        count(and_(c.called, not_(over))),
        count(and_(not_(c.called), over, c.end != rep.OPEN)),
        count(over),
        total(over, c.waited_s - c.target_s),
        *(count(and_(served, c.rating == r)) for r in rep.RATING_NAMES),
        func.sum(c.print_failures),
        count(quoted),
        count(and_(quoted, c.waited_s >= c.quote_low_s, c.waited_s <= c.quote_high_s)),
        total(quoted, c.quote_low_s),
        total(quoted, c.quote_high_s),
        total(quoted, c.waited_s),
    ]


def _key(values: Sequence[Any], by: Sequence[str]) -> rep.Key:
    return tuple(
        v.isoformat() if name == "day" and isinstance(v, dt.date) else v
        for name, v in zip(by, values, strict=True)
    )


def _summed(
    session: Session, first: dt.date, last: dt.date, by: Sequence[str]
) -> dict[rep.Key, rep.Tally]:
    """Each group's tally over the summarized days dated first..last, added up by the
    database (through ix_report_tickets_date)."""
    c = _FACTS.c
    keys = [c[_COLUMN[name]] for name in by]
    groups: dict[rep.Key, rep.Tally] = {}
    where = and_(c.date >= first, c.date <= last)
    n = len(keys)
    for row in session.execute(select(*keys, *_sums(c)).where(where).group_by(*keys)):
        t = groups[_key(row[:n], by)] = rep.Tally()
        v = [int(x or 0) for x in row[n:]]
        for end, count in zip(rep.ENDS, v, strict=False):
            if count:
                t.ends[end] = count
        v = v[len(rep.ENDS) :]
        t.called, t.within_target, t.missed, t.care, t.care_excess_s = v[:5]
        for r, count in zip(rep.RATING_NAMES, v[5:9], strict=True):
            if count:
                t.ratings[r] = count
        (t.print_failures, t.quoted, t.kept, t.quote_low_sum_s, t.quote_high_sum_s,
         t.quoted_wait_sum_s) = v[9:]  # fmt: skip
    for column, attr, cond in (
        (c.waited_s, "waits", c.called),
        (c.service_s, "service_times", c.service_s.is_not(None)),
    ):
        query = select(*keys, column, func.count()).where(where, cond).group_by(*keys, column)
        for row in session.execute(query):
            getattr(groups[_key(row[:n], by)], attr)[int(row[n])] += int(row[n + 1])
    return groups


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
        groups = _summed(session, first, last, by)
        for day_id, date, summarized in days:
            if summarized:
                continue
            live = rep.tally_facts(
                (f for _, f in _day_facts(session, day_id, date, targets, now)), by
            )
            for key, tally in live.items():
                groups.setdefault(key, rep.Tally()).merge(tally)
    return rep.build(first, last, by, groups)


def ticket_count(store: SqlStore) -> int:
    with translated(store.name), store._read.begin() as session:
        return int(session.execute(select(func.count()).select_from(TicketRow)).scalar_one())
