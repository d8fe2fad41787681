"""A simulated service hall that writes the trace format (docs/trace-format.md).

Four business types with long-tailed (log-normal) service times, six counters with
their own preference lists, a green channel, arrivals that peak twice a day,
lunch and afternoon breaks, no-shows after recalls and visitors who give up. The
counters call by the kiosk's own call policy (:func:`kiosk.core.policy.choose_next`:
priority, preference, aging past the target wait), so the simulated hall queues as
a real one running this software would: a counter calls when it is free again (after
5-20 s of after-call work), when it comes back from a break, and when a visitor
arrives while it is free, not on a break, and may call that visitor (the first such
counter by number sees the visitor on its screen and calls after a 3-15 s walk, or at
once in the quiet scenario). Before 2026-12-02 an arrival woke the first free counter
by name (string order) whether or not it served the visitor, and a counter free when
its break began did not look again until woken: visitors waited while counters that
served them stood free, and figures before then are not comparable.

Scenarios (:data:`SCENARIOS`): loads 0.7, 0.85 and 0.95 (mean utilisation of the
staffed counters over the opening hours) and a transient overload (0.8 with a
90-minute surge at twice the arrival rate every day). Deterministic for a seed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import math
import random

from kiosk.core import policy
from kiosk.core.model import (
    Counter,
    CounterStatus,
    Hall,
    Priority,
    Rules,
    Service,
    Ticket,
    position_of,
)
from kiosk.core.wait.trace import PAUSED, TraceRow

OPEN_H, CLOSE_H = 9.0, 17.0  # tickets are issued from 9:00 to 17:00


@dataclasses.dataclass(frozen=True)
class Kind:
    code: str
    share: float  # of arrivals
    mean_min: float  # mean service minutes
    sigma: float  # log-normal shape: the long tail


KINDS = (
    Kind("bill", 0.45, 4.0, 0.7),
    Kind("plan", 0.25, 9.0, 0.8),
    Kind("broadband", 0.18, 12.0, 0.9),
    Kind("complaint", 0.12, 16.0, 1.0),
)
COUNTERS = (
    ("1", ("bill", "plan")),
    ("2", ("bill", "broadband")),
    ("3", ("plan", "bill", "complaint")),
    ("4", ("broadband", "plan", "bill")),
    ("5", ("complaint", "plan")),
    ("6", ("bill",)),
)
PRIORITY_SHARE = 0.08
NO_SHOW = 0.05
NO_SHOW_WAIT_S = 90.0  # the recalls before a no-show
MEAN_PATIENCE_MIN = 45.0


@dataclasses.dataclass(frozen=True)
class Scenario:
    name: str
    load: float
    surge: float = 1.0  # arrival multiplier during the daily surge
    surge_minutes: float = 0.0
    days: int = 38
    scale: int = 1  # the hall has ``scale`` times the six counters and the arrivals
    # a free counter calls a visitor who arrives at once (a wait of zero), not after
    # the 3-15 s it takes to notice
    at_once: bool = False


SCENARIOS = (
    Scenario("quiet 0.50", 0.50, at_once=True),
    Scenario("load 0.70", 0.70),
    Scenario("load 0.85", 0.85),
    Scenario("load 0.95", 0.95),
    Scenario("overload", 0.80, surge=2.0, surge_minutes=90.0),
)


def _profile(hour: float) -> float:
    """Relative arrival rate: peaks mid-morning and mid-afternoon."""
    return (
        0.55
        + 0.9 * math.exp(-(((hour - 10.5) / 1.0) ** 2))
        + 0.75 * math.exp(-(((hour - 15.0) / 1.1) ** 2))
    )


def counters(scale: int = 1) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The hall's counters: ``scale`` copies of the six (numbered on: 7 is a second 1)."""
    return tuple(
        (str(int(n) + copy * len(COUNTERS)), s) for copy in range(scale) for n, s in COUNTERS
    )


def preferences(scale: int = 1) -> dict[str, tuple[str, ...]]:
    """Each counter's business types in its order of preference."""
    return dict(counters(scale))


def _hall(scale: int = 1) -> Hall:
    services = tuple(
        Service(k.code, k.code[0].upper(), k.code, k.code, default_service_minutes=k.mean_min)
        for k in KINDS
    )
    desks = tuple(Counter(int(n), n, n, s) for n, s in counters(scale))
    return Hall(services, desks, Rules())


def _mean_profile() -> float:
    steps = 480
    return sum(_profile(OPEN_H + (CLOSE_H - OPEN_H) * (i + 0.5) / steps) for i in range(steps)) / (
        steps
    )


