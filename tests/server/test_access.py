"""Who may do what on the hall server: tokens, roles, a counter's token for its counter
only, revoking, staff signed in at a counter, rate limits, every refusal logged; and
writes answered once per Idempotency-Key, a restart of the server included."""

from __future__ import annotations

import io
import json
import logging
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.cli import main
from tests.server.conftest import LiveServer, start_server, stop_server

WAIT_S = 30.0


def http(live: LiveServer, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=live.url + "/api/v1", headers=headers, timeout=WAIT_S)


def refusals(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("refused")]


def test_no_anonymous_read_or_write_and_each_refusal_is_logged(
    hall_server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "kiosk.server")
    with http(hall_server) as anonymous:
        r = anonymous.get("/status")
        assert r.status_code == 401 and r.json()["error"] == "unauthorized"
        assert anonymous.post("/tickets", json={"service": "bill"}).status_code == 401
    with http(hall_server, "not-a-token") as stranger:
        assert stranger.post("/counters/1/open").json()["message"] == "unknown or revoked token"
    assert httpx.get(hall_server.url + "/health", timeout=WAIT_S).status_code == 200
    logged = refusals(caplog)
    assert len(logged) == 3
    assert "GET /api/v1/status from 127.0.0.1: 401 no token" in logged[0]
    assert "401 unknown or revoked token" in logged[2]


def test_each_role_does_only_its_part(
    each_store_server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "kiosk.server")
    display, kiosk_pc = each_store_server.enroll("display"), each_store_server.enroll("kiosk")
    counter2, devices = each_store_server.enroll("counter", 2), each_store_server.enroll("devices")
    with http(each_store_server, display) as pc:
        assert pc.get("/status").status_code == 200
        assert pc.post("/tickets", json={"service": "bill"}).status_code == 403
    with http(each_store_server, kiosk_pc) as pc:
        assert pc.post("/tickets", json={"service": "bill"}).status_code == 200
        assert pc.post("/counters/1/open").status_code == 403
        assert pc.post("/day/reset").status_code == 403
    with http(each_store_server, counter2) as pc:
        assert pc.post("/counters/2/open").status_code == 200
        refused = pc.post("/counters/1/open")
        assert refused.status_code == 403
        assert "counter 2's token acts only for counter 2, not counter 1" in refused.text
        assert pc.post("/numbers/A001/cancel").status_code == 200  # staff may cancel
        assert pc.post("/tickets", json={"service": "bill"}).status_code == 403
    with http(each_store_server, devices) as pc:
        assert pc.post("/counters/1/open").status_code == 200  # its keypads: any counter
        assert pc.post("/day/reset").status_code == 403
    assert any("counter 2's token acts only for counter 2" in m for m in refusals(caplog))


def kiosk_cli(live: LiveServer, *argv: str, stdin: str = "") -> tuple[int, str]:
    """`kiosk ARGV` run on the server's PC: its data directory, its store."""
    out, before_in, before_out = io.StringIO(), sys.stdin, sys.stdout
    sys.stdin, sys.stdout = io.StringIO(stdin), out
    try:
        code = main([*live.cli_args, *argv])
    finally:
        sys.stdin, sys.stdout = before_in, before_out
    return code, out.getvalue()


def test_enroll_list_and_revoke_from_the_command_line(each_store_server: LiveServer) -> None:
    code, out = kiosk_cli(each_store_server, "server", "enroll", "counter", "3", "--json")
    assert code == 0
    enrolled = json.loads(out)
    token = enrolled["token"]
    assert enrolled["role"] == "counter" and enrolled["counter"] == 3 and len(token) >= 40
    with http(each_store_server, token) as pc:
        assert pc.post("/counters/3/open").status_code == 200
    code, out = kiosk_cli(each_store_server, "server", "list", "--json")
    listed = {p["id"]: p for p in json.loads(out)}
    mine = listed[enrolled["id"]]
    assert mine["role"] == "counter" and mine["counter"] == 3
    assert mine["last_contact"] is not None and mine["revoked"] is None
    assert kiosk_cli(each_store_server, "server", "revoke", str(enrolled["id"]))[0] == 0
    with http(each_store_server, token) as pc:
        r = pc.post("/counters/3/close")
        assert r.status_code == 401, "revoked at once, in another process's command"
    code, _ = kiosk_cli(each_store_server, "server", "enroll", "counter", "77")
    assert code == 4  # NotFound: unknown counter 77
    code, _ = kiosk_cli(each_store_server, "server", "revoke", "999")
    assert code == 4


