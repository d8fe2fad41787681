"""The simulated voice: what it would say goes to the log and is kept (tests, the demo
hall's screens without a sound player)."""

from __future__ import annotations

import logging
import threading

from kiosk.core.model import Call
from kiosk.core.selftest import Step, Verdict

log = logging.getLogger(__name__)


class SimVoice:
    """Writes what it would say to the log and keeps it; calls never overlap."""

    device = "voice"

    def __init__(self) -> None:
        self.spoken: list[str] = []
        self._lock = threading.Lock()

    def announce(self, call: Call, text_zh: str, text_en: str) -> None:
        with self._lock:  # one announcement at a time
            self.spoken += [text_zh, text_en]
        log.info("voice: %s / %s", text_zh, text_en)

    def run(self) -> list[Step]:
        return [Step("speak", Verdict.PASS, "simulated voice")]
