"""What the hall display shows and says, decided from a HallStatus. No widgets here.

:class:`CallTracker` tells the new calls of each status from the ones already shown;
:class:`DisplayModel` turns a status into a :class:`DisplayState` (the current call,
the recent calls, one row per business type). What is spoken is decided by the one
announcer, from the hall feed (kiosk.devices.voice.caller), open window or not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from kiosk.core.errors import Unavailable
from kiosk.core.estimate import Wording
from kiosk.core.model import Call
from kiosk.core.service import HallStatus, ServiceStatus
from kiosk.ui.display import texts
from kiosk.ui.display.texts import Bilingual, Translate

CallKey = tuple[str, int, dt.datetime, bool]


def call_key(call: Call) -> CallKey:
    return (call.number, call.counter, call.at, call.recall)


class CallTracker:
    """Remembers the last call seen and tells which calls of a status are new.

    The first status only primes it: calls made before the display started are shown
    but not announced again.
    """

    def __init__(self) -> None:
        self._primed = False
        self._last: CallKey | None = None

    def new_calls(self, calls: Sequence[Call]) -> list[Call]:
        """The calls newer than the last one seen, oldest first (calls: newest first)."""
        latest = call_key(calls[0]) if calls else None
        if not self._primed:
            self._primed = True
            self._last = latest
            return []
        fresh: list[Call] = []
        for call in calls:
            if call_key(call) == self._last:
                break
            fresh.append(call)
        # A new business day starts with no calls: the next call is new.
        self._last = latest
        fresh.reverse()
        return fresh


def caption(tr: Translate, call: Call) -> Bilingual:
    """The call as the screen shows it: "请 A023 号到 3 号窗口" / "Ticket A023, counter 3"."""
    return _call_text(tr, call, texts.CALL_SHOWN)


def _call_text(tr: Translate, call: Call, source: str) -> Bilingual:
    values = {"number": call.number, "counter": call.counter}
    if not call.recall:
        return texts.both(tr, source, **values)
    return Bilingual(
        *(
            texts.say(tr, lang, texts.RECALL, call=texts.say(tr, lang, source, **values))
            for lang in ("zh", "en")
        )
    )


def recent(calls: Sequence[Call], limit: int) -> list[Call]:
    """The tickets called last, newest first, each once (a recall moves it up)."""
    seen: set[str] = set()
    listed: list[Call] = []
    for call in calls:
        if call.number in seen:
            continue
        seen.add(call.number)
        listed.append(call)
        if len(listed) == limit:
            break
    return listed


def wait_text(tr: Translate, status: ServiceStatus) -> Bilingual:
    """The expected wait of a new ticket, or why the business type takes none."""
    if not status.open:
        if status.reason_code is Unavailable.HOURS:
            return texts.both(tr, texts.CLOSED_HOURS, hours=status.service.hours_text())
        if status.reason_code is Unavailable.CAP:
            return texts.both(tr, texts.CLOSED_CAP)
        return texts.both(tr, texts.CLOSED_OTHER)
    estimate = status.estimate
    shown = estimate.shown
    if shown is Wording.NONE:
        if estimate.resumes_at is not None:  # a paused counter is expected back
            return texts.both(tr, texts.NO_COUNTER_BACK, time=estimate.resumes_at.strftime("%H:%M"))
        return texts.both(tr, texts.NO_COUNTER)
    if shown is Wording.NO_WAIT:
        return texts.both(tr, texts.WAIT_NONE)
    if shown is Wording.ABOUT:
        return texts.both(tr, texts.WAIT_ABOUT, n=estimate.about_min)
    if shown is Wording.UNDER:
        return texts.both(tr, texts.WAIT_SHORT, high=estimate.high_min)
    return texts.both(tr, texts.WAIT_RANGE, low=estimate.low_min, high=estimate.high_min)


def clock_text(tr: Translate, moment: dt.datetime) -> tuple[str, str]:
    """The time ("09:05") and the date with its weekday in both languages."""
    weekday = texts.both(tr, texts.WEEKDAYS[moment.weekday()])
    return moment.strftime("%H:%M"), f"{moment:%Y-%m-%d}  {weekday.zh}  {weekday.en}"


@dataclasses.dataclass(frozen=True)
class CallRow:
    number: str
    counter: Bilingual  # "3 号窗口" / "Counter 3"
    current: bool  # the call shown large


@dataclasses.dataclass(frozen=True)
class ServiceRow:
    code: str
    name: Bilingual
    waiting: int
    wait: Bilingual  # the expected wait, or why it is closed
    open: bool


@dataclasses.dataclass(frozen=True)
class DisplayState:
    current: Call | None  # the latest call of the day
    caption: Bilingual  # the current call in words, or the welcome
    new_calls: tuple[Call, ...]  # since the previous status, oldest first: they flash
    recent: tuple[CallRow, ...]
    services: tuple[ServiceRow, ...]


class DisplayModel:
    """Turns each HallStatus into what the display shows."""

    def __init__(self, tr: Translate, *, last_calls: int) -> None:
        self._tr = tr
        self._last_calls = last_calls
        self._tracker = CallTracker()

    def update(self, status: HallStatus) -> DisplayState:
        tr = self._tr
        fresh = tuple(self._tracker.new_calls(status.calls))
        current = status.calls[0] if status.calls else None
        shown = caption(tr, current) if current else texts.both(tr, texts.WELCOME)
        rows = tuple(
            CallRow(c.number, texts.both(tr, texts.COUNTER_N, counter=c.counter), c is current)
            for c in recent(status.calls, self._last_calls)
        )
        services = tuple(
            ServiceRow(
                s.service.code,
                Bilingual(s.service.name_zh, s.service.name_en),
                s.waiting,
                wait_text(tr, s),
                s.open,
            )
            for s in status.services
            if s.service.enabled
        )
        return DisplayState(current, shown, fresh, rows, services)
