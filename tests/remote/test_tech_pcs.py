"""The technician panel on a PC of a hall of several lists the PCs joined to the hall and
tests every device of the hall through the device host it is attached to: the server
relays the request over the host's feed connection, the host reports back."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import DeviceHostRuntime, Role, build_runtime, load_settings
from kiosk.core.clock import ManualClock
from kiosk.ui.app import make_qapp, open_context
from kiosk.ui.tech.hallpcs import HallPcsView
from kiosk.ui.tech.window import TechWindow

from ..conftest import MORNING
from ..ui.conftest import close_context
from .conftest import ServerProcess, wait_for

WAIT_MS = 60_000  # the keypads' and evaluators' tests wait for (simulated) presses


@pytest.fixture
def device_host(
    tmp_path: Path, server_process: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> Iterator[DeviceHostRuntime]:
    monkeypatch.setenv("KIOSK_TOKEN", server_process.enroll("devices"))
    settings = load_settings(None, tmp_path / "devices-pc")
    host = build_runtime(
        Role.DEVICE_HOST, settings, clock=ManualClock(MORNING), server=server_process.url
    )
    host.start()
    try:
        assert host.link is not None
        wait_for(lambda: host.link is not None and host.link.online, 30, "the device host")
        yield host
    finally:
        host.stop()


def test_the_panel_lists_the_hall_pcs_and_tests_the_device_hosts_devices(
    tmp_path: Path, server_process: ServerProcess, device_host: DeviceHostRuntime, qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    make_qapp()
    monkeypatch.setenv("KIOSK_TOKEN", server_process.enroll("admin"))
    settings = load_settings(None, tmp_path / "tech-pc")
    ctx = open_context(settings, Role.TECH, clock=ManualClock(MORNING), server=server_process.url)
    try:
        window = TechWindow(ctx)
        qtbot.addWidget(window)
        assert window.hall_pcs is not None  # the page exists only on such a PC
        view: HallPcsView = window.hall_pcs
        view.refresh()
        qtbot.waitUntil(lambda: any(pc.role == "devices" for pc in view.pcs), timeout=WAIT_MS)
        host = next(pc for pc in view.pcs if pc.role == "devices")
        assert host.online  # it follows the feed now
        assert "devices" in view.list.toPlainText()

        view.check_devices()
        qtbot.waitUntil(lambda: view._check is not None and view._check.done, timeout=WAIT_MS)
        check = view._check
        assert check is not None and [h.pc for h in check.hosts] == [host.id]
        devices = {r.device for r in check.hosts[0].reports}
        assert {"displays", "keypads", "evaluators", "printer"} <= devices, devices
        assert view.check_button.isEnabled()
        assert "displays" in view.result.toPlainText()
    finally:
        close_context(ctx)
        os.environ.pop("KIOSK_TOKEN", None)


def test_the_panel_on_one_pc_has_no_hall_pcs_page(tmp_path: Path, qtbot: Any) -> None:
    make_qapp()
    ctx = open_context(load_settings(None, tmp_path / "hall"), Role.TECH,
                       clock=ManualClock(MORNING))  # fmt: skip
    try:
        window = TechWindow(ctx)
        qtbot.addWidget(window)
        assert window.hall_pcs is None
    finally:
        close_context(ctx)
