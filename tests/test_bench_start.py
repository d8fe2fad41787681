"""`kiosk bench start` runs end to end on a small history; no timing is asserted (the
figures are in docs/benchmarks.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_maintenance import kiosk


def test_bench_start_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "bench"
    code, out, err = kiosk(
        capsys, "--data-dir", str(data_dir), "bench", "start", "--days", "2", "--per-day", "60",
        "--json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    data = json.loads(out)
    # $KIOSK_NOW is the suite's MORNING: the history ends the day before
    assert data["history"] | {"file_mb": 0} == {
        "tickets": 120,
        "days": 2,
        "per_day": 60,
        "first_date": "2026-11-22",
        "last_date": "2026-11-23",
        "file_mb": 0,
    }
    assert [s["mode"] for s in data["starts"]] == ["background", "inline"]
    for start in data["starts"]:
        assert start["learned_tickets"] == 120  # every ticket of the history was learned
        assert 0 < start["tiles_s"] <= start["first_ticket_s"]
        assert start["refresh_issue_ms"] > 0
        assert start["refreshed_tickets"] >= 5  # an hour of a 60-a-day hall, then read
    assert data["goal_first_ticket_s"] == 1.5
    assert isinstance(data["goal_met"], bool)
    assert list(data_dir.iterdir()) == []  # the stores lived in a temporary folder


def test_bench_start_text_and_bad_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = kiosk(capsys, "bench", "start", "--days", "1", "--per-day", "30")
    assert code == 0
    assert "goal: first ticket within 1.5 s of start" in out
    rows = [line.split()[0] for line in out.splitlines()[-3:-1]]
    assert rows == ["background", "inline"]
    code, _, err = kiosk(capsys, "bench", "start", "--days", "0")
    assert code == 2 and "--days >= 1" in err
