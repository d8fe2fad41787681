"""The wait estimator: a fast model of the queue ahead, calibrated online.

1. **The queue ahead** (:meth:`QueueModel.base`). The counters that may call the
   ticket; the tickets each of them calls first under the call policy (a higher
   class, a business type it prefers, an earlier start), each weighted by the share
   of its business type's capacity those counters give; later arrivals of a higher
   class that will still overtake; the residual service of tickets at a counter
   (learned mean residual life given how long they have lasted); visitors ahead who
   give up (learned patience). Departures come at the counters' learned rates; the
   expected time of the ticket's own call is summed step by step, as in the
   Ibrahim-Whitt QL predictor with abandonment, generalised to counters that serve
   several business types. Counters read from a trace carry their learned after-call
   work (wrap-up): a busy one can call after its residual service and its wrap-up, a
   free one still in its wrap-up only when that is over. A paused counter (a break)
   expected back (``Desk.back``, from the learned pauses) calls when it is back, like a
   busy one whose job ends then.
2. **Calibration** (:class:`Calibrator`). Once a ticket is called its wait is known:
   the pair (features at issue, actual wait) updates a recursive least-squares fit of
   the wait on the model's estimate, the recent waits of its kind and the wait of
   the head of the line (HOL), which corrects the model where the hall does not
   follow it. The 80 % range comes from the 10th and 90th percentiles of recent
   relative errors among tickets with as many people ahead (split conformal), so it
   covers 80 % of waits by construction.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import math
import statistics

import numpy as np

from kiosk.core.wait.learn import Durations
from kiosk.core.wait.model import Desk, HallView, Learned
from kiosk.core.wait.order import HORIZON, Group, first_end


@dataclasses.dataclass(frozen=True, slots=True)
class Base:
    """The queue model's view of one ticket's wait, and the features calibration uses."""

    ahead: int  # tickets called before it at the counters that may call it
    effective: float  # the share of those counters' work they take
    wait: float  # expected seconds until its call
    idle: bool  # a counter that may call it is free now
    les: float  # wait of the last ticket of its kind called (nan if none yet)
    hol: float  # how long the first ticket ahead of it of its kind has waited
    capacity: float = 0.0  # calls a second the counters that may call it make
    klass: int = 0
    service: str = ""
    # pace, quiet, hour: part of the state, not used by the calibration (it did no
    # better with them on the validation weeks)
    pace: float = 0.0  # (effective + 1) over the calls a second lately: a fluid wait
    quiet: float = 0.0  # seconds since the last call of any counter
    hour: float = 12.0  # time of day
    recent: float = math.nan  # recent waits of its kind, weighted towards the last ones
    unless: float = math.nan  # expected wait if the free counters did not call (= wait if none)
    desks: int = 0  # counters working that may call it
    busy: int = 0  # of which serving someone
    queue: int = 0  # tickets waiting in the hall
    higher: int = 0  # of which of a higher class
    same: int = 0  # of which of its business type
    calls: float = 0.0  # calls a second lately, every counter
    first: float = 0.0  # expected seconds until the first counter that may call it can call
    present: int = 0  # counters that may call it taken as working (free or in wrap-up too)
    prompt: float = 1.0  # the chance one of the free counters that may call it does so at once
    # E[min] of the residual jobs of the busy counters that may call it (Settings.minres;
    # with one of them free: if the free ones did not call)
    first_min: float = 0.0


@dataclasses.dataclass(frozen=True, slots=True)
class Forecast:
    """A wait forecast in seconds: the point and the 10th-90th percentile range."""

    ahead: int
    point: float
    low: float
    high: float


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    """The estimator's few settings, chosen on the real log's tuning weeks only."""

    forget: float = 0.999  # calibration forgetting per realised wait
    ridge: float = 20.0  # how firmly a business type's fit stays near the hall's
    hall_ridge: float = 1.0  # how firmly the hall's fit stays near the model's estimate
    window: int = 400  # realised errors kept per people-ahead bucket
    offset_s: float = 30.0  # relative errors are over (estimate + this)
    coverage: float = 0.8
    # After-call work and presence learned per counter from a trace (1 on, 0 off)
    wrap: float = 1.0  # a free counter calls only after its wrap-up; one that let
    # visitors wait longer than its leave_q quantile of wrap-ups has left
    leave_q: float = 0.95
    wrap_feat: float = 1.0  # calibration sees the time to the first free counter
    # Tails: visitors called at their issue (a wait of zero) are learned from too (2:
    # the range and the point fit; 1: the range only; 0: neither, where estimates are
    # told only to those who queue, as a call centre does: the bank log); each tail's
    # quantile is moved by ``tail_gain`` a realised wait towards its share of misses
    # (adaptive conformal inference: in the long run 10 % above the range, 10 % below).
    zeros: float = 2.0
    tail_gain: float = 0.005
    # Counters that are free but do not call (issue 14, chosen on the simulated halls'
    # seed 2; 0 for the bank log, whose agents log in and out): ``absent``: a counter the
    # replay has not seen for its idle gap (10 minutes) is taken as free, as the hall's
    # own counters say they are, while no visitor it serves has waited past its wrap-up
    # since its last job (or since the day began); ``prompt``: the calibration sees the
    # chance that a free counter calls a visitor of the business type at once, learned
    # per counter from the visitors issued while it was free, alone and times the wait
    # if the free counters did not call (a two-part mean: called at once or not).
    absent: float = 1.0
    prompt: float = 1.0
    # The first of the busy counters that may call it to end (issue 14, chosen on the
    # simulated halls' seed 2; 0 for the bank log): ``minres``: the calibration also sees
    # E[min] of their residual jobs, from the learned service durations given how long
    # each has lasted (kiosk.core.wait.order), beside the least of their mean residuals;
    # with a free counter that may call it, of the busy ones (if the free did not call).
    minres: float = 1.0
    # ``match``: a free counter that may call nobody ahead of it (a bill-only counter
    # while plan tickets wait) calls it at once, rather than taking one of those ahead
    # as the model's shares of the work had it (issue 14, 2026-12-02: the quiet hall's
    # visitors called at once were 22 % of those the model took as waiting; chosen on
    # the simulated halls' seed 2; 0 for the bank log: its validation weeks' RRASE was
    # 0.757 and 0.833 without it, 0.757 and 0.834 with it)
    match: float = 1.0
    # ``overtake_max``: later arrivals called first at a counter (a business type it
    # prefers, a higher class) take at most this share of that counter's calls: they
    # cannot take more than it makes, and the other counters go on calling (issue 14,
    # 2026-12-03: with the configured preferences the queue model put the quiet hall's
    # complaint tickets with three or more ahead at 101 minutes on average for waits of
    # 16, as if every counter's calls went to the plan and bill visitors counter 3
    # prefers; 40 minutes with the cap; inf: no cap)
    overtake_max: float = 1.0


class QueueModel:
    """The analytic part: who is ahead and how fast the counters get through them."""

    def __init__(self, learned: Learned, settings: Settings | None = None) -> None:
        self.learned = learned
        self.settings = settings or Settings()

    def base(
        self,
        view: HallView,
        service: str,
        klass: int,
        since: float | None = None,
        key: str | None = None,
        target: str | None = None,
    ) -> Base:
        """The model's estimate for a ticket that started waiting at ``since`` (None:
        a new ticket, now). ``key`` is the ticket itself if it is already waiting."""
        learned = self.learned
        now = view.now
        mine = now if since is None else since
        me = (service, klass)
        lead = learned.precedence.signed  # Learned.lead
        every = view.desks
        # Each counter's calls a second: a job and its after-call work; and the capacity
        # of every working counter per business type (a ticket's share).
        if view.rates is not None:
            rate_of, cap_all = view.rates
        else:
            rate_of, cap_all = {}, {}
            for d in every:
                if d.working or d.returning:
                    r = rate_of[d.name] = learned.desk_rate(d)
                    for s in d.services:
                        cap_all[s] = cap_all.get(s, 0.0) + r
        # The working counters that may call it, in one pass: their capacity; counters
        # that serve the same business types in the same order call alike, one pool each
        # with their calls a second summed (a big hall has many alike); and the first
        # departure: busy counters finish their residual, free ones are free.
        desks: list[Desk] = []
        capacity = 0.0
        pools: dict[tuple[tuple[str, ...], bool], tuple[Desk, float]] = {}
        idle = 0
        first_rate = 0.0
        busy_rate = 0.0  # the first departure if the free counters did not call
        busy = 0
        first = math.inf  # seconds until the first counter can call
        residuals: dict[str, Durations | None] = {}  # Learned.residual's, per business type
        running: list[tuple[Desk, float, float]] = []  # (busy desk, elapsed, residual)
        free_desks: list[Desk] = []  # the working counters that may call it, free now
        for d in every:
            if not (d.working or d.returning):
                continue
            if service not in d.services if target is None else d.name != target:
                continue
            desks.append(d)
            r = rate_of[d.name]
            capacity += r
            pool = pools.get((d.services, d.ranked))
            pools[(d.services, d.ranked)] = (d, r) if pool is None else (pool[0], pool[1] + r)
            serving = d.busy_service
            if serving is None and d.ready <= 0.0 and d.working:
                idle += 1
                free_desks.append(d)
                first = 0.0
                first_rate += r  # it takes someone ahead now and starts afresh
                continue
            elapsed = 0.0
            if not d.working:  # paused: back after its learned pause (then free)
                res = d.back
            elif serving is None:  # free, but in after-call work
                res = d.ready
            else:
                elapsed = now - (d.busy_since if d.busy_since is not None else now)
                if serving in residuals:
                    times = residuals[serving]
                else:
                    times = residuals[serving] = learned.residual_times(serving)
                if times is None:  # cold: exponential service, memoryless
                    res = learned.default_for(serving) + d.wrap
                else:
                    res = times.residual(elapsed) + d.wrap
            running.append((d, elapsed, res))
            first = min(first, res)
            step = 1.0 / (res if res > 1.0 else 1.0)
            first_rate += step
            busy_rate += step
            busy += 1
        away = not desks
        if away:  # paused or on a break: they come back
            if target is None:
                desks = [d for d in every if service in d.services]
            else:
                desks = [d for d in every if d.name == target]
            if not desks:  # nobody serves it now: assume one counter opens for it
                desks = [Desk("", (service,), working=False)]
            rates = [1.0 / max(1.0, learned.desk_time(d) + d.wrap) for d in desks]
            capacity = sum(rates)
            for d, r in zip(desks, rates, strict=True):
                pool = pools.get((d.services, d.ranked))
                pools[(d.services, d.ranked)] = (d, r) if pool is None else (pool[0], pool[1] + r)
                first_rate += 1.0 / max(1.0, learned.mean_service(service))
        if first == math.inf:
            first = 1.0 / first_rate if first_rate > 0 else 0.0
        first_min = first
        if busy and not away and self.settings.minres > 0.0:
            # with a free counter: the first end if the free ones did not call (a break)
            if len(running) <= FIRST_END_JOBS:
                first_min = _first_end(learned, running)
            else:  # many: the first end of memoryless jobs (a big hall's, cheaply)
                first_min = 1.0 / sum(1.0 / max(1.0, res) for _, _, res in running)
        alike = [(d, r, -1 if target is not None else d.rank(service)) for d, r in pools.values()]

        ahead = 0
        effective = 0.0
        hazard_sum = 0.0
        hol_start = math.inf
        waiting = key is not None
        groups = view.groups()
        # the counters (pools of alike ones, or by name for a transfer) that may call
        # someone ahead of it
        claimed: set[tuple[tuple[str, ...], bool] | str] = set()
        for (g_service, g_klass, g_target), starts in groups.items():
            most = 0
            share = 0.0
            total = cap_all.get(g_service, 0.0)
            cut = mine + lead((g_service, g_klass), me)
            if g_target is None:
                for d, r, my_rank in alike:
                    if g_service not in d.services:
                        continue
                    g_rank = d.rank(g_service) if d.ranked else 0
                    weight = r / (total if total > 0 else capacity)
                    if g_rank != my_rank and g_klass == klass:  # the counter's preference
                        n = len(starts) if g_rank < my_rank else 0
                    else:
                        n = _count(starts, cut, waiting)
                    if n:
                        most = max(most, n)
                        share += n * weight
                        claimed.add((d.services, d.ranked))
            else:  # transferred to a counter: it alone calls them, first
                for d in desks:
                    if d.name != g_target:
                        continue
                    my_rank = -1 if target is not None else d.rank(service)
                    if my_rank != -1 and g_klass == klass:
                        n = len(starts) if my_rank > -1 else 0
                    else:
                        n = _count(starts, cut, waiting)
                    if n:
                        most = max(most, n)
                        share += n * 1.0
                        claimed.add(d.name)
            if most:
                ahead += most
                effective += share
                hazard_sum += share * learned.hazard(g_service)
                if g_service == service and g_klass >= klass and starts[0] < hol_start:
                    hol_start = starts[0]
        hol = now - hol_start if hol_start < math.inf else 0.0

        # Later arrivals that will still be called first: kinds with a lead over this
        # one (a higher class, a business type called first), for as long as it lasts,
        # and at counters that prefer them, other business types.
        # (until when from now, arrivals a second, the pool of ``alike`` they go first at)
        found: list[tuple[float, float, int]] = []
        for kind, arrivals in learned.arrivals.items():
            if kind == me:
                continue
            a_service = kind[0]
            ahead_by = lead(kind, me)
            rate = arrivals.per_second(now)  # Learned.arrival_rate
            if rate <= 0.0:
                continue
            total = cap_all.get(a_service, 0.0)
            for i, (d, r, my_rank) in enumerate(alike):
                if a_service not in d.services:
                    continue
                a_rank = d.rank(a_service) if d.ranked else 0
                if a_rank != my_rank and kind[1] == klass:
                    until = math.inf if a_rank < my_rank else 0.0
                else:
                    until = mine + ahead_by - now if ahead_by > 0.0 else 0.0
                if until > 0.0:
                    frac = r / (total if total > 0 else capacity)
                    found.append((until, rate * frac, i))
        scale = [1.0] * len(alike)
        share_max = self.settings.overtake_max
        if found and share_max < math.inf:
            # a pool's calls a second are the most its overtakers can take
            taken = [0.0] * len(alike)
            for _, x, i in found:
                taken[i] += x
            for i, (t, (_, r, _)) in enumerate(zip(taken, alike, strict=True)):
                if t > share_max * r:
                    scale[i] = share_max * r / t
        overtake = [(h, x * scale[i]) for h, x, i in found]
        overtake.sort(reverse=True)  # the longest-lasting first: drop from the end

        theta = hazard_sum / effective if effective > 0 else 0.0
        remaining = effective
        # A free counter that may call nobody ahead of it calls it (Settings.match);
        # the other free ones take those ahead first.
        clear = 0
        if self.settings.match > 0.0 and idle and claimed:
            for d in free_desks:
                if (d.services, d.ranked) not in claimed and d.name not in claimed:
                    clear += 1
        free = idle - clear
        while free > 0 and remaining >= 0.5:
            remaining -= 1.0
            free -= 1
        free += clear
        pace = min((effective + 1.0) / max(learned.calls.per_second(now), 1.0 / 600.0), 3600.0)
        quiet = min(now - learned.last_call, 3600.0)
        hour = (now % 86_400.0) / 3600.0
        if free > 0:
            wait = 0.0
            # Free counters that let visitors queue are not really free (after-call
            # work, away): the wait if only the busy ones call.
            unless = _drain(effective, busy_rate or capacity, capacity, theta, list(overtake))
        else:
            wait = unless = _drain(remaining, first_rate, capacity, theta, overtake)
        prompt = 1.0
        if self.settings.prompt > 0.0:
            miss = 1.0
            for d in desks:
                if d.working and d.busy_service is None and d.ready <= 0.0:
                    miss *= 1.0 - learned.prompt(d.name, service)
            prompt = 1.0 - miss
        higher = same = 0
        for (g_service, g_klass, _), starts in groups.items():
            if g_klass > klass:
                higher += len(starts)
            if g_service == service:
                same += len(starts)
        return Base(
            ahead, effective, wait, free > 0, learned.les(service, klass), hol, capacity, klass,
            service, pace, quiet, hour, learned.recent_wait(service, klass), unless,
            len(desks), busy, len(view.waiting), higher, same, learned.calls.per_second(now),
            first, 0 if away else len(desks), prompt, first_min,
        )  # fmt: skip


FIRST_END_JOBS = 8
"""Up to this many running jobs the first end is E[min] of their residuals from the
learned durations; beyond, 1 / Σ 1/residual (a big hall: the first of many ends soon,
and the exact figure would cost the first learning of a busy week a quarter second)."""


def _first_end(learned: Learned, running: list[tuple[Desk, float, float]]) -> float:
    """Expected seconds until the first of the ``running`` counters (busy or in
    after-call work: desk, elapsed, mean residual with its wrap-up) can call: E[min] of
    their residual jobs (:func:`kiosk.core.wait.order.first_end`)."""
    groups: dict[str, Group] = {}
    longest: dict[str, float] = {}
    memoryless: list[tuple[float, float]] = []
    soon = 0.0  # Σ 1/residual: the first end of memoryless jobs is its inverse
    for d, elapsed, res in running:
        soon += 1.0 / max(1.0, res)
        service = d.busy_service
        if service is None:  # in after-call work, or paused: free after its rest
            memoryless.append((d.ready if d.working else d.back, 0.0))
            continue
        last = longest.get(service)
        if last is None:  # the durations of a business type, read once
            times = learned.residual_times(service)  # the ones Learned.residual reads
            last = longest[service] = times.longest() if times is not None else -math.inf
            if times is not None:
                groups[service] = (times.array(), [], [])
        if last <= elapsed:  # cold, or past every one seen: memoryless
            memoryless.append((d.wrap, res - d.wrap))
            continue
        group = groups[service]
        group[1].append(elapsed)
        group[2].append(d.wrap)
    return first_end(list(groups.values()), memoryless, HORIZON / soon)


def _drain(
    remaining: float,
    first_rate: float,
    capacity: float,
    theta: float,
    overtake: list[tuple[float, float]],
) -> float:
    """Expected seconds until ``remaining`` tickets ahead have gone (called, or left at
    ``theta`` a second each) and the ticket itself is called: the first departure at
    ``first_rate``, the next at ``capacity``; ``overtake`` (until when, arrivals a second,
    the longest-lasting first) join the queue ahead meanwhile."""
    over = sum(r for _, r in overtake)
    t = 0.0
    first = True
    steps = 0
    limit = 4.0 * remaining + 400
    while remaining >= 0.5 and steps < limit and t < 8 * 3600.0:
        rate = (first_rate if first else capacity) + theta * remaining
        step = 1.0 / rate
        t += step
        remaining -= 1.0
        while overtake and overtake[-1][0] <= t:
            over -= overtake.pop()[1]
        remaining += step * over
        first = False
        steps += 1
    return t + 1.0 / (first_rate if first else capacity)


def _count(starts: list[float], cut: float, waiting: bool) -> int:
    """How many of a group's tickets (sorted starts) are called before a ticket whose
    start, moved by the group's lead over its kind, is ``cut``. A waiting ticket counts
    those strictly before it (not itself); a new one also those of the same instant."""
    if cut == math.inf:
        return len(starts)
    if cut == -math.inf:
        return 0
    return bisect.bisect_left(starts, cut) if waiting else bisect.bisect_right(starts, cut)


class Ridge:
    """Least squares with exponential forgetting, shrunk towards a prior fit.

    Minimises sum(forget^age * (y - w.x)^2) + ridge * |w - prior|^2. The ridge term
    does not decay, so unlike plain recursive least squares the fit cannot wind up
    when a feature stays constant for a while. With a ``parent`` the prior is the
    parent's current fit (a business type's own fit, shrunk towards the hall's). The
    fit is solved when it is next asked for, not at each update (numpy: a week of a
    busy hall solves it some 20,000 times)."""

    __slots__ = ("_a", "_b", "_ridge_i", "_solved", "forget", "parent", "prior", "ridge",
                 "version", "w")  # fmt: skip

    def __init__(
        self, prior: list[float], ridge: float, forget: float, parent: Ridge | None = None
    ) -> None:
        n = len(prior)
        self.prior = np.array(prior, dtype=float)
        self.w = self.prior.copy()
        self.ridge = ridge
        self.forget = forget
        self.parent = parent
        self.version = 0  # updates so far
        self._solved = (0, 0)  # the versions (own, parent's) ``w`` was solved at
        self._a = np.zeros((n, n))
        self._b = np.zeros(n)
        self._ridge_i = ridge * np.eye(n)

    def weights(self) -> np.ndarray:
        parent = self.parent
        prior = self.prior if parent is None else parent.weights()
        versions = (self.version, 0 if parent is None else parent.version)
        if versions != self._solved:
            # symmetric positive definite: the ridge keeps it so
            self.w = np.linalg.solve(self._a + self._ridge_i, self._b + self.ridge * prior)
            self._solved = versions
        return self.w

    def predict(self, x: list[float]) -> float:
        return float(self.weights() @ np.asarray(x, dtype=float))

    def update(self, x: list[float], y: float) -> None:
        v = np.asarray(x, dtype=float)
        self.add(np.outer(v, v), v * y)

    def add(self, xx: np.ndarray, xy: np.ndarray) -> None:
        """:meth:`update` with x·xᵀ and x·y worked out (once for a fit and its parent)."""
        f = self.forget
        a, b = self._a, self._b
        a *= f
        a += xx
        b *= f
        b += xy
        self.version += 1


_BUCKETS = (0, 1, 2, 3, 5, 8, 12, 20, 35, 60)


def bucket(base: Base) -> int:
    """Where a forecast's errors are pooled: free counter, then by people ahead."""
    if base.idle:
        return -1
    return bisect.bisect_right(_BUCKETS, base.ahead) - 1


