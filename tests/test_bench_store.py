"""`kiosk bench store` runs end to end with tiny numbers; no timing is asserted."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from benchmarks import store as bench_store
from kiosk.core.clock import ManualClock

from .conftest import MORNING


@pytest.mark.slow
def test_bench_store_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The paced hall load runs 30 s by default; 1 s here (the bench's own pacing), on
    # stores with 2 days of history to learn from instead of 28.
    monkeypatch.setattr(bench_store, "HALL_LOAD_SECONDS", 1.0)
    monkeypatch.setattr(bench_store, "LEARNED_HISTORY_DAYS", 2)
    args = argparse.Namespace(
        ops=5, history=2000, json=True, data_dir=tmp_path / "data", config=None
    )
    assert bench_store.main(args, ManualClock(MORNING)) == 0

    data = json.loads(capsys.readouterr().out)
    assert {
        "machine",
        "settings",
        "operations",
        "phases",
        "hall_load",
        "history",
        "queries",
        "goals",
    } <= set(data)
    seen = {(o["kind"], o["processes"]) for o in data["operations"]}
    assert seen == {(k, n) for k in ("issue", "call", "serve", "done") for n in (1, 2, 4)}
    for o in data["operations"]:
        assert {"ops_per_s", "p50_ms", "p95_ms", "max_ms", "errors"} <= set(o)
        assert 0 <= o["ops"] <= 5 * o["processes"]
    assert {p["phase"] for p in data["phases"]} == {"issue", "call+serve+done"}

    hall = data["hall_load"]
    assert hall["seconds"] == 1.0
    assert hall["counters"] == [1, 2, 3]
    assert hall["processes"] == 5
    kinds = {o["kind"]: o for o in hall["operations"]}
    assert set(kinds) == {"issue", "call", "serve", "done", "call_empty", "status"}
    for o in kinds.values():
        assert {"ops", "p50_ms", "p95_ms", "max_ms", "errors"} <= set(o)
    assert kinds["issue"]["ops"] >= 1  # the first ticket is due at once
    assert kinds["status"]["ops"] >= 1
    assert hall["issued"] == kinds["issue"]["ops"]
    assert hall["finished"] == kinds["done"]["ops"]
    # Timed on a hall with tens of tickets waiting, by processes built as `kiosk run`
    # builds itself: the composition root's service, its estimator learned the history.
    assert hall["waiting_start"] == bench_store.HALL_WAITING_START == 40
    assert hall["learned_history_days"] == 2
    assert hall["learned_processes"] == hall["processes"]
    assert hall["waiting_max_seen"] >= 30
    total = hall["waiting_start"] + hall["issued"]
    assert total == hall["finished"] + hall["waiting_end"] + hall["in_service_end"]
    assert isinstance(data["goals"]["hall_load_issue_p95_met"], bool)
    # The text report is built from the same data.
    text = bench_store._text(data)
    assert "SATURATION: throughput ceilings" in text
    assert "HALL LOAD" in text
    assert "p95 issue < 20 ms under hall load: " in text
    assert data["history"]["tickets"] == 2000
    queries = {q["name"]: q for q in data["queries"]}
    assert set(queries) == {"queue_list_busy_day", "history_month", "history_year"}
    assert queries["history_month"]["tickets"] == 2000
    assert queries["history_month"]["index_used"] is True
    assert data["settings"]["synchronous"] == "FULL"
    # The stores lived in a temporary folder under --data-dir, removed afterwards.
    assert list((tmp_path / "data").iterdir()) == []


def test_bench_store_rejects_bad_numbers(tmp_path: Path) -> None:
    args = argparse.Namespace(ops=0, history=10, json=True, data_dir=tmp_path, config=None)
    assert bench_store.main(args, ManualClock(MORNING)) == 2


@pytest.mark.slow
@pytest.mark.postgresql
def test_bench_store_on_postgresql(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kiosk bench store --store-url URL`: the same parts on new databases of the
    PostgreSQL server, dropped afterwards; the password never printed."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from .stores import pg_admin_url

    server = pg_admin_url()
    monkeypatch.setattr(bench_store, "HALL_LOAD_SECONDS", 1.0)
    monkeypatch.setattr(bench_store, "LEARNED_HISTORY_DAYS", 2)
    monkeypatch.setattr(bench_store, "PROCESS_COUNTS", (1, 2))
    args = argparse.Namespace(
        ops=5, history=2000, json=True, data_dir=tmp_path / "data", config=None, store_url=server
    )
    assert bench_store.main(args, ManualClock(MORNING)) == 0
    out = capsys.readouterr().out
    assert str(make_url(server).password) not in out
    data = json.loads(out)
    assert data["machine"]["postgresql"]
    assert data["machine"]["store_server"].startswith("postgresql+psycopg://kiosk:***@")
    seen = {(o["kind"], o["processes"]) for o in data["operations"]}
    assert seen == {(k, n) for k in ("issue", "call", "serve", "done") for n in (1, 2)}
    assert all(not o["errors"] for o in data["operations"])
    hall = data["hall_load"]
    assert hall["learned_processes"] == hall["processes"] == 5
    assert hall["issued"] >= 1
    queries = {q["name"]: q for q in data["queries"]}
    assert queries["history_month"]["tickets"] == 2000
    assert queries["history_month"]["plan"]  # PostgreSQL's EXPLAIN
    text = bench_store._text(data)
    assert text.startswith("kiosk bench store: PostgreSQL ")
    # Its databases are gone.
    engine = create_engine(server)
    try:
        with engine.connect() as conn:
            left = conn.exec_driver_sql(
                "SELECT datname FROM pg_database WHERE datname LIKE 'kiosk_bench_%%'"
            ).all()
    finally:
        engine.dispose()
    assert left == []


def test_bench_store_refuses_a_store_url_that_is_not_a_postgresql_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for url, expected in (
        (f"sqlite:///{tmp_path / 'x.db'}", "expected a PostgreSQL server"),
        ("postgresql+psycopg://kiosk:secret@127.0.0.1:1/postgres", "cannot reach"),
    ):
        args = argparse.Namespace(
            ops=5, history=10, json=True, data_dir=tmp_path, config=None, store_url=url
        )
        assert bench_store.main(args, ManualClock(MORNING)) == 3
        err = capsys.readouterr().err
        assert expected in err
        assert "secret" not in err
