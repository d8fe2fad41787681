"""Simulated displays, keypads and evaluators speaking Modbus RTU on the far end of a
pseudo-terminal or a socket: the tests', the benchmark's and the demo hall's devices."""

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
    "SocketLine",
]