COLD_ERRORS = 30  # realised errors a range reads before it is learned, not cold


class Calibrator:
    """The point fit and the conformal range, learned from realised waits.

    The point is a ridge fit per (free counter or not, business type), shrunk towards
    one fit of the whole hall, of the wait on the queue model's estimates and the
    state around them. Long model estimates are clipped to twice the longest of the
    recent waits, so that one runaway estimate cannot throw the fit."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.fits: dict[tuple[bool, str], Ridge] = {}
        self.hall: Ridge | None = None
        self.errors: dict[int, Window] = {}
        self.pooled = Window(settings.window)
        self.waits = Durations(400)
        tail = (1.0 - settings.coverage) / 2.0
        self.levels = (tail, 1.0 - tail)  # the quantiles of the errors the range reads

    def features(self, base: Base) -> list[float]:
        top = self.waits.quantile(0.99) if len(self.waits) >= 50 else math.inf
        clip = max(600.0, 2.0 * top) / 60.0
        model = min(base.wait / 60.0, clip)
        recent = base.recent / 60.0 if not math.isnan(base.recent) else model
        ahead = min(base.ahead, 10)
        # Left out, chosen on the validation weeks: the last wait of the kind (LES: the
        # recent waits say it better), the hall's call pace and quiet, time-of-day bands.
        extra = [min(clip, base.first / 60.0)] if self.settings.wrap_feat > 0.0 else []
        if self.settings.prompt > 0.0:  # called at once, or as if the free did not call
            unless = min(base.unless / 60.0, clip) if not math.isnan(base.unless) else model
            extra += [base.prompt, (1.0 - base.prompt) * unless]
        if self.settings.minres > 0.0:  # E[min] of the busy counters' residual jobs
            extra.append(min(clip, base.first_min / 60.0))
        return [
            1.0,
            model,
            min(clip, base.hol / 60.0),
            ahead,
            min(clip, recent),
            min(base.unless / 60.0, clip) if not math.isnan(base.unless) else model,
            min(base.desks, 60) / 10.0,
            min(base.busy, 60) / 10.0,
            min(base.queue, 60),
            min(base.higher, 60),
            base.calls * 60.0,
            min(base.same, 10),
            ahead * ahead / 10.0,
            float(min(base.klass, 3)),
            *extra,
        ]

    def _fit(self, base: Base) -> Ridge:
        key = (base.idle, base.service)
        fit = self.fits.get(key)
        if fit is None:
            hall = self.hall
            if hall is None:
                prior = [0.0, 1.0] + [0.0] * (len(self.features(base)) - 2)
                hall = self.hall = Ridge(prior, self.settings.hall_ridge, self.settings.forget)
            settings = self.settings
            fit = self.fits[key] = Ridge(hall.prior.tolist(), settings.ridge, settings.forget, hall)
        return fit

    def point(self, base: Base) -> float:
        return max(0.0, 60.0 * self._fit(base).predict(self.features(base)))

    def _errors(self, base: Base) -> Window:
        """The realised errors the range of ``base`` reads: its people-ahead bucket's,
        else those of every bucket with a queue."""
        errors = self.errors.get(bucket(base))
        if errors is None or len(errors) < COLD_ERRORS:
            errors = self.pooled
        return errors

    def cold(self, base: Base) -> bool:
        """Whether the range of ``base`` is a new hall's: fewer than ``COLD_ERRORS``
        realised errors to read (:func:`cold_factors` around the point instead)."""
        return len(self._errors(base)) < COLD_ERRORS

    def forecast(self, base: Base) -> Forecast:
        point = self.point(base)
        errors = self._errors(base)
        scale = point + self.settings.offset_s
        if len(errors) < COLD_ERRORS:  # cold: the configured service minutes alone
            tail = (1.0 - self.settings.coverage) / 2.0
            low_f, high_f = cold_factors(base.wait * base.capacity, (tail, 1.0 - tail))
            low, high = point * low_f, point * high_f
        else:
            ordered = errors.ordered
            low = point + scale * _quantile(ordered, self.levels[0])
            high = point + scale * _quantile(ordered, self.levels[1])
        low = max(0.0, min(low, point))
        high = max(high, point)
        return Forecast(base.ahead, point, low, high)

    def learn(
        self,
        base: Base,
        point: float,
        actual: float,
        low: float | None = None,
        high: float | None = None,
    ) -> None:
        """A ticket was called: its wait at issue is now known (``low`` and ``high``:
        the range it was given, for the tails' adaptation)."""
        settings = self.settings
        if actual > 0.0 or settings.zeros >= 2.0:
            fit = self._fit(base)
            v = np.asarray(self.features(base), dtype=float)
            xx, xy = np.outer(v, v), v * (actual / 60.0)
            fit.add(xx, xy)
            if fit.parent is not None:
                fit.parent.add(xx, xy)
        if actual > 0.0:
            self.waits.add(actual)
        error = (actual - point) / (point + settings.offset_s)
        b = bucket(base)
        errors = self.errors.get(b)
        if errors is None:
            errors = self.errors[b] = Window(settings.window)
        errors.append(error)
        if b >= 0:  # a free counter's errors (mostly zero waits) say nothing of a queue
            self.pooled.append(error)
        gain = settings.tail_gain
        if gain > 0.0 and low is not None and high is not None:
            tail = (1.0 - settings.coverage) / 2.0
            lo, hi = self.levels
            lo += gain * (tail - (1.0 if actual < low else 0.0))
            hi -= gain * (tail - (1.0 if actual > high else 0.0))
            self.levels = (min(max(lo, 0.005), 0.45), min(max(hi, 0.55), 0.995))


COLD_WIDEST = (0.5, 1.5)  # a new hall's range is never wider than this around its point


def cold_factors(departures: float, levels: tuple[float, float]) -> tuple[float, float]:
    """A new hall's range around its point, as factors: the ``levels`` quantiles of the
    wait until ``departures`` counters' calls (each an exponential service at the
    counters' configured pace: a gamma distribution of shape ``departures``, by the
    Wilson-Hilferty approximation, over its mean), never wider than ``COLD_WIDEST``:
    a new hall's first ranges are no wider than the ones it learns for the same hall
    states (tests/test_wait_tails.py). Many
    calls ahead narrow it (16 ahead: about 0.7-1.3 x the point); one or two ahead keep
    the widest."""
    n = max(1.0, departures)
    third = 1.0 / (9.0 * n)
    normal = statistics.NormalDist()

    def factor(q: float) -> float:
        return max(0.0, 1.0 - third + normal.inv_cdf(q) * math.sqrt(third)) ** 3

    low, high = factor(levels[0]), factor(levels[1])
    return max(low, COLD_WIDEST[0]), min(high, COLD_WIDEST[1])


class Window:
    """The last ``size`` values, in arrival order and sorted (for quantiles)."""

    __slots__ = ("_order", "ordered", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self._order: collections.deque[float] = collections.deque()
        self.ordered: list[float] = []

    def __len__(self) -> int:
        return len(self._order)

    def append(self, value: float) -> None:
        self._order.append(value)
        bisect.insort(self.ordered, value)
        if len(self._order) > self.size:
            del self.ordered[bisect.bisect_left(self.ordered, self._order.popleft())]


def _quantile(ordered: list[float], q: float) -> float:
    """The q-quantile of a sorted list (linear between order statistics)."""
    if not ordered:
        return 0.0
    pos = q * (len(ordered) - 1)
    i = int(pos)
    if i + 1 >= len(ordered):
        return ordered[-1]
    return ordered[i] + (ordered[i + 1] - ordered[i]) * (pos - i)


class Estimator:
    """The queue model and its calibration, learning as tickets are called."""

    def __init__(self, learned: Learned, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.learned = learned
        self.model = QueueModel(learned, self.settings)
        self.calibrator = Calibrator(self.settings)

    def forecast(
        self,
        view: HallView,
        service: str,
        klass: int,
        since: float | None = None,
        key: str | None = None,
        target: str | None = None,
    ) -> tuple[Base, Forecast]:
        base = self.model.base(view, service, klass, since, key, target)
        return base, self.calibrator.forecast(base)

    def learn(
        self,
        base: Base,
        point: float,
        actual: float,
        low: float | None = None,
        high: float | None = None,
    ) -> None:
        """A ticket was called: its wait (``actual``) and what it was told at issue."""
        self.calibrator.learn(base, point, actual, low, high)
