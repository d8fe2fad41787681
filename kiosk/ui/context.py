"""What the windows of one process share: the process's runtime (built by the composition
root, kiosk.app.build_runtime) and the Qt parts around it. Built by kiosk.ui.app; each
window takes only the parts it needs."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from kiosk.app import ScreenRuntime, Settings
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
    from kiosk.ui.banner import LinkBridge
    from kiosk.ui.devices.bridge import QtHubEvents


@dataclasses.dataclass
class UiContext:
    runtime: ScreenRuntime  # the process's parts: service, printer, voice, devices
    ops: OpRunner  # store operations, in order
    devices: OpRunner  # printing and other device I/O, apart from the store's queue
    watcher: HallWatcher
    languages: Languages
    selftests: list[SelfTest]  # the runtime's and the screen's own (fonts)
    logs: LogBuffer
    # what the device hub tells the windows, as signals: only in the process that owns
    # the counter devices (`kiosk run`; docs/devices.md)
    hub_events: QtHubEvents | None = None
    # on a PC of a hall of several: whether the hall server is reached (the windows'
    # connection banner); None on one PC
    link: LinkBridge | None = None

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def service(self) -> QueueService:
        return self.runtime.service

    @property
    def pins(self) -> PinGate:
        return self.runtime.pins

    @property
    def clock(self) -> Clock:
        return self.runtime.clock

    @property
    def printer(self) -> TicketPrinter:
        return self.runtime.printer

    @property
    def announcer(self) -> Announcer:
        return self.runtime.announcer

    @property
    def hub(self) -> DeviceHub | None:
        return self.runtime.hub

    @property
    def simulated(self) -> SimulatedBuses | None:
        """The far end of the "sim" buses (the demo hall's devices), with the hub."""
        devices = self.runtime.devices
        return devices.simulated if devices is not None else None
