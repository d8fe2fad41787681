"""The best achievable, for `kiosk bench wait`: each ticket's wait simulated forward from
its exact hall state many times under the learned model (docs/benchmarks.md).

At a ticket's issue the replay's state is exact: who waits, of which business type and
class, since when; which counter serves whom since when; each counter's preference
order (the simulated hall's configuration). From there the hall is run forward
``runs`` times under what the estimator has learned by then: service times drawn from
the learned durations of each business type (given how long a running one has lasted),
each counter's learned after-call work, arrivals of every kind at their learned rates,
patience at the learned abandonment rate, and the kiosk's call policy (aging past the
10-minute target, priority, the counter's preference, first come first served), with
the simulated hall's counters (benchmarks/hallsim.py): a visitor who arrives is called
by the first free counter by number that serves it, and seen again by the next one if
that counter calls someone else when it gets there. The
mean of the runs' waits is the reference prediction: the conditional mean under the
learned model, which no estimator that sees the same state can beat but by luck (it
knows neither the breaks to come nor the true distributions either). A counter the
trace shows paused (a break under way) comes back after the mean of its learned
remaining pause (Desk.back), or not at all when none is counted on, as the estimator
has it. The estimator's efficiency is the reference's RMSE over its own, on the same
tickets.
"""

from __future__ import annotations

import bisect
import heapq
import math
import random

from kiosk.core.wait.model import HallView, Learned

TARGET_S = 600.0  # the simulated hall's target wait (Service.target_wait_minutes)
HORIZON_S = 4 * 3600.0


def _number(name: str) -> tuple[int, str]:
    """Counters in numeric order (hallsim's), names that are not numbers after them."""
    return (int(name), "") if name.isdigit() else (1 << 30, name)


