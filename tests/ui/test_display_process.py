"""The issue's cross-process goal: a counter call made in one process reaches the hall
display of another within 250 ms.

The display runs here on the ui_ctx store (its watcher follows the hall feed; the
process's log follower looks for other processes' commits every 25 ms); a real
counter process (tests/workers/call_worker.py) makes the calls on the same SQLite
file and prints time.monotonic() right after each commit. CLOCK_MONOTONIC is one
clock for all processes on Linux, so the latency is the display's monotonic time when
its label first shows the number minus the worker's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.devices.simulators.voice import SimVoice
from kiosk.devices.voice.caller import CallAnnouncer
from kiosk.ui.context import UiContext
from kiosk.ui.display.window import DisplayWindow

ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "tests" / "workers" / "call_worker.py"
LIMIT_S = 0.25
TIMEOUT_S = 60  # a safety net against a hung worker, never reached when all is well


@pytest.fixture
def counter_process(ui_ctx: UiContext) -> Iterator[subprocess.Popen[str]]:
    """A counter process on the ui_ctx store, at the ui_ctx clock's time (so that
    both agree on the business day), once it has said "ready"."""
    path = os.environ.get("PYTHONPATH")
    env = {
        **os.environ,
        "KIOSK_NOW": ui_ctx.clock.now().isoformat(),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT),
    }
    args = [sys.executable, str(WORKER), str(ui_ctx.settings.data_dir)]
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)  # fmt: skip
    try:
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        assert ready == "ready\n", f"worker did not start: {ready!r} {proc.stderr}"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        _, err = proc.communicate(timeout=TIMEOUT_S)
        assert proc.returncode in (0, -9), err


def test_a_counter_call_in_another_process_reaches_the_display_within_250_ms(
    ui_ctx: UiContext, qtbot: Any, counter_process: subprocess.Popen[str]
) -> None:
    ctx = ui_ctx
    for counter in (1, 2, 3):
        ctx.service.open_counter(counter)
    for code in ("bill", "plan", "broadband"):
        ctx.service.issue(code)
    calls = CallAnnouncer(ctx.announcer)  # the process's one announcer
    calls.follow(ctx.service.feed)
    window = DisplayWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(ctx.watcher.statusChanged, timeout=5000):
        ctx.watcher.start()
    assert counter_process.stdin is not None and counter_process.stdout is not None

    latencies: list[float] = []
    for counter, number in ((1, "A001"), (2, "B001"), (3, "D001")):
        shown_at: list[float] = []

        def shown(number: str = number, shown_at: list[float] = shown_at) -> bool:
            panel = window.current
            if not shown_at and number in panel.zh.text() and number in panel.en.text():
                shown_at.append(time.monotonic())
            return bool(shown_at)

        counter_process.stdin.write(f"{counter}\n")
        counter_process.stdin.flush()
        qtbot.waitUntil(shown, timeout=5000)
        reply = json.loads(counter_process.stdout.readline())
        assert (reply["number"], reply["counter"]) == (number, counter)
        latencies.append(shown_at[0] - reply["committed"])

    report = ", ".join(f"{s * 1000:.0f} ms" for s in latencies)
    print(f"\ncommit-to-display latencies: {report}")
    assert all(0 <= s < LIMIT_S for s in latencies), report
    assert window.calls.numbers() == ["D001", "B001", "A001"]
    calls.stop()
    assert isinstance(ctx.announcer, SimVoice)
    english = ctx.announcer.spoken[1::2]  # Chinese, English, Chinese, English...
    assert english == [
        "Ticket A001, please go to counter 1",
        "Ticket B001, please go to counter 2",
        "Ticket D001, please go to counter 3",
    ], "each call from the other process is announced once, in order"
