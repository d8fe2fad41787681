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
   several business types.
2. **Calibration** (:class:`Calibrator`). Once a ticket is called its wait is known:
   the pair (features at issue, actual wait) updates a recursive least-squares fit of
   the wait on the model's estimate, the wait of the last ticket called (LES) and of
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

from kiosk.core.wait.model import Desk, HallView, Learned

NO_CREDIT = math.inf


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
    pace: float = 0.0  # (effective + 1) over the calls a second lately: a fluid wait
    quiet: float = 0.0  # seconds since the last call of any counter
    hour: float = 12.0  # time of day
    recent: float = math.nan  # recent waits of its kind, weighted towards the last ones


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

    credit_quantile: float = 0.75  # how much of observed overtaking counts as credit
    forget: float = 0.999  # calibration forgetting per realised wait
    ridge: float = 5.0  # how firmly the fit stays near the model's estimate
    window: int = 400  # realised errors kept per people-ahead bucket
    offset_s: float = 30.0  # relative errors are over (estimate + this)
    coverage: float = 0.8


class QueueModel:
    """The analytic part: who is ahead and how fast the counters get through them."""

    def __init__(self, learned: Learned, settings: Settings | None = None) -> None:
        self.learned = learned
        self.settings = settings or Settings()

    def _credit(self) -> float:
        credit = self.learned.credit(self.settings.credit_quantile)
        return NO_CREDIT if credit is None else credit

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
        credit = self._credit()

        def serves(d: Desk) -> bool:
            if target is not None:
                return d.name == target
            return service in d.services

        desks = [d for d in view.desks if d.working and serves(d)]
        away = not desks
        if away:  # paused or on a break: they come back
            desks = [d for d in view.desks if serves(d)]
        if not desks:  # nobody serves it now: assume one counter opens for it
            desks = [Desk("", (service,), working=False)]
        rates = [1.0 / max(1.0, learned.desk_time(d)) for d in desks]
        capacity = sum(rates)

        # Capacity of every working counter per business type (a ticket's share).
        cap_all: dict[str, float] = collections.defaultdict(float)
        for d in view.desks:
            if d.working:
                r = 1.0 / max(1.0, learned.desk_time(d))
                for s in d.services:
                    cap_all[s] += r

        ahead = 0
        effective = 0.0
        hazard_sum = 0.0
        hol_start = math.inf
        waiting = key is not None
        for (g_service, g_klass, g_target), starts in view.groups().items():
            most = 0
            share = 0.0
            total = cap_all.get(g_service, 0.0)
            for d, r in zip(desks, rates, strict=False):
                if g_target is not None:
                    if g_target != d.name:
                        continue
                    g_rank, weight = -1, 1.0  # transferred to this counter: called first
                elif g_service in d.services:
                    g_rank, weight = d.rank(g_service), r / (total if total > 0 else capacity)
                else:
                    continue
                my_rank = -1 if target is not None else d.rank(service)
                n = self._count(starts, g_klass, klass, mine, credit, g_rank, my_rank, waiting)
                if n:
                    most = max(most, n)
                    share += n * weight
            if most:
                ahead += most
                effective += share
                hazard_sum += share * learned.hazard(g_service)
                if g_service == service and g_klass >= klass and starts[0] < hol_start:
                    hol_start = starts[0]
        hol = now - hol_start if hol_start < math.inf else 0.0

        # Later arrivals that will still be called first: a higher class (for as long
        # as its credit lasts) and, at counters that prefer them, other business types.
        over_strict = 0.0
        over_credit = 0.0
        for (a_service, a_klass), _ in learned.arrivals.items():
            if a_klass < klass:
                continue
            rate = learned.arrival_rate(a_service, a_klass, now)
            if rate <= 0.0:
                continue
            total = cap_all.get(a_service, 0.0)
            for d, r in zip(desks, rates, strict=False):
                if a_service not in d.services:
                    continue
                frac = r / (total if total > 0 else capacity)
                if a_klass > klass:
                    if credit == NO_CREDIT:
                        over_strict += rate * frac
                    else:
                        over_credit += rate * frac
                elif d.rank(a_service) < d.rank(service):
                    over_strict += rate * frac
        horizon = (
            (mine + credit - now) if credit != NO_CREDIT and credit > 0 else 0.0
        )  # overtaking by credit ends once the ticket has waited its credit

        # The first departure: busy counters finish their residual, free ones are free.
        idle = 0
        first_rate = 0.0
        for d, r in zip(desks, rates, strict=False):
            if away or not d.working:
                first_rate += 1.0 / max(1.0, learned.mean_service(service))
            elif d.busy_service is None:
                idle += 1
                first_rate += r  # it takes someone ahead now and starts afresh
            else:
                elapsed = now - (d.busy_since if d.busy_since is not None else now)
                res = learned.residual(d.busy_service, elapsed)
                first_rate += 1.0 / max(1.0, res)

        remaining = effective
        theta = hazard_sum / effective if effective > 0 else 0.0
        while idle > 0 and remaining >= 0.5:
            remaining -= 1.0
            idle -= 1
        pace = min((effective + 1.0) / max(learned.calls.per_second(now), 1.0 / 600.0), 3600.0)
        quiet = min(now - learned.last_call, 3600.0)
        hour = (now % 86_400.0) / 3600.0
        les = learned.les(service, klass)
        if idle > 0:
            return Base(
                ahead, effective, 0.0, True, les, hol, capacity, klass, service, pace, quiet, hour,
                learned.recent_wait(service, klass),
            )  # fmt: skip
        t = 0.0
        first = True
        steps = 0
        limit = 4.0 * effective + 400
        while remaining >= 0.5 and steps < limit and t < 8 * 3600.0:
            rate = (first_rate if first else capacity) + theta * remaining
            step = 1.0 / rate
            t += step
            remaining -= 1.0
            remaining += step * (over_strict + (over_credit if t < horizon else 0.0))
            first = False
            steps += 1
        t += 1.0 / (first_rate if first else capacity)
        return Base(
            ahead, effective, t, False, les, hol, capacity, klass, service, pace, quiet, hour,
            learned.recent_wait(service, klass),
        )  # fmt: skip

    @staticmethod
    def _count(
        starts: list[float],
        g_klass: int,
        klass: int,
        mine: float,
        credit: float,
        g_rank: int,
        my_rank: int,
        waiting: bool,
    ) -> int:
        """How many of a group's tickets a counter calls before this one."""
        if credit == NO_CREDIT:
            if g_klass != klass:
                return len(starts) if g_klass > klass else 0
            if g_rank != my_rank:
                return len(starts) if g_rank < my_rank else 0
            cut = mine
        else:
            if g_rank != my_rank:
                return len(starts) if g_rank < my_rank else 0
            cut = mine + credit * (g_klass - klass)
        # A waiting ticket counts those that started strictly before it (not itself); a
        # new one also those that started in the same instant (issued just before).
        return bisect.bisect_left(starts, cut) if waiting else bisect.bisect_right(starts, cut)


