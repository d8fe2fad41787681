"""The counter devices and the voice: the [devices] and [voice] tables mapped into the
settings the device hub takes, the hub and the voice built."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.app.settings import Settings
from kiosk.core.devices import RatingSink

if TYPE_CHECKING:  # the hub imports pyserial: only a process with devices loads it
    from kiosk.devices.hub import DeviceHub, HubEvents, HubService, Wire
    from kiosk.devices.settings import DevicesSettings, VoiceSettings
    from kiosk.devices.voice.announcer import VoiceAnnouncer

log = logging.getLogger(__name__)


# -- the counter devices and the voice ------------------------------------------------------


def devices_settings(settings: Settings) -> DevicesSettings:
    """The [devices] and [voice] tables as the device hub takes them (docs/devices.md):
    each section mapped once, by name (kiosk.config.to_settings)."""
    return settings.config.devices_settings()


def build_devices(
    settings: DevicesSettings,
    service: HubService | None,
    *,
    rater: RatingSink | None = None,
    events: HubEvents | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    voice: bool = True,
    wires: Sequence[Wire] = (),
) -> DeviceHub:
    """The hall's devices as configured; call start() to run them, stop() at exit.
    ``wires``: the simulators on the far side (kiosk.devices.simulators.SimulatedBuses:
    give the hub their ``settings``), started before the buses and closed after."""
    from kiosk.devices.hub import DeviceHub

    announcer = build_voice(settings.voice) if voice else None
    return DeviceHub(
        settings,
        service,
        rater=rater,
        events=events,
        voice=announcer,
        monotonic=monotonic,
        wires=wires,
    )


def build_voice(v: VoiceSettings) -> VoiceAnnouncer:
    """The hall's voice; call start() before announcing and stop() at exit. With no sound
    player on the machine it stays silent, says so in the log, and fails its self-test."""
    from kiosk.devices.voice.announcer import VoiceAnnouncer
    from kiosk.devices.voice.clips import DEFAULT_DIR, ClipLibrary
    from kiosk.devices.voice.outputs import (
        AudioOutput,
        OutputFailed,
        UnavailableOutput,
        make_output,
    )

    library = ClipLibrary(Path(v.clips_dir) if v.clips_dir else DEFAULT_DIR, v.gap_ms)
    output: AudioOutput
    try:
        output = make_output(v.output)
    except OutputFailed as exc:
        log.warning("voice: %s; calls are not spoken", exc)
        output = UnavailableOutput(str(exc))
    return VoiceAnnouncer(library, output, languages=v.languages, repeat=v.repeat)
