"""The stable JSON shapes of the command line (docs/cli.md).

Keys are only ever added, never renamed or removed; times are hall-local ISO 8601
without an offset, to the second.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.core import policy, promise
from kiosk.core.desk import PrintOutcome
from kiosk.core.errors import NotFound
from kiosk.core.estimate import WaitEstimate, Wording
from kiosk.core.model import BusinessDay, Hall, Priority, Service, StaffAlert, Ticket
from kiosk.core.service import CounterView, HallStatus, IssuedTicket, Resolved


def iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def day(d: BusinessDay) -> dict[str, Any]:
    return {
        "id": d.id,
        "date": d.date.isoformat(),
        "started_at": iso(d.started_at),
        "ends_at": iso(d.ends_at),
    }


def _service(hall: Hall, code: str) -> Service | None:
    """None for a business type no longer configured: history outlives configuration."""
    try:
        return hall.service(code)
    except NotFound:
        return None


def ticket(t: Ticket, hall: Hall) -> dict[str, Any]:
    service = _service(hall, t.service)
    return {
        "number": t.number,
        "uid": t.uid,
        "day_id": t.day_id,
        "service": t.service,
        "service_name_zh": service.name_zh if service else None,
        "service_name_en": service.name_en if service else None,
        "original_service": t.original_service,
        "priority": "priority" if t.priority > Priority.NORMAL else "normal",
        "state": str(t.state),
        "outcome": str(t.outcome) if t.outcome else None,
        "counter": t.counter,
        "target_counter": t.target_counter,
        "call_count": t.call_count,
        "issued_at": iso(t.issued_at),
        "called_at": iso(t.called_at),
        "last_called_at": iso(t.last_called_at),
        "serving_at": iso(t.serving_at),
        "parked_at": iso(t.parked_at),
        "transferred_at": iso(t.transferred_at),
        "finished_at": iso(t.finished_at),
        "rating": t.rating,
        "printed": t.printed,
    }


def issued(
    result: IssuedTicket,
    hall: Hall,
    outcome: PrintOutcome | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """``printed`` true only once the printer confirmed it; ``print_problem`` why not
    (a PrintProblem value), null when printed or not asked to print (--no-print);
    ``url`` the ticket page's signed link, the one its QR code holds (null when the
    command has no secret to sign it with). ``ahead``: the tickets the call policy calls
    before it; ``estimate``, ``no_estimate_reason``, ``resumes_at``: :func:`estimate`."""
    return {
        **ticket(result.ticket, hall),
        "ahead": result.ahead,
        **estimate(result.estimate, result.ticket.issued_at),
        "printed": outcome is not None and outcome.printed,
        "print_problem": str(outcome.problem) if outcome and outcome.problem else None,
        "url": url,
    }


def resolved(r: Resolved, hall: Hall) -> dict[str, Any]:
    """`queue done --resolved-here|--follow-up`: the ticket, ``resolution``, and a
    follow-up's ``case_number`` and ``promised_by`` (YYYY-MM-DD; null otherwise)."""
    f = r.follow_up
    return {
        **ticket(r.ticket, hall),
        "resolution": str(r.resolution) if r.resolution else None,
        "case_number": f.case_number if f else None,
        "promised_by": f.promised_by.isoformat() if f else None,
    }


def estimate(e: WaitEstimate, now: dt.datetime | None = None) -> dict[str, Any]:
    """The wait as the kiosk shows it (docs/cli.md): ``estimate`` {low_s, high_s: the
    range shown, in seconds; wording: no_wait, under, range or about; minutes: the N of
    "about N minutes, possibly longer" (else null); text_en, text_zh: the words}, or
    null with ``no_estimate_reason`` (closed, no_open_counter, disabled, cap_reached) and
    ``resumes_at`` (when the business type opens again by its hours, or a paused counter
    that may call it is expected back; else null)."""
    shown = e.shown
    if shown is Wording.NONE:
        return {
            "estimate": None,
            "no_estimate_reason": str(e.reason) if e.reason else None,
            "resumes_at": iso(e.resumes_at),
        }
    quoted = promise.quote(e)
    low, high = (0, 0) if shown is Wording.NO_WAIT else quoted
    return {
        "estimate": {
            "low_s": low * 60,
            "high_s": high * 60,
            "wording": str(shown),
            "minutes": e.about_min if shown is Wording.ABOUT else None,
            "text_en": promise.words(e, "en", now),
            "text_zh": promise.words(e, "zh", now),
        },
        "no_estimate_reason": None,
        "resumes_at": None,
    }


def alert(a: StaffAlert) -> dict[str, Any]:
    return {
        "number": a.number,
        "uid": a.ticket,
        "problem": a.problem,
        "reason": a.reason,
        "at": iso(a.at),
    }


def counter(c: CounterView) -> dict[str, Any]:
    return {
        "number": c.number,
        "name_zh": c.name_zh,
        "name_en": c.name_en,
        "services": list(c.services),
        "state": str(c.state),
        "current": c.current.number if c.current else None,
        "current_state": str(c.current.state) if c.current else None,
        "parked": [t.number for t in c.parked],
    }


def status(s: HallStatus, hall: Hall) -> dict[str, Any]:
    return {
        "at": iso(s.at),
        "day": day(s.day),
        "services": [
            {
                "code": x.service.code,
                "prefix": x.service.prefix,
                "name_zh": x.service.name_zh,
                "name_en": x.service.name_en,
                "waiting": x.waiting,
                "open": x.open,
                "reason": x.reason or None,
                "counters_open": x.counters_open,
                "ahead": x.ahead,
                **estimate(x.estimate, s.at),
            }
            for x in s.services
        ],
        "counters": [counter(c) for c in s.counters],
        "waiting": [
            {
                "number": t.number,
                "service": t.service,
                "priority": "priority" if t.priority > Priority.NORMAL else "normal",
                "issued_at": iso(t.issued_at),
                "target_counter": t.target_counter,
                "over_target": _service(hall, t.service) is not None
                and policy.is_aged(hall, t, s.at),
            }
            for t in s.waiting
        ],
        "alerts": [alert(a) for a in s.alerts],
        "last_calls": [
            {
                "number": c.number,
                "service": c.service,
                "counter": c.counter,
                "at": iso(c.at),
                "recall": c.recall,
            }
            for c in s.calls
        ],
    }
