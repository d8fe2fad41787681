"""The hall display's words, always in Chinese and English at once.

The display shows both languages whatever language the kiosk is in, so it does not
use tr(): every source string is marked with QT_TRANSLATE_NOOP for lupdate and
translated once per language through a :data:`Translate` function (the bound
``Languages.text`` of the screen process). Placeholders are filled after translating.
Halls may edit the translation files, so a translation whose placeholders do not
match its source is logged and the English source is used instead of crashing the
display in front of the hall.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import cast

from PySide6 import QtCore

log = logging.getLogger(__name__)

# Qt's marker, typed (its stub returns object): lupdate finds the calls by this name.
QT_TRANSLATE_NOOP = cast(Callable[[str, str], str], QtCore.QT_TRANSLATE_NOOP)

CONTEXT = "HallDisplay"

Translate = Callable[[str, str, str], str]
"""(language, context, source) -> the translated source, or the source itself."""

# The call on screen and in the voice (the wording).
CALL_SHOWN = QT_TRANSLATE_NOOP("HallDisplay", "Ticket {number}, counter {counter}")
RECALL = QT_TRANSLATE_NOOP("HallDisplay", "Again: {call}")

# Headings and cells.
NOW_CALLING = QT_TRANSLATE_NOOP("HallDisplay", "Now calling")
WELCOME = QT_TRANSLATE_NOOP("HallDisplay", "Welcome")
RECENT_CALLS = QT_TRANSLATE_NOOP("HallDisplay", "Recent calls")
TICKET = QT_TRANSLATE_NOOP("HallDisplay", "Ticket")
COUNTER = QT_TRANSLATE_NOOP("HallDisplay", "Counter")
COUNTER_N = QT_TRANSLATE_NOOP("HallDisplay", "Counter {counter}")
BUSINESS = QT_TRANSLATE_NOOP("HallDisplay", "Business")
WAITING = QT_TRANSLATE_NOOP("HallDisplay", "Waiting")
EXPECTED_WAIT = QT_TRANSLATE_NOOP("HallDisplay", "Expected wait")
WAIT_RANGE = QT_TRANSLATE_NOOP("HallDisplay", "about {low}–{high} min")
WAIT_SHORT = QT_TRANSLATE_NOOP("HallDisplay", "under {high} min")
WAIT_NONE = QT_TRANSLATE_NOOP("HallDisplay", "no wait")
WAIT_ABOUT = QT_TRANSLATE_NOOP("HallDisplay", "about {n}+ min")  # short: read across the hall
NO_COUNTER = QT_TRANSLATE_NOOP("HallDisplay", "No counter open")
NO_COUNTER_BACK = QT_TRANSLATE_NOOP("HallDisplay", "No counter open, back about {time}")
CLOSED_HOURS = QT_TRANSLATE_NOOP("HallDisplay", "Hours {hours}")
CLOSED_CAP = QT_TRANSLATE_NOOP("HallDisplay", "No more tickets today")
CLOSED_OTHER = QT_TRANSLATE_NOOP("HallDisplay", "Not available")
WINDOW_TITLE = QT_TRANSLATE_NOOP("HallDisplay", "Hall display")

WEEKDAYS = (
    QT_TRANSLATE_NOOP("HallDisplay", "Monday"),
    QT_TRANSLATE_NOOP("HallDisplay", "Tuesday"),
    QT_TRANSLATE_NOOP("HallDisplay", "Wednesday"),
    QT_TRANSLATE_NOOP("HallDisplay", "Thursday"),
    QT_TRANSLATE_NOOP("HallDisplay", "Friday"),
    QT_TRANSLATE_NOOP("HallDisplay", "Saturday"),
    QT_TRANSLATE_NOOP("HallDisplay", "Sunday"),
)

SOURCES: tuple[str, ...] = (
    CALL_SHOWN,
    RECALL,
    NOW_CALLING,
    WELCOME,
    RECENT_CALLS,
    TICKET,
    COUNTER,
    COUNTER_N,
    BUSINESS,
    WAITING,
    EXPECTED_WAIT,
    WAIT_RANGE,
    WAIT_SHORT,
    WAIT_NONE,
    WAIT_ABOUT,
    NO_COUNTER,
    NO_COUNTER_BACK,
    CLOSED_HOURS,
    CLOSED_CAP,
    CLOSED_OTHER,
    WINDOW_TITLE,
    *WEEKDAYS,
)
"""Every string the display translates (the shipped catalogue must cover them)."""


@dataclasses.dataclass(frozen=True)
class Bilingual:
    """One text in both languages of the hall."""

    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh} {self.en}"


def say(tr: Translate, lang: str, source: str, **values: object) -> str:
    """The source in one language, its placeholders filled."""
    text = tr(lang, CONTEXT, source)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        log.error("translation %r of %r (%s) is broken (%s): showing English", text, source,
                  lang, exc)  # fmt: skip
        return source.format(**values)


def both(tr: Translate, source: str, **values: object) -> Bilingual:
    """The source in Chinese and in English, its placeholders filled."""
    return Bilingual(say(tr, "zh", source, **values), say(tr, "en", source, **values))
