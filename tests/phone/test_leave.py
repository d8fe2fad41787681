"""Leaving the queue from the ticket page: cancelled by the visitor, never called."""

from __future__ import annotations

import pytest

from kiosk.core.errors import InvalidTransition, NothingToCall
from kiosk.core.model import EventKind, Outcome, TicketState
from kiosk.core.service import QueueService


def test_a_visitor_who_leaves_is_cancelled_by_the_visitor_and_skipped_by_the_counter(
    sql_service: QueueService,
) -> None:
    first = sql_service.issue("bill").ticket
    second = sql_service.issue("bill").ticket
    sql_service.open_counter(1)
    left = sql_service.leave(first.uid)
    assert (left.state, left.outcome) == (TicketState.CANCELLED, Outcome.CANCELLED)
    (event,) = [e for e in sql_service._store.events() if e.ticket == first.uid][-1:]
    assert event.kind is EventKind.CANCELLED
    assert dict(event.data) == {"number": first.number, "by": "visitor"}
    assert sql_service.call_next(1).uid == second.uid
    sql_service.serve(1)
    with pytest.raises(NothingToCall):
        sql_service.call_next(1)


def test_a_called_visitor_may_leave_and_the_counter_is_free_again(
    memory_service: QueueService,
) -> None:
    ticket = memory_service.issue("bill").ticket
    memory_service.open_counter(1)
    memory_service.call_next(1)
    memory_service.leave(ticket.uid)
    (counter,) = [c for c in memory_service.status().counters if c.number == 1]
    assert counter.current is None


def test_leaving_twice_or_an_unknown_ticket_is_refused(memory_service: QueueService) -> None:
    ticket = memory_service.issue("bill").ticket
    memory_service.leave(ticket.uid)
    with pytest.raises(InvalidTransition, match="no longer in the queue"):
        memory_service.leave(ticket.uid)
    with pytest.raises(InvalidTransition):
        memory_service.leave("0" * 32)
