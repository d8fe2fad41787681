"""The serial devices' and the voice's settings, as the hub takes them.

kiosk.config validates the TOML ([[devices.bus]], [[devices.display]], ... and [voice],
see docs/devices.md) and builds these (kiosk.config.to_settings); a bus whose url is "sim"
gets simulated devices on a pseudo-terminal for every device configured on it
(kiosk.devices.simulators.SimulatedBuses, built beside the hub).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from kiosk.core.voice import LANGUAGES, Language
from kiosk.devices.bus import BusSettings

SIM = "sim"


@dataclasses.dataclass(frozen=True)
class DisplaySettings:
    bus: str
    address: int
    counter: int | None = None  # None: the main strip
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or (f"display {self.counter}" if self.counter else "main strip")


@dataclasses.dataclass(frozen=True)
class KeypadSettings:
    bus: str
    address: int
    counter: int
    transfer_service: str = ""  # the transfer key with no counter typed sends here
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or f"keypad {self.counter}"


@dataclasses.dataclass(frozen=True)
class EvaluatorSettings:
    bus: str
    address: int
    counter: int
    timeout_s: float = 30.0  # no press in this time: the ticket stays unrated
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or f"evaluator {self.counter}"


@dataclasses.dataclass(frozen=True)
class VoiceSettings:
    output: str = "auto"  # auto, null, pw-play, paplay, aplay, folder:PATH
    languages: tuple[Language, ...] = LANGUAGES
    repeat: int = 2
    gap_ms: int = 60
    clips_dir: str = ""  # empty: kiosk/assets/voice


@dataclasses.dataclass(frozen=True)
class DevicesSettings:
    buses: tuple[BusSettings, ...] = ()
    displays: tuple[DisplaySettings, ...] = ()
    keypads: tuple[KeypadSettings, ...] = ()
    evaluators: tuple[EvaluatorSettings, ...] = ()
    voice: VoiceSettings = VoiceSettings()
    follow_s: float = 0.2  # how often the hub looks for changes made by other processes

    def problems(self, counters: Iterable[int] = ()) -> list[str]:
        """What is wrong, one sentence each naming the device (config check uses it)."""
        known = set(counters)
        names = [b.name for b in self.buses]
        out = [f"bus {n!r} is defined twice" for n in set(names) if names.count(n) > 1]
        used: dict[tuple[str, int], str] = {}
        devices: list[DisplaySettings | KeypadSettings | EvaluatorSettings] = [
            *self.displays,
            *self.keypads,
            *self.evaluators,
        ]
        for d in devices:
            if d.bus not in names:
                out.append(f"{d.label}: unknown bus {d.bus!r} (known: {', '.join(names)})")
            if not 1 <= d.address <= 247:
                out.append(f"{d.label}: address {d.address} is outside 1-247")
            other = used.setdefault((d.bus, d.address), d.label)
            if other != d.label:
                out.append(f"{d.label}: address {d.address} on bus {d.bus} is {other}'s")
            counter = d.counter
            if known and counter is not None and counter not in known:
                out.append(f"{d.label}: no counter {counter} in the hall")
        return out


def demo_settings(counters: Iterable[int]) -> DevicesSettings:
    """The embedded demo hall: one simulated bus with a display, a keypad and an
    evaluator per counter, and the main strip (addresses: counter n's display n,
    keypad 100 + n, evaluator 200 + n; the strip 99)."""
    numbers = [n for n in counters if 1 <= n <= 47]
    return DevicesSettings(
        buses=(BusSettings("demo", SIM),),
        displays=(
            DisplaySettings("demo", 99, None),
            *(DisplaySettings("demo", n, n) for n in numbers),
        ),
        keypads=tuple(KeypadSettings("demo", 100 + n, n) for n in numbers),
        evaluators=tuple(EvaluatorSettings("demo", 200 + n, n) for n in numbers),
        voice=VoiceSettings(output="null"),
    )
