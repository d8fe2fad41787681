"""What a ticket's page shows, as plain values: computed once per hall feed event for
every ticket followed, from one status read (:class:`Views`), then rendered per language.

No I/O here: the hub (kiosk.server.phone.hub) reads the status and the finished tickets.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Mapping

from kiosk.core import policy
from kiosk.core.estimate import WaitEstimate
from kiosk.core.model import Hall, Outcome, Ticket, TicketState
from kiosk.core.service import HallStatus, counter_statuses, word_for


class Shown(enum.StrEnum):
    """The page's states (docs/phone.md)."""

    WAITING = "waiting"  # in the queue: people ahead, expected wait
    TRANSFERRED = "transferred"  # waiting again, in another queue or for one counter
    CALLED = "called"  # go to counter N (vibration and sound)
    SERVING = "serving"  # at the counter
    PARKED = "parked"  # set aside at a counter, to be called back there
    DONE = "done"  # served
    NO_SHOW = "no_show"  # missed the call
    LEFT = "left"  # the visitor left the queue from this page
    CANCELLED = "cancelled"  # cancelled by staff (or left, as far as this server knows)
    ENDED = "ended"  # the business day ended (expired, or a ticket of an earlier day)

    @property
    def final(self) -> bool:
        return self in FINAL


FINAL = frozenset({Shown.DONE, Shown.NO_SHOW, Shown.LEFT, Shown.CANCELLED, Shown.ENDED})


@dataclasses.dataclass(frozen=True)
class TicketView:
    """One ticket's page, in no language yet. Equal views render the same page."""

    uid: str
    shown: Shown
    number: str
    service: str  # the business type it waits for (after a transfer, the new one)
    ahead: int | None = None  # waiting: tickets called before it (as the kiosk counts)
    wait: WaitEstimate | None = None  # waiting: its expected wait (None past the first 100)
    counter: int | None = None  # called, serving, parked: where; transferred: the target
    call_count: int = 0

    @property
    def can_leave(self) -> bool:
        """The visitor may leave the queue from the page (not once at the counter)."""
        return self.shown in (Shown.WAITING, Shown.TRANSFERRED, Shown.CALLED, Shown.PARKED)


class Queues:
    """Who is ahead of each waiting ticket, as :func:`kiosk.core.policy.call_ahead` counts
    it (the figure the kiosk prints): the tickets the call policy calls before it at the
    counters that may call it, for every waiting ticket at once (one simulated call order
    per set of counters). The estimates, carried from the last full status read, are worded
    again for the hall as it is now (kiosk.core.promise: a counter closed since, no time)."""

    def __init__(
        self, hall: Hall, status: HallStatus, estimates: Mapping[str, WaitEstimate]
    ) -> None:
        self._statuses = counter_statuses(status)
        self._hall = hall
        self._at = status.at
        self._aheads = policy.call_ahead_all(hall, self._statuses, status.waiting, status.at)
        self._estimates = estimates
        self._waiting = {t.uid: t for t in status.waiting}

    def ticket(self, uid: str) -> Ticket | None:
        return self._waiting.get(uid)

    def ahead(self, uid: str) -> int:
        return self._aheads[uid]

    def estimate(self, uid: str) -> WaitEstimate | None:
        found = self._estimates.get(uid)
        ticket = self._waiting.get(uid)
        if found is None or ticket is None:
            return found
        return word_for(self._hall, self._statuses, ticket, self.ahead(uid), found, self._at)


def own_estimates(status: HallStatus) -> dict[str, WaitEstimate]:
    """A full status read's estimates by ticket (the first ESTIMATED_WAITING waiting)."""
    return {t.uid: e for t, e in zip(status.waiting, status.estimates, strict=False)}


class Views:
    """Every followed ticket's view from one status read (the hub builds one per batch of
    feed events). ``finished``: tickets no longer active, read by uid."""

    def __init__(
        self, hall: Hall, status: HallStatus, estimates: Mapping[str, WaitEstimate] | None = None
    ) -> None:
        """``estimates``: each waiting ticket's, by uid; None: the status's own (a full
        read's; a status folded from events carries the last full read's)."""
        self.hall = hall
        self.status = status
        if estimates is None:
            estimates = own_estimates(status)
        self.queues = Queues(hall, status, estimates)
        self._at_counters: dict[str, Ticket] = {}
        for c in status.counters:
            for t in (c.current, *c.parked):
                if t is not None:
                    self._at_counters[t.uid] = t

    def active(self, uid: str) -> Ticket | None:
        """The ticket if it is in today's queue or at a counter now."""
        return self.queues.ticket(uid) or self._at_counters.get(uid)

    def of(self, ticket: Ticket) -> TicketView:
        """The view of a ticket: ``ticket`` as read, its figures from this status."""
        return view_of(ticket, self.status.day.id, self.queues)


def view_of(ticket: Ticket, day_id: int, queues: Queues | None = None) -> TicketView:
    base = TicketView(ticket.uid, Shown.ENDED, ticket.number, ticket.service)
    if ticket.day_id != day_id or ticket.outcome is Outcome.EXPIRED:
        return base  # an earlier business day: ended, whatever the store still says
    state = ticket.state
    if state is TicketState.WAITING:
        shown = Shown.TRANSFERRED if ticket.transferred_at is not None else Shown.WAITING
        known = queues is not None and queues.ticket(ticket.uid) is not None
        return dataclasses.replace(
            base,
            shown=shown,
            ahead=queues.ahead(ticket.uid) if queues is not None and known else None,
            wait=queues.estimate(ticket.uid) if queues is not None and known else None,
            counter=ticket.target_counter,
        )
    if state in (TicketState.CALLED, TicketState.SERVING, TicketState.PARKED):
        shown = {
            TicketState.CALLED: Shown.CALLED,
            TicketState.SERVING: Shown.SERVING,
            TicketState.PARKED: Shown.PARKED,
        }[state]
        return dataclasses.replace(
            base, shown=shown, counter=ticket.counter, call_count=ticket.call_count
        )
    if state is TicketState.DONE:
        return dataclasses.replace(base, shown=Shown.DONE, counter=ticket.counter)
    if state is TicketState.NO_SHOW:
        return dataclasses.replace(base, shown=Shown.NO_SHOW, counter=ticket.counter)
    return dataclasses.replace(base, shown=Shown.CANCELLED)


def followed_views(
    views: Views, uids: Iterable[str], finished: dict[str, Ticket]
) -> dict[str, TicketView]:
    """The view of each uid: active ones from the status, others from ``finished`` (uids
    in neither are skipped: not a ticket of this hall)."""
    out: dict[str, TicketView] = {}
    for uid in uids:
        ticket = views.active(uid) or finished.get(uid)
        if ticket is not None:
            out[uid] = views.of(ticket)
    return out
