"""`kiosk bench report` runs end to end on a small year; no timing is asserted (the
figures are in docs/benchmarks.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_run import run


def test_bench_report_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "bench"
    code, out, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "bench",
        "report",
        "--tickets",
        "3650",
        "--runs",
        "1",
        "--json",
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["tickets"], data["days"]) == (3650, 365)
    assert data["summarize_days"] == 364  # the newest day is the open one, folded live
    assert data["events"] > 3650
    reports = data["reports"]
    assert reports["year"]["tickets"] == 3650
    assert reports["year_by_month"]["rows"] in (12, 13)
    assert reports["month"]["days"] == 30 and 0 < reports["month"]["tickets"] < 3650
    for figures in reports.values():
        assert figures["median_s"] >= 0
    assert data["goal"] == {"month_s": 1.0, "year_s": 5.0}
    assert list(data_dir.iterdir()) == []  # the store lived in a temporary folder


def test_bench_report_text_and_bad_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bench", "report", "--tickets", "730", "--runs", "1")
    assert code == 0
    assert out.splitlines()[-1] == "goal: a month in at most 1 s, a year in at most 5 s"
    code, _, err = run(capsys, "bench", "report", "--tickets", "10")
    assert code == 2 and "--tickets >= 365" in err
    code, _, err = run(capsys, "bench", "report", "--runs", "0")
    assert code == 2 and "--runs >= 1" in err
