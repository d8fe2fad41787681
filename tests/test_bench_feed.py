"""`kiosk bench feed` (benchmarks.feed) runs the application's path and reports its
figures: a short run with real processes on a real store and a simulated bus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main


def test_the_feed_bench_reports_every_subscriber_and_the_led_frame(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--data-dir", str(tmp_path), "bench", "feed", "--calls", "6",
                 "--counters", "2", "--presses", "4", "--idle-s", "0", "--json"])  # fmt: skip
    assert code == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    figures = result["calls"]
    told = figures["call_to_told"]
    assert set(told) == {"display window", "device hub", "announcer", "other counter window"}
    assert all(s["n"] == 6 and s["p95_ms"] >= 0 for s in told.values())
    assert figures["call_in_other_process_to_led_frame"]["n"] == 6
    assert figures["call_to_voice_playing"]["n"] == 6
    reads = figures["store_reads_per_call"]
    # the hub's own store connection runs nothing for a call: it folds the feed
    assert reads["device_hub_statements"] == 0 and reads["announcer"] == 0
    # the hall process learns of another process's call by "after N" reads of the log
    # (a call and a serve each: about two per call), never by reading the status
    assert 0 < reads["hall_process_after_n_reads"] <= 2.5
    for part in ("keys", "keys_on_a_wire"):  # the demo's ringing keypads, a polled bus
        keys = result[part]
        assert keys["keypads"] == 4 and keys["key_to_call"]["n"] == 4
    assert list(tmp_path.iterdir()) == [], "the scratch folder is removed"
