"""The call policy: which waiting ticket a counter calls next.

Deterministic, documented in docs/architecture.md ("Call policy"):

1. A counter may call a waiting ticket that was transferred to it, or one of a
   business type it serves that was not transferred to another counter.
2. Tickets form queues: one per (business type, priority class), plus one per
   priority class of tickets transferred to this counter. Each queue is FIFO by
   position (issue time, or where a transfer placed it). Only queue heads compete,
   so FIFO within a class always holds.
3. Aging: a head that has waited past its business type's target wait goes first;
   among such heads the one waiting longest wins. A wait starts at issue, or at the
   transfer that put the ticket back in a queue.
4. Otherwise priority (green channel) heads go before normal ones, unless the hall
   set "one priority then N normal" and this counter has made fewer than N normal
   calls since its last priority call while normal tickets wait.
5. Within a class: tickets transferred to this counter first, then the counter's
   business types in its order of preference, then position.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from kiosk.core.model import (
    Counter,
    CounterState,
    CounterStatus,
    Hall,
    Priority,
    Ticket,
    TicketState,
)


def eligible(counter: Counter, ticket: Ticket) -> bool:
    """May this counter call this ticket under the policy?"""
    if ticket.state is not TicketState.WAITING:
        return False
    if ticket.target_counter is not None:
        return ticket.target_counter == counter.number
    return ticket.service in counter.services


def _queue_key(ticket: Ticket) -> tuple[str, int]:
    where = f"#{ticket.target_counter}" if ticket.target_counter is not None else ticket.service
    return (where, int(ticket.priority))


def _order(ticket: Ticket) -> tuple[int, int, str, str]:
    """Queue order: position, then (two tickets issued in the same microsecond) a total
    order, so that every reader breaks the tie the same way whatever order it read
    the tickets in (calling next and counting who is ahead agree)."""
    return (ticket.position, ticket.seq, ticket.original_service, ticket.uid)


def queue_heads(counter: Counter, tickets: Iterable[Ticket]) -> list[Ticket]:
    """The first ticket of every queue this counter may call from."""
    heads: dict[tuple[str, int], Ticket] = {}
    for t in tickets:
        if not eligible(counter, t):
            continue
        key = _queue_key(t)
        best = heads.get(key)
        if best is None or _order(t) < _order(best):
            heads[key] = t
    return list(heads.values())


def waiting_since(ticket: Ticket) -> dt.datetime:
    """When the current wait began: issue, or the transfer that sent it back to a queue.

    A transferred visitor has already been at a counter; counting from the issue time
    would make every transfer after a long service jump ahead of every queue."""
    return ticket.transferred_at or ticket.issued_at


def is_aged(hall: Hall, ticket: Ticket, now: dt.datetime) -> bool:
    """Past its business type's target wait: goes first, and staff get a care alert."""
    return now - waiting_since(ticket) >= hall.service(ticket.service).target_wait


def choose_next(
    hall: Hall,
    counter: Counter,
    status: CounterStatus,
    tickets: Iterable[Ticket],
    now: dt.datetime,
) -> Ticket | None:
    """The ticket this counter should call now, or None if it may call none."""
    heads = queue_heads(counter, tickets)
    if not heads:
        return None

    aged = [t for t in heads if is_aged(hall, t, now)]
    if aged:
        return min(aged, key=lambda t: (waiting_since(t), *_order(t)))

    def preference(t: Ticket) -> tuple[int, int, int, str, str]:
        rank = -1 if t.target_counter is not None else counter.services.index(t.service)
        return (rank, *_order(t))

    priority = [t for t in heads if t.priority > Priority.NORMAL]
    normal = [t for t in heads if t.priority == Priority.NORMAL]
    n = hall.rules.normal_per_priority
    if priority and (not normal or n == 0 or status.normal_streak >= n):
        return min(priority, key=preference)
    return min(normal, key=preference)


def ahead_of(ticket: Ticket, tickets: Sequence[Ticket] | Iterable[Ticket]) -> int:
    """Waiting tickets in the same queue family that will be called before this one.

    Same business type (or the same target counter), a higher class, or the same
    class and an earlier position. A finer estimate across counters and business
    types belongs to the wait estimator.
    """
    count = 0
    for other in tickets:
        if other.uid == ticket.uid or other.state is not TicketState.WAITING:
            continue
        if other.target_counter != ticket.target_counter:
            continue
        if ticket.target_counter is None and other.service != ticket.service:
            continue
        if other.priority > ticket.priority or (
            other.priority == ticket.priority and _order(other) < _order(ticket)
        ):
            count += 1
    return count


