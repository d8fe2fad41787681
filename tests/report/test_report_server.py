"""Who cancelled, through the hall server: the client's cancel(by=...) reaches the
event the report counts; an unknown `by` is refused by the server, not a bug."""

from __future__ import annotations

import httpx

from kiosk.core.model import TicketState
from kiosk.remote.client import HallClient
from kiosk.store import report as store_report
from tests.server.conftest import LiveServer


def test_cancel_by_the_visitor_through_the_server(hall_server: LiveServer) -> None:
    with HallClient(hall_server.url, hall_server.token) as hall:
        first = hall.issue("bill").ticket
        second = hall.issue("bill").ticket
        assert hall.cancel(first.number, by="visitor").state is TicketState.CANCELLED
        assert hall.cancel(second.number).state is TicketState.CANCELLED
    events = hall_server.runtime.store.events()
    assert [e.data["by"] for e in events if e.kind == "cancelled"] == ["visitor", "staff"]
    rt = hall_server.runtime
    now = rt.clock.now()
    today = first.issued_at.date()
    total = store_report.report(rt.store, today, today, (), {}, now).total
    assert (total["cancelled_visitor"], total["cancelled_staff"]) == (1, 1)


def test_an_unknown_canceller_is_refused(hall_server: LiveServer) -> None:
    with HallClient(hall_server.url, hall_server.token) as hall:
        number = hall.issue("bill").ticket.number
    answer = httpx.post(
        f"{hall_server.url}/api/v1/numbers/{number}/cancel",
        json={"by": "robot"},
        headers=hall_server.headers,
        timeout=30,
    )
    assert 400 <= answer.status_code < 500
    assert "by" in answer.text
