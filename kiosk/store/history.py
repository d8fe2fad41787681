"""History the wait estimator learns from: tickets issued in a span of time, or only
those finished since the last read (the live estimator's incremental refresh); and the
counters' pauses (breaks) that ended in it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from kiosk.core.model import EventKind, Ticket
from kiosk.core.wait.history import CounterPause, counter_pauses
from kiosk.store.engine import translated
from kiosk.store.sql import _EVENTS, _TICKET_SELECT, _TICKETS, SqlStore, _ticket

_COUNTER_KINDS = [
    str(k) for k in (EventKind.COUNTER_OPENED, EventKind.COUNTER_PAUSED, EventKind.COUNTER_CLOSED)
]


def tickets_between(
    store: SqlStore,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    *,
    finished_since: dt.datetime | None = None,
) -> list[Ticket]:
    """Every ticket issued in [start, end) (None: unbounded), in issue order; with
    ``finished_since``, only those finished at or after it (the ones read before are
    not read again).

    Reads through ``ix_tickets_issued_at``: a month of a busy hall is some tens of
    thousands of rows; an incremental read bounds ``start`` too (a ticket finishes on
    the day it was issued), so it reads the rows of a day, not of the whole span."""
    query = _TICKET_SELECT
    if start is not None:
        query = query.where(_TICKETS.c.issued_at >= start)
    if end is not None:
        query = query.where(_TICKETS.c.issued_at < end)
    if finished_since is not None:
        query = query.where(_TICKETS.c.finished_at >= finished_since)
    with translated(store.name), store._read.begin() as session:
        rows = session.execute(query.order_by(_TICKETS.c.issued_at, _TICKETS.c.id))
        return [_ticket(r) for r in rows]


def pauses_between(
    store: SqlStore,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    *,
    ended_since: dt.datetime | None = None,
) -> list[CounterPause]:
    """The counters' pauses begun in [start, end) that had ended by ``end`` (opened
    again, or closed), in time order; with ``ended_since`` only those that ended at or
    after it (kiosk.core.wait.history.counter_pauses). Reads the counter events through
    ``ix_events_at``: a few a day per counter."""
    e = _EVENTS.c
    query = select(e.at, e.counter, e.kind).where(
        e.kind.in_(_COUNTER_KINDS), e.counter.is_not(None)
    )
    if start is not None:
        query = query.where(e.at >= start)
    if end is not None:
        query = query.where(e.at < end)
    with translated(store.name), store._read.begin() as session:
        events = [
            (at, int(counter), str(kind))
            for at, counter, kind in session.execute(query.order_by(e.at, e.id))
        ]
    return counter_pauses(events, ended_since)
