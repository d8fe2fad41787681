"""kiosk.remote: HallClient answers as QueueService does and raises the same errors;
a lost answer is retried with the same Idempotency-Key; RemoteFeed follows the feed,
says offline and online within 3 s, and resumes from its last seq."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from pathlib import Path

import httpx
import pytest

from kiosk.core.errors import InvalidTransition, NotFound, NothingToCall
from kiosk.core.feed import FeedEvent
from kiosk.core.model import CounterState, Hall, Placement, Priority, TicketState
from kiosk.core.service import HallStatus, IssuedTicket
from kiosk.core.wire import ServerUnreachable
from kiosk.remote.client import HallClient
from kiosk.remote.feed import RemoteFeed
from tests.server.conftest import LiveServer, start_server, stop_server

WAIT_S = 30.0


def client_of(live: LiveServer, **kw: object) -> HallClient:
    return HallClient(live.url, live.token, **kw)  # type: ignore[arg-type]


def test_the_client_answers_as_the_service_does(hall_server: LiveServer) -> None:
    with client_of(hall_server) as hall:
        assert isinstance(hall.hall, Hall) and hall.hall.counter(1).number == 1
        first = hall.issue("bill")
        assert isinstance(first, IssuedTicket) and first.ticket.number == "A001"
        second = hall.issue("bill", Priority.PRIORITY, printing=True)
        assert second.ticket.priority is Priority.PRIORITY
        hall.report_printed(second.ticket.uid)
        assert hall.open_counter(1).state is CounterState.OPEN
        called = hall.call_next(1)
        assert called.number == second.ticket.number and called.state is TicketState.CALLED
        assert hall.recall(1).call_count == 2
        assert hall.serve(1).state is TicketState.SERVING
        assert hall.park(1).state is TicketState.PARKED
        assert hall.resume(1).state is TicketState.SERVING
        moved = hall.transfer(1, to_service="plan", placement=Placement.FRONT)
        assert moved.service == "plan" and moved.state is TicketState.WAITING
        assert hall.call_ticket(1, "A001").number == "A001"
        assert hall.no_show(1).state is TicketState.NO_SHOW
        third = hall.issue("phone")
        assert hall.cancel(third.ticket.number).state is TicketState.CANCELLED
        fourth = hall.issue("bill", printing=True).ticket
        hall.report_print_failure(fourth.uid, fourth.number, "paper out", "paper_end")
        status = hall.status()
        assert isinstance(status, HallStatus)
        assert [c.number for c in status.calls][:2] == ["A001", "A002"]
        assert hall.version() > 0 and hall.ticket(first.ticket.uid) is not None
        assert hall.ticket("nope") is None
        assert {t.number for t in hall.tickets()} == {"A001", "A002", "A003", "C001"}
        assert [a.number for a in status.alerts] == ["A003"]
        assert hall.reprint_info("A003").ticket.uid == fourth.uid
        assert hall.mark_printed(fourth.uid).printed
        hall.report_print_failure(fourth.uid, "A003", "paper out", "paper_end")
        assert [a.number for a in hall.acknowledge_alerts(["A003"])] == ["A003"]
        assert hall.pause_counter(1).state is CounterState.PAUSED
        assert hall.open_counter(1).state is CounterState.OPEN
        assert hall.close_counter(1).state is CounterState.CLOSED
        assert hall.busy_hours(7).days == 1
        assert hall.now().year == 2026
        assert hall.reset_day().id == 2


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda h: h.issue("nope"), NotFound),
        (lambda h: h.open_counter(99), NotFound),
        (lambda h: h.call_next(1), InvalidTransition),
        (lambda h: (h.open_counter(1), h.call_next(1)), NothingToCall),
        (lambda h: h.cancel("Z999"), NotFound),
    ],
    ids=["unknown service", "unknown counter", "closed counter", "nothing", "no ticket"],
)
def test_a_refusal_is_the_same_exception_as_local(
    hall_server: LiveServer, call: object, error: type[Exception]
) -> None:
    with client_of(hall_server) as hall, pytest.raises(error) as caught:
        call(hall)  # type: ignore[operator]
    assert caught.value.exit_code == error.exit_code  # type: ignore[attr-defined]


def test_a_server_that_does_not_answer_is_unreachable(tmp_path: Path) -> None:
    live = start_server(tmp_path / "gone")
    url = live.url
    stop_server(live)
    with HallClient(url, retries=1, timeout=2) as hall, pytest.raises(ServerUnreachable) as e:
        hall.call_next(1)
    assert url in str(e.value) and e.value.exit_code == 13


class LoseFirstAnswer(httpx.HTTPTransport):
    """The request reaches the server; its answer is lost on the way back, once."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        self.keys.append(request.headers.get("idempotency-key", ""))
        if len(self.keys) == 1:
            response.read()
            response.close()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


