"""kiosk/app is the one composition root: ``build_runtime(role, settings)`` gives each role
its typed parts on a real store; nothing under kiosk/app imports the windows, and the
windows import neither the store nor the root's internals nor build a concrete part."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kiosk
import kiosk.app
from kiosk.app import (
    CommandRuntime,
    CounterRuntime,
    DeviceHostRuntime,
    DisplayRuntime,
    KioskRuntime,
    Role,
    ScreenRuntime,
    TechRuntime,
    build_runtime,
    load_settings,
)
from kiosk.core.clock import ManualClock
from kiosk.core.errors import NotFound
from kiosk.core.selftest import Verdict
from kiosk.devices.simulators.voice import SimVoice
from kiosk.devices.voice.announcer import VoiceAnnouncer

from .conftest import MORNING

PACKAGE = Path(kiosk.__file__).parent


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every import of a file, TYPE_CHECKING ones and those inside
    functions included."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [a.name for a in node.names]))
    return found


def _files(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def test_nothing_under_kiosk_app_imports_the_windows() -> None:
    wrong = [
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in _files("app")
        for module, _ in _imports(path)
        if module == "kiosk.ui" or module.startswith("kiosk.ui.")
    ]
    assert wrong == []


def test_the_windows_import_neither_the_store_nor_the_roots_internals() -> None:
    """kiosk.ui takes what kiosk.app exports (a runtime, the settings), never a module
    behind it, and never kiosk.store."""
    wrong = []
    for path in _files("ui"):
        for module, names in _imports(path):
            where = f"{path.relative_to(PACKAGE)}: {module}"
            if module == "kiosk.store" or module.startswith(("kiosk.store.", "kiosk.app.")):
                wrong.append(where)
            elif module == "kiosk" and "app" in names:
                wrong.append(f"{where} import app")
            elif module == "kiosk.app":
                wrong += [f"{where}.{n}" for n in names if n not in kiosk.app.__all__]
    assert wrong == []


# What only the composition root constructs: stores, the queue service and its
# estimator, printers, the device hub and its buses, voices.
CONSTRUCTORS = frozenset(
    {
        "open_store", "SqlStore", "QueueService", "LearnedEstimator", "EscposPrinter",
        "SimPrinter", "DeviceHub", "VoiceAnnouncer", "Bus", "build_printer",
        "build_service", "open_queue_store", "build_devices", "build_voice",
    }
)  # fmt: skip


def test_the_windows_construct_no_store_printer_bus_voice_or_estimator() -> None:
    made = []
    for path in _files("ui"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in CONSTRUCTORS:
                    made.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {name}")
    assert made == []


# -- each role's parts, on a real store ------------------------------------------------------


@pytest.fixture
def settings(tmp_path: Path) -> kiosk.app.Settings:
    return load_settings(None, tmp_path / "hall-data")


def test_a_command_gets_a_service_whose_store_closes_with_it(settings: kiosk.app.Settings) -> None:
    with build_runtime(Role.COMMAND, settings, clock=ManualClock(MORNING)) as runtime:
        assert isinstance(runtime, CommandRuntime)
        assert runtime.service.issue("bill").ticket.number == "A001"
    with build_runtime(Role.COMMAND, settings, clock=ManualClock(MORNING)) as again:
        assert [t.number for t in again.service.tickets()] == ["A001"]


def test_a_counter_process_has_no_devices_and_announces_to_the_log(
    settings: kiosk.app.Settings,
) -> None:
    runtime = build_runtime(Role.COUNTER, settings, counter=3, clock=ManualClock(MORNING))
    try:
        assert isinstance(runtime, CounterRuntime) and runtime.counter == 3
        assert runtime.devices is None and runtime.hub is None and runtime.voice is None
        assert isinstance(runtime.announcer, SimVoice)
        assert {t.device for t in runtime.selftests} == {"printer", "voice", "storage"}
        runtime.start()  # nothing to start: no voice, no ports
        runtime.stop()
    finally:
        runtime.close()
        runtime.close()  # once is enough; twice is harmless


def test_an_unknown_counter_is_refused_before_any_part_is_built(
    settings: kiosk.app.Settings,
) -> None:
    with pytest.raises(NotFound, match="counter 9"):
        build_runtime(Role.COUNTER, settings, counter=9)
    assert not (settings.data_dir / "kiosk.db").exists()


@pytest.mark.parametrize(
    ("role", "kind"), [(Role.DISPLAY, DisplayRuntime), (Role.TECH, TechRuntime)]
)
def test_the_display_and_the_panel_run_the_voice(
    settings: kiosk.app.Settings, role: Role, kind: type[ScreenRuntime]
) -> None:
    runtime = build_runtime(role, settings, clock=ManualClock(MORNING))
    try:
        assert type(runtime) is kind and runtime.devices is None
        assert isinstance(runtime.voice, VoiceAnnouncer) and runtime.announcer is runtime.voice
        runtime.start()
        runtime.stop()
    finally:
        runtime.close()


def test_the_kiosk_owns_the_devices_with_a_store_connection_of_their_own(
    settings: kiosk.app.Settings,
) -> None:
    runtime = build_runtime(Role.KIOSK, settings, clock=ManualClock(MORNING))
    try:
        assert isinstance(runtime, KioskRuntime)
        host = runtime.devices
        assert isinstance(host, DeviceHostRuntime) and runtime.hub is host.hub
        assert host.store is not None and host.store is not runtime.store
        assert runtime.announcer is host.voice is runtime.voice
        devices = [t.device for t in runtime.selftests]
        assert devices == ["printer", "voice", "displays", "keypads", "evaluators", "storage"]
        runtime.start()
        assert host.hub.wait_idle(10)
        runtime.stop()
    finally:
        runtime.close()


def test_a_device_host_without_a_voice(settings: kiosk.app.Settings) -> None:
    host = build_runtime(Role.DEVICE_HOST, settings, clock=ManualClock(MORNING), voice=False)
    assert isinstance(host, DeviceHostRuntime) and host.voice is None
    host.start()
    host.stop()


def test_the_storage_self_test_checks_the_runtimes_store(settings: kiosk.app.Settings) -> None:
    runtime = build_runtime(Role.COUNTER, settings, counter=1, clock=ManualClock(MORNING))
    try:
        storage = next(t for t in runtime.selftests if t.device == "storage")
        assert [s.verdict for s in storage.run()] == [Verdict.PASS]
    finally:
        runtime.close()
