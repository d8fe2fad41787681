"""`kiosk bench advise` runs end to end on a few days; no timing and no level is asserted
(the figures are in docs/benchmarks.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_run import run


def test_bench_advise_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "bench"
    code, out, err = run(capsys, "--data-dir", str(data_dir), "bench", "advise", "--days", "2",
                         "--tickets", "3650", "--runs", "1", "--json")  # fmt: skip
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["level"], data["target_minutes"], data["days"]) == (0.8, 10.0, 2)
    assert [s["scenario"] for s in data["scenarios"]] == [
        "load 0.70", "load 0.85", "load 0.95", "overload",
    ]  # fmt: skip
    for s in data["scenarios"]:
        assert len(s["slots"]) == 16  # 9:00 to 17:00
        assert all(slot["counters"] >= 1 for slot in s["slots"])
        assert 0 <= s["called_within_share"] <= 1
        assert s["patience_minutes"] > 0
    assert data["speed"]["tickets"] == 3650
    assert data["speed"]["slots"] == 48
    assert list(data_dir.iterdir()) == []


def test_bench_advise_bad_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "bench", "advise", "--level", "1.5", "--tickets", "0")
    assert code == 2 and "--level" in err
    code, _, err = run(capsys, "bench", "advise", "--days", "0", "--tickets", "0")
    assert code == 2 and "--days >= 1" in err