def test_the_token_itself_is_never_stored(hall_server: LiveServer) -> None:
    token = hall_server.enroll("kiosk")
    raw = (hall_server.data_dir / "kiosk.db").read_bytes()
    for suffix in ("-wal",):
        wal = hall_server.data_dir / f"kiosk.db{suffix}"
        if wal.exists():
            raw += wal.read_bytes()
    assert token.encode() not in raw


def test_staff_sign_in_and_their_counters_events_carry_the_staff_id(
    each_store_server: LiveServer,
) -> None:
    code, _ = kiosk_cli(
        each_store_server, "server", "staff", "add", "w042", "--name", "Wang Li",
        stdin="2468\n",
    )  # fmt: skip
    assert code == 0
    counter1 = each_store_server.enroll("counter", 1)
    with http(each_store_server, counter1) as pc:
        wrong = pc.post("/counters/1/sign-in", json={"staff": "w042", "pin": "1111"})
        assert wrong.status_code == 403 and "w042" in wrong.json()["message"]
        ok = pc.post("/counters/1/sign-in", json={"staff": "w042", "pin": "2468"})
        assert ok.json() == {"staff": "w042", "name": "Wang Li"}
        pc.post("/counters/1/open")
        with http(each_store_server, each_store_server.token) as admin:
            admin.post("/tickets", json={"service": "bill"})
        pc.post("/counters/1/call-next")
        pc.post("/counters/1/sign-out")
        pc.post("/counters/1/pause")
        events = pc.get("/events", params={"after": 0}).json()
    by_kind = {e["kind"]: e["data"] for e in events}
    assert by_kind["counter_opened"]["staff"] == "w042"
    assert by_kind["called"]["staff"] == "w042"
    assert "staff" not in by_kind["issued"]  # not a counter's event
    assert "staff" not in by_kind["counter_paused"]  # signed out


def test_rate_limits_per_address_and_per_token(tmp_path: Path) -> None:
    live = start_server(tmp_path / "server", rate_per_address=3, rate_per_token=5)
    try:
        with http(live) as anonymous:
            codes = [anonymous.get("/status").status_code for _ in range(4)]
            assert codes == [401, 401, 401, 429]
            r = anonymous.get("/status")
            assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
            assert r.json()["error"] == "rate_limited" and "127.0.0.1" in r.json()["message"]
        with http(live, live.token) as pc:
            codes = [pc.get("/status").status_code for _ in range(6)]
            assert codes == [200] * 5 + [429]
    finally:
        stop_server(live)


def test_a_write_repeated_after_a_restart_is_answered_once(
    tmp_path: Path, server_store: str | None
) -> None:
    live = start_server(tmp_path / "server", store_url=server_store)
    token = live.token
    key = {"Idempotency-Key": "0f5e-call-next"}
    try:
        with http(live, token) as pc:
            pc.post("/tickets", json={"service": "bill"})
            pc.post("/tickets", json={"service": "bill"})
            pc.post("/counters/1/open")
            first = pc.post("/counters/1/call-next", headers=key)
            assert first.status_code == 200
            events = pc.get("/events", params={"after": 0}).json()
        called = [e for e in events if e["kind"] == "called"]
        assert called[0]["data"]["request"]["key"] == key["Idempotency-Key"]
    finally:
        stop_server(live)
    # a new process's memory: only the store knows
    live = start_server(tmp_path / "server", store_url=server_store)
    try:
        with http(live, token) as pc:
            again = pc.post("/counters/1/call-next", headers=key)
            assert again.status_code == 200 and again.json() == first.json()
            assert again.headers["Idempotent-Replay"] == "true"
            other = pc.post("/counters/1/serve", headers=key)
            assert other.status_code == 422 and other.json()["error"] == "key_conflict"
            status: Any = pc.get("/status").json()
        assert [c["number"] for c in status["calls"]] == ["A001"]
    finally:
        stop_server(live)


