"""Small text helpers of the counter window: placeholders and durations."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QCoreApplication

from kiosk.core.estimate import WaitEstimate, Wording

_PLACEHOLDER = re.compile(r"%(\d)")


def fill(text: str, *args: object) -> str:
    """Qt-style placeholders, filled after translation: fill("%1 at %2", a, b)."""

    def sub(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(args[index]) if 0 <= index < len(args) else match.group(0)

    return _PLACEHOLDER.sub(sub, text)


def minutes(span: dt.timedelta) -> str:
    """A wait or service time as a clerk reads it at a glance: "12 min"."""
    whole = int(span.total_seconds() // 60)
    if whole < 1:
        return QCoreApplication.translate("CounterFormat", "under 1 min")
    if whole < 120:
        return fill(QCoreApplication.translate("CounterFormat", "%1 min"), whole)
    text = QCoreApplication.translate("CounterFormat", "%1 h %2 min")
    return fill(text, whole // 60, whole % 60)


def wait_range(estimate: WaitEstimate | None) -> str:
    """The expected remaining wait of a waiting ticket: "5–9 min", "under 5 min"; "" if
    the estimator did not say (far down a long list)."""
    if estimate is None:
        return ""
    shown = estimate.shown
    if shown is Wording.NONE:
        return QCoreApplication.translate("CounterFormat", "no counter open")
    if shown is Wording.NO_WAIT:
        return QCoreApplication.translate("CounterFormat", "no wait")
    if shown is Wording.ABOUT:
        text = QCoreApplication.translate("CounterFormat", "%1+ min")
        return fill(text, estimate.about_min)
    if estimate.is_short:
        text = QCoreApplication.translate("CounterFormat", "under %1 min")
        return fill(text, max(1, estimate.high_min))
    text = QCoreApplication.translate("CounterFormat", "%1–%2 min")
    return fill(text, estimate.low_min, estimate.high_min)


def clock_time(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")