class Ridge:
    """Least squares with exponential forgetting, shrunk towards a prior fit.

    Minimises sum(forget^age * (y - w.x)^2) + ridge * |w - prior|^2. The ridge term
    does not decay, so unlike plain recursive least squares the fit cannot wind up
    when a feature stays constant for a while."""

    __slots__ = ("_a", "_b", "forget", "prior", "ridge", "w")

    def __init__(self, prior: list[float], ridge: float, forget: float) -> None:
        n = len(prior)
        self.prior = list(prior)
        self.w = list(prior)
        self.ridge = ridge
        self.forget = forget
        self._a = [[0.0] * n for _ in range(n)]
        self._b = [0.0] * n

    def predict(self, x: list[float]) -> float:
        return sum(a * b for a, b in zip(self.w, x, strict=True))

    def update(self, x: list[float], y: float) -> None:
        f, n = self.forget, len(x)
        a, b = self._a, self._b
        for i in range(n):
            xi = x[i]
            row = a[i]
            for j in range(n):
                row[j] = row[j] * f + xi * x[j]
            b[i] = b[i] * f + xi * y
        m = [[a[i][j] + (self.ridge if i == j else 0.0) for j in range(n)] for i in range(n)]
        v = [b[i] + self.ridge * self.prior[i] for i in range(n)]
        self.w = _solve(m, v)


