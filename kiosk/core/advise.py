"""Staffing advice: how many counters each group of business types needs, per 30 minutes.

Pure arithmetic (docs/reports.md, "Staffing advice"). The hall is cut into **groups**:
business types that share counters (the connected components of the graph whose edges
are "counter c serves type s"); each group is a pool of counters fed by its types'
arrivals. Each group and each 30-minute slot of the day's opening hours is modelled as
an **Erlang A** queue (M/M/n+M: Poisson arrivals at rate λ, exponential service at rate
μ, exponential patience at rate θ, n counters, first come first served) in its steady
state, and the advice is the fewest n whose **service level** reaches the target:

    SL(n) = P(called within t) / P(not left before t)

the report's service level (kiosk.core.report: called within the target, over the called
and those who left after waiting past it; those who left sooner are not counted).

The formulas are Garnett, Mandelbaum & Reiman (2002), "Designing a call center with
impatient customers", M&SOM 4(3), and Mandelbaum & Zeltyn (2007), "Service engineering in
action: the Palm/Erlang-A queue": with x = nμ/θ, y = λ/θ, w = e^(-θt), the regularized
lower incomplete gamma P(a, z), the Erlang B probability B = B(n, λ/μ) and
A = x e^y y^(-x) Γ(x) P(x, y):

    P(V > 0)        = C = A·B / (1 + (A - 1)·B)          (an arrival finds every counter busy)
    P(V > t)        = C · P(x, y·w) / P(x, y)             (V: the offered wait)
    E[e^(-θV); 0 < V ≤ t]
                    = C · (x / y) · (P(x+1, y) - P(x+1, y·w)) / P(x, y)

from which P(called within t) = 1 - C + E[e^(-θV); 0 < V ≤ t] and P(not left before t)
= that + w·P(V > t). (The offered wait of an arrival that finds j waiting is a sum of
exponentials of rates nμ + iθ, i = 0..j, whose law is that of -ln(U)/θ for U ~ Beta(x,
j+1); summed over the stationary queue lengths it gives the incomplete gammas above.)
Erlang B is computed by its recursion, A through logarithms (lgamma) so that neither
overflows, and P(a, z) by its series or continued fraction (Numerical Recipes' gammp),
choosing P or 1 - P to avoid cancelling. With θ = 0 the queue is Erlang C (M/M/n).
No library on PyPI fitted: pyworkforce has Erlang C only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kiosk.core.model import Hall

SLOT_MINUTES = 30
DEFAULT_TARGET_MINUTES = 10.0
DEFAULT_LEVEL = 0.8
MAX_COUNTERS = 1000  # the search for n stops here (a load no hall has)

# -- the incomplete gamma function -------------------------------------------------------

_EPS = 1e-15
_TINY = 1e-300


def _log_gamma_series(a: float, z: float) -> float:
    """log P(a, z) by its series (0 < z < a + 1)."""
    term = total = 1.0 / a
    ap = a
    for _ in range(1_000_000):
        ap += 1.0
        term *= z / ap
        total += term
        if abs(term) < abs(total) * _EPS:
            break
    return math.log(total) - z + a * math.log(z) - math.lgamma(a)


def _gamma_series(a: float, z: float) -> float:
    """P(a, z) by its series (z < a + 1)."""
    if z <= 0.0:
        return 0.0
    return math.exp(_log_gamma_series(a, z))


def _gamma_fraction(a: float, z: float) -> float:
    """Q(a, z) = 1 - P(a, z) by its continued fraction (z ≥ a + 1; modified Lentz)."""
    b = z + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, 100_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if abs(d) < _TINY:
            d = _TINY
        c = b + an / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return math.exp(-z + a * math.log(z) - math.lgamma(a)) * h


def gamma_p(a: float, z: float) -> float:
    """The regularized lower incomplete gamma function P(a, z), a > 0, z ≥ 0."""
    if z <= 0.0:
        return 0.0
    if z < a + 1.0:
        return _gamma_series(a, z)
    return 1.0 - _gamma_fraction(a, z)


def gamma_q(a: float, z: float) -> float:
    """1 - P(a, z), accurate where P is near 1."""
    if z <= 0.0:
        return 1.0
    if z < a + 1.0:
        return 1.0 - _gamma_series(a, z)
    return _gamma_fraction(a, z)


def log_gamma_p(a: float, z: float) -> float:
    """log P(a, z), z > 0: finite where P itself would underflow (a large, z below it)."""
    if z < a + 1.0:
        return _log_gamma_series(a, z)
    return math.log1p(-_gamma_fraction(a, z))


def _p_ratio(a: float, high: float, low: float, by: float) -> float:
    """(P(a, high) - P(a, low)) / exp(by) for high ≥ low > 0, without cancelling where both
    P are near 1, nor underflowing where both are near 0."""
    if high + 1.0 > a + 1.0 and gamma_p(a, low) > 0.5:
        return max(0.0, gamma_q(a, low) - gamma_q(a, high)) / math.exp(by)
    log_high = log_gamma_p(a, high)
    return math.exp(log_high - by) * -math.expm1(log_gamma_p(a, low) - log_high)


# -- Erlang B, C and A ---------------------------------------------------------------------


def erlang_b(n: int, load: float) -> float:
    """The Erlang B blocking probability of n servers offered ``load`` erlangs."""
    b = 1.0
    for k in range(1, n + 1):
        b = load * b / (k + load * b)
    return b


def erlang_c(n: int, load: float) -> float:
    """P(wait > 0) in M/M/n (Erlang C); 1 when the load is n or more."""
    if load <= 0.0:
        return 0.0
    if load >= n:
        return 1.0
    b = erlang_b(n, load)
    return b / (1.0 - (load / n) * (1.0 - b))


@dataclasses.dataclass(frozen=True)
class Queue:
    """An Erlang A queue: rates per minute (arrivals, service = 1 / mean service minutes,
    patience = 1 / mean patience minutes; 0: infinitely patient, Erlang C)."""

    arrivals: float
    service: float
    patience: float

    def __post_init__(self) -> None:
        if self.arrivals < 0 or self.service <= 0 or self.patience < 0:
            raise ValueError(f"bad Erlang A rates: {self}")


@dataclasses.dataclass(frozen=True)
class Measures:
    """What n counters give an arrival (steady state), for a target wait t."""

    waits: float  # P(V > 0): finds every counter busy
    called_within: float  # P(called within t)
    left_before: float  # P(left before being called and before t)
    offered_over: float  # P(V > t): the offered wait (as if infinitely patient) is over t

    @property
    def service_level(self) -> float:
        """Called within t over those who did not leave before t (the report's)."""
        counted = 1.0 - self.left_before
        return 1.0 if counted <= 0.0 else min(1.0, self.called_within / counted)


def measures(q: Queue, n: int, t: float) -> Measures:
    """Erlang A (or C when q.patience is 0) with n counters and a target of t minutes."""
    if q.arrivals == 0.0:
        return Measures(0.0, 1.0, 0.0, 0.0)
    if n <= 0:
        # nobody is ever called: whoever waits past t is missed, the rest left sooner
        gone = 1.0 - math.exp(-q.patience * t)
        return Measures(1.0, 0.0, gone, 1.0)
    load = q.arrivals / q.service
    if q.patience == 0.0:
        c = erlang_c(n, load)
        spare = n * q.service - q.arrivals
        over = 1.0 if spare <= 0 else c * math.exp(-spare * t)
        return Measures(c, 1.0 - over, 0.0, over)
    theta = q.patience
    x = n * q.service / theta
    y = q.arrivals / theta
    w = math.exp(-theta * t)
    log_p = log_gamma_p(x, y)
    # log A = log x + y - x log y + lgamma(x) + log P(x, y)
    log_a = math.log(x) + y - x * math.log(y) + math.lgamma(x) + log_p
    b = erlang_b(n, load)
    if b <= 0.0:
        c = 0.0
    else:
        inv_a = math.exp(-log_a) if log_a > -700 else math.inf
        c = 1.0 / (1.0 + (1.0 / b - 1.0) * inv_a)
    over = c * math.exp(log_gamma_p(x, y * w) - log_p) if t > 0 else c
    served_late = c * (x / y) * _p_ratio(x + 1.0, y, y * w, log_p) if t > 0 else 0.0
    called = (1.0 - c) + served_late
    stayed = called + w * over
    return Measures(c, min(1.0, called), max(0.0, 1.0 - stayed), min(1.0, over))


def counters_needed(q: Queue, target_minutes: float, level: float) -> int:
    """The fewest counters whose service level reaches ``level``; 0 with no arrivals."""
    if q.arrivals == 0.0:
        return 0
    n = 1
    if q.patience == 0.0:  # Erlang C is stable only with more counters than erlangs
        n = max(1, math.floor(q.arrivals / q.service) + 1)
    while n < MAX_COUNTERS and measures(q, n, target_minutes).service_level < level:
        n += 1
    return n


# -- groups and slots ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Group:
    """Business types that share counters, and those counters."""

    services: tuple[str, ...]  # in the hall's order
    counters: tuple[int, ...]

    @property
    def name(self) -> str:
        return "+".join(self.services)


def groups_of(hall: Hall) -> tuple[Group, ...]:
    """The connected components of counters and the business types they serve, in the
    order of each group's first business type; a type no counter serves is a group of its
    own with no counters."""
    order = {s.code: i for i, s in enumerate(hall.services)}
    parent = {s.code: s.code for s in hall.services}

    def root(code: str) -> str:
        while parent[code] != code:
            parent[code] = parent[parent[code]]
            code = parent[code]
        return code

    for counter in hall.counters:
        codes = [c for c in counter.services if c in parent]
        for other in codes[1:]:
            a, b = root(codes[0]), root(other)
            if a != b:
                parent[max(a, b, key=order.__getitem__)] = min(a, b, key=order.__getitem__)
    members: dict[str, list[str]] = {}
    for s in hall.services:
        members.setdefault(root(s.code), []).append(s.code)
    out = []
    for codes in members.values():
        wanted = set(codes)
        counters = tuple(
            c.number for c in hall.counters if any(code in wanted for code in c.services)
        )
        out.append(Group(tuple(codes), counters))
    return tuple(sorted(out, key=lambda g: order[g.services[0]]))


def slots_of(hall: Hall, services: Iterable[str]) -> list[dt.time]:
    """The starts of the 30-minute slots of a day (hall-local clock time, from midnight)
    in which any of ``services`` is open (hours are [start, end), any part of a slot)."""
    wanted = set(services)
    starts = []
    for i in range(24 * 60 // SLOT_MINUTES):
        begin = i * SLOT_MINUTES
        end = begin + SLOT_MINUTES
        for s in hall.services:
            if s.code not in wanted or not s.enabled:
                continue
            if any(_overlaps(h.start, h.end, begin, end) for h in s.hours):
                starts.append(dt.time(begin // 60, begin % 60))
                break
    return starts


def _overlaps(start: dt.time, end: dt.time | None, begin: int, stop: int) -> bool:
    a = start.hour * 60 + start.minute
    b = 24 * 60 if end is None else end.hour * 60 + end.minute
    return a < stop and begin < b


def slot_index(moment: dt.datetime | dt.time) -> int:
    """Which 30-minute slot of the clock day a moment falls in (0..47)."""
    return (moment.hour * 60 + moment.minute) // SLOT_MINUTES


# -- the advice ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class GroupInputs:
    """What the history says about one group (rates per minute)."""

    arrivals: Mapping[int, float]  # slot index -> expected arrivals in that slot
    service_minutes: float  # mean counter time per visitor served
    patience_rate: float  # give-ups per minute of waiting (0: none seen)


@dataclasses.dataclass(frozen=True)
class Slot:
    start: dt.time
    end: dt.time  # 00:00 for the slot ending at midnight
    services: tuple[str, ...]
    arrivals_expected: float
    counters_needed: int
    counters_open: int | None  # None: not known

    def as_json(self) -> dict[str, object]:
        return {
            "start": self.start.strftime("%H:%M"),
            "end": "24:00" if self.end == dt.time(0) else self.end.strftime("%H:%M"),
            "services": list(self.services),
            "arrivals_expected": round(self.arrivals_expected, 2),
            "counters_needed": self.counters_needed,
            "counters_open": self.counters_open,
        }


@dataclasses.dataclass(frozen=True)
class Advice:
    """The staffing advice of one day: a slot per group and 30 minutes of opening hours."""

    day: dt.date
    target_minutes: float
    level: float
    slots: tuple[Slot, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat(),
            "target_minutes": self.target_minutes,
            "level": self.level,
            "slots": [s.as_json() for s in self.slots],
        }


def advise(
    hall: Hall,
    day: dt.date,
    inputs: Mapping[tuple[str, ...], GroupInputs],
    open_counters: Mapping[tuple[str, ...], Mapping[int, int]],
    target_minutes: float = DEFAULT_TARGET_MINUTES,
    level: float = DEFAULT_LEVEL,
) -> Advice:
    """The advice for ``day`` from each group's inputs (by its services) and the counters
    open per group and slot index (a slot missing: not known)."""
    check(target_minutes, level)
    slots: list[Slot] = []
    place = {i: n for n, i in enumerate(business_order(hall.rules.day_reset))}
    for group in groups_of(hall):
        got = inputs.get(group.services)
        opened = open_counters.get(group.services, {})
        starts = sorted(slots_of(hall, group.services), key=lambda t: place[slot_index(t)])
        arrivals = [got.arrivals.get(slot_index(t), 0.0) if got else 0.0 for t in starts]
        mu = 1.0 / max(got.service_minutes, 1e-6) if got else 1.0
        rates = offered_rates(arrivals, mu)
        for start, expected, rate in zip(starts, arrivals, rates, strict=True):
            i = slot_index(start)
            needed = 0
            if got and rate > 0:
                needed = counters_needed(Queue(rate, mu, got.patience_rate), target_minutes, level)
            end = (dt.datetime.combine(day, start) + dt.timedelta(minutes=SLOT_MINUTES)).time()
            slots.append(Slot(start, end, group.services, expected, needed, opened.get(i)))
    return Advice(day, target_minutes, level, tuple(slots))


CARRIED = 0.5


def offered_rates(arrivals: Sequence[float], mu: float) -> list[float]:
    """The arrival rate per minute each slot is advised for, from the arrivals expected in
    consecutive slots (the day's first slot first): the modified offered load (Jennings,
    Mandelbaum, Massey & Whitt 1996). The load m(t) of infinitely many counters obeys
    dm/dt = λ(t) - μm from m = 0 at the start; each slot is advised as a stationary queue
    offered the larger of its own arrivals and μ times m's largest value in the slot, so a
    slot after a busy one is staffed for the visitors still there. A slot nobody comes in
    needs no counter once fewer than :data:`CARRIED` visitors are expected left over."""
    out = []
    m = 0.0
    length = float(SLOT_MINUTES)
    decay = math.exp(-mu * length)
    for expected in arrivals:
        lam = expected / length
        steady = lam / mu
        end = steady + (m - steady) * decay
        if lam == 0.0 and m < CARRIED:
            out.append(0.0)  # nobody comes and hardly anybody is left
        else:
            out.append(max(lam, mu * max(m, end)))
        m = end
    return out


def _clock(text: str, where: str) -> dt.time:
    if text == "24:00":
        return dt.time(0)
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{where}: expected HH:MM, got {text!r}") from None


def advice_from_json(data: Mapping[str, Any]) -> Advice:
    """An :class:`Advice` back from :meth:`Advice.as_json` (``GET /api/v1/advise``'s
    answer, for `kiosk advise --server`). ValueError names a field that does not fit."""
    try:
        slots = tuple(
            Slot(
                _clock(str(s["start"]), "start"),
                _clock(str(s["end"]), "end"),
                tuple(str(c) for c in s["services"]),
                float(s["arrivals_expected"]),
                int(s["counters_needed"]),
                None if s["counters_open"] is None else int(s["counters_open"]),
            )
            for s in data["slots"]
        )
        return Advice(
            dt.date.fromisoformat(str(data["day"])),
            float(data["target_minutes"]),
            float(data["level"]),
            slots,
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"not a staffing advice: {exc!r}") from None


def check(target_minutes: float, level: float) -> None:
    if not (math.isfinite(target_minutes) and target_minutes > 0):
        raise ValueError(f"--target-minutes must be more than 0 (got {target_minutes})")
    if not (0.0 < level < 1.0):
        raise ValueError(f"--level must be between 0 and 1, both excluded (got {level})")


def merged(slots: Sequence[Slot]) -> list[tuple[dt.time, dt.time, Slot]]:
    """Adjacent slots of a group with the same figures as one span: (start, end, first)."""
    out: list[tuple[dt.time, dt.time, Slot]] = []
    for s in slots:
        if out:
            start, end, first = out[-1]
            if (
                first.services == s.services
                and end == s.start
                and (first.counters_needed, first.counters_open)
                == (s.counters_needed, s.counters_open)
            ):
                out[-1] = (start, s.end, first)
                continue
        out.append((s.start, s.end, s))
    return out


def text(advice: Advice, names: Mapping[str, str] | None = None) -> str:
    """Lines like "10:00–11:30: 3 open, 5 needed", under a heading per group."""
    lines = [
        f"staffing advice for {advice.day}: {advice.level:.0%} called within "
        f"{advice.target_minutes:g} min"
    ]
    current: tuple[str, ...] | None = None
    for start, end, s in merged(advice.slots):
        if s.services != current:
            current = s.services
            label = ", ".join((names or {}).get(c, c) for c in s.services)
            lines.append(f"{label}:")
        stop = "24:00" if end == dt.time(0) else end.strftime("%H:%M")
        opened = "?" if s.counters_open is None else str(s.counters_open)
        lines.append(
            f"  {start.strftime('%H:%M')}–{stop}: {opened} open, {s.counters_needed} needed"
        )
    return "\n".join(lines)


# -- learning from the history ---------------------------------------------------------

SAME_WEEKDAYS = 8  # arrivals: the mean of the last 8 same weekdays before the day
LEARN_DAYS = 28  # service times and patience: the 28 days before the day


def slot_span(date: dt.date, index: int, reset: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """The moments a slot of a business day covers: slots before the reset hour fall on
    the next calendar day (a business day runs from its reset to the next)."""
    start = dt.time(index * SLOT_MINUTES // 60, index * SLOT_MINUTES % 60)
    on = date if start >= reset else date + dt.timedelta(days=1)
    begin = dt.datetime.combine(on, start)
    return begin, begin + dt.timedelta(minutes=SLOT_MINUTES)


def business_order(reset: dt.time) -> list[int]:
    """Slot indexes in the order of a business day: from the reset hour on."""
    first = slot_index(reset)
    return [(first + i) % (24 * 60 // SLOT_MINUTES) for i in range(24 * 60 // SLOT_MINUTES)]


@dataclasses.dataclass
class ServiceHistory:
    """What one business type's tickets of the learning days add up to."""

    served: int = 0
    no_shows: int = 0
    busy_s: float = 0.0  # called to finished, served and no-show tickets
    gave_up: int = 0  # cancelled by the visitor before being called
    uncalled_s: float = 0.0  # seconds waited by the cancelled never called (either way)
    # called tickets by whole minutes waited: those who came, and the no-shows
    came: dict[int, int] = dataclasses.field(default_factory=dict)
    missed: dict[int, int] = dataclasses.field(default_factory=dict)

    def add(self, other: ServiceHistory) -> None:
        self.served += other.served
        self.no_shows += other.no_shows
        self.busy_s += other.busy_s
        self.gave_up += other.gave_up
        self.uncalled_s += other.uncalled_s
        for mine, theirs in ((self.came, other.came), (self.missed, other.missed)):
            for minute, n in theirs.items():
                mine[minute] = mine.get(minute, 0) + n

    def called(self, waited_s: float, no_show: bool) -> None:
        into = self.missed if no_show else self.came
        minute = int(waited_s // 60)
        into[minute] = into.get(minute, 0) + 1


def patience(h: ServiceHistory) -> tuple[float, float]:
    """The patience rate θ (per minute) and the share p of no-shows that do not depend on
    the wait, by maximum likelihood: a visitor still waits after w minutes with
    probability e^(-θw); one who gave up (cancelled) left at w (density θe^(-θw)); one
    cancelled by staff was still there at w; a called visitor came with probability
    (1 - p)e^(-θw) (w: the middle of its whole minute) and was a no-show otherwise. So
    no-shows that grow with the wait say patience, a steady share says p. (0, 0) when
    nobody left."""
    left = h.gave_up + sum(h.missed.values())
    if left == 0:
        return 0.0, 0.0
    minutes = sorted(set(h.came) | set(h.missed))
    bins = [(m + 0.5, h.came.get(m, 0), h.missed.get(m, 0)) for m in minutes]
    shows = sum(c for _, c, _ in bins)
    exposure = h.uncalled_s / 60.0 + sum(w * c for w, c, _ in bins)

    def best_q(theta: float) -> tuple[float, float]:
        """The best 1 - p for θ (the log-likelihood is concave in it), and the value."""
        a = [(math.exp(-theta * w), m) for w, _, m in bins if m]

        def value(q: float) -> float:
            total = shows * math.log(q) if shows else 0.0
            return total + sum(m * math.log(max(1.0 - q * x, _TINY)) for x, m in a)

        if not shows:
            return _TINY, value(_TINY)
        lo, hi = 1e-9, 1.0 - 1e-12
        if not a or shows / hi - sum(m * x / (1.0 - hi * x) for x, m in a) >= 0:
            q = hi
        else:
            for _ in range(60):
                mid = (lo + hi) / 2
                slope = shows / mid - sum(m * x / (1.0 - mid * x) for x, m in a)
                lo, hi = (mid, hi) if slope > 0 else (lo, mid)
            q = (lo + hi) / 2
        return q, value(q)

    def loglik(log_theta: float) -> float:
        theta = math.exp(log_theta)
        ll = (h.gave_up * math.log(theta) if h.gave_up else 0.0) - theta * exposure
        return ll + best_q(theta)[1]

    # golden-section search for θ between one give-up in 10,000 hours and 10 a minute
    lo, hi = math.log(1.0 / 600_000.0), math.log(10.0)
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    c, d = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fc, fd = loglik(c), loglik(d)
    for _ in range(80):
        if fc > fd:
            hi, d, fd = d, c, fc
            c = hi - ratio * (hi - lo)
            fc = loglik(c)
        else:
            lo, c, fc = c, d, fd
            d = lo + ratio * (hi - lo)
            fd = loglik(d)
    theta = math.exp((lo + hi) / 2)
    return theta, 1.0 - best_q(theta)[0]


@dataclasses.dataclass(frozen=True)
class History:
    """The store's answer for one day's advice."""

    arrivals: Mapping[str, Mapping[int, int]]  # service -> slot index -> tickets issued
    arrival_days: int  # how many days those tickets came from
    services: Mapping[str, ServiceHistory]  # over the learning days
    # the counters of the day itself (up to now), then of the last same weekday before it
    counter_days: Sequence[CounterDay] = ()


@dataclasses.dataclass(frozen=True)
class CounterDay:
    """A business day's counter events (opened, paused, closed), read up to ``until``."""

    date: dt.date
    until: dt.datetime
    events: Sequence[tuple[dt.datetime, int, str]]  # (at, counter, kind)


def inputs_of(
    hall: Hall, history: History, defaults: Mapping[str, float] | None = None
) -> dict[tuple[str, ...], GroupInputs]:
    """Each group's inputs: expected arrivals per slot (the mean over the arrival days),
    the mean counter time per call (called to finished, served and no-show tickets; the
    configured service minutes, weighted by arrivals, until a ticket was called), and the
    patience rate (:func:`patience`: give-ups and no-shows against the waits)."""
    configured = defaults or {s.code: s.default_service_minutes for s in hall.services}
    out: dict[tuple[str, ...], GroupInputs] = {}
    days = max(history.arrival_days, 1)
    for group in groups_of(hall):
        per_slot: dict[int, float] = {}
        total = ServiceHistory()
        weight = 0.0
        configured_minutes = 0.0
        for code in group.services:
            counts = history.arrivals.get(code, {})
            n = sum(counts.values())
            for i, k in counts.items():
                per_slot[i] = per_slot.get(i, 0.0) + k / days
            weight += n
            configured_minutes += n * configured.get(code, 5.0)
            seen = history.services.get(code)
            if seen is not None:
                total.add(seen)
        calls = total.served + total.no_shows
        if calls:
            minutes = total.busy_s / 60.0 / calls
        elif weight:
            minutes = configured_minutes / weight
        else:
            minutes = sum(configured.get(c, 5.0) for c in group.services) / len(group.services)
        rate, _ = patience(total)
        out[group.services] = GroupInputs(per_slot, max(minutes, 0.1), rate)
    return out


_OPENING = "counter_opened"


def open_per_slot(
    hall: Hall, days: Sequence[CounterDay], slots: Iterable[int]
) -> dict[tuple[str, ...], dict[int, int]]:
    """Counters open per group and slot, from the first of ``days`` that saw the slot
    begin (the day itself, then the last same weekday), else the group's configured
    counters. A counter counts in a slot when it was open (not paused nor closed) for at
    least half of the part of the slot that had passed when its events were read. Every
    business day starts with every counter closed (the day's close closes them)."""
    groups = groups_of(hall)
    out: dict[tuple[str, ...], dict[int, int]] = {g.services: {} for g in groups}
    group_of = {c: g.services for g in groups for c in g.counters}
    folded = [(day, _open_spans(day)) for day in days]
    for i in slots:
        for day, spans in folded:
            begin, end = slot_span(day.date, i, hall.rules.day_reset)
            if begin >= day.until:
                continue
            end = min(end, day.until)
            for g in groups:
                out[g.services][i] = 0
            for counter, intervals in spans.items():
                group = group_of.get(counter)
                overlap = sum(
                    max(0.0, (min(b, end) - max(a, begin)).total_seconds()) for a, b in intervals
                )
                if group is not None and overlap * 2 >= (end - begin).total_seconds():
                    out[group][i] += 1
            break
        else:
            for g in groups:
                out[g.services][i] = len(g.counters)
    return out


def _open_spans(day: CounterDay) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    spans: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    since: dict[int, dt.datetime] = {}
    for at, counter, kind in sorted(day.events):
        if kind == _OPENING:
            since.setdefault(counter, at)
        elif counter in since:
            spans.setdefault(counter, []).append((since.pop(counter), at))
    for counter, at in since.items():
        spans.setdefault(counter, []).append((at, day.until))
    return spans
