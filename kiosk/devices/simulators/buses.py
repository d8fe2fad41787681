"""The far end of every bus configured as "sim": a pseudo-terminal per bus with a simulated
display, keypad or evaluator at each address configured on it.

The device hub never knows: it is given the settings with each "sim" URL replaced by its
pseudo-terminal's, and drives the simulators with the same bytes as real devices. The
composition (kiosk.app, the demo hall's screens, `kiosk selftest`, the benchmark) builds
these beside the hub, starts them before it and closes them after it (the hub's
``wires``); the simulated devices window and the self-tests reach them here.

Unless they are paced like a real wire (``baudrate``: the benchmarks), the simulated
keypads and evaluators ring the hub's doorbell when pressed (the hub gives it at
``start``; kiosk.devices.bus.Bus.attention), so the press is read at once, and their
quiet keypads are polled only every ``RUNG_IDLE_POLL_S`` in case: an idle demo hall does
not ask four keypads twenty times a second for nothing.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.devices import Key, Rating
from kiosk.devices.selftest import Prompt
from kiosk.devices.settings import SIM, DevicesSettings
from kiosk.devices.simulators.devices import SimDevice, SimDisplay, SimEvaluator, SimKeypad
from kiosk.devices.simulators.line import PtyLine

if TYPE_CHECKING:
    from kiosk.devices.hub import Doorbell

ARM_WAIT_S = 3.0  # an evaluator's self-test lights it within a poll or two
# A keypad that rings when pressed is polled this often while quiet, in case a ring was
# missed (pressed before the hub started; its presses wait in its queue meanwhile) and to
# see within a few seconds that it stopped answering.
RUNG_IDLE_POLL_S = 2.0


@dataclasses.dataclass(frozen=True)
class SimulatedDevice:
    """A simulated device for the demo hall's window: what it shows, its keys."""

    name: str
    counter: int | None
    device: SimDevice


class SimulatedBuses:
    """Every "sim" bus of ``settings`` on a pseudo-terminal of its own.

    ``settings``: what the hub takes (the "sim" URLs replaced). ``lines``: the
    pseudo-terminals by bus name (tests unplug them). ``devices``: every simulated
    device, in the order configured. ``baudrate`` paces the wire like a real bus (the
    benchmark); ``folder`` gets a ``BUS.tty`` link to each pseudo-terminal. ``rings``:
    the keypads and evaluators ring the doorbell when pressed (by default unless paced:
    a paced bus is polled as a real one is)."""

    def __init__(
        self,
        settings: DevicesSettings,
        *,
        baudrate: int | None = None,
        folder: Path | None = None,
        rings: bool | None = None,
    ) -> None:
        self.lines: dict[str, PtyLine] = {}
        self.devices: list[SimulatedDevice] = []
        self.rings = baudrate is None if rings is None else rings
        self._bus_of: dict[int, str] = {}  # id(device): its bus's name
        buses = []
        for bus in settings.buses:
            if bus.url == SIM:
                link = folder / f"{bus.name}.tty" if folder else None
                line = PtyLine(link=link, baudrate=baudrate)
                self.lines[bus.name] = line
                idle = max(bus.idle_poll_s, RUNG_IDLE_POLL_S) if self.rings else bus.idle_poll_s
                buses.append(dataclasses.replace(bus, url=line.url, idle_poll_s=idle))
            else:
                buses.append(bus)
        for d in settings.displays:
            display = SimDisplay(d.address, d.label, strip=d.counter is None)
            self._add(d.bus, d.label, d.counter, display)
        for k in settings.keypads:
            self._add(k.bus, k.label, k.counter, SimKeypad(k.address, k.label))
        for e in settings.evaluators:
            self._add(e.bus, e.label, e.counter, SimEvaluator(e.address, e.label))
        self.settings = dataclasses.replace(settings, buses=tuple(buses))

    def _add(self, bus: str, name: str, counter: int | None, device: SimDevice) -> None:
        line = self.lines.get(bus)
        if line is not None:
            line.add(device)
            self._bus_of[id(device)] = bus
            self.devices.append(SimulatedDevice(name, counter, device))

    def device(self, name: str) -> SimDevice | None:
        """The simulated device of that name (a self-test presses its keys); None for a
        real one."""
        return next((s.device for s in self.devices if s.name == name), None)

    def press_when_asked(self, prompt: Prompt) -> None:
        """The demo hall's technician: a self-test's prompt to press a key on a simulated
        keypad or evaluator is answered here (a keypad's RECALL; an evaluator, once the
        self-test has lit it, SATISFIED). A real device's prompt is left to a person."""
        device = self.device(prompt.device)
        if isinstance(device, SimKeypad):
            device.press(Key.RECALL)
        elif isinstance(device, SimEvaluator) and device.wait_for(lambda: device.armed, ARM_WAIT_S):
            device.press(Rating.SATISFIED)

    def start(self, doorbell: Doorbell | None = None) -> None:
        """Start the lines; ``doorbell`` (the hub's) is rung with the bus's name and the
        address of a keypad or evaluator pressed, when this simulation rings."""
        if doorbell is not None and self.rings:
            for s in self.devices:
                if isinstance(s.device, (SimKeypad, SimEvaluator)):
                    bus, address = self._bus_of[id(s.device)], s.device.address
                    s.device.doorbell = functools.partial(doorbell, bus, address)
        for line in self.lines.values():
            line.start()

    def close(self) -> None:
        for s in self.devices:
            s.device.doorbell = None
        for line in self.lines.values():
            line.close()