def _callers(hall: Hall, ticket: Ticket) -> list[Counter]:
    """The counters that may call this ticket: its target counter, or those serving its
    business type."""
    if ticket.target_counter is not None:
        return [c for c in hall.counters if c.number == ticket.target_counter]
    return [c for c in hall.counters if ticket.service in c.services]


def callers_open(
    hall: Hall, ticket: Ticket, statuses: Mapping[int, CounterStatus]
) -> tuple[int, ...]:
    """The numbers of the open counters (idle or serving) that may call this ticket."""
    return tuple(
        c.number
        for c in _callers(hall, ticket)
        if (statuses.get(c.number) or CounterStatus(c.number)).state is CounterState.OPEN
    )


def call_order(
    hall: Hall,
    counters: Sequence[int],
    statuses: Mapping[int, CounterStatus],
    tickets: Iterable[Ticket],
    now: dt.datetime,
) -> list[Ticket]:
    """The order in which these counters would call the waiting tickets if each, in
    turn by counter number, called next under :func:`choose_next` until none of them
    had anything to call, with no new ticket and the clock stopped at ``now``.

    Only the queues' heads compete (``choose_next`` on them alone picks what it picks on
    every ticket), so each call costs the number of queues, not of tickets."""
    desks = [hall.counter(n) for n in sorted(set(counters))]
    streaks = {
        c.number: (statuses.get(c.number) or CounterStatus(c.number)).normal_streak for c in desks
    }
    queues: dict[tuple[str, int], list[Ticket]] = {}
    # in one order whatever order they were read in: ties go the same way every time
    for t in sorted(tickets, key=_order):
        if t.state is TicketState.WAITING and any(eligible(c, t) for c in desks):
            queues.setdefault(_queue_key(t), []).append(t)
    for q in queues.values():
        q.sort(key=_order, reverse=True)  # the head last: pop() calls it
    order: list[Ticket] = []
    idle = 0
    while queues and idle < len(desks):
        idle = 0
        for c in desks:
            heads = [q[-1] for q in queues.values() if eligible(c, q[-1])]
            if not heads:
                idle += 1
                continue
            status = CounterStatus(c.number, CounterState.OPEN, normal_streak=streaks[c.number])
            chosen = choose_next(hall, c, status, heads, now)
            assert chosen is not None
            key = _queue_key(chosen)
            queues[key].pop()
            if not queues[key]:
                del queues[key]
            streaks[c.number] = 0 if chosen.priority > Priority.NORMAL else streaks[c.number] + 1
            order.append(chosen)
            if not queues:
                break
    return order


def call_ahead(
    hall: Hall,
    statuses: Mapping[int, CounterStatus],
    tickets: Iterable[Ticket],
    ticket: Ticket,
    now: dt.datetime,
) -> int:
    """How many waiting tickets will be called before this one: :func:`call_order` over
    the open counters that may call it (all that may, open or not, when none is open),
    across every business type those counters serve. ``tickets``: the hall's waiting
    tickets, with or without this one."""
    return call_ahead_all(hall, statuses, [*tickets, ticket], now, only=ticket.uid)[ticket.uid]


def call_ahead_all(
    hall: Hall,
    statuses: Mapping[int, CounterStatus],
    tickets: Iterable[Ticket],
    now: dt.datetime,
    *,
    only: str | None = None,
) -> dict[str, int]:
    """:func:`call_ahead` of every waiting ticket at once (``only``: of that uid alone):
    one :func:`call_order` per set of counters, shared by every ticket those counters
    would call."""
    waiting: dict[str, Ticket] = {}
    for t in tickets:
        if t.state is TicketState.WAITING:
            waiting[t.uid] = t
    wanted = [waiting[only]] if only is not None else list(waiting.values())
    orders: dict[tuple[int, ...], dict[str, int]] = {}
    found: dict[str, int] = {}
    for t in wanted:
        callers = callers_open(hall, t, statuses) or tuple(c.number for c in _callers(hall, t))
        if not callers:  # no counter serves it (a configuration mistake): its own queue
            found[t.uid] = ahead_of(t, waiting.values())
            continue
        places = orders.get(callers)
        if places is None:
            order = call_order(hall, callers, statuses, waiting.values(), now)
            places = orders[callers] = {o.uid: i for i, o in enumerate(order)}
        found[t.uid] = places.get(t.uid, 0)
    return found
