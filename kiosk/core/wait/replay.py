"""Replay: feed a trace through the estimator in time order, as if it were live.

Each ticket becomes up to three events: its issue, its call (the wait ends) and
its end (service done, a no-show given up, or the visitor left unserved). At one
instant, ends come first, then calls, then issues, then the calls of tickets
issued and called in that same instant; so a prediction sees every event up to
its instant and none after. What the counters do is inferred from the trace
itself: a counter works while it serves or has served within ``idle_gap``
seconds, and serves the business types it has served lately. A ticket's wait is
learned only when it is called.

The benchmark's baselines are computed here too, from the same replayed state.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator

from kiosk.core.wait.estimator import Base, Estimator, Forecast, Settings
from kiosk.core.wait.learn import Durations
from kiosk.core.wait.model import Desk, HallView, Learned, Waiting, seconds
from kiosk.core.wait.trace import Prediction, TraceRow

# At one instant: ends, counters back from a pause, pauses, calls, issues, calls at issue
_END, _RESUME, _PAUSE, _CALL, _ISSUE, _CALL_AT_ISSUE = 0, 1, 2, 3, 4, 5

BASELINES = ("hist_mean", "ahead_mean", "ahead1_mean", "ql", "ql_ab", "les", "hol")


@dataclasses.dataclass(frozen=True, slots=True)
class Record:
    """One ticket's prediction at its issue, with the baselines of that instant."""

    row: TraceRow
    base: Base
    forecast: Forecast
    baselines: dict[str, float]

    def prediction(self) -> Prediction:
        f = self.forecast
        return Prediction(self.row.ticket, self.row.issued_at, f.ahead, f.point, f.low, f.high)


@dataclasses.dataclass(slots=True)
class _Live:
    row: TraceRow
    klass: int
    since: float
    base: Base | None = None
    point: float = 0.0
    low: float = 0.0
    high: float = 0.0
    free: tuple[str, ...] = ()  # the free counters that may call it at its issue (prompt)


Event = tuple[float, int, int, TraceRow]
# a busy counter's desk, its rate (None: read again each time) and the hall's wrap-ups it
# read (None: its own) with their changes then
_Made = tuple[Desk, float | None, Durations | None, int]


def events(rows: Iterable[TraceRow], first: int = 0) -> list[Event]:
    """Every event of a trace in the order replay applies them (rows numbered from
    ``first``: the order of rows' events of the same instant and kind)."""
    out: list[Event] = []
    for i, r in enumerate(rows, start=first):
        issued = seconds(r.issued_at)
        if r.pause:  # a counter's pause: it stops calling, then is back
            out.append((issued, _PAUSE, i, r))
            if r.done_at is not None:
                out.append((max(issued, seconds(r.done_at)), _RESUME, i, r))
            continue
        out.append((issued, _ISSUE, i, r))
        if r.called_at is not None:
            called = seconds(r.called_at)
            out.append((called, _CALL if called > issued else _CALL_AT_ISSUE, i, r))
            if r.done_at is not None:
                out.append((max(called, seconds(r.done_at)), _END, i, r))
        else:  # left unserved; with no time given, it never waited
            left = seconds(r.done_at) if r.done_at is not None else issued
            out.append((left, _END if left > issued else _CALL_AT_ISSUE, i, r))
    # (time, kind, row) is never the same for two events (a row's events are of
    # different kinds): sorted as tuples, the rows themselves are never compared
    out.sort()
    return out