def test_a_lost_answer_is_retried_with_the_same_key_and_applied_once(
    each_store_server: LiveServer,
) -> None:
    with client_of(each_store_server) as hall:
        hall.issue("bill")
        hall.issue("bill")
        hall.open_counter(1)
    lossy = LoseFirstAnswer()
    with client_of(each_store_server, transport=lossy) as hall:
        called = hall.call_next(1)
        assert called.number == "A001"
        assert len(lossy.keys) == 2 and lossy.keys[0] == lossy.keys[1] != ""
        status = hall.status()
    assert [c.number for c in status.calls] == ["A001"]
    assert [t.number for t in status.waiting] == ["A002"]


class States:
    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.seen: list[bool] = []
        self.events: list[int] = []

    def state(self, online: bool) -> None:
        with self.cond:
            self.seen.append(online)
            self.cond.notify_all()

    def told(self, events: Sequence[FeedEvent]) -> None:
        with self.cond:
            self.events += [e.seq for e in events]
            self.cond.notify_all()

    def wait_for(self, check: object) -> None:
        with self.cond:
            assert self.cond.wait_for(check, WAIT_S), (self.seen, self.events)  # type: ignore[arg-type]


def test_the_remote_feed_goes_offline_and_resumes_without_loss(
    tmp_path: Path, server_store: str | None
) -> None:
    live = start_server(tmp_path / "server", store_url=server_store)
    port = live.handle.port
    hall = client_of(live, retries=0)
    states = States()
    follower = RemoteFeed(hall, states.state, dead_after_s=1.0)
    try:
        hall.open_counter(1)
        sub = hall.feed.subscribe("test", states.told, after=0)
        follower.start()
        states.wait_for(lambda: states.seen == [True])
        hall.issue("bill")
        states.wait_for(lambda: states.events == [1, 2])
        stop_server(live)  # the server goes away
        states.wait_for(lambda: states.seen == [True, False])
        live = start_server(
            tmp_path / "server", port=port, store_url=server_store
        )  # back, same store, same port
        with client_of(live) as other:
            other.issue("bill")  # committed while this PC was offline
            other.call_next(1)
        states.wait_for(lambda: states.seen == [True, False, True])
        states.wait_for(lambda: len(states.events) >= 4)
        assert states.events == [1, 2, 3, 4]  # nothing lost, nothing twice
        sub.close()
    finally:
        follower.stop()
        hall.close()
        stop_server(live)


def test_a_keypad_press_through_the_server_is_applied_once(each_store_server: LiveServer) -> None:
    from kiosk.core.devices import Key, KeyPress, KeyResult, apply_key_once

    with client_of(each_store_server) as hall:
        hall.open_counter(1)
        hall.issue("bill")
        press = KeyPress(seq=41, key=Key.CALL_NEXT)
        done = hall.run_op(apply_key_once, 1, "keypad-1", press, None)
        assert isinstance(done, KeyResult) and done.ticket is not None
        assert done.ticket.number == "A001" and done.key is Key.CALL_NEXT
        assert hall.run_op(apply_key_once, 1, "keypad-1", press, None) is None  # seen already
        assert [c.number for c in hall.status().calls] == ["A001"]


def test_the_halls_clock_goes_on_without_the_server(tmp_path: Path) -> None:
    live = start_server(tmp_path / "server")
    hall = client_of(live, retries=0)
    try:
        first = hall.now()
        ahead = first - live.runtime.clock.now()  # the server's time and the moments since
        assert dt.timedelta(0) <= ahead < dt.timedelta(seconds=WAIT_S)
        stop_server(live)
        assert hall.now() >= first  # carried forward by this PC's clock, not an error
    finally:
        hall.close()
