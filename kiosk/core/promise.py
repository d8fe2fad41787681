"""What a visitor is promised about the wait: the estimator's range worded honestly.

The estimator (kiosk.core.estimate) gives an 80 % range; this module decides how it is
said, from the hall's state at the moment (docs/screens.md, "Waits"):

- the business type takes no ticket now (its hours, switched off, its daily cap), or no
  counter serving it is open: no time, the reason, and for its hours when it opens again;
- nobody will be called before it and a counter serving it is free: "no wait";
- a range starting at zero (under a minute): "under N minutes";
- a range wider than ``[hall] wait_range_ratio`` (high ÷ low): "about N minutes, possibly
  longer", N the estimator's point in whole minutes;
- otherwise the range, "about L–H minutes".

Pure: the callers (kiosk.core.service) pass the ahead count of kiosk.core.policy and the
counters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

from kiosk.core.errors import Unavailable
from kiosk.core.estimate import NoEstimate, WaitEstimate, Wording
from kiosk.core.model import Service

DEFAULT_RATIO = 3.0

_UNAVAILABLE = {
    Unavailable.HOURS: NoEstimate.CLOSED,
    Unavailable.DISABLED: NoEstimate.DISABLED,
    Unavailable.CAP: NoEstimate.CAP_REACHED,
}


def next_opening(service: Service, now: dt.datetime) -> dt.datetime | None:
    """When the business type opens next after ``now`` by its daily hours (None: never,
    switched off or without hours)."""
    if not service.enabled:
        return None
    for days in range(8):
        date = now.date() + dt.timedelta(days=days)
        starts = sorted(dt.datetime.combine(date, h.start) for h in service.hours)
        for start in starts:
            if start > now:
                return start
    return None


def no_estimate(
    estimate: WaitEstimate, ahead: int, reason: NoEstimate, resumes_at: dt.datetime | None = None
) -> WaitEstimate:
    """No time is said; the estimator's figures stay (the quote, and a fold that words it
    again once a counter opens)."""
    return dataclasses.replace(
        estimate, ahead=ahead, wording=Wording.NONE, reason=reason, resumes_at=resumes_at
    )


def word(
    estimate: WaitEstimate,
    *,
    ahead: int,
    service: Service,
    now: dt.datetime,
    unavailable: Unavailable | None,
    counters_open: int,
    counter_free: bool,
    ratio: float = DEFAULT_RATIO,
) -> WaitEstimate:
    """The estimate as the visitor is told it. ``ahead``: kiosk.core.policy.call_ahead;
    ``counters_open``: open counters that may call it; ``counter_free``: one of them has
    nobody at it."""
    reason = _UNAVAILABLE.get(unavailable) if unavailable is not None else None
    if reason is not None:
        opens = next_opening(service, now) if reason is NoEstimate.CLOSED else None
        return no_estimate(estimate, ahead, reason, opens)
    if counters_open == 0:  # and when a paused counter is expected back, if the estimator knows
        return no_estimate(estimate, ahead, NoEstimate.NO_OPEN_COUNTER, estimate.resumes_at)
    return shown(estimate, ahead=ahead, counter_free=counter_free, ratio=ratio)


def shown(
    estimate: WaitEstimate, *, ahead: int, counter_free: bool, ratio: float = DEFAULT_RATIO
) -> WaitEstimate:
    """The estimate as the visitor is told it when a counter that may call it is open
    (:func:`word`): no wait, under N, a range, or about N, possibly longer."""
    base = dataclasses.replace(estimate, ahead=ahead, reason=None, resumes_at=None)
    if ahead == 0 and counter_free:
        return dataclasses.replace(
            base, low_min=0, high_min=0, low_s=0.0, high_s=0.0, wording=Wording.NO_WAIT
        )
    low_s = estimate.low_s if estimate.low_s is not None else estimate.low_min * 60.0
    if estimate.low_min == 0 or low_s < 60.0:
        high = max(1, estimate.high_min)
        return dataclasses.replace(base, low_min=0, high_min=high, wording=Wording.UNDER)
    if estimate.high_min > ratio * estimate.low_min:
        point = estimate.point_s / 60.0 if estimate.point_s is not None else None
        if point is None or not math.isfinite(point):
            point = math.sqrt(estimate.low_min * estimate.high_min)
        about = min(estimate.high_min, max(estimate.low_min, round(point)))
        return dataclasses.replace(base, wording=Wording.ABOUT, about_min=about)
    return dataclasses.replace(base, wording=Wording.RANGE)


# -- words, for what is not a Qt window (the command line, the ticket page, the paper) ----

_WORDS: dict[str, tuple[str, str]] = {
    # key: (Chinese, English); the kiosk's own are Qt translations of the same sentences
    "no_wait": ("无需等候", "no wait"),
    "under": ("少于 {high} 分钟", "under {high} min"),
    "range": ("约 {low}–{high} 分钟", "about {low}–{high} min"),
    "about": ("约 {about} 分钟，可能更久", "about {about} min, possibly longer"),
    "closed": ("暂停办理，{time} 恢复", "closed now; resumes at {time}"),
    "closed_unknown": ("暂停办理", "closed now"),
    "no_open_counter": ("暂无窗口办理此业务", "no counter is open for it now"),
    "no_open_counter_back": (
        "暂无窗口办理此业务，预计 {time} 恢复",
        "no counter is open for it now; expected back about {time}",
    ),
    "disabled": ("暂停办理", "not available"),
    "cap_reached": ("今日号码已取完", "no more tickets today"),
}


def words(estimate: WaitEstimate, lang: str, now: dt.datetime | None = None) -> str:
    """The wait in plain words, "zh" or "en" (``now``: a resumption on another day is
    said with its date)."""
    i = 0 if lang == "zh" else 1
    shown = estimate.shown
    if shown is Wording.NONE:
        reason = estimate.reason or NoEstimate.NO_OPEN_COUNTER
        if reason is NoEstimate.CLOSED:
            if estimate.resumes_at is None:
                return _WORDS["closed_unknown"][i]
            return _WORDS["closed"][i].format(time=resume_time(estimate.resumes_at, now))
        if reason is NoEstimate.NO_OPEN_COUNTER and estimate.resumes_at is not None:
            return _WORDS["no_open_counter_back"][i].format(
                time=resume_time(estimate.resumes_at, now)
            )
        return _WORDS[str(reason)][i]
    return _WORDS[str(shown)][i].format(
        low=estimate.low_min, high=estimate.high_min, about=estimate.about_min
    )


def resume_time(at: dt.datetime, now: dt.datetime | None = None) -> str:
    """ "14:00", or "11-25 08:30" when it is not on the day of ``now``."""
    if now is None or at.date() == now.date():
        return at.strftime("%H:%M")
    return at.strftime("%m-%d %H:%M")


def quote(estimate: WaitEstimate) -> tuple[int, int]:
    """The range in whole minutes recorded as the quote (the manager's report compares
    waits with it): the range shown; "no wait" is (0, 1), "under N" (0, N), "about N,
    possibly longer" the estimator's range. With no time shown (no counter open) the
    estimator's range is still recorded, so that the report keeps measuring the estimator
    on those tickets (issue 14 leaves open whether such a ticket counts as quoted)."""
    shown = estimate.shown
    if shown is Wording.NO_WAIT:
        return (0, 1)
    if shown is Wording.UNDER or estimate.low_min == 0:
        return (0, max(1, estimate.high_min))
    return (estimate.low_min, estimate.high_min)
