"""The store's tickets as trace rows: what `kiosk export-trace` writes and what the
live estimator replays to learn the hall (docs/trace-format.md, "From the store")."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from kiosk.core.model import EventKind, Outcome, Ticket, TicketState
from kiosk.core.wait.trace import PAUSED, TraceRow

_OUTCOMES = {
    Outcome.SERVED: "served",
    Outcome.NO_SHOW: "no_show",
    Outcome.CANCELLED: "cancelled",
}


def trace_row(ticket: Ticket) -> TraceRow | None:
    """One finished ticket as a trace row; None while it is still active.

    The business type is the one it queued for; a transferred ticket's first service
    ends at its transfer. A ticket still waiting when its day ended (expired) is
    ``cancelled`` at that moment; one still at a counter then is ``served``."""
    if ticket.state.active:
        return None
    service = ticket.original_service or ticket.service
    called = ticket.called_at
    done = ticket.transferred_at or ticket.finished_at
    counter = str(ticket.counter) if ticket.counter is not None and called else ""
    if ticket.outcome is Outcome.EXPIRED or ticket.outcome is None:
        outcome = "served" if called is not None else "cancelled"
    else:
        outcome = _OUTCOMES[ticket.outcome]
    if outcome == "cancelled" and ticket.state is TicketState.CANCELLED and called is not None:
        outcome = "served"  # cancelled at the counter: it was called, its wait is known
    if done is not None and done < (called or ticket.issued_at):
        done = called or ticket.issued_at
    return TraceRow(
        ticket.uid,
        service,
        int(ticket.priority),
        ticket.issued_at,
        called,
        done,
        counter,
        outcome,
    )


def trace_rows(tickets: Iterable[Ticket]) -> list[TraceRow]:
    """Every finished ticket, in issue order."""
    rows = [r for r in map(trace_row, tickets) if r is not None]
    rows.sort(key=lambda r: (r.issued_at, r.ticket))
    return rows


@dataclasses.dataclass(frozen=True, slots=True)
class CounterPause:
    """A counter's pause (a break): from ``start`` until it was opened again at ``end``,
    or closed then (``end`` None: it did not come back)."""

    counter: int
    start: dt.datetime
    end: dt.datetime | None
    ended_at: dt.datetime  # when the pause ended: opened again, or closed

    def row(self) -> TraceRow:
        """The pause as a trace row (outcome ``paused``; docs/trace-format.md)."""
        return TraceRow(
            f"pause-{self.counter}-{self.start.isoformat()}",
            "",
            0,
            self.start,
            None,
            self.end,
            str(self.counter),
            PAUSED,
        )


def counter_pauses(
    events: Iterable[tuple[dt.datetime, int, str]], ended_since: dt.datetime | None = None
) -> list[CounterPause]:
    """The pauses that ended in a run of counter events (at, counter, kind: opened,
    paused, closed), in time order: a pause is from COUNTER_PAUSED to the counter's next
    COUNTER_OPENED (back) or COUNTER_CLOSED (not back), on the same day; with
    ``ended_since``, only those that ended at or after it. A pause still going on is
    not among them (the live state says so)."""
    started: dict[int, dt.datetime] = {}
    out: list[CounterPause] = []
    for at, counter, kind in sorted(events, key=lambda e: e[0]):
        if kind == EventKind.COUNTER_PAUSED:
            started[counter] = at
            continue
        start = started.pop(counter, None)
        if start is None or (ended_since is not None and at < ended_since):
            continue
        back = kind == EventKind.COUNTER_OPENED and at.date() == start.date()
        out.append(CounterPause(counter, start, at if back else None, at))
    out.sort(key=lambda p: (p.start, p.counter))
    return out
