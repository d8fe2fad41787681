"""Where a sound goes: a player program on the sound card, a folder, or nowhere.

Each ``play`` returns when the sound has finished (the announcer's one thread calls it,
which is what keeps announcements from overlapping).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

# Tried in this order by "auto": PipeWire, PulseAudio, ALSA; each reads a WAV on stdin.
PLAYERS = {
    "pw-play": ["pw-play", "-"],
    "paplay": ["paplay"],
    "aplay": ["aplay", "-q", "-"],
}


class OutputFailed(Exception):
    """The sound could not be played; the message says why in words for staff."""


class AudioOutput(Protocol):
    name: str

    def play(self, wav: bytes) -> None: ...


class NullOutput:
    """Plays nothing; keeps every sound and tells whether two ever overlapped."""

    name = "null"

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.played: list[bytes] = []
        self.overlapped = False
        self._playing = 0
        self._lock = threading.Lock()
        self._gate = gate  # a test holds each sound "playing" until it opens
        self.started = threading.Semaphore(0)
        self.finished = threading.Condition()

    def play(self, wav: bytes) -> None:
        with self._lock:
            self._playing += 1
            self.overlapped |= self._playing > 1
        self.started.release()
        try:
            if self._gate is not None:
                self._gate.wait(10)
        finally:
            with self._lock:
                self._playing -= 1
            with self.finished:
                self.played.append(wav)
                self.finished.notify_all()


class CommandOutput:
    """A player program that reads the WAV on its standard input."""

    def __init__(self, player: str, timeout_s: float = 60.0) -> None:
        if player not in PLAYERS:
            raise ValueError(f"unknown player {player!r} (known: {', '.join(PLAYERS)})")
        self.name = player
        self._argv = PLAYERS[player]
        self._timeout = timeout_s

    def play(self, wav: bytes) -> None:
        try:
            result = subprocess.run(
                self._argv, input=wav, capture_output=True, timeout=self._timeout, check=False
            )
        except FileNotFoundError:
            raise OutputFailed(f"{self.name} is not installed") from None
        except subprocess.TimeoutExpired:
            raise OutputFailed(f"{self.name} did not finish in {self._timeout:.0f} s") from None
        if result.returncode != 0:
            err = result.stderr.decode(errors="replace").strip().splitlines()
            raise OutputFailed(f"{self.name} failed: {err[-1] if err else result.returncode}")


class FolderOutput:
    """Writes each sound to a numbered WAV file (training, or a machine with no speakers)."""

    name = "folder"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def play(self, wav: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        (self.folder / f"announcement-{self.count:04d}.wav").write_bytes(wav)


class UnavailableOutput:
    """No way to play sound here: every sound fails with the reason (the voice's health and
    its self-test say it), and the queue goes on."""

    def __init__(self, reason: str) -> None:
        self.name = "unavailable"
        self.reason = reason

    def play(self, sound: bytes) -> None:
        raise OutputFailed(self.reason)


def make_output(spec: str) -> AudioOutput:
    """ "auto" (the first player installed), "null", "pw-play", "paplay", "aplay", or
    "folder:PATH"."""
    if spec == "null":
        return NullOutput()
    if spec.startswith("folder:"):
        return FolderOutput(Path(spec.removeprefix("folder:")))
    if spec == "auto":
        for player in PLAYERS:
            if shutil.which(player):
                return CommandOutput(player)
        raise OutputFailed(
            "no sound player found (install pipewire, pulseaudio-utils or alsa-utils)"
        )
    return CommandOutput(spec)
