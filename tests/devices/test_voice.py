"""Announcements: the clips of a call in Chinese and English, chained from the committed
clip set, queued so that two calls never overlap, each repeated."""

from __future__ import annotations

import array
import datetime as dt
import io
import itertools
import math
import threading
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.model import Call
from kiosk.core.selftest import Verdict
from kiosk.core.voice import announcement_clips, call_clips, en_number, every_clip, zh_number
from kiosk.devices.voice.announcer import VoiceAnnouncer
from kiosk.devices.voice.clips import DEFAULT_DIR, ClipLibrary, duration_s
from kiosk.devices.voice.outputs import FolderOutput, NullOutput, make_output

AT = dt.datetime(2026, 11, 24, 9, 30)
TARGET = -20.0  # dBFS RMS, every clip as played (docs/devices.md)


def call(number: str, counter: int) -> Call:
    return Call(number, "bill", counter, AT, recall=False)


def test_chinese_call_reads_the_number_one_character_at_a_time() -> None:
    assert call_clips("zh", "A023", 3) == (
        "zh/qing", "zh/A", "zh/0", "zh/2", "zh/3", "zh/hao",
        "zh/dao", "zh/3", "zh/hao", "zh/chuangkou_banli",
    )  # fmt: skip


def test_english_call() -> None:
    assert call_clips("en", "A023", 3) == (
        "en/ticket", "en/A", "en/0", "en/2", "en/3", "en/please_go_to_counter", "en/3",
    )  # fmt: skip


def test_counter_numbers_are_read_as_numbers() -> None:
    assert zh_number(10) == ["zh/shi"]
    assert zh_number(12) == ["zh/shi", "zh/2"]
    assert zh_number(20) == ["zh/2", "zh/shi"]
    assert zh_number(35) == ["zh/3", "zh/shi", "zh/5"]
    assert zh_number(120) == ["zh/1", "zh/2", "zh/0"]
    assert en_number(13) == ["en/13"]
    assert en_number(40) == ["en/40"]
    assert en_number(47) == ["en/40", "en/7"]
    assert en_number(101) == ["en/1", "en/0", "en/1"]


def test_an_announcement_is_the_chime_then_each_language() -> None:
    clips = announcement_clips("VB12", 40)
    assert clips[0] == "chime"
    assert clips[1:] == call_clips("zh", "VB12", 40) + call_clips("en", "VB12", 40)
    assert announcement_clips("A1", 1, ("en",)) == ("chime", *call_clips("en", "A1", 1))


def test_the_committed_clip_set_is_complete_and_16khz_mono() -> None:
    library = ClipLibrary(DEFAULT_DIR)
    assert library.missing() == []
    files = {p.relative_to(DEFAULT_DIR).with_suffix("").as_posix()
             for p in DEFAULT_DIR.rglob("*.wav")}  # fmt: skip
    assert files == set(every_clip())
    for name in ("chime", "zh/qing", "en/please_go_to_counter"):
        with wave.open(str(DEFAULT_DIR / f"{name}.wav"), "rb") as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 16000)
            assert 0.1 < w.getnframes() / 16000 < 2.0


def test_chaining_makes_one_sound_as_long_as_its_clips() -> None:
    """Clips of a language 50 ms apart; a pause after the chime and between languages."""
    library = ClipLibrary(DEFAULT_DIR, gap_ms=50, pause_ms=500)
    names = announcement_clips("A023", 3)
    sound = library.chain(names)
    changes = sum(a.split("/")[0] != b.split("/")[0] for a, b in itertools.pairwise(names))
    assert changes == 2  # chime -> zh -> en
    clips = sum(len(library.pcm(n)) for n in names) / 2 / 16000
    expected = clips + 0.05 * (len(names) - 1 - changes) + 0.5 * changes
    assert duration_s(sound) == pytest.approx(expected, abs=0.001)


def _samples(wav_bytes: bytes) -> array.array[int]:
    with wave.open(io.BytesIO(wav_bytes), "rb") as w:
        return array.array("h", w.readframes(w.getnframes()))


def _silences(samples: array.array[int]) -> list[tuple[int, int]]:
    """(start, end) of every run of digital silence (exact zeros) of 10 ms or more: the
    silences between clips (a wave crossing zero inside a clip is not one)."""
    runs, start = [], None
    for i, x in enumerate(samples):
        if x == 0 and start is None:
            start = i
        elif x != 0 and start is not None:
            runs.append((start, i))
            start = None
    return [(a, b) for a, b in runs if b - a >= 160]


def _dbfs(value: float) -> float:
    return 20 * math.log10(max(value, 1e-9) / 32768)


@pytest.mark.parametrize(("number", "counter"), [("A023", 3), ("VB12", 40), ("Q999", 17)])
def test_no_join_clicks_and_a_real_pause_between_the_languages(number: str, counter: int) -> None:
    """Measured on the sound that is played: at every join between a clip and the silence
    around it the wave is near zero (no step above -50 dBFS: no click), and the chime,
    the Chinese and the English are at least 300 ms apart (the gap inside a language is
    60 ms)."""
    library = ClipLibrary(DEFAULT_DIR, gap_ms=60)
    samples = _samples(library.chain(announcement_clips(number, counter)))
    edges = []
    for start, end in _silences(samples):
        if start > 0:
            edges.append(abs(samples[start - 1]))
        if end < len(samples):
            edges.append(abs(samples[end]))
    assert edges and _dbfs(max(edges)) < -50, _dbfs(max(edges))
    long = [(end - start) / 16000 for start, end in _silences(samples) if end - start > 1600]
    assert len(long) == 2  # after the chime, between zh and en
    assert all(pause >= 0.3 for pause in long), long


