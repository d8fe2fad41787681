"""`kiosk selftest display|keypad|evaluator|voice|all` and `kiosk bench devices`, as the
CLI will call them: the same code as the technician panel, over simulated devices on a pty
and over a port where nothing answers."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest

from benchmarks import devices as bench_devices
from kiosk.cli import devices as devicecli
from kiosk.core.errors import DeviceFailed
from kiosk.devices.settings import DevicesSettings, VoiceSettings, demo_settings

from ..conftest import MORNING

FAST = {
    "timeout_s": 0.05,
    "probe_s": 0.05,
    "check_s": 0.05,
    "poll_s": 0.005,
    "idle_poll_s": 0.005,
    "reconnect_min_s": 0.01,
}


def fast(settings: DevicesSettings) -> DevicesSettings:
    buses = tuple(dataclasses.replace(b, **FAST) for b in settings.buses)  # type: ignore[arg-type]
    return dataclasses.replace(settings, buses=buses)


def test_selftest_all_over_simulated_devices_passes_as_json() -> None:
    out, asked = io.StringIO(), []
    code = devicecli.selftest(
        "all", fast(demo_settings([1, 2])), as_json=True, out=out, ask=asked.append, press_s=5
    )
    assert code == 0
    data = json.loads(out.getvalue())
    assert data["verdict"] == "pass"
    by_device = {r["device"]: r for r in data["reports"]}
    assert set(by_device) == {"displays", "keypads", "evaluators", "voice"}
    assert [s["name"] for s in by_device["displays"]["steps"]] == [
        "main strip", "display 1", "display 2",
    ]  # fmt: skip
    assert by_device["keypads"]["steps"][0]["message"] == "key recall received"
    assert "满意" in by_device["evaluators"]["steps"][0]["message"]
    assert asked == [
        "Press any key on keypad 1 (counter 1) within 5 s",
        "Press any key on keypad 2 (counter 2) within 5 s",
        "Press any key on evaluator 1 (counter 1) within 5 s",
        "Press any key on evaluator 2 (counter 2) within 5 s",
    ]


def test_a_display_that_does_not_answer_fails_with_a_plain_sentence() -> None:
    settings = fast(demo_settings([1]))
    gone = dataclasses.replace(settings.buses[0], url="/dev/ttyUSB-not-there")
    settings = dataclasses.replace(settings, buses=(gone,))
    out = io.StringIO()
    with pytest.raises(DeviceFailed, match="does not answer"):
        devicecli.selftest("display", settings, out=out, answer_s=0.2)
    text = out.getvalue()
    assert text.startswith("displays: fail")
    assert "main strip (bus demo, address 99) does not answer: port /dev/ttyUSB-not-there" in text


def test_voice_selftest_fails_when_no_clips() -> None:
    settings = dataclasses.replace(
        demo_settings([]), voice=VoiceSettings(output="null", clips_dir="/nonexistent")
    )
    out = io.StringIO()
    with pytest.raises(DeviceFailed, match="missing"):
        devicecli.selftest("voice", settings, out=out)


def test_bench_devices_reports_latencies() -> None:
    out = io.StringIO()
    assert (
        bench_devices.bench(
            as_json=True, calls=4, presses=2, counters=2, out=out, today=MORNING.date()
        )
        == 0
    )
    data = json.loads(out.getvalue())
    assert data["call_to_display_frame"]["n"] == 4
    assert data["keypad_press_to_call"]["n"] == 2
    assert data["bus"] == {"baudrate": 9600, "displays": 2, "keypads": 2}
