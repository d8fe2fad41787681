"""Every simulator of the hall's devices, and none of them inside the production parts.

Displays, keypads and evaluators speaking Modbus RTU on the far end of a pseudo-terminal
or a socket (``devices``, ``line``; ``buses``: every "sim" bus of a configuration), the
ticket printer (``printer``) and the voice (``voice``): the tests', the benchmarks' and
the demo hall's devices.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.devices.simulators.buses import SimulatedBuses, SimulatedDevice
    from kiosk.devices.simulators.devices import SimDevice, SimDisplay, SimEvaluator, SimKeypad
    from kiosk.devices.simulators.line import Faults, PtyLine, SimLine, SocketLine

# Imported when first named: the simulated printer (``simulators.printer``, the demo
# hall's default) must not bring pyserial and the Modbus stack into every process.
_WHERE = {
    "SimulatedBuses": "buses",
    "SimulatedDevice": "buses",
    "SimDevice": "devices",
    "SimDisplay": "devices",
    "SimEvaluator": "devices",
    "SimKeypad": "devices",
    "Faults": "line",
    "PtyLine": "line",
    "SimLine": "line",
    "SocketLine": "line",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


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
