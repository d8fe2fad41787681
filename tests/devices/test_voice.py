"""Announcements: the clips of a call in Chinese and English, chained from the committed
clip set, queued so that two calls never overlap, each repeated."""

from __future__ import annotations

import datetime as dt
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
    library = ClipLibrary(DEFAULT_DIR, gap_ms=50)
    names = announcement_clips("A023", 3)
    sound = library.chain(names)
    expected = sum(len(library.pcm(n)) for n in names) / 2 / 16000 + 0.05 * (len(names) - 1)
    assert duration_s(sound) == pytest.approx(expected, abs=0.001)


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
    assert voice.spoken == [first, first, second, second]  # each repeated, in order
    library = ClipLibrary(DEFAULT_DIR)
    assert output.played == [library.chain(first)] * 2 + [library.chain(second)] * 2


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

    from kiosk.core.selftest import Verdict
    from kiosk.devices.hub import build_voice
    from kiosk.devices.settings import VoiceSettings

    monkeypatch.setattr(shutil, "which", lambda _name: None)
    voice = build_voice(VoiceSettings(output="auto"))
    assert voice.output.name == "unavailable"
    assert "no sound player found" in caplog.text
    steps = voice.run()
    assert steps[-1].verdict is Verdict.FAIL
    assert "no sound player found" in steps[-1].message