class Reference:
    """Monte Carlo forward simulation from a replayed state."""

    def __init__(
        self,
        preferences: dict[str, tuple[str, ...]],
        runs: int = 30,
        every: int = 1,
        seed: int = 1,
    ) -> None:
        self.preferences = preferences  # counter -> business types in its order
        self.runs = runs
        self.every = every  # the reference for every ``every``-th served ticket
        self.rng = random.Random(seed)
        self.took = 0.0  # seconds spent simulating

    def predict(self, view: HallView, learned: Learned, service: str, klass: int) -> float:
        """Mean seconds until a ticket issued now of ``service`` and ``klass`` is called."""
        now = view.now
        times = {s: d.values() for s, d in learned.service_times.items() if len(d) >= 20}
        every = learned.all_times.values() or [learned.default_for(service)]
        kinds = [(k, learned.arrival_rate(k[0], k[1], now)) for k in learned.arrivals]
        kinds = [(k, r) for k, r in kinds if r > 0.0]
        total_rate = sum(r for _, r in kinds)
        hazards = {k[0]: learned.hazard(k[0]) for k, _ in kinds}
        for w in view.waiting:
            hazards.setdefault(w.service, learned.hazard(w.service))
        wrap = learned.wrap_all.mean() if len(learned.wrap_all) else 0.0
        waits = [
            self._once(view, service, klass, times, every, kinds, total_rate, hazards, wrap)
            for _ in range(self.runs)
        ]
        return sum(waits) / len(waits)

    def _draw(self, times: dict[str, list[float]], every: list[float], service: str) -> float:
        pool = times.get(service, every)
        return self.rng.choice(pool)

    def _residual(
        self, times: dict[str, list[float]], every: list[float], service: str, elapsed: float
    ) -> float:
        pool = times.get(service, every)
        i = bisect.bisect_right(pool, elapsed)
        if i >= len(pool):  # past every one seen: about to end
            return self.rng.expovariate(1.0 / max(1.0, 0.1 * (sum(pool) / len(pool))))
        return pool[self.rng.randrange(i, len(pool))] - elapsed

    def _once(
        self,
        view: HallView,
        service: str,
        klass: int,
        times: dict[str, list[float]],
        every: list[float],
        kinds: list[tuple[tuple[str, int], float]],
        total_rate: float,
        hazards: dict[str, float],
        learned_wrap: float,
    ) -> float:
        rng = self.rng
        now = view.now
        # waiting: key -> (service, klass, since, leaves at)
        waiting: dict[int, tuple[str, int, float, float]] = {}
        n = 0
        for w in view.waiting:
            h = hazards.get(w.service, 0.0)
            leave = now + rng.expovariate(h) if h > 0 else math.inf
            waiting[n] = (w.service, w.klass, w.since, leave)
            n += 1
        me = n
        waiting[me] = (service, klass, now, math.inf)
        n += 1
        events: list[tuple[float, int, str]] = []  # (time, order, counter) counter free
        serves: dict[str, tuple[str, ...]] = {}
        wraps: dict[str, float] = {}
        for d in view.desks:
            services = self.preferences.get(d.name, d.services)
            serves[d.name] = services
            wraps[d.name] = d.wrap
            if not d.working:  # paused: back after its learned pause, if it is counted on
                if d.back < math.inf:
                    heapq.heappush(events, (now + d.back, 0, d.name))
                continue
            if d.busy_service is not None:
                elapsed = now - (d.busy_since if d.busy_since is not None else now)
                free = now + self._residual(times, every, d.busy_service, elapsed) + d.wrap
            else:
                free = now + d.ready
            heapq.heappush(events, (free, 0, d.name))
        # The hall's other counters are open and free: the replay leaves out a counter
        # idle for 10 minutes (its state is not in a trace), the simulated hall does not.
        for name, services in self.preferences.items():
            if name not in serves:
                serves[name] = services
                wraps[name] = learned_wrap
                heapq.heappush(events, (now + learned_wrap, 0, name))
        if not serves:
            return 0.0
        idle: list[str] = []  # free counters, by number (hallsim's rule)
        walking: dict[str, int] = {}  # a counter woken by a visitor -> that visitor

        def wake(t: float) -> None:
            """As the simulated hall does: each visitor no counter is coming for is
            called by the first free counter by number that serves it."""
            coming = set(walking.values())
            for key, (w_service, _, _, leave) in waiting.items():
                if key in coming or leave <= t:
                    continue
                for name in idle:
                    if w_service in serves[name]:
                        idle.remove(name)
                        walking[name] = key
                        heapq.heappush(events, (t + wraps[name], 0, name))
                        break
                if not idle:
                    return

        arriving = [k for k, _ in kinds]
        weights = [r for _, r in kinds]
        next_arrival = now + rng.expovariate(total_rate) if total_rate > 0 else math.inf
        t = now
        while t < now + HORIZON_S:
            t_free = events[0][0] if events else math.inf
            if next_arrival < t_free:
                t = next_arrival
                a_service, a_klass = rng.choices(arriving, weights)[0]
                h = hazards.get(a_service, 0.0)
                leave = t + rng.expovariate(h) if h > 0 else math.inf
                waiting[n] = (a_service, a_klass, t, leave)
                n += 1
                next_arrival = t + rng.expovariate(total_rate)
                if idle:
                    wake(t)  # a free counter that serves it calls it
                continue
            if not events:
                return HORIZON_S
            t, _, name = heapq.heappop(events)
            woken_for = walking.pop(name, None)
            chosen = self._choose(waiting, serves[name], t)
            if chosen is None:
                bisect.insort(idle, name, key=_number)
                continue
            if chosen == me:
                return t - now
            c_service = waiting.pop(chosen)[0]
            if woken_for is not None and woken_for != chosen and idle:
                wake(t)  # it called someone else: the visitor it came for is seen again
            heapq.heappush(events, (t + self._draw(times, every, c_service) + wraps[name], 0, name))
        return HORIZON_S

    @staticmethod
    def _choose(
        waiting: dict[int, tuple[str, int, float, float]], services: tuple[str, ...], t: float
    ) -> int | None:
        """The kiosk's policy: aged heads first (the longest waiting), then priority, then
        the counter's preference, then the earliest. Visitors gone by ``t`` leave."""
        best: tuple[float, ...] | None = None
        found = None
        gone = []
        for key, (s, k, since, leave) in waiting.items():
            if leave <= t:
                gone.append(key)
                continue
            if s not in services:
                continue
            aged = t - since >= TARGET_S
            rank = (0.0, since) if aged else (1.0, -k, services.index(s), since)
            if best is None or rank < best:
                best, found = rank, key
        for key in gone:
            del waiting[key]
        return found
