"""History the wait estimator learns from: tickets issued in a span of time, or only
those finished since the last read (the live estimator's incremental refresh)."""

from __future__ import annotations

import datetime as dt

from kiosk.core.model import Ticket
from kiosk.store.engine import translated
from kiosk.store.sql import _TICKET_SELECT, _TICKETS, SqlStore, _ticket


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
