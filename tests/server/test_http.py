"""The hall server's HTTP API on a live server (uvicorn on loopback), with httpx."""

from __future__ import annotations

import httpx

from kiosk.core import wire
from kiosk.core.model import Ticket, TicketState
from kiosk.core.service import CounterView, HallStatus, IssuedTicket
from tests.server.conftest import LiveServer


def client(live: LiveServer) -> httpx.Client:
    return httpx.Client(base_url=live.url, headers=live.headers, timeout=30)


def test_health_and_the_schema(hall_server: LiveServer) -> None:
    with httpx.Client(base_url=hall_server.url, timeout=30) as http:
        health = http.get("/health")
        assert health.status_code == 200
        assert health.json()["status"] == "ok" and health.json()["seq"] == 0
        doc = http.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/counters/{counter}/call-next" in doc["paths"]


def test_a_ticket_issued_called_and_served_over_http(each_store_server: LiveServer) -> None:
    with client(each_store_server) as http:
        r = http.post("/api/v1/tickets", json={"service": "bill"})
        assert r.status_code == 200, r.text
        issued = wire.from_json(IssuedTicket, r.json())
        assert issued.ticket.number == "A001"
        view = wire.from_json(CounterView, http.post("/api/v1/counters/1/open").json())
        assert view.state == "open"
        called = wire.from_json(Ticket, http.post("/api/v1/counters/1/call-next").json())
        assert called.uid == issued.ticket.uid and called.state is TicketState.CALLED
        status = wire.from_json(HallStatus, http.get("/api/v1/status").json())
        assert status.calls[0].number == "A001" and status.seq >= 3
        again = http.get(f"/api/v1/tickets/{issued.ticket.uid}").json()
        assert again["state"] == "called"


def test_errors_have_a_kind_a_message_and_the_status(hall_server: LiveServer) -> None:
    with client(hall_server) as http:
        r = http.post("/api/v1/tickets", json={"service": "nope"})
        assert r.status_code == 404
        assert r.json()["error"] == "not_found" and "nope" in r.json()["message"]
        r = http.post("/api/v1/counters/1/call-next")
        assert r.status_code == 409 and r.json()["error"] == "invalid_transition"
        r = http.post("/api/v1/counters/x/open")
        assert r.status_code == 400 and "counter" in r.json()["message"]
        r = http.post("/api/v1/tickets", content=b"{not json")
        assert r.status_code == 400 and r.json()["error"] == "bad_request"
        r = http.get("/api/v1/nowhere")
        assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_the_same_idempotency_key_applies_a_call_once(each_store_server: LiveServer) -> None:
    with client(each_store_server) as http:
        http.post("/api/v1/tickets", json={"service": "bill"})
        http.post("/api/v1/tickets", json={"service": "bill"})
        http.post("/api/v1/counters/1/open")
        key = {"Idempotency-Key": "4b1c0a4e-call-1"}
        first = http.post("/api/v1/counters/1/call-next", headers=key)
        second = http.post("/api/v1/counters/1/call-next", headers=key)
        assert first.status_code == second.status_code == 200
        assert first.json() == second.json()
        assert second.headers["Idempotent-Replay"] == "true"
        status = http.get("/api/v1/status").json()
    assert [c["number"] for c in status["calls"]] == ["A001"]
    assert len(status["waiting"]) == 1


def test_counters_calling_at_once_never_get_the_same_ticket(each_store_server: LiveServer) -> None:
    """Every counter of the demo hall presses call at once, over and over, from its own
    thread: each ticket is called once."""
    import threading

    counters = [c.number for c in each_store_server.runtime.settings.hall.counters]
    with client(each_store_server) as http:
        for n in counters:
            http.post(f"/api/v1/counters/{n}/open")
        for _ in range(30):
            http.post("/api/v1/tickets", json={"service": "bill"})
            http.post("/api/v1/tickets", json={"service": "plan"})
    called: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(counters))

    def desk(n: int) -> None:
        with client(each_store_server) as http:
            start.wait(30)
            for _ in range(20):
                r = http.post(f"/api/v1/counters/{n}/call-next")
                if r.status_code == 200:
                    with lock:
                        called.append(r.json()["uid"])
                    http.post(f"/api/v1/counters/{n}/serve")

    threads = [threading.Thread(target=desk, args=(n,)) for n in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert called and len(called) == len(set(called))
