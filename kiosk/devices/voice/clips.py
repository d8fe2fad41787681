"""The clip set: 16 kHz mono 16-bit WAV files, chained into one sound."""

from __future__ import annotations

import io
import wave
from collections.abc import Iterable
from pathlib import Path

import kiosk
from kiosk.core.voice import every_clip
from kiosk.files import MiB, read_bytes

RATE = 16_000
CLIP_LIMIT = 16 * MiB  # a clip is a word or two: some 30 kB
DEFAULT_DIR = Path(kiosk.__file__).resolve().parent.parent / "assets" / "voice"


class ClipError(Exception):
    """A clip is missing or not in the set's format: the message names it."""


class ClipLibrary:
    """The clips of one folder, read once (a whole set is about 1.4 MB)."""

    def __init__(self, folder: Path = DEFAULT_DIR, gap_ms: int = 60) -> None:
        self.folder = folder
        self.gap = b"\x00\x00" * (RATE * gap_ms // 1000)  # silence between clips
        self._pcm: dict[str, bytes] = {}

    def pcm(self, name: str) -> bytes:
        if name not in self._pcm:
            path = self.folder / f"{name}.wav"
            try:
                with wave.open(io.BytesIO(read_bytes(path, CLIP_LIMIT)), "rb") as w:
                    shape = (w.getnchannels(), w.getsampwidth(), w.getframerate())
                    if shape != (1, 2, RATE):
                        raise ClipError(
                            f"clip {path} is {shape[0]} channel(s), {8 * shape[1]} bit, "
                            f"{shape[2]} Hz; expected mono 16 bit {RATE} Hz"
                        )
                    self._pcm[name] = w.readframes(w.getnframes())
            except FileNotFoundError:
                raise ClipError(f"clip {path} is missing (run tools/make-voice-clips.sh)") from None
            except (wave.Error, EOFError) as exc:
                raise ClipError(f"clip {path} is not a WAV file: {exc}") from None
            except OSError as exc:  # a folder, no permission, a file past CLIP_LIMIT
                raise ClipError(f"clip {path} cannot be read: {exc.strerror or exc}") from None
        return self._pcm[name]

    def chain(self, names: Iterable[str]) -> bytes:
        """One WAV (file bytes) of the clips in order, a short silence between them."""
        parts = [self.pcm(n) for n in names]
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(self.gap.join(parts))
        return out.getvalue()

    def missing(self) -> list[str]:
        """Clips of the full set that cannot be read, with why."""
        problems = []
        for name in every_clip():
            try:
                self.pcm(name)
            except ClipError as exc:
                problems.append(str(exc))
        return problems


def duration_s(wav_bytes: bytes) -> float:
    with wave.open(io.BytesIO(wav_bytes), "rb") as w:
        return w.getnframes() / w.getframerate()