class Replayer:
    """Drives an estimator through a trace and keeps the live state of the hall."""

    def __init__(
        self,
        estimator: Estimator | None = None,
        *,
        settings: Settings | None = None,
        idle_gap: float = 600.0,
        grace: float = 5.0,
        baselines: bool = False,
        defaults: dict[str, float] | None = None,
    ) -> None:
        self.learned = estimator.learned if estimator else Learned(defaults)
        self.estimator = estimator or Estimator(self.learned, settings)
        self.idle_gap = idle_gap
        self.grace = grace
        self.with_baselines = baselines
        self.waiting: dict[str, Waiting] = {}
        # the waiting tickets' starts by (business type, class, no target), in order: kept
        # as they come and go rather than rebuilt for each view
        self._groups: dict[tuple[str, int, str | None], list[float]] = {}
        self._owned: set[tuple[str, int, str | None]] = set()  # groups no view holds
        # the desk made for each busy counter, until its next call or end
        self._desks: dict[str, _Made] = {}
        self.live: dict[str, _Live] = {}
        self.busy: dict[str, tuple[str, float]] = {}  # counter -> (business type, called)
        self.now = -math.inf
        self._wait_sum = [0.0, 0.0]  # all realised waits, positive ones
        self._wait_n = [0, 0]
        # the events pushed, in the order they are applied; those from _next on are not yet
        self._pending: list[Event] = []
        self._next = 0
        self._rows = 0  # rows pushed so far
        # Tickets issued before this are replayed without a forecast: what the hall does
        # is learned from them, the calibration is not (the first learning of a busy week
        # forecasts only the tickets whose realised waits the calibration still weighs:
        # :func:`forecast_start`).
        self.forecast_from = -math.inf
        self.applied = -math.inf  # every event before this instant has been applied
        # free counters that let visitors wait at the last view: the baselines leave them
        # out (they are not free), the estimator weighs their after-call work
        self._let_wait: set[str] = set()
        # per business type, the last instant a visitor of it was still waiting ``grace``
        # seconds after its issue (when called, or when it left): a counter free since
        # before then let it wait (Settings.absent)
        self._late: dict[str, float] = {}
        self._absent: set[str] = set()  # counters unseen but taken as free at the last view
        # counters paused (a trace's paused rows): since when; a pause from an earlier day
        # with no end is over (the counter closed)
        self.paused: dict[str, float] = {}

    # -- the live state --------------------------------------------------------------

    def view(self) -> HallView:
        now = self.now
        learned = self.learned
        desks: list[Desk] = []
        # The waiting groups are handed to the view as they are: the next change to one
        # copies it first (:meth:`_group`), so the view keeps what it saw.
        groups = {key: starts for key, starts in self._groups.items() if starts}
        self._owned = set()
        # The oldest wait per business type: a free counter that lets it wait is not
        # really free (logged off, on a break, doing something else).
        oldest: dict[str, float] = {}
        for (service, _, _), starts in groups.items():
            if starts[0] < oldest.get(service, math.inf):
                oldest[service] = starts[0]
        settings = self.estimator.settings
        wrap = settings.wrap > 0.0
        # a counter's after-call work: its own gaps, the hall's until it has enough
        # (Learned.wraps_of)
        own_wraps = learned.wraps
        least = learned.WRAP_MIN
        hall_wraps = learned.wrap_all if len(learned.wrap_all) >= 2 * least else None
        served = learned.desk_served
        busy_at = self.busy
        idle_gap = self.idle_gap
        made = self._desks
        desk_rate = learned.desk_rate
        desk_mean = learned.desk_mean
        rate_of: dict[str, float] = {}
        cap_all: dict[str, float] = {}
        let_wait = self._let_wait = set()
        self._absent = set()
        absent = settings.absent > 0.0
        paused = self.paused
        if paused:
            today = now - now % 86_400.0
            for name in [n for n, since in paused.items() if since < today]:
                del paused[name]  # paused on an earlier day and never back: closed
        for name, last in learned.desk_seen.items():
            since = paused.get(name)
            if since is not None and name not in busy_at:
                # paused: not free; back after its learned pause (Desk.back)
                desk = Desk(name, learned.desk_served.get(name, ()), False,
                            wrap=learned.wrap_mean(name) if wrap else 0.0,
                            back=learned.pause_left(now - since, since))  # fmt: skip
                desks.append(desk)
                back_rate = rate_of[name] = desk_rate(desk)
                for s in desk.services:
                    cap_all[s] = cap_all.get(s, 0.0) + back_rate
                continue
            known = made.get(name)
            if known is not None and (known[2] is None or known[2].changes == known[3]):
                desk, r = known[0], known[1]
                if r is None:
                    r = desk_rate(desk)
            else:
                busy = busy_at.get(name)
                if busy is None and now - last > idle_gap:
                    unseen = self._unseen(name, last, oldest) if absent else None
                    if unseen is None:
                        continue
                    desks.append(unseen)
                    r = rate_of[name] = desk_rate(unseen)
                    for s in unseen.services:
                        cap_all[s] = cap_all.get(s, 0.0) + r
                    continue
                services = served.get(name, ())
                wraps = hall = None
                if wrap:
                    wraps = own_wraps.get(name)
                    if wraps is None or len(wraps) < least:
                        wraps, hall = hall_wraps, learned.wrap_all
                if busy is not None:
                    desk = Desk(
                        name,
                        services if busy[0] in services else (*services, busy[0]),
                        True,
                        busy[0],
                        busy[1],
                        ready=0.0,
                        wrap=wraps.mean() if wraps is not None else 0.0,  # Learned.wrap_mean
                    )
                    r = desk_rate(desk)
                    # A busy counter's desk does not depend on the time: kept until its
                    # next call or end (:meth:`_call`, :meth:`_end`), or a change in the
                    # hall's wrap-ups it reads; its rate too while its own mean job is known.
                    mean = desk_mean.get(name)
                    known_rate = r if mean is not None and mean.weight > 0.5 else None
                    made[name] = (desk, known_rate, hall, -1 if hall is None else hall.changes)
                else:
                    ready = 0.0
                    queued = any(now - oldest.get(s, math.inf) > self.grace for s in services)
                    if queued:
                        let_wait.add(name)
                    if wrap:
                        # After-call work: a counter calls only once its learned wrap-up
                        # is over; one that lets visitors wait for longer than its
                        # wrap-ups last has left (logged off, a break). (Learned.wrap_left,
                        # wrap_limit.)
                        elapsed = now - learned.desk_end.get(name, last)
                        limit = wraps.quantile(settings.leave_q) if wraps is not None else math.inf
                        if queued and elapsed > limit:
                            continue
                        if elapsed <= limit and wraps is not None:
                            ready = wraps.residual(max(0.0, elapsed))
                    elif queued:
                        continue
                    desk = Desk(
                        name,
                        services,
                        True,
                        None,
                        None,
                        ready=ready,
                        wrap=wraps.mean() if wraps is not None else 0.0,  # Learned.wrap_mean
                    )
                    r = desk_rate(desk)
            desks.append(desk)
            # QueueModel.base's rates, here where the desks are made (in their order)
            rate_of[name] = r
            for s in desk.services:
                cap_all[s] = cap_all.get(s, 0.0) + r
        waiting = list(self.waiting.values())
        return HallView(now, waiting, desks, _groups=groups, rates=(rate_of, cap_all))

    def _group(self, key: tuple[str, int, str | None]) -> list[float]:
        """A waiting group's starts, to change: copied first if the last view has it."""
        starts = self._groups.get(key)
        if key not in self._owned:
            starts = self._groups[key] = [] if starts is None else list(starts)
            self._owned.add(key)
        assert starts is not None
        return starts

    def _unseen(self, name: str, last: float, oldest: dict[str, float]) -> Desk | None:
        """A counter not seen for ``idle_gap``: in a quiet hall it is just free (the
        hall's own counters say so; a trace does not). Taken as free, and added to
        ``desks``, while no visitor of a business type it serves has waited past its
        wrap-up since its last job, nor since the business day began (every counter
        opens free)."""
        learned = self.learned
        services = learned.desk_services(name)
        if not services:
            return None
        now = self.now
        wraps = learned.wraps_of(name) if self.estimator.settings.wrap > 0.0 else None
        limit = wraps.quantile(self.estimator.settings.leave_q) if wraps else self.grace
        free_since = max(learned.desk_end.get(name, last) + limit, now - now % 86_400.0)
        late = self._late
        for s in services:
            if late.get(s, -math.inf) > free_since or now - oldest.get(s, math.inf) > self.grace:
                return None
        self._absent.add(name)
        return Desk(name, services, True, wrap=wraps.mean() if wraps else 0.0)

    # -- events ----------------------------------------------------------------------

    def run(self, rows: Iterable[TraceRow], start: float = -math.inf) -> Iterator[Record]:
        """Replay every row; yield a record for each ticket issued at or after start."""
        self.push(rows)
        return self.advance(math.inf, start)

    def push(self, rows: Iterable[TraceRow]) -> int:
        """Add rows to replay later (:meth:`advance`); a row issued before what has been
        applied already comes too late to be replayed in order and is left out. Returns
        the rows taken."""
        applied = self.applied
        taken = rows if applied == -math.inf else [
            r for r in rows if seconds(r.issued_at) >= applied
        ]  # fmt: skip
        taken = list(taken)
        new = events(taken, self._rows)
        rest = self._pending[self._next :]
        # the events still to apply and the new ones, in order (two sorted runs: merged)
        self._pending = sorted(rest + new) if rest else new
        self._next = 0
        self._rows += len(taken)
        return len(taken)

    def advance(self, until: float = math.inf, start: float = -math.inf) -> Iterator[Record]:
        """Apply, in time order, the pushed events before ``until`` (all of them if inf);
        yield a record for each ticket issued at or after ``start``. The live learning:
        push what finished since the last time, advance to the earliest start of what
        is still going on."""
        pending = self._pending
        i = self._next
        every = until == math.inf
        while i < len(pending):
            at, kind, _, row = pending[i]
            if not (every or at < until):
                break
            i += 1
            self._next = i
            self.now = at
            if kind == _ISSUE:
                if at < self.forecast_from:
                    self._queue(row, None, None)  # learned from, not forecast
                    continue
                record = self._issue(row, self.view(), at >= start)
                if record is not None:
                    yield record
                    pending = self._pending  # as it is now (pushed to meanwhile)
                    i = self._next
            elif kind == _END:
                self._end(row)
            elif kind == _PAUSE:
                self.paused[row.counter] = at
            elif kind == _RESUME:
                self._resume(row.counter)
            else:  # _CALL, _CALL_AT_ISSUE
                self._call(row)
        del pending[:i]  # applied: not kept until the next push
        self._next = 0
        self.applied = max(self.applied, until)

    def _issue(self, row: TraceRow, view: HallView, wanted: bool) -> Record | None:
        klass = row.priority
        base, forecast = self.estimator.forecast(view, row.service, klass)
        self._queue(row, base, forecast)
        if self.estimator.settings.prompt > 0.0:
            self.live[row.ticket].free = tuple(
                d.name
                for d in view.desks
                if d.busy_service is None and d.ready <= 0.0 and row.service in d.services
            )
        if not wanted:
            return None
        extra = self._baselines(view, row, klass) if self.with_baselines else {}
        return Record(row, base, forecast, extra)

    def _queue(self, row: TraceRow, base: Base | None, forecast: Forecast | None) -> None:
        """A ticket was issued: it waits (its forecast is learned from when it is
        called)."""
        at = self.now
        klass = row.priority
        live = _Live(row, klass, at, base)
        if forecast is not None:
            live.point, live.low, live.high = forecast.point, forecast.low, forecast.high
        self.live[row.ticket] = live
        self.waiting[row.ticket] = Waiting(row.ticket, row.service, klass, at)
        self._group((row.service, klass, None)).append(at)  # at: the latest
        self.learned.issued(row.service, klass, at)

    def _call(self, row: TraceRow) -> None:
        live = self.live.get(row.ticket)
        waiting = self._unwait(row.ticket)
        if live is None or waiting is None:
            return
        at = self.now
        if row.called_at is None:  # left at its issue
            self.live.pop(row.ticket, None)
            return
        if row.counter in self.paused:  # calling: back from its pause
            self._resume(row.counter)
        waited = at - live.since
        if waited > self.grace:
            self._late[row.service] = at
        if live.free:
            self.learned.offered(live.free, row.service, row.counter, waited)
        self.learned.called(row.service, live.klass, waited, at, row.counter, live.since)
        self._overtakes(waiting, row.counter)
        # Those called at their issue never queued: learned from as the settings say.
        if live.base is not None and (waited > 0 or self.estimator.settings.zeros > 0):
            self.estimator.learn(live.base, live.point, waited, live.low, live.high)
        self._wait_sum[0] += waited
        self._wait_n[0] += 1
        if waited > 0:
            self._wait_sum[1] += waited
            self._wait_n[1] += 1
        if row.counter:
            self.busy[row.counter] = (row.service, at)
            self._desks.pop(row.counter, None)  # its desk is made again
        if row.done_at is None:
            self.live.pop(row.ticket, None)

    def _end(self, row: TraceRow) -> None:
        live = self.live.pop(row.ticket, None)
        at = self.now
        if row.called_at is None:
            was_waiting = self._unwait(row.ticket) is not None
            if was_waiting and live is not None and row.outcome == "abandoned":
                self.learned.left(row.service, at - live.since)
            if was_waiting and live is not None and at - live.since > self.grace:
                self._late[row.service] = at
            return
        called = seconds(row.called_at)
        if row.counter:
            busy = self.busy.get(row.counter)
            if busy is not None and busy[1] <= called:
                del self.busy[row.counter]
        self.learned.finished(row.service, row.counter, at - called, at)
        self._desks.pop(row.counter, None)  # its desk is made again

    def _resume(self, counter: str) -> None:
        """A paused counter is back: how long its pause lasted is learned."""
        since = self.paused.pop(counter, None)
        if since is not None:
            self.learned.paused(since, self.now - since)
        self._desks.pop(counter, None)

    def _unwait(self, ticket: str) -> Waiting | None:
        w = self.waiting.pop(ticket, None)
        if w is not None:
            self._group((w.service, w.klass, w.target)).remove(w.since)
        return w

    def _overtakes(self, called: Waiting, counter: str) -> None:
        """A ticket was called: the tickets still waiting that its counter could have
        called teach who goes before whom (priority credit, preferred business types)."""
        services = self.learned.desk_services(counter) if counter else ()
        waiting = self.waiting.values()
        if services:
            others = [((w.service, w.klass), w.since) for w in waiting if w.service in services]
        else:
            others = [((w.service, w.klass), w.since) for w in waiting]
        if others:
            self.learned.order((called.service, called.klass), called.since, others)

    # -- the baselines ---------------------------------------------------------------

    def _baselines(self, view: HallView, row: TraceRow, klass: int) -> dict[str, float]:
        learned = self.learned
        let_wait = self._let_wait | self._absent  # the baselines see the counters as before
        view = HallView(
            view.now,
            view.waiting,
            [
                d
                for d in view.desks
                if d.working and (d.busy_service is not None or d.name not in let_wait)
            ],
        )
        now = view.now
        service = row.service
        hist = self._wait_sum[1] / self._wait_n[1] if self._wait_n[1] else 0.0
        same = [
            w
            for w in view.waiting
            if w.service == service and w.klass >= klass and w.key != row.ticket
        ]
        open_same = sum(1 for d in view.desks if service in d.services) or 1
        mean_s = learned.mean_service(service)
        ahead = len(same)
        everyone = sum(1 for w in view.waiting if w.klass >= klass and w.key != row.ticket)
        staff = len(view.desks) or 1
        idle = sum(1 for d in view.desks if d.busy_service is None)
        mean_all = learned.all_times.mean() if len(learned.all_times) else mean_s
        mu = staff / mean_all
        theta = learned.hazard_all.rate()
        if idle > everyone:
            ql = ql_ab = 0.0
        else:
            ql = (everyone + 1) / mu
            ql_ab = sum(1.0 / (mu + i * theta) for i in range(everyone + 1))
        les = learned.les(service, klass)
        hol = now - min((w.since for w in same), default=now)
        return {
            "hist_mean": hist,
            "ahead_mean": ahead * mean_s / open_same,
            "ahead1_mean": (ahead + 1) * mean_s / open_same,
            "ql": ql,
            "ql_ab": ql_ab,
            "les": 0.0 if math.isnan(les) else les,
            "hol": hol,
        }


FORECAST_LAST = 3000
"""How many of the last tickets a first learning forecasts: the calibration forgets
0.999 a realised wait (0.999^3000 < 5 %) and keeps 400 errors per band."""


def forecast_start(rows: Iterable[TraceRow], last: int = FORECAST_LAST) -> float:
    """The issue time (estimator seconds) of the ``last``-th latest ticket of ``rows``
    (-inf if there are no more than that): where a first learning starts forecasting."""
    issued = sorted(r.issued_at for r in rows)  # in order already, from a replay's rows
    return seconds(issued[-last]) if len(issued) > last else -math.inf


def replay(
    rows: Iterable[TraceRow],
    start: float = -math.inf,
    *,
    settings: Settings | None = None,
    baselines: bool = False,
) -> list[Record]:
    """Every record of a replay, in issue order."""
    return list(Replayer(settings=settings, baselines=baselines).run(rows, start))
