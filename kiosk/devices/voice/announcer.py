"""Calls queued and spoken one at a time, each repeated, never overlapping.

``announce`` only queues (it is called from the display's device runner or the hub);
one thread chains each call's clips into one sound and plays it ``repeat`` times before
the next call starts. A failed output is logged and shown as the voice's health; the
queue goes on.

An announcement lasts about 9 s, so a busy hall must not build a backlog (with
``repeat = 2``, ten calls in a minute would be heard three minutes late). When calls are
waiting the announcer shortens: a call is not repeated while another waits, and a call
that a later call at the same counter has replaced (a recall, or the next number) is not
announced at all: the newer one is.
"""

from __future__ import annotations

import logging
import queue
import threading

from kiosk.core.model import Call
from kiosk.core.selftest import Step, Verdict
from kiosk.core.voice import LANGUAGES, Language, announcement_clips
from kiosk.devices.voice.clips import ClipError, ClipLibrary
from kiosk.devices.voice.outputs import AudioOutput, OutputFailed

log = logging.getLogger(__name__)

TEST_NUMBER, TEST_COUNTER = "A001", 1


class VoiceAnnouncer:
    """The hall's voice: kiosk.core.ports.Announcer and a self-test."""

    device = "voice"

    def __init__(
        self,
        library: ClipLibrary,
        output: AudioOutput,
        *,
        languages: tuple[Language, ...] = LANGUAGES,
        repeat: int = 2,
    ) -> None:
        self.library = library
        self.output = output
        self.languages = languages
        self.repeat = max(repeat, 1)
        self.spoken: list[tuple[str, ...]] = []  # each announcement's clips, in play order
        self.detail = ""  # the last failure in words; empty when well
        self._queue: queue.Queue[tuple[str, int] | None] = queue.Queue()
        self._idle = threading.Condition()
        self._busy = 0
        self._pending: dict[int, int] = {}  # calls queued per counter, under _idle
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="voice", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread is None:
            return
        self._queue.put(None)
        self._thread.join(timeout)
        self._thread = None

    def announce(self, call: Call, text_zh: str = "", text_en: str = "") -> None:
        """Queue a call; returns at once."""
        with self._idle:
            self._busy += 1
            self._pending[call.counter] = self._pending.get(call.counter, 0) + 1
        self._queue.put((call.number, call.counter))
        log.info("voice: queued %s to counter %d (%s / %s)", call.number, call.counter,
                 text_zh, text_en)  # fmt: skip

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True when every queued call has been spoken (tests, self-test, shutdown)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            number, counter = item
            with self._idle:
                self._pending[counter] -= 1
                replaced = self._pending[counter] > 0
            try:
                if replaced:
                    log.info("voice: %s not announced: counter %d has called since", number,
                             counter)  # fmt: skip
                else:
                    self._say(number, counter)
            finally:
                with self._idle:
                    self._busy -= 1
                    self._idle.notify_all()

    def _say(self, number: str, counter: int) -> None:
        clips = announcement_clips(number, counter, self.languages)
        try:
            sound = self.library.chain(clips)
            for time in range(self.repeat):
                if time and not self._queue.empty():
                    log.info("voice: %s said once: other calls are waiting", number)
                    break
                self.output.play(sound)
                self.spoken.append(clips)
        except (ClipError, OutputFailed, OSError) as exc:
            self.detail = str(exc)
            log.warning("voice: %s not announced: %s", number, exc)
        except Exception:  # a bug: logged with its traceback, the next call still plays
            log.exception("voice: announcing %s failed", number)
        else:
            self.detail = ""

    # -- self-test -----------------------------------------------------------------------

    def run(self) -> list[Step]:
        steps = []
        missing = self.library.missing()
        if missing:
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            steps.append(Step("clips", Verdict.FAIL, missing[0] + more))
            return steps
        steps.append(Step("clips", Verdict.PASS))
        try:
            sound = self.library.chain(
                announcement_clips(TEST_NUMBER, TEST_COUNTER, self.languages)
            )
            self.output.play(sound)
        except (ClipError, OutputFailed, OSError) as exc:
            steps.append(Step("play", Verdict.FAIL, f"the test phrase did not play: {exc}"))
        else:
            steps.append(Step("play", Verdict.PASS, f"played through {self.output.name}"))
        return steps
