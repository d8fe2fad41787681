"""Every simulator of the hall's devices, and none of them inside the production parts.

Displays, keypads and evaluators speaking Modbus RTU on the far end of a pseudo-terminal
or a socket (``devices``, ``line``; ``buses``: every "sim" bus of a configuration), the
ticket printer (``printer``) and the voice (``voice``): the tests', the benchmarks' and
the demo hall's devices.
"""

from kiosk.devices.simulators.buses import SimulatedBuses, SimulatedDevice
from kiosk.devices.simulators.devices import SimDevice, SimDisplay, SimEvaluator, SimKeypad
from kiosk.devices.simulators.line import Faults, PtyLine, SimLine, SocketLine

__all__ = [
    "Faults",
    "PtyLine",
    "SimDevice",
    "SimDisplay",
    "SimEvaluator",
    "SimKeypad",
    "SimLine",
    "SimulatedBuses",
    "SimulatedDevice",
    "SocketLine",
]
