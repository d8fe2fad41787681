"""The clip set: 16 kHz mono 16-bit WAV files, chained into one sound.

Each clip is made even as it is read, whatever set the hall uses: brought to the same
loudness (:data:`TARGET_DBFS` RMS, never past :data:`PEAK_DBFS`), and faded in and out
over :data:`FADE_MS` so that no join clicks (a clip that starts or ends mid-wave is a
step of up to -20 dBFS against the silence). Clips of one language are :attr:`gap_ms`
apart; between the chime and the first language, and between the languages, there is
a real pause (:data:`PAUSE_MS`), as a person would leave.
"""

from __future__ import annotations

import array
import io
import math
import sys
import wave
from collections.abc import Iterable
from pathlib import Path

from kiosk import assets
from kiosk.core.voice import every_clip
from kiosk.files import MiB, read_bytes

RATE = 16_000
CLIP_LIMIT = 16 * MiB  # a clip is a word or two: some 30 kB
DEFAULT_DIR = assets.folder(assets.VOICE)  # the clips shipped in the package
TARGET_DBFS = -20.0  # every clip's RMS level
PEAK_DBFS = -1.0  # no clip is made louder than this at its peak
FADE_MS = 10  # raised-cosine fade at both ends of every clip
PAUSE_MS = 500  # after the chime and between the languages
FULL_SCALE = 32768


def level_dbfs(samples: array.array[int]) -> float:
    """RMS level in dB below full scale (-inf for silence)."""
    if not samples:
        return -math.inf
    rms = math.sqrt(sum(x * x for x in samples) / len(samples))
    return 20 * math.log10(rms / FULL_SCALE) if rms else -math.inf


def samples_of(pcm: bytes) -> array.array[int]:
    """16-bit little-endian PCM as numbers."""
    out = array.array("h", pcm)
    if sys.byteorder == "big":
        out.byteswap()
    return out


def pcm_of(samples: array.array[int]) -> bytes:
    if sys.byteorder == "big":
        samples = array.array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def even(samples: array.array[int], rate: int = RATE) -> array.array[int]:
    """The clip at TARGET_DBFS (its peak kept under PEAK_DBFS), faded in and out."""
    level = level_dbfs(samples)
    if level == -math.inf:
        return array.array("h", samples)
    peak = max(abs(x) for x in samples)
    gain = min(
        10 ** ((TARGET_DBFS - level) / 20),
        10 ** (PEAK_DBFS / 20) * FULL_SCALE / peak,
    )
    fade = min(rate * FADE_MS // 1000, len(samples) // 2)
    out = array.array("h", bytes(2 * len(samples)))
    last = len(samples) - 1
    for i, x in enumerate(samples):
        g = gain
        edge = min(i, last - i)  # samples from the nearer end: 0 at the first and last
        if edge < fade:
            g *= 0.5 - 0.5 * math.cos(math.pi * edge / fade)
        out[i] = max(-FULL_SCALE, min(FULL_SCALE - 1, round(x * g)))
    return out


def _group(name: str) -> str:
    """The language of a clip ("zh/qing" is zh); the chime is its own."""
    return name.partition("/")[0]


class ClipError(Exception):
    """A clip is missing or not in the set's format: the message names it."""


class ClipLibrary:
    """The clips of one folder, read once (a whole set is about 1.4 MB)."""

    def __init__(
        self, folder: Path = DEFAULT_DIR, gap_ms: int = 60, pause_ms: int = PAUSE_MS
    ) -> None:
        self.folder = folder
        self.gap = b"\x00\x00" * (RATE * gap_ms // 1000)  # silence between clips
        self.pause = b"\x00\x00" * (RATE * pause_ms // 1000)  # between languages
        self._pcm: dict[str, bytes] = {}

    def pcm(self, name: str) -> bytes:
        """The clip as it is played: even loudness, faded at both ends."""
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
                    raw = w.readframes(w.getnframes())
                self._pcm[name] = pcm_of(even(samples_of(raw[: len(raw) // 2 * 2])))
            except FileNotFoundError:
                raise ClipError(f"clip {path} is missing (run tools/make-voice-clips.sh)") from None
            except (wave.Error, EOFError) as exc:
                raise ClipError(f"clip {path} is not a WAV file: {exc}") from None
            except OSError as exc:  # a folder, no permission, a file past CLIP_LIMIT
                raise ClipError(f"clip {path} cannot be read: {exc.strerror or exc}") from None
        return self._pcm[name]

    def chain(self, names: Iterable[str]) -> bytes:
        """One WAV (file bytes) of the clips in order: a short silence between the clips
        of a language, a pause where the chime ends or the language changes."""
        pcm = bytearray()
        before = ""
        for name in names:
            group = _group(name)
            if pcm:
                pcm += self.pause if group != before else self.gap
            pcm += self.pcm(name)
            before = group
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(bytes(pcm))
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
