"""The live state an estimate reads, and what the hall has learned so far.

Times are seconds on one clock (:func:`seconds`), so that the hot loop does
arithmetic on floats, not on datetimes.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import math

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
        self.desk_seen: dict[str, float] = {}  # last time a counter started or ended a job
        self.hazards: dict[str, Hazard] = {}
        self.hazard_all = Hazard()
        self.arrivals: dict[tuple[str, int], Rate] = {}
        self.last_wait: dict[tuple[str, int], float] = {}
        self.recent: dict[tuple[str, int], Ewma] = {}
        self.overtakes = Durations(300)  # how far ahead a higher class was let in
        self.waits = Ewma(2000.0)  # realised waits of called tickets
        self.calls = Rate(600.0)  # calls of every counter: the hall's recent pace
        self.last_call = -math.inf

    # -- feeding ------------------------------------------------------------------------

    def issued(self, service: str, klass: int, at: float) -> None:
        rate = self.arrivals.get((service, klass))
        if rate is None:
            rate = self.arrivals[(service, klass)] = Rate()
        rate.add(at)

    def called(self, service: str, klass: int, waited: float, at: float, desk: str) -> None:
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
            jobs.append(service)
            self.desk_seen[desk] = at

    def overtaken(self, margin: float) -> None:
        """A ticket of a higher class was called while one of a lower class that
        started waiting ``margin`` seconds before it still waited."""
        self.overtakes.add(margin)

    def _hazard(self, service: str) -> Hazard:
        h = self.hazards.get(service)
        if h is None:
            h = self.hazards[service] = Hazard()
        return h

    # -- reading ------------------------------------------------------------------------

    def default_for(self, service: str) -> float:
        return self.defaults.get(service, self.default_s)

    def mean_service(self, service: str) -> float:
        times = self.service_times.get(service)
        if times is not None and len(times) >= 20:
            return times.mean()
        return self.default_for(service)

    def residual(self, service: str, elapsed: float) -> float:
        times = self.service_times.get(service)
        if times is None or len(times) < 20:
            times = self.all_times if len(self.all_times) >= 50 else None
        if times is None:  # cold: exponential service, memoryless
            return self.default_for(service)
        return times.residual(elapsed)

    def desk_time(self, desk: Desk) -> float:
        """Mean occupancy of a job at this counter."""
        mean = self.desk_mean.get(desk.name)
        if mean is not None and mean.weight > 0.5:
            return mean.value
        return sum(self.mean_service(s) for s in desk.services) / max(1, len(desk.services))

    def desk_services(self, desk: str, share: float = 0.03) -> tuple[str, ...]:
        """What a counter has been serving lately (a trace does not say what it may)."""
        jobs = self.desk_jobs.get(desk)
        if not jobs:
            return ()
        counts = collections.Counter(jobs)
        least = max(1.0, share * len(jobs))
        return tuple(sorted(s for s, n in counts.items() if n >= least))

    def hazard(self, service: str) -> float:
        h = self.hazards.get(service)
        if h is not None and h.exposure > 3600.0:
            return h.rate()
        return self.hazard_all.rate()

    def arrival_rate(self, service: str, klass: int, now: float) -> float:
        rate = self.arrivals.get((service, klass))
        return rate.per_second(now) if rate is not None else 0.0

    def credit(self, quantile: float) -> float | None:
        """How many seconds of queue a class is credited over the class below: None
        (strict priority) until overtakes have been seen."""
        if len(self.overtakes) < 30:
            return None
        return self.overtakes.quantile(quantile)

    def recent_wait(self, service: str, klass: int) -> float:
        recent = self.recent.get((service, klass))
        return recent.value if recent is not None and recent.weight > 0 else math.nan

    def les(self, service: str, klass: int) -> float:
        """The wait of the last ticket of this kind to be called (LES)."""
        found = self.last_wait.get((service, klass))
        if found is None:
            found = self.last_wait.get(("", klass), math.nan)
        return found
