"""Expected waits shown before a visitor queues and while they wait.

Behind the :class:`WaitEstimator` protocol: :class:`LearnedEstimator` (the queue
model and its calibration of kiosk.core.wait, learned from the hall's history; the
default) and :class:`SimpleEstimator` (people ahead × service time ÷ counters, the
baseline most kiosks show).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
import inspect
import logging
import math
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from kiosk.core.errors import KioskError
from kiosk.core.model import (
    Counter,
    CounterState,
    CounterStatus,
    Hall,
    Priority,
    Service,
    Ticket,
    TicketState,
)
from kiosk.core.wait.promise import PromiseCheck

if TYPE_CHECKING:
    from kiosk.core.wait.history import CounterPause
    from kiosk.core.wait.model import HallView, Learned
    from kiosk.core.wait.replay import Replayer

log = logging.getLogger(__name__)


class Wording(enum.StrEnum):
    """How a wait is said (kiosk.core.promise decides; docs/screens.md, "Waits")."""

    NO_WAIT = "no_wait"  # nobody will be called before it and a counter serving it is free
    UNDER = "under"  # a range starting at zero: "under {high_min} minutes"
    RANGE = "range"  # "about {low_min}–{high_min} minutes"
    ABOUT = "about"  # wider than [hall] wait_range_ratio: "about {about_min} min, possibly longer"
    NONE = "none"  # no time can be promised: ``reason`` says why


class NoEstimate(enum.StrEnum):
    """Why no time is promised (``no_estimate_reason`` of `kiosk queue issue --json`)."""

    CLOSED = "closed"  # outside the business type's opening hours (``resumes_at``: next start)
    NO_OPEN_COUNTER = "no_open_counter"  # in its hours, but no counter serving it is open
    DISABLED = "disabled"  # the business type is switched off in the configuration
    CAP_REACHED = "cap_reached"  # its daily cap of tickets is reached


@dataclasses.dataclass(frozen=True)
class WaitEstimate:
    """People ahead and an 80 % range of the wait, in whole minutes; ``wording`` says how
    it is shown, once kiosk.core.promise has worded it (None: worded from the minutes)."""

    ahead: int
    low_min: int
    high_min: int
    point_s: float | None = None  # the estimator's seconds, when it works in seconds
    low_s: float | None = None
    high_s: float | None = None
    wording: Wording | None = None
    reason: NoEstimate | None = None  # wording NONE: why
    # reason CLOSED: when the business type opens again by its hours; reason
    # NO_OPEN_COUNTER: when the first paused counter that may call it is expected back
    # (its learned pause), if one is counted on
    resumes_at: dt.datetime | None = None
    about_min: int = 0  # wording ABOUT: the minutes said

    @property
    def is_short(self) -> bool:
        """Shown as "less than N minutes"."""
        return self.low_min == 0

    @property
    def shown(self) -> Wording:
        """How it is said: ``wording``, or from the minutes for an estimate not worded."""
        if self.wording is not None:
            return self.wording
        return Wording.UNDER if self.is_short else Wording.RANGE

    @property
    def promised(self) -> bool:
        """A time is promised (there is a range to quote)."""
        return self.shown is not Wording.NONE


@dataclasses.dataclass(frozen=True)
class QueueSnapshot:
    """What an estimate needs from the live hall, for one business type."""

    service: Service
    waiting: int  # waiting tickets of this business type, before the new one
    priority_waiting: int
    counters: tuple[CounterState, ...]  # state of every counter that serves it
    # The live hall, for estimators that look at more than counts (all optional):
    now: dt.datetime | None = None
    hall: Hall | None = None
    tickets: tuple[Ticket, ...] = ()  # every waiting ticket of the hall
    desks: tuple[tuple[Counter, CounterStatus, Ticket | None], ...] = ()  # with its ticket
    ticket: Ticket | None = None  # estimating a ticket already waiting (None: a new one)


class WaitEstimator(Protocol):
    def estimate(self, snapshot: QueueSnapshot, priority: Priority) -> WaitEstimate: ...


class SimpleEstimator:
    """ahead × configured service time ÷ staffed counters, widened to a range.

    Counters that are open or serving count fully, paused ones half (they come back);
    with none staffed the estimate assumes one counter will open. The range is
    ±35 % around the point, never 0 minutes with people ahead.
    """

    spread = 0.35

    def estimate(self, snapshot: QueueSnapshot, priority: Priority) -> WaitEstimate:
        ahead = snapshot.priority_waiting if priority > Priority.NORMAL else snapshot.waiting
        staffed = sum(
            1.0 if s in (CounterState.OPEN, CounterState.SERVING) else 0.5
            for s in snapshot.counters
            if s is not CounterState.CLOSED
        )
        point = ahead * snapshot.service.default_service_minutes / max(staffed, 1.0)
        if ahead == 0:
            return WaitEstimate(
                0, 0, max(1, math.ceil(snapshot.service.default_service_minutes / 2))
            )
        low = max(1, math.floor(point * (1 - self.spread)))
        high = max(low + 1, math.ceil(point * (1 + self.spread)))
        return WaitEstimate(ahead, low, high)


PauseSource = Callable[..., Sequence["CounterPause"]]
"""``pauses(start, end, ended_since=None)``: the counters' pauses begun in [start, end)
that had ended (kiosk.store.history.pauses_between); with ``ended_since`` only those
that ended at or after it."""

HistorySource = Callable[..., Sequence[Ticket]]
"""``history(start, end)``: tickets issued in [start, end), in issue order
(kiosk.store.history.tickets_between). If it takes a keyword ``finished_since``, only
those finished at or after it: the estimator then reads only what finished since its
last read."""


def to_minutes(ahead: int, point: float, low: float, high: float) -> WaitEstimate:
    """Seconds to whole minutes, rounded outwards: "less than N" when nobody is ahead
    and the range starts below a minute, never "0 minutes" with people ahead. Nobody
    ahead but every counter busy for a while is a range too: a visitor is not told
    "under 20 minutes" when the bottom of the range is 8."""
    if ahead == 0 and low < 60.0:
        return WaitEstimate(ahead, 0, max(1, math.ceil(high / 60.0)), point, low, high)
    low_min = max(1, math.floor(low / 60.0))
    high_min = max(low_min + 1, math.ceil(high / 60.0))
    return WaitEstimate(ahead, low_min, high_min, point, low, high)


class LearnedEstimator:
    """The wait estimator of kiosk.core.wait on the live hall.

    It learns the hall (service times per business type and counter, patience,
    arrival rates, who goes before whom, the calibration of its estimates) by
    replaying the history from ``history``: the last ``days`` once, then every
    ``refresh`` only the tickets finished since the last read (with a history that
    takes ``finished_since``; otherwise it replays the last ``days`` again). Without a
    history it starts cold from the configured service minutes. Each estimate reads
    the live state: who waits, which counters are open, paused or closed and what
    they serve, who is at a counter and since when.

    With ``background=True`` (a long-lived process: `kiosk run`, the counters, the
    display) an estimate never learns itself: when learning is due it starts it on a
    thread of its own ("wait-learning") and answers with what it knew, the cold start
    until the first learning is done. A month of a busy hall takes seconds to replay;
    the visitor who asked must not wait for it, nor must the operation that happens to
    come first after the hourly refresh. The thread learns on a replayer no estimate
    sees and publishes a copy of its estimator when done (``generation`` counts them):
    forecasting changes an estimator's caches, so the two threads never share one.
    """

    overlap = dt.timedelta(minutes=2)  # reads overlap: a ticket committed late still counts
    day = dt.timedelta(days=2)  # an incremental read: tickets issued this long before

    def __init__(
        self,
        hall: Hall,
        history: HistorySource | None = None,
        *,
        days: int = 7,
        refresh: dt.timedelta = dt.timedelta(hours=1),
        background: bool = False,
        promise: PromiseCheck | None = None,
        pauses: PauseSource | None = None,
    ) -> None:
        from kiosk.core.wait.estimator import Estimator
        from kiosk.core.wait.model import Learned

        self.hall = hall
        self.history = history
        # the counters' pauses: how long a paused counter stays away is learned from them
        self.pauses = pauses
        self.days = days
        self.refresh = refresh
        self._defaults = {s.code: s.default_service_minutes * 60.0 for s in hall.services}
        self._estimator = Estimator(Learned(self._defaults))
        self._replayer: Replayer | None = None
        self._read_at: dt.datetime | None = None  # the end of the last read
        self._seen: dict[str, dt.datetime] = {}  # tickets read in the overlap: when finished
        self._learned_at: dt.datetime | None = None
        self._views: tuple[object, HallView] | None = None  # the last live view built
        self._incremental = history is not None and _takes(history, "finished_since")
        # the wait promise of the replayed estimates (kiosk.core.wait.promise)
        self._promise = promise or PromiseCheck()
        self.recalibrations = 0  # times the promise stayed below 75 % for a day
        self.last_read = 0  # tickets read by the last refresh (for the benchmark)
        self.background = background
        self.generation = 0  # learnings published so far
        self._launch = threading.Lock()  # one learning at a time
        self._learner: threading.Thread | None = None
        self._closed = False

    @property
    def promise(self) -> PromiseCheck:
        """The wait promise of the replayed estimates, as the reports score it."""
        return self._promise

    def learn(
        self, now: dt.datetime, active: Sequence[Ticket] = (), paused: Sequence[dt.datetime] = ()
    ) -> None:
        """Bring what it learned up to ``now``: the first time (or without an incremental
        history, each time) a replay of the last ``days``; then only the tickets that
        finished since the last read. ``active`` are the tickets still waiting or at a
        counter, ``paused`` the starts of the counters' pauses still going on: the replay
        goes up to the earliest of them (everything before has finished). A history that
        cannot be read is tried again next refresh. Learns here, on the caller's thread,
        whatever ``background`` says (after a background learning in progress: one
        learning at a time)."""
        self.wait_learned()
        self._learned_at = now
        self._learn(now, _until(now, active, paused))

    def _learn(self, now: dt.datetime, until: dt.datetime, days: int | None = None) -> None:
        from kiosk.core.promise import quote, shown  # it words this module's estimates
        from kiosk.core.wait.history import trace_rows
        from kiosk.core.wait.model import seconds
        from kiosk.core.wait.replay import Replayer, forecast_start

        if self.history is None:
            return
        first = (
            days is not None
            or self._replayer is None
            or not self._incremental
            or self._read_at is None
            or now < self._read_at
        )
        pauses = self.pauses
        try:
            if first:
                start = now - dt.timedelta(days=days or self.days)
                tickets = self.history(start, now)
                paused = pauses(start, now) if pauses is not None else ()
            else:
                assert self._read_at is not None
                since = self._read_at - self.overlap
                tickets = self.history(since - self.day, now, finished_since=since)
                paused = (
                    pauses(since - self.day, now, ended_since=since) if pauses is not None else ()
                )
        except KioskError as exc:  # the store is busy or gone: try again next refresh
            log.warning("wait estimator: history not read (%s); keeping what it knew", exc)
            return
        if first:
            self._replayer = Replayer(defaults=self._defaults)
            self._seen = {}
        replayer = self._replayer
        assert replayer is not None
        seen = self._seen
        fresh = [t for t in tickets if t.uid not in seen]
        self.last_read = len(fresh)
        ended = [(p, p.row()) for p in paused]
        pause_rows = [r for _, r in ended if r.ticket not in seen]
        # the tickets and pauses read that the next read may see again (finished in the
        # overlap)
        keep = now - 2 * self.overlap
        seen = {uid: at for uid, at in seen.items() if at >= keep}
        for t in fresh:
            if t.finished_at is not None and t.finished_at >= keep:
                seen[t.uid] = t.finished_at
        for p, r in ended:
            if p.ended_at >= keep:
                seen[r.ticket] = p.ended_at
        self._seen = seen
        self._read_at = now
        rows = trace_rows(fresh)
        if first:  # only the last tickets' forecasts are still weighed by the calibration
            replayer.forecast_from = forecast_start(rows)
        if pause_rows:
            rows = sorted(rows + pause_rows, key=lambda r: (r.issued_at, r.ticket))
        replayer.push(rows)
        promise = self._promise
        ratio = self.hall.rules.wait_range_ratio
        for record in replayer.advance(seconds(until)):
            if self._closed:  # the process is shutting down: drop what was learned
                self._replayer = None
                return
            row, fc = record.row, record.forecast
            if row.outcome == "served" and row.called_at is not None:
                # what the kiosk would have quoted at its issue, as the report records
                # it (kiosk.core.promise.quote: "no wait" is 0-1 min), against its wait
                told = shown(
                    to_minutes(fc.ahead, fc.point, fc.low, fc.high),
                    ahead=fc.ahead,
                    counter_free=record.base.idle,
                    ratio=ratio,
                )
                low_min, high_min = quote(told)
                promise.add(
                    seconds(row.called_at),
                    low_min * 60.0,
                    high_min * 60.0,
                    (row.called_at - row.issued_at).total_seconds(),
                )
        recalibrate = promise.check(seconds(now)) if days is None else None
        if recalibrate is not None:  # the promise stayed below 75 % for a day
            log.warning("wait estimator: %s", recalibrate.reason())
            self.recalibrations += 1
            self._learn(now, until, days=1)
            return
        # Estimates forecast on another thread than a background learning: they get a
        # copy, and this replayer goes on learning on its own at the next refresh.
        learned = copy.deepcopy(replayer.estimator) if self.background else replayer.estimator
        self._estimator = learned
        self.generation += 1

    # -- learning in the background ----------------------------------------------------

    def _start_learning(self, now: dt.datetime, until: dt.datetime) -> None:
        """Learn up to ``now`` on the learning thread, unless a learning is running."""
        with self._launch:
            if self._closed or (self._learner is not None and self._learner.is_alive()):
                return
            self._learner = threading.Thread(
                target=self._learn_logged, args=(now, until), name="wait-learning", daemon=True
            )
            self._learner.start()

    def _learn_logged(self, now: dt.datetime, until: dt.datetime, *, inline: bool = False) -> None:
        """Learn; a failure is a bug, said in the log: estimates go on with what they had
        (inside an operation, ``inline``: a one-shot command's, a ticket is never refused
        for it; on the learning thread it ends the thread too), and the next learning
        starts afresh."""
        try:
            self._learn(now, until)
        except Exception:
            log.exception("wait estimator: learning failed; keeping the estimates it had")
            self._replayer = None
            if not inline:
                raise

    def wait_learned(self, timeout: float | None = None) -> bool:
        """Wait for a background learning in progress to end; False if it still runs
        after ``timeout`` seconds."""
        learner = self._learner
        if learner is not None:
            learner.join(timeout)
            return not learner.is_alive()
        return True

    @property
    def learning(self) -> bool:
        """A background learning is running."""
        learner = self._learner
        return learner is not None and learner.is_alive()

    def close(self) -> None:
        """Stop learning (a learning in progress stops at its next step, unpublished)
        and wait for the thread; before the store it reads is closed."""
        with self._launch:
            self._closed = True
        self.wait_learned()

    def estimate(self, snapshot: QueueSnapshot, priority: Priority) -> WaitEstimate:
        from kiosk.core.wait.model import seconds

        if snapshot.now is None:  # an old-style snapshot: counts only
            return SimpleEstimator().estimate(snapshot, priority)
        now = snapshot.now
        if self._learned_at is None or not (
            dt.timedelta(0) <= now - self._learned_at < self.refresh
        ):
            self._learned_at = now
            active = (*snapshot.tickets, *(t for _, _, t in snapshot.desks if t))
            paused = [
                s.changed_at
                for _, s, _ in snapshot.desks
                if s.state is CounterState.PAUSED and s.changed_at is not None
            ]
            if self.background:
                self._start_learning(now, _until(now, active, paused))
            else:
                self._learn_logged(now, _until(now, active, paused), inline=True)
        estimator = self._estimator  # one estimator for this estimate, whatever is published
        view = self._view(snapshot, now, estimator.learned)
        mine = snapshot.ticket
        if mine is not None:
            target = str(mine.target_counter) if mine.target_counter is not None else None
            _, fc = estimator.forecast(
                view,
                mine.service,
                int(mine.priority),
                _since(mine),
                mine.uid,
                target,
            )
        else:
            # A new ticket comes after every ticket issued before it, even in the same
            # second (their sequence numbers order them by a microsecond each).
            after = seconds(now) + 0.01
            _, fc = estimator.forecast(view, snapshot.service.code, int(priority), after)
        said = to_minutes(fc.ahead, fc.point, fc.low, fc.high)
        back = _back(view, snapshot.service.code if mine is None else mine.service)
        if back is not None:  # no counter open for it: when one is expected back
            said = dataclasses.replace(said, resumes_at=now + dt.timedelta(seconds=back))
        return said

    def _view(self, snapshot: QueueSnapshot, now: dt.datetime, learned: Learned) -> HallView:
        """The live hall as the estimator reads it; built once for the estimates of one
        state (status() asks for every business type and many waiting tickets). A paused
        counter is counted on to be back after its learned pause (Desk.back), given how
        long it has been paused."""
        from kiosk.core.wait.model import Desk, HallView, Waiting, seconds

        key = (
            now,
            learned,  # by identity: the estimator the backs of paused counters came from
            tuple(t.uid for t in snapshot.tickets),
            tuple((c.number, s.state, s.current, s.changed_at) for c, s, _ in snapshot.desks),
        )
        if self._views is not None and self._views[0] == key:
            return self._views[1]
        waiting = [
            Waiting(
                t.uid,
                t.service,
                int(t.priority),
                _since(t),
                str(t.target_counter) if t.target_counter is not None else None,
            )
            for t in snapshot.tickets
            if t.state is TicketState.WAITING
        ]
        desks = []
        for counter, status, current in snapshot.desks:
            if status.state is CounterState.CLOSED:
                continue
            called = current.called_at if current is not None else None
            back = math.inf
            if status.state is CounterState.PAUSED and status.changed_at is not None:
                back = learned.pause_left(
                    (now - status.changed_at).total_seconds(), seconds(status.changed_at)
                )
            desks.append(
                Desk(
                    str(counter.number),
                    counter.services,
                    status.state is CounterState.OPEN,
                    current.service if current is not None else None,
                    seconds(called) if called is not None else None,
                    ranked=True,
                    back=back,
                )
            )
        view = HallView(seconds(now), waiting, desks)
        self._views = (key, view)
        return view


def _back(view: HallView, service: str) -> float | None:
    """Seconds until the first paused counter that may call ``service`` is expected back,
    when none that may call it is open; None otherwise (or none is counted on)."""
    desks = [d for d in view.desks if service in d.services]
    if any(d.working for d in desks):
        return None
    backs = [d.back for d in desks if d.returning]
    return min(backs) if backs else None


def _until(
    now: dt.datetime, active: Sequence[Ticket], paused: Sequence[dt.datetime] = ()
) -> dt.datetime:
    """How far a replay goes: the earliest issue of the tickets still active and start of
    the counters' pauses still going on (everything before has finished), or ``now``; a
    pause from an earlier day does not hold it (the replay ends it with its day)."""
    today = dt.datetime.combine(now.date(), dt.time())
    held = [p for p in paused if today <= p < now]
    return min([t.issued_at for t in active if t.state.active] + held + [now])


def _takes(source: Callable[..., object], name: str) -> bool:
    """Whether a callable takes a keyword argument ``name``."""
    try:
        params = inspect.signature(source).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def _since(ticket: Ticket) -> float:
    """When its wait began, in estimator seconds; tickets of the same instant keep
    their issue order (a microsecond per sequence number)."""
    from kiosk.core.policy import waiting_since
    from kiosk.core.wait.model import seconds

    return seconds(waiting_since(ticket)) + ticket.seq * 1e-6