def simulate(
    scenario: Scenario, seed: int = 1, start: dt.date = dt.date(2026, 1, 5), *, pauses: bool = False
) -> list[TraceRow]:
    """Every ticket of ``scenario.days`` days of the hall, as trace rows; with ``pauses``
    also the counters' breaks as paused rows, as a hall running this software records
    them (a counter pauses when its break starts, or when its job ends if it is busy
    then, and is back when its break ends). The tickets are the same either way."""
    rng = random.Random(f"{scenario.name}/{seed}")
    hall = _hall(scenario.scale)
    rows: list[TraceRow] = []
    mean_s = sum(k.share * k.mean_min * 60.0 for k in KINDS) * (1 - NO_SHOW) + NO_SHOW * (
        NO_SHOW_WAIT_S
    )
    staffed = len(counters(scenario.scale)) * (
        1.0 - 45.0 / 480.0
    )  # breaks take about 45 of 480 minutes
    per_s = scenario.load * staffed / mean_s / _mean_profile()  # arrivals/s at profile 1
    for day in range(scenario.days):
        date = start + dt.timedelta(days=day)
        rows += _day(hall, scenario, rng, date, per_s, f"d{day:02d}", pauses=pauses)
    return rows


def _arrivals(
    rng: random.Random, scenario: Scenario, per_s: float
) -> list[tuple[float, Kind, int]]:
    """(seconds after midnight, kind, priority) by thinning a Poisson process."""
    surge_at = rng.uniform(9.5, 15.0) * 3600.0
    top = per_s * 1.6 * max(1.0, scenario.surge)
    t = OPEN_H * 3600.0
    out: list[tuple[float, Kind, int]] = []
    while True:
        t += rng.expovariate(top)
        if t >= CLOSE_H * 3600.0:
            return out
        rate = per_s * _profile(t / 3600.0)
        if scenario.surge_minutes and surge_at <= t < surge_at + scenario.surge_minutes * 60:
            rate *= scenario.surge
        if rng.random() * top < rate:
            kind = rng.choices(KINDS, weights=[k.share for k in KINDS])[0]
            prio = 1 if rng.random() < PRIORITY_SHARE else 0
            out.append((t, kind, prio))


def _breaks(rng: random.Random, scale: int) -> dict[str, list[tuple[float, float]]]:
    """Each counter's breaks (start, end), seconds after midnight."""
    out: dict[str, list[tuple[float, float]]] = {}
    for name, _ in counters(scale):
        lunch = rng.uniform(11.5, 13.0) * 3600.0
        spans = [(lunch, lunch + 30 * 60.0)]
        if rng.random() < 0.6:
            tea = rng.uniform(14.5, 16.0) * 3600.0
            spans.append((tea, tea + 15 * 60.0))
        out[name] = spans
    return out


def one_day(
    scenario: Scenario,
    arrivals: list[tuple[float, str, int]],
    breaks: dict[str, list[tuple[float, float]]] | None = None,
    seed: int = 1,
    date: dt.date = dt.date(2026, 1, 5),
    *,
    pauses: bool = False,
) -> list[TraceRow]:
    """One day of the hall with the arrivals (seconds after midnight, business type,
    priority) and the breaks (counter -> (start, end) seconds after midnight) given
    (a hand-made scenario, tests/test_hallsim.py); services, walks and patience drawn;
    with ``pauses`` the breaks taken as paused rows too (:func:`simulate`)."""
    kinds = {k.code: k for k in KINDS}
    given = [(t, kinds[code], prio) for t, code, prio in sorted(arrivals)]
    return _day(
        _hall(scenario.scale), scenario, random.Random(seed), date, 0.0, "d00",
        given, breaks or {name: [] for name, _ in counters(scenario.scale)}, pauses=pauses,
    )  # fmt: skip


