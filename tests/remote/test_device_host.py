"""A device host on its own PC (`kiosk devices --server URL`): the demo hall's simulated
bus on a real pseudo-terminal, driven from the hall server's feed; its keypads' presses
go to the server as operations with an Idempotency-Key, applied once."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app import DeviceHostRuntime, Role, build_runtime, load_settings
from kiosk.app.remote_runtime import RemoteService
from kiosk.core.clock import ManualClock
from kiosk.core.devices import Key, KeyPress, apply_key_once
from kiosk.devices.simulators import SimDevice
from kiosk.remote.client import HallClient

from ..conftest import MORNING
from .conftest import ServerProcess, wait_for

WAIT_S = 20


@pytest.fixture
def host(
    tmp_path: Path, server_process: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> Iterator[DeviceHostRuntime]:
    monkeypatch.setenv("KIOSK_TOKEN", server_process.enroll("devices"))
    settings = load_settings(None, tmp_path / "devices-pc")
    runtime = build_runtime(
        Role.DEVICE_HOST, settings, clock=ManualClock(MORNING), server=server_process.url
    )
    runtime.start()
    try:
        yield runtime
    finally:
        runtime.stop()


def _sim(host: DeviceHostRuntime, name: str) -> SimDevice:
    return next(d.device for d in host.simulated.devices if d.name == name)


def test_a_call_made_at_another_pc_reaches_the_device_hosts_displays(
    host: DeviceHostRuntime, server_process: ServerProcess
) -> None:
    assert host.store is None and isinstance(host.remote, RemoteService)
    assert {t.device for t in host.selftests} >= {"printer", "server"}
    assert host.link is not None
    wait_for(lambda: host.link.online, WAIT_S, "the device host's link")  # type: ignore[union-attr]
    with HallClient(server_process.url, server_process.admin) as counter:
        counter.issue("bill")
        counter.open_counter(1)
        counter.call_next(1)
    display, strip = _sim(host, "display 1"), _sim(host, "main strip")
    assert display.wait_for(lambda: "A001" in display.text.line1, timeout=WAIT_S)
    assert strip.wait_for(lambda: "A001" in str(strip.text), timeout=WAIT_S)


def test_a_keypad_press_goes_to_the_server_once(
    host: DeviceHostRuntime, server_process: ServerProcess, caplog: pytest.LogCaptureFixture
) -> None:
    with HallClient(server_process.url, server_process.admin) as kiosk:
        issued = kiosk.issue("bill")
        kiosk.issue("bill")
    keypad = _sim(host, "keypad 1")
    keypad.press(Key.OPEN)
    keypad.press(Key.CALL_NEXT)
    assert keypad.wait_for(lambda: keypad.pending == 0, timeout=WAIT_S)
    assert host.hub.wait_idle(WAIT_S)
    with HallClient(server_process.url, server_process.admin) as reader:
        ticket = reader.ticket(issued.ticket.uid)
        assert ticket is not None and ticket.counter == 1 and ticket.state == "called"
        seq = reader.version_info()["seq"]

    # The same press told again (its acknowledgement lost): the server answers it again
    # and changes nothing
    assert host.remote is not None
    caplog.set_level(logging.INFO)
    press = KeyPress(seq=4242, key=int(Key.RECALL))
    first = host.remote.run_op(apply_key_once, 1, "keypad 1", press, None)
    with HallClient(server_process.url, server_process.admin) as reader:
        after_first = reader.version_info()["seq"]
    again = host.remote.run_op(apply_key_once, 1, "keypad 1", press, None)
    assert first is not None and first.ticket is not None
    assert first.ticket.call_count == 2
    assert again is None or again == first  # applied already: nothing, or the first answer
    with HallClient(server_process.url, server_process.admin) as reader:
        assert after_first > seq  # `recalled` and the press recorded
        assert reader.version_info()["seq"] == after_first  # not applied twice
