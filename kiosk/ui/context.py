"""What the windows of one process share. Built by kiosk.ui.app (the composition
root for the screens); each window takes only the parts it needs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.app import Settings
from kiosk.core.clock import Clock
from kiosk.core.pin import PinGate
from kiosk.core.ports import Announcer, TicketPrinter
from kiosk.core.selftest import SelfTest
from kiosk.core.service import QueueService
from kiosk.ui.i18n import Languages
from kiosk.ui.logbuffer import LogBuffer
from kiosk.ui.runner import OpRunner
from kiosk.ui.watcher import HallWatcher

if TYPE_CHECKING:
    from kiosk.devices.hub import DeviceHub
    from kiosk.devices.simulators import SimulatedBuses
    from kiosk.ui.devices.bridge import QtHubEvents


@dataclasses.dataclass
class UiContext:
    settings: Settings
    service: QueueService
    pins: PinGate  # the technician PIN; its failures and lockout live in the store
    clock: Clock
    ops: OpRunner  # store operations, in order
    devices: OpRunner  # printing and other device I/O, apart from the store's queue
    watcher: HallWatcher
    languages: Languages
    printer: TicketPrinter
    announcer: Announcer
    selftests: list[SelfTest]
    logs: LogBuffer
    # The counter displays, keypads, evaluators and voice (docs/devices.md): only the
    # process that owns the ports (`kiosk run`) has them; the others see the store.
    hub: DeviceHub | None = None
    hub_events: QtHubEvents | None = None
    simulated: SimulatedBuses | None = None  # the far end of "sim" buses (the demo hall)
    # what stop_devices closes after the hub has stopped (the hub's own store connection)
    closers: list[Callable[[], None]] = dataclasses.field(default_factory=list)
