"""`kiosk bench phone` (benchmarks.phone): a short run with a real server process, real
pages on its live channel and real calls."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main


def test_the_phone_bench_reports_memory_cpu_and_call_to_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--data-dir", str(tmp_path), "bench", "phone", "--pages", "12", "--calls", "4",
                 "--counters", "2", "--interval-s", "0", "--idle-s", "0", "--json"])  # fmt: skip
    assert code == 0
    figures: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert figures["pages"] == 12
    memory = figures["memory_kib"]
    assert 0 < memory["before"] <= memory["peak"] and memory["following"] <= memory["peak"]
    assert figures["call_to_called_page"]["n"] == 4
    assert figures["call_to_every_page"]["p95_ms"] >= 0
    assert figures["pages_changed_per_call"] >= 1
    # the pages are told from folded events: far fewer status reads than calls
    assert figures["reads_per_call"] <= 1
    assert list(tmp_path.iterdir()) == [], "the scratch folder is removed"


def test_the_phone_bench_refuses_nonsense(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "phone", "--pages", "0"]) == 2
    assert "--pages" in capsys.readouterr().err