def test_every_clip_plays_at_the_same_loudness() -> None:
    """The committed clips range from -12.9 to -19.6 dB RMS as recorded; as played, each
    is within 1.5 dB of the others' level, and none clips."""
    library = ClipLibrary(DEFAULT_DIR)
    levels = {}
    for name in every_clip():
        samples = array.array("h", library.pcm(name))
        rms = math.sqrt(sum(x * x for x in samples) / len(samples))
        levels[name] = _dbfs(rms)
        assert max(abs(x) for x in samples) < 32767, name
    assert max(levels.values()) - min(levels.values()) <= 3.0, levels
    assert all(abs(level - TARGET) <= 1.5 for level in levels.values()), levels


@pytest.fixture
def voice_and_gate() -> Iterator[tuple[VoiceAnnouncer, NullOutput, threading.Event]]:
    gate = threading.Event()
    output = NullOutput(gate)
    voice = VoiceAnnouncer(ClipLibrary(DEFAULT_DIR), output, repeat=2)
    voice.start()
    yield voice, output, gate
    gate.set()
    voice.stop()


def test_two_calls_in_quick_succession_play_one_after_the_other(
    voice_and_gate: tuple[VoiceAnnouncer, NullOutput, threading.Event],
) -> None:
    voice, output, gate = voice_and_gate
    voice.announce(call("A023", 3), "请A023号到3号窗口办理", "Ticket A023, counter 3")
    assert output.started.acquire(timeout=5)  # the first is playing, held by the gate
    voice.announce(call("B005", 1))  # arrives while the first plays
    assert not output.played  # nothing finished yet: the second waits its turn
    gate.set()
    assert voice.wait_idle()
    assert not output.overlapped
    first, second = announcement_clips("A023", 3), announcement_clips("B005", 1)
    # in order; the first is not repeated while the second waits, the last one is
    assert voice.spoken == [first, second, second]
    library = ClipLibrary(DEFAULT_DIR)
    assert output.played == [library.chain(first)] + [library.chain(second)] * 2


def test_a_queue_of_calls_is_shortened_so_none_is_announced_late(
    voice_and_gate: tuple[VoiceAnnouncer, NullOutput, threading.Event],
) -> None:
    """Four calls arrive while the first plays (repeat = 2): none is repeated while others
    wait, and counter 1's first call, replaced by its next one, is not announced at all.
    Played: 4 sounds instead of 10."""
    voice, output, gate = voice_and_gate
    voice.announce(call("A023", 3))
    assert output.started.acquire(timeout=5)
    for number, counter in [("B005", 1), ("C010", 2), ("B006", 1), ("A024", 4)]:
        voice.announce(call(number, counter))
    gate.set()
    assert voice.wait_idle()
    spoken = [(clips[2], clips[3], clips[4], clips[5]) for clips in voice.spoken]
    numbers = ["".join(c.removeprefix("zh/") for c in clip) for clip in spoken]
    assert numbers == ["A023", "C010", "B006", "A024", "A024"]
    assert not output.overlapped


def test_a_missing_clip_is_a_plain_failure_and_the_next_call_still_plays(tmp_path: Path) -> None:
    output = NullOutput()
    voice = VoiceAnnouncer(ClipLibrary(tmp_path), output, repeat=1)
    voice.start()
    try:
        voice.announce(call("A001", 1))
        assert voice.wait_idle()
        assert "missing" in voice.detail and "make-voice-clips" in voice.detail
        voice.library = ClipLibrary(DEFAULT_DIR)
        voice.announce(call("A002", 1))
        assert voice.wait_idle()
        assert voice.detail == "" and len(output.played) == 1
    finally:
        voice.stop()


def test_self_test_plays_a_test_phrase(tmp_path: Path) -> None:
    output = FolderOutput(tmp_path / "out")
    steps = VoiceAnnouncer(ClipLibrary(DEFAULT_DIR), output).run()
    assert [s.verdict for s in steps] == [Verdict.PASS, Verdict.PASS]
    assert (tmp_path / "out" / "announcement-0001.wav").stat().st_size > 10_000
    bad = VoiceAnnouncer(ClipLibrary(tmp_path), NullOutput()).run()
    assert bad[0].verdict is Verdict.FAIL and "missing" in bad[0].message


def test_outputs_by_name() -> None:
    assert make_output("null").name == "null"
    assert make_output("folder:/tmp/x").name == "folder"
    assert make_output("aplay").name == "aplay"
    with pytest.raises(ValueError, match="unknown player"):
        make_output("speaker")


def test_with_no_sound_player_the_voice_is_silent_says_why_and_fails_its_self_test(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import shutil

    from kiosk.app import build_voice
    from kiosk.core.selftest import Verdict
    from kiosk.devices.settings import VoiceSettings

    monkeypatch.setattr(shutil, "which", lambda _name: None)
    voice = build_voice(VoiceSettings(output="auto"))
    assert voice.output.name == "unavailable"
    assert "no sound player found" in caplog.text
    steps = voice.run()
    assert steps[-1].verdict is Verdict.FAIL
    assert "no sound player found" in steps[-1].message