def _day(
    hall: Hall,
    scenario: Scenario,
    rng: random.Random,
    date: dt.date,
    per_s: float,
    tag: str,
    given: list[tuple[float, Kind, int]] | None = None,
    given_breaks: dict[str, list[tuple[float, float]]] | None = None,
    *,
    pauses: bool = False,
) -> list[TraceRow]:
    midnight = dt.datetime.combine(date, dt.time())
    kinds = {k.code: k for k in KINDS}
    arrivals = _arrivals(rng, scenario, per_s) if given is None else given
    desks = counters(scenario.scale)
    breaks = _breaks(rng, scenario.scale) if given_breaks is None else given_breaks
    waiting: dict[str, Ticket] = {}
    patience: dict[str, float] = {}
    issued: dict[str, float] = {}
    rows: list[TraceRow] = []
    free_at = {name: OPEN_H * 3600.0 for name, _ in desks}
    statuses = {name: CounterStatus(int(name)) for name, _ in desks}
    # events: (time, order, seq, what, data); order: 0 counter free, 1 arrival, 2 give up
    events: list[tuple[float, int, int, str, str]] = []
    for seq, (t, kind, prio) in enumerate(arrivals, start=1):
        key = f"{tag}-{seq:04d}"
        ticket = Ticket(
            key,
            0,
            kind.code,
            seq,
            key,
            Priority(prio),
            midnight + dt.timedelta(seconds=t),
            position_of(midnight + dt.timedelta(seconds=t)),
        )
        waiting_ticket = ticket
        patience[key] = t + rng.expovariate(1.0 / (MEAN_PATIENCE_MIN * 60.0))
        issued[key] = t
        heapq.heappush(events, (t, 1, seq, "arrive", key))
        heapq.heappush(events, (patience[key], 2, seq, "leave", key))
        waiting[key] = waiting_ticket  # not yet arrived: filtered by issue time below
    arrived: dict[str, Ticket] = {}
    for name, _ in desks:
        heapq.heappush(events, (OPEN_H * 3600.0, 0, 0, "free", name))
        for a, _b in breaks[name]:  # a counter free when its break starts leaves too
            heapq.heappush(events, (a, 0, 0, "break", name))
    # the counters in numeric order: the first free one that may call a visitor wakes
    order = sorted((name for name, _ in desks), key=int)

    def on_break(name: str, t: float) -> float | None:
        for a, b in breaks[name]:
            if a <= t < b:
                return b
        return None

    def pause(name: str, t: float, back: float) -> None:
        """The counter pauses from ``t`` until ``back``: a paused row (with ``pauses``)."""
        if not pauses:
            return
        rows.append(
            TraceRow(
                f"{tag}-pause-{name}-{len(rows)}", "", 0, midnight + dt.timedelta(seconds=t),
                None, midnight + dt.timedelta(seconds=back), name, PAUSED,
            )
        )  # fmt: skip

    idle: set[str] = set()
    walking: dict[str, str] = {}  # a counter woken by a visitor -> that visitor

    def wake(t: float) -> None:
        """Every visitor that no counter is coming for, in order of arrival, is seen on
        the screen of the free counters that may call it: the first by number, not on a
        break, calls (after a short walk, by the call policy: maybe someone else)."""
        if not idle:
            return
        coming = set(walking.values())
        for uid, ticket in arrived.items():
            if uid in coming:
                continue
            for name in order:
                if name not in idle or not policy.eligible(hall.counter(int(name)), ticket):
                    continue
                if on_break(name, t) is not None:
                    continue
                idle.discard(name)
                walking[name] = uid
                walk = 0.0 if scenario.at_once else rng.uniform(3.0, 15.0)
                heapq.heappush(events, (t + walk, 0, 0, "free", name))
                break
            if not idle:
                return

    while events:
        t, _, _, what, data = heapq.heappop(events)
        now = midnight + dt.timedelta(seconds=t)
        if what == "arrive":
            arrived[data] = waiting[data]
            wake(t)
            continue
        if what == "break":  # a free counter goes on its break, and looks when back
            if data in idle:
                idle.discard(data)
                back = on_break(data, t)
                heapq.heappush(events, (back if back is not None else t, 0, 0, "free", data))
                if back is not None:
                    pause(data, t, back)
            continue
        if what == "leave":
            gone = arrived.pop(data, None)
            if gone is not None:
                rows.append(
                    TraceRow(
                        data,
                        gone.service,
                        int(gone.priority),
                        gone.issued_at,
                        None,
                        now,
                        "",
                        "abandoned",
                    )
                )
            continue
        name = data  # a counter is free: break, call, or wait for arrivals
        woken_for = walking.pop(name, None)
        back = on_break(name, t)
        if back is not None:
            heapq.heappush(events, (back, 0, 0, "free", name))
            pause(name, t, back)
            if woken_for is not None:
                wake(t)
            continue
        counter = hall.counter(int(name))
        chosen = policy.choose_next(hall, counter, statuses[name], arrived.values(), now)
        if chosen is None:
            if t < CLOSE_H * 3600.0 or arrived:
                idle.add(name)
            continue
        del arrived[chosen.uid]
        if woken_for is not None and woken_for != chosen.uid:
            wake(t)  # it called someone else: the visitor it came for is seen again
        if chosen.priority > Priority.NORMAL:
            statuses[name].normal_streak = 0
        else:
            statuses[name].normal_streak += 1
        kind = kinds[chosen.service]
        if rng.random() < NO_SHOW:
            duration = NO_SHOW_WAIT_S * rng.uniform(0.8, 1.2)
            outcome = "no_show"
        else:
            mu = math.log(kind.mean_min * 60.0) - kind.sigma**2 / 2
            duration = rng.lognormvariate(mu, kind.sigma)
            outcome = "served"
        done = t + duration
        rows.append(
            TraceRow(
                chosen.uid,
                chosen.service,
                int(chosen.priority),
                chosen.issued_at,
                now,
                midnight + dt.timedelta(seconds=done),
                name,
                outcome,
            )
        )
        free_at[name] = done
        heapq.heappush(events, (done + rng.uniform(5.0, 20.0), 0, 0, "free", name))
    for key, ticket in arrived.items():  # still waiting at the end: they left
        del key
        rows.append(
            TraceRow(
                ticket.uid,
                ticket.service,
                int(ticket.priority),
                ticket.issued_at,
                None,
                ticket.issued_at,
                "",
                "cancelled",
            )
        )
    return rows
