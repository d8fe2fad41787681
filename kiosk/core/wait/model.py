"""The live state an estimate reads, and what the hall has learned so far.

Times are seconds on one clock (:func:`seconds`), so that the hot loop does
arithmetic on floats, not on datetimes.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import math
from collections.abc import Iterable

from kiosk.core.wait.learn import Durations, Ewma, Hazard, Rate

EPOCH = dt.datetime(2000, 1, 1)


def seconds(moment: dt.datetime) -> float:
    """Seconds since 2000-01-01 (local time, as the hall's clock reads)."""
    delta = moment - EPOCH
    return delta.days * 86_400.0 + delta.seconds + delta.microseconds / 1e6


def moment(value: float) -> dt.datetime:
    return EPOCH + dt.timedelta(seconds=value)


@dataclasses.dataclass(slots=True)
class Waiting:
    """A waiting ticket as the estimator sees it."""

    key: str
    service: str
    klass: int  # priority class: higher is called sooner
    since: float  # when its current wait began
    target: str | None = None  # the counter it was transferred to, if any


@dataclasses.dataclass(slots=True)
class Desk:
    """A counter: whether it works now, what it serves, what it is doing."""

    name: str
    services: tuple[str, ...]  # in its order of preference when ``ranked``
    working: bool = True  # open (idle or serving); False: paused or on a break
    busy_service: str | None = None  # the business type of the ticket at it
    busy_since: float | None = None  # when that ticket was called
    ranked: bool = False  # services are a preference list (hall configuration)
    # After-call work (wrap-up) learned from a trace; 0 where the hall says what a counter
    # does (its own pause and break states).
    ready: float = 0.0  # expected seconds until a free counter can call (wrap-up left)
    wrap: float = 0.0  # expected wrap-up after each job
    # A paused counter (not ``working``) that will be back: expected seconds until it
    # calls again (its learned pauses, given how long this one has lasted); inf: not
    # counted on (no pause learned yet, or longer than any seen)
    back: float = math.inf

    @property
    def returning(self) -> bool:
        """Paused, but expected back (:attr:`back`)."""
        return not self.working and self.back < math.inf

    def rank(self, service: str) -> int:
        if not self.ranked:
            return 0
        try:
            return self.services.index(service)
        except ValueError:
            return len(self.services)


@dataclasses.dataclass(slots=True)
class HallView:
    """Everything live an estimate needs: the time, who waits, what each counter does."""

    now: float
    waiting: list[Waiting]
    desks: list[Desk]
    _groups: dict[tuple[str, int, str | None], list[float]] | None = None
    # The working counters' calls a second and the capacity per business type they add
    # up to (QueueModel.base), when whoever made the view worked them out with the
    # Learned that forecasts from it, as it is now (the replay: its view is forecast from
    # at once); None: worked out by the forecast.
    rates: tuple[dict[str, float], dict[str, float]] | None = None

    def groups(self) -> dict[tuple[str, int, str | None], list[float]]:
        """Waiting tickets by (business type, class, target counter): sorted wait starts."""
        if self._groups is None:
            groups: dict[tuple[str, int, str | None], list[float]] = {}
            for w in self.waiting:
                groups.setdefault((w.service, w.klass, w.target), []).append(w.since)
            for starts in groups.values():
                starts.sort()
            self._groups = groups
        return self._groups


Kind = tuple[str, int]
"""A kind of ticket: (business type, priority class)."""


class Precedence:
    """Who a counter calls first, learned from calls: for two kinds of ticket, how
    many seconds later one of kind ``a`` may start waiting than one of kind ``b`` and
    still be called first (a priority credit, or a business type a counter prefers).

    Each call is a lesson about the tickets still waiting at a counter that could
    have called them: those that started earlier were overtaken (the called kind's
    lead over theirs is at least the margin), those that started later were not
    (their lead over the called kind is less than the margin). The lead is the
    threshold that best separates the two, on 15-second steps up to 15 minutes;
    overtaking at every margin seen is a strict precedence."""

    STEP = 15.0
    STEPS = 60
    MIN_EVENTS = 20.0

    __slots__ = ("_cache", "_counts", "_signed", "limit")

    def __init__(self, limit: float = 2000.0) -> None:
        self.limit = limit  # events kept per pair before the old ones weigh half
        self._counts: dict[tuple[Kind, Kind], list[list[float]]] = {}
        self._cache: dict[tuple[Kind, Kind], float | None] = {}
        self._signed: dict[tuple[Kind, Kind], float] = {}  # :meth:`signed`, until a change

    def observe(self, a: Kind, b: Kind, margin: float, first: bool) -> None:
        """A ticket of kind ``a`` that started ``margin`` seconds after one of kind
        ``b`` was called first (``first``) or was not."""
        if a == b or margin < 0.0:
            return
        step = int(margin / self.STEP)
        if step >= self.STEPS:
            return
        self._count((a, b), step, 0 if first else 1)

    def observe_call(
        self, called: Kind, since: float, others: Iterable[tuple[Kind, float]]
    ) -> None:
        """A ticket of kind ``called`` that started waiting at ``since`` was called while
        ``others`` (kind, start) waited: :meth:`observe` for each, in order."""
        width, steps, limit = self.STEP, self.STEPS, self.limit
        table = self._counts
        touched = set()
        for kind, start in others:
            if kind == called:
                continue
            if start < since:
                key, row, step = (called, kind), 0, int((since - start) / width)
            elif start > since:
                key, row, step = (kind, called), 1, int((start - since) / width)
            else:
                continue
            if step >= steps:
                continue
            counts = table.get(key)
            if counts is None:
                counts = table[key] = [[0.0] * steps, [0.0] * steps, [0.0]]
            counts[row][step] += 1.0
            total = counts[2]
            total[0] += 1.0
            if total[0] > limit:
                self._halve(counts)
            touched.add(key)
        for key in touched:  # what was read from them no longer holds
            self._forget(key)

    def _count(self, key: tuple[Kind, Kind], step: int, row: int) -> None:
        counts = self._counts.get(key)
        if counts is None:
            counts = self._counts[key] = [[0.0] * self.STEPS, [0.0] * self.STEPS, [0.0]]
        counts[row][step] += 1.0
        total = counts[2]
        total[0] += 1.0
        if total[0] > self.limit:
            self._halve(counts)
        self._forget(key)

    @staticmethod
    def _halve(counts: list[list[float]]) -> None:
        for values in counts:
            for i in range(len(values)):
                values[i] *= 0.5

    def _forget(self, key: tuple[Kind, Kind]) -> None:
        self._cache.pop(key, None)
        signed = self._signed
        if signed:
            a, b = key
            signed.pop(key, None)
            signed.pop((b, a), None)

    def signed(self, a: Kind, b: Kind) -> float:
        """:meth:`Learned.lead`: the lead of ``a`` over ``b`` if it has one, minus the
        lead of ``b`` over ``a`` if that one has; until calls have shown either, a higher
        class goes first (inf), a lower one last (-inf), the same class in order."""
        key = (a, b)
        found = self._signed.get(key)
        if found is not None:
            return found
        if a == b:
            found = 0.0
        else:
            ahead = self.lead(a, b)
            behind = self.lead(b, a)
            if ahead is not None and ahead > 0.0:
                found = ahead
            elif behind is not None and behind > 0.0:
                found = -behind
            elif ahead is None and behind is None:
                found = math.inf if a[1] > b[1] else -math.inf if a[1] < b[1] else 0.0
            else:
                found = 0.0
        self._signed[key] = found
        return found

    def lead(self, a: Kind, b: Kind) -> float | None:
        """Seconds of lead kind ``a`` has over kind ``b`` (inf: strict); None until
        enough calls have shown it."""
        key = (a, b)
        if key in self._cache:
            return self._cache[key]
        counts = self._counts.get(key)
        found: float | None = None
        if counts is not None and counts[2][0] >= self.MIN_EVENTS:
            firsts, seconds_ = counts[0], counts[1]
            # errors with the threshold at step c: not-first below c, first at or above
            errors = sum(firsts)
            best, best_at = errors, 0
            for c in range(self.STEPS):
                errors += seconds_[c] - firsts[c]
                if errors < best:
                    best, best_at = errors, c + 1
            found = math.inf if best_at == self.STEPS else best_at * self.STEP
        self._cache[key] = found
        return found


class Learned:
    """Service times, patience, arrival rates and call order learned from the past.

    ``defaults`` are the configured service minutes per business type: the cold start
    until enough services of a kind have been seen."""

    def __init__(self, defaults: dict[str, float] | None = None, default_s: float = 300.0) -> None:
        self.defaults = dict(defaults or {})
        self.default_s = default_s
        self.service_times: dict[str, Durations] = {}
        self.all_times = Durations(1000)
        self.desk_mean: dict[str, Ewma] = {}
        self.desk_jobs: dict[str, collections.deque[str]] = {}
        # its last jobs per business type, in name order
        self._desk_counts: dict[str, dict[str, int]] = {}
        # what each counter serves lately (:meth:`desk_services` at 3 %), kept as jobs end;
        # the same tuple until it changes
        self.desk_served: dict[str, tuple[str, ...]] = {}
        self.desk_seen: dict[str, float] = {}  # last time a counter started or ended a job
        self.hazards: dict[str, Hazard] = {}
        self.hazard_all = Hazard()
        self.arrivals: dict[tuple[str, int], Rate] = {}
        self.last_wait: dict[tuple[str, int], float] = {}
        self.recent: dict[tuple[str, int], Ewma] = {}
        self.precedence = Precedence()
        self.waits = Ewma(2000.0)  # realised waits of called tickets
        self.calls = Rate(600.0)  # calls of every counter: the hall's recent pace
        self.last_call = -math.inf
        # After-call work: the gap between a counter's end of service and its next call
        # when that call's visitor was already waiting at the end (so the counter was not
        # idle for want of visitors), per counter and for the whole hall.
        self.desk_end: dict[str, float] = {}
        self.wraps: dict[str, Durations] = {}
        self.wrap_all = Durations(1000)
        # Promptness: per (counter, business type), the visitors issued while the counter
        # was free and of them those it called at once, both fading by PROMPT_FADE a visitor
        self.prompts: dict[tuple[str, str], list[float]] = {}
        # Pauses (breaks) of every counter, as long as they lasted: how long a paused
        # counter is still away; and by the hour of the day they began (a lunch break
        # lasts longer than an afternoon one)
        self.pauses = Durations(400)
        self.pause_hours: dict[int, collections.deque[float]] = {}

    # -- feeding ------------------------------------------------------------------------

    def issued(self, service: str, klass: int, at: float) -> None:
        rate = self.arrivals.get((service, klass))
        if rate is None:
            rate = self.arrivals[(service, klass)] = Rate()
        rate.add(at)

    def called(
        self,
        service: str,
        klass: int,
        waited: float,
        at: float,
        desk: str,
        since: float | None = None,
    ) -> None:
        self.last_wait[(service, klass)] = waited
        recent = self.recent.get((service, klass))
        if recent is None:
            recent = self.recent[(service, klass)] = Ewma(5.0)
        recent.add(waited)
        self.last_wait[("", klass)] = waited
        self.waits.add(waited)
        self.calls.add(at)
        self.last_call = at
        self._hazard(service).add(waited, False)
        self.hazard_all.add(waited, False)
        if desk:
            self.desk_seen[desk] = at
            end = self.desk_end.get(desk)
            if since is not None and end is not None and since <= end:
                self._wrapped(desk, at - end)

    def _wrapped(self, desk: str, gap: float) -> None:
        if gap > self.WRAP_CAP:  # a break, not after-call work
            return
        wraps = self.wraps.get(desk)
        if wraps is None:
            wraps = self.wraps[desk] = Durations(200)
        wraps.add(gap)
        self.wrap_all.add(gap)

    PROMPT_FADE = 0.995
    PROMPT_S = 60.0  # a call this soon after the issue is at once

    def offered(self, desks: tuple[str, ...], service: str, caller: str, waited: float) -> None:
        """A visitor of ``service`` issued while ``desks`` were free was called by
        ``caller`` after ``waited`` seconds."""
        fade = self.PROMPT_FADE
        at_once = waited <= self.PROMPT_S
        for d in desks:
            seen = self.prompts.get((d, service))
            if seen is None:
                seen = self.prompts[(d, service)] = [0.0, 0.0]
            seen[0] = seen[0] * fade + 1.0
            seen[1] = seen[1] * fade + (1.0 if at_once and d == caller else 0.0)

    def prompt(self, desk: str, service: str) -> float:
        """The share of visitors of ``service`` issued while ``desk`` was free that it
        called at once (with one prompt call assumed beforehand: 1 until seen)."""
        seen = self.prompts.get((desk, service))
        if seen is None:
            return 1.0
        return (seen[1] + 1.0) / (seen[0] + 1.0)

    def left(self, service: str, waited: float) -> None:
        self._hazard(service).add(waited, True)
        self.hazard_all.add(waited, True)

    def finished(self, service: str, desk: str, duration: float, at: float) -> None:
        """A counter's job ended (served, or a no-show given up): its occupancy."""
        times = self.service_times.get(service)
        if times is None:
            times = self.service_times[service] = Durations()
        times.add(duration)
        self.all_times.add(duration)
        if desk:
            mean = self.desk_mean.get(desk)
            if mean is None:
                mean = self.desk_mean[desk] = Ewma(100.0)
            mean.add(duration)
            jobs = self.desk_jobs.get(desk)
            if jobs is None:
                jobs = self.desk_jobs[desk] = collections.deque(maxlen=300)
                self._desk_counts[desk] = {}
            # the counts of its last jobs kept as they come and go (not counted again at
            # each read: a counter's job ends just before its next call reads them)
            counts = self._desk_counts[desk]
            if len(jobs) == jobs.maxlen:
                counts[jobs[0]] -= 1
            jobs.append(service)
            if service in counts:
                counts[service] += 1
            else:  # a business type it had not served: the counts stay in name order
                counts[service] = 1
                self._desk_counts[desk] = counts = dict(sorted(counts.items()))
            served = self._served(counts, len(jobs), 0.03)
            if served != self.desk_served.get(desk):
                self.desk_served[desk] = served
            self.desk_seen[desk] = at
            self.desk_end[desk] = at

    def order(self, called: Kind, since: float, others: Iterable[tuple[Kind, float]]) -> None:
        """A ticket of kind ``called`` that started waiting at ``since`` was called while
        ``others`` (kind, start) waited for a counter that could have called them."""
        self.precedence.observe_call(called, since, others)

    def _hazard(self, service: str) -> Hazard:
        h = self.hazards.get(service)
        if h is None:
            h = self.hazards[service] = Hazard()
        return h

    # -- reading ------------------------------------------------------------------------

    WRAP_CAP = 900.0  # longer gaps between a job and the next call are breaks
    WRAP_MIN = 20  # gaps seen before a counter's own wrap-up is trusted

    def wraps_of(self, desk: str) -> Durations | None:
        """The after-call work gaps a counter's wrap-up is read from (its own, or the
        hall's until it has enough); None cold."""
        return self._wraps(desk)

    def _wraps(self, desk: str) -> Durations | None:
        own = self.wraps.get(desk)
        if own is not None and len(own) >= self.WRAP_MIN:
            return own
        return self.wrap_all if len(self.wrap_all) >= 2 * self.WRAP_MIN else None

    def wrap_mean(self, desk: str) -> float:
        """The counter's expected after-call work between a job and the next (0 cold)."""
        wraps = self._wraps(desk)
        return wraps.mean() if wraps is not None else 0.0

    def wrap_left(self, desk: str, elapsed: float) -> float:
        """Expected seconds of after-call work left ``elapsed`` seconds after its last job
        ended (mean residual of its learned gaps; 0 cold)."""
        wraps = self._wraps(desk)
        if wraps is None:
            return 0.0
        return wraps.residual(max(0.0, elapsed))

    def wrap_limit(self, desk: str, q: float) -> float:
        """The q-quantile of its gaps: longer without a call while visitors wait, the
        counter has left (logged off, a break); inf cold."""
        wraps = self._wraps(desk)
        return wraps.quantile(q) if wraps is not None else math.inf

    PAUSES_MIN = 10  # pauses seen before a paused counter is counted on to come back
    PAUSES_BY_HOUR = 100  # pauses kept per hour of the day they began

    def paused(self, since: float, lasted: float) -> None:
        """A counter paused at ``since`` was back ``lasted`` seconds later."""
        self.pauses.add(lasted)
        hour = _hour(since)
        kept = self.pause_hours.get(hour)
        if kept is None:
            kept = self.pause_hours[hour] = collections.deque(maxlen=self.PAUSES_BY_HOUR)
        kept.append(max(0.0, lasted))

    def pause_left(self, elapsed: float, since: float = math.nan) -> float:
        """Expected seconds until a counter paused ``elapsed`` seconds ago (at ``since``)
        is back: the mean residual of the pauses begun within an hour of the same time
        of day once PAUSES_MIN of them have been seen, else of every pause seen; inf
        until PAUSES_MIN pauses have been seen, or past the longest of them (it may not
        come back today)."""
        pauses = self.pauses
        if len(pauses) < self.PAUSES_MIN:
            return math.inf
        elapsed = max(0.0, elapsed)
        if not math.isnan(since):
            hour = _hour(since)
            near = [x for h in (hour - 1, hour, hour + 1) for x in self.pause_hours.get(h, ())]
            if len(near) >= self.PAUSES_MIN:
                longer = [x for x in near if x > elapsed]
                return sum(longer) / len(longer) - elapsed if longer else math.inf
        if elapsed >= pauses.longest():
            return math.inf
        return pauses.residual(elapsed)

    def default_for(self, service: str) -> float:
        return self.defaults.get(service, self.default_s)

    def mean_service(self, service: str) -> float:
        times = self.service_times.get(service)
        if times is not None and len(times) >= 20:
            return times.mean()
        return self.default_for(service)

    def residual(self, service: str, elapsed: float) -> float:
        times = self.residual_times(service)
        if times is None:  # cold: exponential service, memoryless
            return self.default_for(service)
        return times.residual(elapsed)

    def residual_times(self, service: str) -> Durations | None:
        """The durations :meth:`residual` reads for a business type: its own, the
        hall's until it has enough; None cold."""
        times = self.service_times.get(service)
        if times is None or len(times) < 20:
            times = self.all_times if len(self.all_times) >= 50 else None
        return times

    def desk_time(self, desk: Desk) -> float:
        """Mean occupancy of a job at this counter: its own, once it has done enough
        (about 100 jobs); until then each business type it serves at that type's mean,
        weighed by the jobs of it the counter has done (one each assumed beforehand): a
        counter of bill, plan and broadband that has served only bills works at the
        pace of bills, not of the three configured minutes' average."""
        mean = self.desk_mean.get(desk.name)
        if mean is not None and mean.weight > 0.5:
            return mean.value
        counts = self._desk_counts.get(desk.name, {})
        total = weight = 0.0
        for s in desk.services:
            n = counts.get(s, 0) + 1.0
            total += n * self.mean_service(s)
            weight += n
        return total / weight if weight else self.default_s

    def desk_rate(self, desk: Desk) -> float:
        """Calls a second of a working counter: a job and its after-call work."""
        mean = self.desk_mean.get(desk.name)  # desk_time, inline
        job = mean.value if mean is not None and mean.weight > 0.5 else self.desk_time(desk)
        t = job + desk.wrap
        return 1.0 / (t if t > 1.0 else 1.0)  # max(1.0, t)

    def desk_services(self, desk: str, share: float = 0.03) -> tuple[str, ...]:
        """What a counter has been serving lately (a trace does not say what it may)."""
        if share == 0.03:
            return self.desk_served.get(desk, ())
        jobs = self.desk_jobs.get(desk)
        if not jobs:
            return ()
        return self._served(self._desk_counts[desk], len(jobs), share)

    @staticmethod
    def _served(counts: dict[str, int], jobs: int, share: float) -> tuple[str, ...]:
        """The business types of at least ``share`` of a counter's ``jobs`` last jobs, in
        name order (``counts`` are)."""
        least = max(1.0, share * jobs)
        return tuple([s for s, n in counts.items() if n >= least])

    def hazard(self, service: str) -> float:
        h = self.hazards.get(service)
        if h is not None and h.exposure > 3600.0:
            return h.rate()
        return self.hazard_all.rate()

    def arrival_rate(self, service: str, klass: int, now: float) -> float:
        rate = self.arrivals.get((service, klass))
        return rate.per_second(now) if rate is not None else 0.0

    def lead(self, a: Kind, b: Kind) -> float:
        """How many seconds after a ticket of kind ``b`` one of kind ``a`` may start
        waiting and still be called first: learned from calls; until then a higher
        class goes first (inf), a lower one last (-inf), the same class in order."""
        return self.precedence.signed(a, b)

    def recent_wait(self, service: str, klass: int) -> float:
        recent = self.recent.get((service, klass))
        return recent.value if recent is not None and recent.weight > 0 else math.nan

    def les(self, service: str, klass: int) -> float:
        """The wait of the last ticket of this kind to be called (LES)."""
        found = self.last_wait.get((service, klass))
        if found is None:
            found = self.last_wait.get(("", klass), math.nan)
        return found


def _hour(at: float) -> int:
    """The hour of the day (0-23) of an instant in estimator seconds."""
    return int((at % 86_400.0) // 3600.0)
