"""The store's tickets as trace rows: what `kiosk export-trace` writes and what the
live estimator replays to learn the hall (docs/trace-format.md, "From the store")."""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.core.model import Outcome, Ticket, TicketState
from kiosk.core.wait.trace import TraceRow

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