def test_a_wrong_pin_is_a_logged_refusal(
    hall_server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "kiosk.server")
    with http(hall_server, hall_server.token) as pc:
        r = pc.post("/counters/1/sign-in", json={"staff": "ghost", "pin": "0000"})
    assert r.status_code == 403
    [logged] = refusals(caplog)
    assert "POST /api/v1/counters/1/sign-in" in logged and "403 staff 'ghost'" in logged


def test_a_write_whose_answer_was_not_kept_is_not_applied_again(
    tmp_path: Path, server_store: str | None
) -> None:
    """The server stopped between the commit and keeping the answer (here: the kept
    answer removed): the record in the events says it was applied; the answer is made
    again and nothing is applied twice."""
    import sqlalchemy as sa

    live = start_server(tmp_path / "server", store_url=server_store)
    store_url = live.runtime.settings.store_url
    token, key = live.token, {"Idempotency-Key": "lost-answer-call"}
    try:
        with http(live, token) as pc:
            pc.post("/tickets", json={"service": "bill"})
            pc.post("/tickets", json={"service": "bill"})
            pc.post("/counters/1/open")
            first = pc.post("/counters/1/call-next", headers=key).json()
    finally:
        stop_server(live)
    db = sa.create_engine(store_url)
    try:
        with db.begin() as conn:
            forget = sa.text("DELETE FROM idempotency WHERE key = :key")
            conn.execute(forget, {"key": key["Idempotency-Key"]})
    finally:
        db.dispose()
    live = start_server(tmp_path / "server", store_url=server_store)
    try:
        with http(live, token) as pc:
            again = pc.post("/counters/1/call-next", headers=key)
            assert again.status_code == 200 and again.headers["Idempotent-Replay"] == "true"
            assert again.json()["uid"] == first["uid"] and again.json()["state"] == "called"
            fresh = pc.post("/counters/1/serve", headers={"Idempotency-Key": "new-one"})
            assert fresh.status_code == 200
            status: Any = pc.get("/status").json()
        assert [c["number"] for c in status["calls"]] == ["A001"]
        assert [t["number"] for t in status["waiting"]] == ["A002"]
    finally:
        stop_server(live)


def test_a_follow_up_names_the_staff_signed_in_and_a_display_cannot_close_it(
    each_store_server: LiveServer,
) -> None:
    code, _ = kiosk_cli(
        each_store_server, "server", "staff", "add", "w042", "--name", "Wang Li",
        stdin="2468\n",
    )  # fmt: skip
    assert code == 0
    counter3 = each_store_server.enroll("counter", 3)
    display = each_store_server.enroll("display")
    with http(each_store_server, counter3) as pc:
        pc.post("/counters/3/sign-in", json={"staff": "w042", "pin": "2468"})
        pc.post("/counters/3/open")
        with http(each_store_server, each_store_server.token) as admin:
            admin.post("/tickets", json={"service": "complaint"})
        pc.post("/counters/3/call-next")
        pc.post("/counters/3/serve")
        refused = pc.post("/counters/3/done")
        assert refused.status_code == 409 and refused.json()["error"] == "invalid_transition"
        r = pc.post("/counters/3/resolve", json={"resolution": "follow_up"})
        assert r.status_code == 200, r.text
        case = r.json()["follow_up"]
        assert (case["case_number"], case["staff"], case["number"]) == (
            "C20261124-001",
            "w042",
            "E001",
        )
        with http(each_store_server, display) as screen:
            listed = screen.get("/follow-ups", params={"from": "2026-11-24"}).json()
            assert [f["case_number"] for f in listed] == ["C20261124-001"]
            assert screen.post("/follow-ups/C20261124-001/close", json={}).status_code == 403
        closed = pc.post("/follow-ups/C20261124-001/close", json={"note": "rang back"})
        assert closed.status_code == 200 and closed.json()["note"] == "rang back"
        events = pc.get("/events", params={"after": 0}).json()
    done = next(e for e in events if e["kind"] == "done")
    assert (done["data"]["resolution"], done["data"]["staff"]) == ("follow_up", "w042")
    assert [e["kind"] for e in events][-1] == "follow_up_closed"
