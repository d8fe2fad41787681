"""`kiosk bench hall` (benchmarks.hall) runs a hall of PCs on loopback and reports its
figures: a short run with a real server process and a few clients."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main


def test_the_hall_bench_reports_issue_call_told_ceiling_and_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--data-dir", str(tmp_path), "bench", "hall", "--counters", "3",
                 "--rounds", "2", "--think-ms", "0", "--saturate-s", "1", "--json"])  # fmt: skip
    assert code == 0
    figures: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert figures["store"] == "sqlite"
    assert figures["issue"]["n"] >= 6 and figures["call_next"]["n"] == 6
    told = figures["call_to_told"]
    assert set(told) == {"display 1", "display 2", "display 3", "display 4", "device host"}
    assert all(s["n"] == 6 and s["p95_ms"] >= 0 for s in told.values())
    assert figures["ceiling_ops_per_s"] > 0
    assert figures["server_cpu_ms_per_op"] > 0
    assert figures["server_memory"]["rss_mb"] > 0
    assert list(tmp_path.iterdir()) == [], "the scratch folder is removed"