def _solve(m: list[list[float]], v: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (m is symmetric positive definite)."""
    n = len(v)
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        v[col], v[piv] = v[piv], v[col]
        d = m[col][col]
        for r in range(col + 1, n):
            k = m[r][col] / d
            if k:
                mr, mc = m[r], m[col]
                for c in range(col, n):
                    mr[c] -= k * mc[c]
                v[r] -= k * v[col]
    w = [0.0] * n
    for r in range(n - 1, -1, -1):
        w[r] = (v[r] - sum(m[r][c] * w[c] for c in range(r + 1, n))) / m[r][r]
    return w


_HOURS = ((0.0, 10.0), (10.0, 13.0), (13.0, 16.0), (16.0, 19.0))  # the rest: evening
_BUCKETS = (0, 1, 2, 3, 5, 8, 12, 20, 35, 60)


def bucket(base: Base) -> int:
    """Where a forecast's errors are pooled: free counter, then by people ahead."""
    if base.idle:
        return -1
    return bisect.bisect_right(_BUCKETS, base.ahead) - 1


class Calibrator:
    """The point fit and the conformal range, learned from realised waits."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.fits: dict[tuple[bool, str, int], Ridge] = {}
        self.errors: dict[int, collections.deque[float]] = {}
        self.pooled: collections.deque[float] = collections.deque(maxlen=settings.window)

    @staticmethod
    def features(base: Base) -> list[float]:
        model = base.wait / 60.0
        les = base.les / 60.0 if not math.isnan(base.les) else model
        return [
            1.0,
            model,
            les,
            base.hol / 60.0,
            min(base.ahead, 10),
            base.pace / 60.0,
            base.quiet / 60.0,
            (base.recent if not math.isnan(base.recent) else base.wait) / 60.0,
            *(1.0 if lo <= base.hour < hi else 0.0 for lo, hi in _HOURS),
        ]

    def _fit(self, base: Base) -> Ridge:
        key = (base.idle, base.service, base.klass)
        fit = self.fits.get(key)
        if fit is None:
            prior = [0.0, 1.0] + [0.0] * (len(self.features(base)) - 2)
            fit = self.fits[key] = Ridge(prior, self.settings.ridge, self.settings.forget)
        return fit

    def point(self, base: Base) -> float:
        return max(0.0, 60.0 * self._fit(base).predict(self.features(base)))

    def forecast(self, base: Base) -> Forecast:
        point = self.point(base)
        errors = self.errors.get(bucket(base))
        if errors is None or len(errors) < 30:
            errors = self.pooled
        scale = point + self.settings.offset_s
        tail = (1.0 - self.settings.coverage) / 2.0
        if len(errors) < 30:
            low, high = point * 0.5, point * 1.5 + self.settings.offset_s
        else:
            ordered = sorted(errors)
            low = point + scale * _quantile(ordered, tail)
            high = point + scale * _quantile(ordered, 1.0 - tail)
        low = max(0.0, min(low, point))
        high = max(high, point)
        return Forecast(base.ahead, point, low, high)

    def learn(self, base: Base, point: float, actual: float) -> None:
        """A ticket was called: its wait at issue is now known."""
        self._fit(base).update(self.features(base), actual / 60.0)
        error = (actual - point) / (point + self.settings.offset_s)
        b = bucket(base)
        errors = self.errors.get(b)
        if errors is None:
            errors = self.errors[b] = collections.deque(maxlen=self.settings.window)
        errors.append(error)
        self.pooled.append(error)


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

    def learn(self, base: Base, point: float, actual: float) -> None:
        self.calibrator.learn(base, point, actual)
