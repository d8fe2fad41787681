"""The hall feed over the WebSocket: exactly the events after N, then live ones, each
once and in order; a reconnect with the last N loses nothing and repeats nothing;
heartbeats while idle."""

from __future__ import annotations

import json
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect

from tests.server.conftest import LiveServer

WAIT_S = 30.0  # generous: a loaded machine


def feed(live: LiveServer, after: int | None = None) -> ClientConnection:
    url = live.url.replace("http", "ws", 1) + "/api/v1/feed"
    if after is not None:
        url += f"?after={after}"
    return connect(url, additional_headers=live.headers, open_timeout=WAIT_S)


def receive(ws: ClientConnection) -> dict[str, Any]:
    message = json.loads(ws.recv(timeout=WAIT_S))
    assert isinstance(message, dict)
    return message


def events_until(ws: ClientConnection, seq: int) -> list[dict[str, Any]]:
    """Every event message's events until ``seq`` arrived (pings skipped)."""
    got: list[dict[str, Any]] = []
    while not got or got[-1]["seq"] < seq:
        message = receive(ws)
        if message["type"] == "events":
            got += message["events"]
    return got


def write(live: LiveServer, path: str, body: dict[str, Any] | None = None) -> Any:
    with httpx.Client(base_url=live.url, headers=live.headers, timeout=WAIT_S) as http:
        r = http.post("/api/v1" + path, json=body)
        assert r.status_code == 200, r.text
        return r.json()


def head(live: LiveServer) -> int:
    seq = httpx.get(live.url + "/health", timeout=WAIT_S).json()["seq"]
    assert isinstance(seq, int)
    return seq


def test_the_events_after_n_then_live_ones(each_store_server: LiveServer) -> None:
    write(each_store_server, "/tickets", {"service": "bill"})
    write(each_store_server, "/tickets", {"service": "plan"})
    write(each_store_server, "/counters/1/open")
    assert head(each_store_server) == 3
    with feed(each_store_server, after=1) as ws:
        hello = receive(ws)
        assert hello["type"] == "hello" and hello["after"] == 1 and hello["head"] == 3
        backlog = events_until(ws, 3)
        assert [e["seq"] for e in backlog] == [2, 3]
        assert [e["kind"] for e in backlog] == ["issued", "counter_opened"]
        write(each_store_server, "/counters/1/call-next")
        live_ = events_until(ws, 4)
        assert [(e["seq"], e["kind"], e["counter"]) for e in live_] == [(4, "called", 1)]
        assert live_[0]["data"]["number"] == "A001"


def test_a_reconnect_with_the_last_seq_loses_nothing_and_repeats_nothing(
    each_store_server: LiveServer,
) -> None:
    write(each_store_server, "/counters/1/open")
    seen: list[int] = []
    with feed(each_store_server, after=0) as ws:
        receive(ws)
        seen += [e["seq"] for e in events_until(ws, 1)]
    for _ in range(5):  # the hall goes on while the client is away
        write(each_store_server, "/tickets", {"service": "bill"})
    with feed(each_store_server, after=seen[-1]) as ws:
        assert receive(ws)["after"] == 1
        write(each_store_server, "/counters/1/call-next")
        seen += [e["seq"] for e in events_until(ws, 7)]
    assert seen == list(range(1, 8))


def test_from_now_without_after_and_a_heartbeat_when_idle(hall_server: LiveServer) -> None:
    write(hall_server, "/tickets", {"service": "bill"})
    with feed(hall_server) as ws:
        hello = receive(ws)
        assert hello["after"] == 1 and hello["heartbeat_ms"] == 200
        ping = receive(ws)  # nothing happens: the server says it is there
        assert ping == {"type": "ping", "seq": 1}
        write(hall_server, "/tickets", {"service": "bill"})
        assert [e["seq"] for e in events_until(ws, 2)] == [2]


def test_a_bad_after_is_refused_with_its_reason(hall_server: LiveServer) -> None:
    with feed(hall_server) as ws:
        receive(ws)
    url = hall_server.url.replace("http", "ws", 1) + "/api/v1/feed?after=-3"
    with connect(url, open_timeout=WAIT_S, additional_headers=hall_server.headers) as ws:
        message = receive(ws)
    assert message["type"] == "error" and message["error"] == "bad_request"
    assert "after" in message["message"]


def test_the_feed_needs_a_token(hall_server: LiveServer) -> None:
    url = hall_server.url.replace("http", "ws", 1) + "/api/v1/feed"
    with connect(url, open_timeout=WAIT_S) as ws:
        message = receive(ws)
    assert message["type"] == "error" and message["error"] == "unauthorized"


def test_a_command_run_on_the_server_pc_reaches_the_feed(each_store_server: LiveServer) -> None:
    """Another process's commit (here another store on the same file, as `kiosk queue`
    run on the server PC) is followed from the log into the feed."""
    from kiosk.app import Role, build_runtime

    with feed(each_store_server, after=0) as ws:
        receive(ws)
        with build_runtime(Role.COMMAND, each_store_server.runtime.settings) as command:
            command.service.issue("plan")
        got = events_until(ws, 1)
    assert [(e["seq"], e["kind"], e["data"]["number"]) for e in got] == [(1, "issued", "B001")]
