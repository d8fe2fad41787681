"""Staff alerts for tickets that were not printed, folded from the event log.

An alert opens when printing a ticket failed (``print_failed``, with the printer's
reason), or when a ticket issued to be printed (``issued`` with ``print: true``) has had
no outcome for :data:`PRINT_DEADLINE`: whatever was printing it stopped (a crash, a
power cut, a kill) and never said. It closes when the ticket is printed after all
(``printed``, ``reprinted``) or when staff acknowledge it (``alert_acknowledged``).

Nothing is written to open the second kind: every window reads the same log with the
same clock and sees the same alerts, whichever process died.

The technician's alerts (:class:`TechAlert`): a daily report that could not be written
(kiosk.core.daily), folded from the store's record of each day's report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from kiosk.core.daily import FAILED, DailyReport
from kiosk.core.model import Event, EventKind, StaffAlert, Ticket
from kiosk.core.ports import PrintProblem

# A ticket is printed in about a second (its status asked before and after, a few
# hundred bytes at 9600 baud, status timeouts of a second or two); one with no outcome
# after this long is not being printed any more.
PRINT_DEADLINE = dt.timedelta(seconds=60)

ALERT_EVENTS = frozenset(
    {
        EventKind.ISSUED,
        EventKind.PRINTED,
        EventKind.PRINT_FAILED,
        EventKind.REPRINTED,
        EventKind.ALERT_ACKNOWLEDGED,
    }
)
_CLOSING = frozenset({EventKind.PRINTED, EventKind.REPRINTED, EventKind.ALERT_ACKNOWLEDGED})


def open_alerts(
    events: Iterable[Event], unconfirmed: Iterable[Ticket], now: dt.datetime
) -> list[StaffAlert]:
    """The open alerts, newest first.

    ``events``: the day's ALERT_EVENTS of the tickets concerned, oldest first;
    ``unconfirmed``: the active tickets not (yet) confirmed printed."""
    alerts: dict[str, StaffAlert] = {}
    to_print: set[str] = set()  # issued to be printed
    settled: set[str] = set()  # an outcome was recorded
    for e in events:
        uid = e.ticket
        if uid is None:
            continue
        if e.kind is EventKind.ISSUED:
            if e.data.get("print"):
                to_print.add(uid)
        elif e.kind is EventKind.PRINT_FAILED:
            settled.add(uid)
            alerts[uid] = StaffAlert(
                e.kind,
                str(e.data.get("number", "")),
                str(e.data.get("reason", "")),
                e.at,
                uid,
                str(e.data.get("problem") or PrintProblem.ERROR),
            )
        elif e.kind in _CLOSING:
            settled.add(uid)
            alerts.pop(uid, None)
    for t in unconfirmed:
        due = t.issued_at + PRINT_DEADLINE
        if t.uid in to_print and t.uid not in settled and now >= due:
            alerts[t.uid] = StaffAlert(
                EventKind.PRINT_FAILED,
                t.number,
                "printing was interrupted: no outcome was recorded",
                due,
                t.uid,
                str(PrintProblem.INTERRUPTED),
            )
    # newest first; at the same moment, the later event first
    return sorted(reversed(alerts.values()), key=lambda a: a.at, reverse=True)


def pending(events: Iterable[Event], unconfirmed: Iterable[str]) -> list[str]:
    """Of the ``unconfirmed`` tickets (uids, in issue order), those issued to be printed
    with no outcome recorded yet: each opens an interrupted-print alert at its deadline
    unless an outcome comes first. ``events``: their ALERT_EVENTS, oldest first."""
    to_print: set[str] = set()
    settled: set[str] = set()
    for e in events:
        if e.kind is EventKind.ISSUED and e.data.get("print"):
            to_print.add(e.ticket or "")
        elif e.kind is not EventKind.ISSUED:
            settled.add(e.ticket or "")
    return [uid for uid in unconfirmed if uid in to_print and uid not in settled]


def matching(alerts: Iterable[StaffAlert], tickets: Iterable[str]) -> list[StaffAlert]:
    """The alerts of these tickets, each named by its number or its uid."""
    wanted = {x.strip().upper() for x in tickets} | set(tickets)
    return [a for a in alerts if a.number.upper() in wanted or a.ticket in wanted]


@dataclasses.dataclass(frozen=True)
class TechAlert:
    """Something the technician must see to (the technician panel): a daily report
    that could not be written, naming the file. Open until that day's report is
    written (the next start retries it; `kiosk report daily --day DAY` by hand)."""

    subject: str  # the file concerned
    reason: str
    at: dt.datetime | None


def report_alerts(reports: Iterable[DailyReport]) -> list[TechAlert]:
    """The open alerts of the daily reports (kiosk.core.daily), newest day first: one
    per day whose report failed. (Files deleted from the folder are listed as
    ``missing``, not an alert: clearing out old reports is the technician's choice.)"""
    return [
        TechAlert(r.file or r.day.isoformat(), r.reason, r.at)
        for r in reports
        if r.status == FAILED
    ]
