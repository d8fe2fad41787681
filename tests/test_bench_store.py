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
