"""The counter devices and the voice: the [devices] and [voice] tables mapped into the
settings the device hub takes, the hub and the voice built."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.app.settings import Settings
from kiosk.core.devices import RatingSink

if TYPE_CHECKING:  # the hub imports pyserial: only a process with devices loads it
    from kiosk.devices.hub import DeviceHub, HubEvents, HubService
    from kiosk.devices.settings import DevicesSettings, VoiceSettings
    from kiosk.devices.voice.announcer import VoiceAnnouncer

log = logging.getLogger(__name__)


# -- the counter devices and the voice ------------------------------------------------------


def devices_settings(settings: Settings) -> DevicesSettings:
    """The [devices] and [voice] tables as the device hub takes them (docs/devices.md)."""
    from kiosk.devices.bus import BusSettings
    from kiosk.devices.settings import (
        DevicesSettings,
        DisplaySettings,
        EvaluatorSettings,
        KeypadSettings,
        VoiceSettings,
        demo_settings,
    )

    cfg = settings.config
    d, v = cfg.devices, cfg.voice
    voice = VoiceSettings(
        output="null" if d.voice == "sim" else v.output,
        languages=tuple(v.languages),
        repeat=v.repeat,
        gap_ms=v.gap_ms,
        clips_dir=v.clips_dir,
    )
    follow_s = d.follow_ms / 1000
    if d.simulate:
        demo = demo_settings(c.number for c in settings.hall.counters)
        return dataclasses.replace(demo, voice=voice, follow_s=follow_s)
    return DevicesSettings(
        buses=tuple(
            BusSettings(
                b.name,
                b.url,
                baudrate=b.baudrate,
                parity=b.parity,
                stopbits=b.stopbits,
                timeout_s=b.timeout_ms / 1000,
                retries=b.retries,
                offline_after=b.offline_after,
                probe_s=b.probe_ms / 1000,
                check_s=b.check_ms / 1000,
                poll_s=b.poll_ms / 1000,
                reconnect_min_s=b.reconnect_min_ms / 1000,
                reconnect_max_s=b.reconnect_max_ms / 1000,
                discard_echo=b.discard_echo,
            )
            for b in d.bus
        ),
        displays=tuple(DisplaySettings(x.bus, x.address, x.counter, x.name) for x in d.display),
        keypads=tuple(
            KeypadSettings(x.bus, x.address, x.counter, x.transfer_service, x.name)
            for x in d.keypad
        ),
        evaluators=tuple(
            EvaluatorSettings(x.bus, x.address, x.counter, x.timeout_s, x.name) for x in d.evaluator
        ),
        voice=voice,
        follow_s=follow_s,
    )


def build_devices(
    settings: DevicesSettings,
    service: HubService | None,
    *,
    rater: RatingSink | None = None,
    events: HubEvents | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    voice: bool = True,
) -> DeviceHub:
    """The hall's devices as configured; call start() to run them, stop() at exit."""
    from kiosk.devices.hub import DeviceHub

    announcer = build_voice(settings.voice) if voice else None
    return DeviceHub(
        settings, service, rater=rater, events=events, voice=announcer, monotonic=monotonic
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
