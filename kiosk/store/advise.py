"""The history the staffing advice learns from (kiosk.core.advise, docs/reports.md).

Three reads, each through an index: the tickets issued on the last
:data:`~kiosk.core.advise.SAME_WEEKDAYS` same weekdays before the day (their business
type and issue time: the arrivals), the tickets of the
:data:`~kiosk.core.advise.LEARN_DAYS` days before it with the ``cancelled`` events that
say who cancelled (service times and patience, added up per business type here), and the
counter events of the day itself and of the last same weekday before it (the counters
open). The tickets of a day are read through ``ix_tickets_day``, the events through
``ix_events_day_kind``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core import advise as adv
from kiosk.core.model import EventKind, Outcome
from kiosk.store.engine import translated
from kiosk.store.models import Base, DayRow, EventRow, TicketRow
from kiosk.store.sql import SqlStore

_DAYS = Base.metadata.tables[DayRow.__tablename__]
_TICKETS = Base.metadata.tables[TicketRow.__tablename__]
_EVENTS = Base.metadata.tables[EventRow.__tablename__]
_COUNTER_KINDS = [
    str(k) for k in (EventKind.COUNTER_OPENED, EventKind.COUNTER_PAUSED, EventKind.COUNTER_CLOSED)
]


def history(store: SqlStore, day: dt.date, now: dt.datetime) -> adv.History:
    """What the advice for business day ``day`` learns from, read at ``now``."""
    first = day - dt.timedelta(days=max(7 * adv.SAME_WEEKDAYS, adv.LEARN_DAYS))
    with translated(store.name), store._read.begin() as session:
        days = [
            (int(i), d, ends)
            for i, d, ends in session.execute(
                select(_DAYS.c.id, _DAYS.c.date, _DAYS.c.ends_at)
                .where(_DAYS.c.date >= first, _DAYS.c.date <= day)
                .order_by(_DAYS.c.id)
            )
        ]
        same = [(i, d) for i, d, _ in days if d < day and d.weekday() == day.weekday()]
        same_dates = sorted({d for _, d in same})[-adv.SAME_WEEKDAYS :]
        arrival_ids = [i for i, d in same if d in same_dates]
        arrivals: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        t = _TICKETS.c
        if arrival_ids:
            rows = session.execute(
                select(t.original_service, t.issued_at).where(t.day_id.in_(arrival_ids))
            )
            for service, issued in rows:
                arrivals[service][adv.slot_index(issued)] += 1
        learn_from = day - dt.timedelta(days=adv.LEARN_DAYS)
        learn_ids = [i for i, d, _ in days if learn_from <= d < day]
        services = _services(session, learn_ids)
        counter_days = []
        for wanted in (day, same_dates[-1] if same_dates else None):
            ids = [(i, ends) for i, d, ends in days if d == wanted]
            if wanted is None or not ids:
                continue
            until = min(now, max(ends for _, ends in ids))
            rows = session.execute(
                select(_EVENTS.c.at, _EVENTS.c.counter, _EVENTS.c.kind).where(
                    _EVENTS.c.day_id.in_([i for i, _ in ids]),
                    _EVENTS.c.kind.in_(_COUNTER_KINDS),
                    _EVENTS.c.at <= until,
                )
            )
            events = [(at, int(c), str(k)) for at, c, k in rows if c is not None]
            counter_days.append(adv.CounterDay(wanted, until, events))
    return adv.History(
        {s: dict(v) for s, v in arrivals.items()},
        len(same_dates),
        services,
        tuple(counter_days),
    )


def _services(session: Session, day_ids: list[int]) -> dict[str, adv.ServiceHistory]:
    """Each business type's service time and patience figures over the days."""
    out: dict[str, adv.ServiceHistory] = defaultdict(adv.ServiceHistory)
    if not day_ids:
        return {}
    e = _EVENTS.c
    by_visitor = {
        uid
        for uid, data in session.execute(
            select(e.ticket_uid, e.data).where(
                e.day_id.in_(day_ids), e.kind == str(EventKind.CANCELLED)
            )
        )
        if uid is not None and (data or {}).get("by") == "visitor"
    }
    t = _TICKETS.c
    rows = session.execute(
        select(t.original_service, t.uid, t.issued_at, t.called_at, t.finished_at, t.outcome).where(
            t.day_id.in_(day_ids)
        )
    )
    served, no_show, cancelled = str(Outcome.SERVED), str(Outcome.NO_SHOW), str(Outcome.CANCELLED)
    for service, uid, issued, called, finished, outcome in rows:
        h = out[service]
        if called is not None:
            if outcome in (served, no_show) and finished is not None:
                h.busy_s += max(0.0, (finished - called).total_seconds())
            if outcome == served:
                h.served += 1
            elif outcome == no_show:
                h.no_shows += 1
            h.called(max(0.0, (called - issued).total_seconds()), outcome == no_show)
        elif outcome == cancelled and finished is not None:
            h.uncalled_s += max(0.0, (finished - issued).total_seconds())
            if uid in by_visitor:
                h.gave_up += 1
    return dict(out)
