"""The daily report across real processes: `kiosk serve` catches up at its start, and two
processes of one store (SQLite, PostgreSQL) started together write the day once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.app import STORE_FILE
from kiosk.core import daily
from kiosk.core.clock import ManualClock
from kiosk.core.model import Hall
from kiosk.store import daily as records
from kiosk.store.schema import open_store
from tests.remote.conftest import ServerProcess, wait_for
from tests.report.conftest import DAY1, DAY2, at
from tests.report.test_daily import day_one
from tests.stores import hall_config

LOOK = """
import json, sys
from pathlib import Path
from kiosk.app import load_settings, make_clock
from kiosk.app.daily import DailyReporter
from kiosk.core.service import QueueService
from kiosk.store.schema import open_store

config = Path(sys.argv[1]) if sys.argv[1] else None
settings = load_settings(config, Path(sys.argv[2]))
clock = make_clock()
store = open_store(settings.store_url)
try:
    service = QueueService(settings.hall, store, clock)
    done = DailyReporter(settings, store, service, clock).run_due(retry_failed=True)
finally:
    store.close()
print(json.dumps([[o.day.isoformat(), o.status] for o in done]))
"""


def write_day_one(hall: Hall, url: str) -> None:
    store = open_store(url)
    try:
        day_one(hall, store, ManualClock(at(DAY1, 9, 0)))
    finally:
        store.close()


def test_kiosk_serve_catches_up_at_its_start(
    tmp_path: Path, demo_hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "server-pc"
    data.mkdir()
    write_day_one(demo_hall, f"sqlite:///{data / STORE_FILE}")
    monkeypatch.setenv("KIOSK_NOW", at(DAY2, 8, 0).isoformat())  # it was off at 04:00
    server = ServerProcess(data).start()
    target = data / "reports" / "daily"
    try:
        wait_for(
            lambda: (
                sorted(p.name for p in target.glob("*")) == ["2026-11-24.csv", "2026-11-24.pdf"]
            ),
            60,
            "the daily report of the day before",
        )
    finally:
        server.stop()
    store = open_store(f"sqlite:///{data / STORE_FILE}")
    try:
        record = records.record(store, DAY1)
    finally:
        store.close()
    assert record is not None and record.state == daily.WRITTEN
    assert server.proc is not None and record.owner.endswith(f":{server.proc.pid}")


def test_two_processes_started_together_write_the_day_once(
    tmp_path: Path, demo_hall: Hall, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = hall_config(tmp_path / "config", store_url)
    data = tmp_path / "data"
    write_day_one(demo_hall, store_url)
    env = {**os.environ, "KIOSK_NOW": at(DAY2, 4, 0, 5).isoformat()}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", LOOK, str(config), str(data)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outputs.append(json.loads(out))
    assert sorted(outputs, key=len) == [[], [["2026-11-24", "written"]]]
    assert sorted(p.name for p in (data / "reports" / "daily").iterdir()) == [
        "2026-11-24.csv",
        "2026-11-24.pdf",
    ]
