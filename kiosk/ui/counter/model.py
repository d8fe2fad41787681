"""What the counter workstation shows, derived from the hall status.

Plain Python, no Qt: which actions make sense now, the waiting list this counter
may call from (grouped by business type, with waits and care alerts) and today's
counts. The window renders a :class:`CounterModel`; the core still validates
every action, so a stale model can only cost a message, never a wrong state.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

from kiosk.core import policy
from kiosk.core.estimate import WaitEstimate
from kiosk.core.model import (
    Counter,
    CounterState,
    Hall,
    Outcome,
    Placement,
    Priority,
    Service,
    Ticket,
    TicketState,
)
from kiosk.core.service import CounterView

ZERO = dt.timedelta()


class Action(enum.StrEnum):
    """Everything a clerk can do at the counter (one button and one key each)."""

    CALL_NEXT = "call_next"
    RECALL = "recall"
    SERVE = "serve"
    DONE = "done"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    PARK = "park"
    RESUME = "resume"  # take a parked ticket back
    PAUSE = "pause"  # pause for a break, or back from it
    OPEN = "open"  # open the counter, or close it


@dataclasses.dataclass(frozen=True)
class WaitingRow:
    ticket: Ticket
    waited: dt.timedelta  # since issue, or since the transfer that re-queued it
    aged: bool  # past its business type's target wait: a care alert
    expected: WaitEstimate | None = None  # the estimator's remaining wait, when it has one
    not_printed: bool = False  # an open alert: the kiosk could not print it

    @property
    def priority(self) -> bool:
        return self.ticket.priority > Priority.NORMAL

    @property
    def transferred(self) -> bool:
        return self.ticket.transferred_at is not None


@dataclasses.dataclass(frozen=True)
class WaitingGroup:
    """One queue family this counter calls from: a business type, or the tickets
    transferred to this counter (service None)."""

    service: Service | None
    rows: tuple[WaitingRow, ...]

    @property
    def aged(self) -> int:
        return sum(1 for r in self.rows if r.aged)


@dataclasses.dataclass(frozen=True)
class CounterModel:
    counter: Counter
    state: CounterState  # as shown: serving means open with a ticket
    current: Ticket | None
    parked: tuple[Ticket, ...]  # most recently parked first (what resume takes)
    groups: tuple[WaitingGroup, ...]
    enabled: frozenset[Action]
    now: dt.datetime
    recall_limit: int

    @property
    def waiting(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    @property
    def aged(self) -> int:
        return sum(g.aged for g in self.groups)

    @property
    def paused(self) -> bool:
        return self.state is CounterState.PAUSED

    @property
    def closed(self) -> bool:
        return self.state is CounterState.CLOSED

    @property
    def current_waited(self) -> dt.timedelta:
        """How long the current visitor waited for the first call."""
        return self.current.waited(self.now) if self.current else ZERO

    @property
    def at_counter(self) -> dt.timedelta:
        """Since service started, or since the last call while not yet served."""
        t = self.current
        if t is None:
            return ZERO
        since = t.serving_at if t.state is TicketState.SERVING else t.last_called_at
        return max(self.now - (since or self.now), ZERO)

    @property
    def recalls_used(self) -> int:
        return max((self.current.call_count if self.current else 0) - 1, 0)


@dataclasses.dataclass(frozen=True)
class TodayCounts:
    served: int = 0
    no_shows: int = 0
    average_service: dt.timedelta | None = None  # None until something was served


@dataclasses.dataclass(frozen=True)
class TransferChoice:
    """Where the current ticket goes: exactly one of a business type or a counter."""

    service: str | None = None
    counter: int | None = None
    placement: Placement = Placement.BY_TIME

    def __post_init__(self) -> None:
        if (self.service is None) == (self.counter is None):
            raise ValueError("a transfer goes to exactly one business type or counter")


def enabled_actions(view: CounterView) -> frozenset[Action]:
    """The actions that make sense in this counter's state (the core has the last word)."""
    state, current = view.state, view.current
    is_open = state in (CounterState.OPEN, CounterState.SERVING)
    actions: set[Action] = set()
    if state is CounterState.CLOSED or current is None:
        actions.add(Action.OPEN)  # open, or close an idle counter
    if state is not CounterState.CLOSED:
        actions.add(Action.PAUSE)
    if is_open and (current is None or current.state is TicketState.SERVING):
        actions.add(Action.CALL_NEXT)  # calling the next one finishes a ticket in service
    if current is not None:
        actions |= {Action.TRANSFER, Action.PARK}
        if current.state is TicketState.CALLED:
            actions |= {Action.RECALL, Action.SERVE, Action.NO_SHOW}
        elif current.state is TicketState.SERVING:
            actions.add(Action.DONE)
    elif is_open and view.parked:
        actions.add(Action.RESUME)
    return frozenset(actions)


def waiting_groups(
    hall: Hall,
    counter: Counter,
    waiting: Iterable[Ticket],
    now: dt.datetime,
    estimates: Mapping[str, WaitEstimate] | None = None,
    unprinted: AbstractSet[str] = frozenset(),
) -> tuple[WaitingGroup, ...]:
    """The tickets this counter may call, in the policy's queue order, one group for
    those transferred to it and one per business type it serves (in its preference).
    ``unprinted``: uids of tickets with an open "not printed" alert."""
    rows: dict[str | None, list[WaitingRow]] = {None: []}
    rows.update({code: [] for code in counter.services})
    for t in waiting:
        if not policy.eligible(counter, t):
            continue
        key = None if t.target_counter is not None else t.service
        row = WaitingRow(
            t,
            now - policy.waiting_since(t),
            policy.is_aged(hall, t, now),
            (estimates or {}).get(t.uid),
            t.uid in unprinted,
        )
        rows[key].append(row)
    groups = [WaitingGroup(None, tuple(rows[None]))] if rows[None] else []
    groups += [WaitingGroup(hall.service(code), tuple(rows[code])) for code in counter.services]
    return tuple(groups)


def build(
    hall: Hall,
    view: CounterView,
    waiting: Sequence[Ticket],
    now: dt.datetime,
    estimates: Mapping[str, WaitEstimate] | None = None,
    unprinted: AbstractSet[str] = frozenset(),
) -> CounterModel:
    """``estimates``: the expected remaining wait of waiting tickets, by ticket uid;
    ``unprinted``: uids of tickets with an open "not printed" alert."""
    counter = hall.counter(view.number)
    parked = sorted(view.parked, key=lambda t: (t.parked_at or now, t.seq), reverse=True)
    return CounterModel(
        counter=counter,
        state=view.state,
        current=view.current,
        parked=tuple(parked),
        groups=waiting_groups(hall, counter, waiting, now, estimates, unprinted),
        enabled=enabled_actions(view),
        now=now,
        recall_limit=hall.rules.recall_limit,
    )


def today_counts(tickets: Iterable[Ticket], counter: int) -> TodayCounts:
    """Served, no-shows and average service time of the tickets finished at a counter."""
    served = no_shows = 0
    total = ZERO
    timed = 0
    for t in tickets:
        if t.counter != counter:
            continue
        if t.outcome is Outcome.NO_SHOW:
            no_shows += 1
        elif t.outcome is Outcome.SERVED:
            served += 1
            if t.serving_at is not None and t.finished_at is not None:
                total += t.finished_at - t.serving_at
                timed += 1
    return TodayCounts(served, no_shows, total / timed if timed else None)


def local_name(item: Service | Counter, lang: str) -> str:
    return item.name_zh if lang == "zh" else item.name_en
