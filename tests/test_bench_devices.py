"""`kiosk bench devices` times the device hub `kiosk run` is made of: built by the
composition root (kiosk.app.build_devices) on the store kiosk.app opens."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

import kiosk.app
from benchmarks import devices as bench_devices

from .conftest import MORNING


def test_bench_devices_builds_the_hub_through_the_composition_root(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[dict[str, Any]] = []
    opened: list[str] = []
    real_build, real_open = kiosk.app.build_devices, kiosk.app.open_queue_store

    def build_devices(*args: Any, **kwargs: Any) -> Any:
        built.append(kwargs)
        return real_build(*args, **kwargs)

    def open_queue_store(settings: Any) -> Any:
        opened.append(settings.store_url)
        return real_open(settings)

    monkeypatch.setattr(kiosk.app, "build_devices", build_devices)
    monkeypatch.setattr(kiosk.app, "open_queue_store", open_queue_store)
    out = io.StringIO()
    code = bench_devices.bench(
        as_json=True, calls=3, presses=2, counters=4, baudrate=115200, out=out,
        today=MORNING.date(),
    )  # fmt: skip
    assert code == 0
    data = json.loads(out.getvalue())
    assert data["call_to_display_frame"]["n"] == 3
    assert data["failed_transactions"] == 0
    assert len(built) == 1 and built[0]["voice"] is False
    assert len(opened) == 1 and opened[0].endswith("kiosk.db")
