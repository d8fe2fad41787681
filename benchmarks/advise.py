"""`kiosk bench advise`: the staffing advice checked by simulation, and its speed.

**How close it comes.** The simulated hall is benchmarks.hallsim's: four business types
with long-tailed (log-normal, not exponential) service times, arrivals that peak twice a
day (9:00 to 17:00), 8 % green-channel tickets, 5 % no-shows who hold the counter for
their recalls (about 90 s), and visitors who give up after an exponential patience
(mean 45 min). Every counter serves every type (one group), calling by the kiosk's own
call policy (kiosk.core.policy.choose_next: priority, aging past the target).

For each scenario (hallsim's loads 0.70, 0.85, 0.95, and the overload day with a
90-minute surge at twice the rate at a random hour), the advice learns as `kiosk advise`
does (kiosk.core.advise.inputs_of): arrivals per slot from the last 8 days of a simulated
history, service times and patience from its last 28 days (history staffed with six
counters, as hallsim's hall). Then ``--days`` new days are simulated with exactly the
advised counters open in each 30-minute slot (after closing, the last slot's counters
call whoever still waits), and the report's service level (called within the target over
the called and those who left after waiting past it) is measured per slot of arrival.

**Speed.** A scratch SQLite store is filled with ``--tickets`` tickets over a year
(benchmarks.store's generator and the visitors' cancellations), and
kiosk.app.advise.advise_day is timed on it for the day after the history.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import heapq
import json
import math
import random
import statistics
import sys
import time
from typing import Any

from benchmarks import hallsim
from benchmarks.scratch import demo_settings, progress, scratch_folder
from kiosk.core import advise as adv
from kiosk.core import policy
from kiosk.core.clock import Clock
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

HISTORY_COUNTERS = 6
START = dt.date(2026, 1, 5)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--days", type=int, default=200,
                   help="days simulated with the advised counters, per scenario "
                   "(default 200)")  # fmt: skip
    p.add_argument("--target-minutes", type=float, default=adv.DEFAULT_TARGET_MINUTES,
                   help="the target wait (default 10)")  # fmt: skip
    p.add_argument("--level", type=float, default=adv.DEFAULT_LEVEL,
                   help="the share to call within it (default 0.8)")  # fmt: skip
    p.add_argument("--tickets", type=int, default=1_000_000,
                   help="tickets of the store the advice is timed on "
                   "(default 1,000,000; 0: skip)")  # fmt: skip
    p.add_argument("--runs", type=int, default=3, help="times the advice is timed (default 3)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true")


def _hall(counters: int) -> Hall:
    services = tuple(
        Service(k.code, k.code[0].upper(), k.code, k.code, default_service_minutes=k.mean_min)
        for k in hallsim.KINDS
    )
    codes = tuple(k.code for k in hallsim.KINDS)
    return Hall(services, tuple(Counter(i, str(i), str(i), codes) for i in range(1, counters + 1)),
                Rules())  # fmt: skip


@dataclasses.dataclass
class Outcome:
    """A simulated ticket as the report sees it."""

    service: str
    slot: int  # of arrival
    waited_s: float  # to the call, or to leaving
    called: bool
    no_show: bool = False
    busy_s: float = 0.0  # the counter's time: the service, or the recalls of a no-show


def simulate_day(
    scenario: hallsim.Scenario,
    rng: random.Random,
    staffing: dict[int, int],
    per_s: float,
    date: dt.date,
) -> list[Outcome]:
    """One day with ``staffing[slot]`` counters open per slot index (a missing slot: none;
    after the last arrivals, the last slot's)."""
    kinds = {k.code: k for k in hallsim.KINDS}
    most = max(staffing.values(), default=0)
    hall = _hall(max(most, 1))
    last_slot = max((i for i, n in staffing.items() if n), default=0)
    midnight = dt.datetime.combine(date, dt.time())

    def staffed(t: float) -> int:
        i = min(int(t // (adv.SLOT_MINUTES * 60)), last_slot)
        return staffing.get(i, 0)

    waiting: dict[str, Ticket] = {}
    out: dict[str, Outcome] = {}
    events: list[tuple[float, int, int, str, str]] = []
    for seq, (t, kind, prio) in enumerate(hallsim._arrivals(rng, scenario, per_s), start=1):
        uid = f"{seq:05d}"
        at = midnight + dt.timedelta(seconds=t)
        ticket = Ticket(uid, 0, kind.code, seq, uid, Priority(prio), at, position_of(at))
        out[uid] = Outcome(kind.code, int(t // (adv.SLOT_MINUTES * 60)), 0.0, False)
        heapq.heappush(events, (t, 1, seq, "arrive", uid))
        leave = t + rng.expovariate(1.0 / (hallsim.MEAN_PATIENCE_MIN * 60.0))
        heapq.heappush(events, (leave, 2, seq, "leave", uid))
        waiting[uid] = ticket
    arrived: dict[str, Ticket] = {}
    busy: set[int] = set()
    statuses = {c.number: CounterStatus(c.number) for c in hall.counters}
    # a slot's start wakes the counters it staffs
    for i in sorted(staffing):
        heapq.heappush(events, (i * adv.SLOT_MINUTES * 60.0, 0, 0, "slot", ""))
    while events:
        t, _, _, what, data = heapq.heappop(events)
        now = midnight + dt.timedelta(seconds=t)
        if what == "arrive":
            arrived[data] = waiting.pop(data)
        elif what == "leave":
            gone = arrived.pop(data, None)
            if gone is not None:
                out[data].waited_s = t - gone.issued_at.timestamp() + midnight.timestamp()
            continue
        elif what == "free":
            busy.discard(int(data))
        for number in range(1, staffed(t) + 1):  # every free staffed counter calls
            if number in busy or not arrived:
                continue
            chosen = policy.choose_next(
                hall, hall.counter(number), statuses[number], arrived.values(), now
            )
            if chosen is None:
                continue
            del arrived[chosen.uid]
            status = statuses[number]
            status.normal_streak = 0 if chosen.priority > Priority.NORMAL else (
                status.normal_streak + 1
            )  # fmt: skip
            o = out[chosen.uid]
            o.called = True
            o.waited_s = (now - chosen.issued_at).total_seconds()
            kind = kinds[chosen.service]
            if rng.random() < hallsim.NO_SHOW:
                duration = hallsim.NO_SHOW_WAIT_S * rng.uniform(0.8, 1.2)
                o.no_show = True
            else:
                mu = math.log(kind.mean_min * 60.0) - kind.sigma**2 / 2
                duration = rng.lognormvariate(mu, kind.sigma)
            o.busy_s = duration
            busy.add(number)
            heapq.heappush(events, (t + duration, 0, 0, "free", str(number)))
    return list(out.values())


def history_of(
    scenario: hallsim.Scenario, rng: random.Random, per_s: float, days: int
) -> adv.History:
    """The learning inputs from ``days`` simulated days staffed with six counters, as
    kiosk.store.advise reads them from a store: arrivals of the last 8, service time and
    patience of all."""
    staffing = {i: HISTORY_COUNTERS for i in range(18, 34)}  # 9:00 to 17:00
    arrivals: dict[str, dict[int, int]] = {}
    services: dict[str, adv.ServiceHistory] = {}
    for d in range(days):
        day_rng = random.Random(rng.random())
        outcomes = simulate_day(scenario, day_rng, staffing, per_s, START + dt.timedelta(d))
        for o in outcomes:
            if d >= days - adv.SAME_WEEKDAYS:
                per = arrivals.setdefault(o.service, {})
                per[o.slot] = per.get(o.slot, 0) + 1
            h = services.setdefault(o.service, adv.ServiceHistory())
            if not o.called:  # the simulated visitors who leave cancel their ticket
                h.gave_up += 1
                h.uncalled_s += o.waited_s
                continue
            h.busy_s += o.busy_s
            if o.no_show:
                h.no_shows += 1
            else:
                h.served += 1
            h.called(o.waited_s, o.no_show)
    return adv.History(arrivals, min(days, adv.SAME_WEEKDAYS), services, ())


# The scenarios the advice is checked on (docs/benchmarks.md): hallsim's busy halls. Its
# "quiet 0.50" hall (the wait estimator's zero waits) needs no advice to be worth checking.
CHECKED = ("load 0.70", "load 0.85", "load 0.95", "overload")


def check(scenario: hallsim.Scenario, args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(f"advise/{scenario.name}/{args.seed}")
    per_s = _rate(scenario)
    hall = _hall(HISTORY_COUNTERS)
    history = history_of(scenario, rng, per_s, adv.LEARN_DAYS)
    inputs = adv.inputs_of(hall, history)
    (group,) = adv.groups_of(hall)
    got = inputs[group.services]
    advice = adv.advise(hall, START, inputs, {}, args.target_minutes, args.level)
    needed = {adv.slot_index(s.start): s.counters_needed for s in advice.slots if s.counters_needed}
    expected = {adv.slot_index(s.start): s.arrivals_expected for s in advice.slots}
    target_s = args.target_minutes * 60.0
    within: dict[int, int] = {}
    counted: dict[int, int] = {}
    for d in range(args.days):
        day_rng = random.Random(rng.random())
        for o in simulate_day(scenario, day_rng, needed, per_s, START + dt.timedelta(100 + d)):
            if o.called or o.waited_s > target_s:
                counted[o.slot] = counted.get(o.slot, 0) + 1
                if o.called and o.waited_s <= target_s:
                    within[o.slot] = within.get(o.slot, 0) + 1
    slots: list[dict[str, Any]] = []
    shares: list[float] = []
    for i in sorted(needed):
        if not expected[i]:
            continue
        n = counted.get(i, 0)
        level = within.get(i, 0) / n if n else None
        if level is not None:
            shares.append(round(level, 3))
        slots.append({"start": f"{i // 2:02d}:{i % 2 * 30:02d}",
                      "arrivals_expected": round(expected[i], 2),
                      "counters": needed[i],
                      "called_within_share":
                          None if level is None else round(level, 3)})  # fmt: skip
    total = sum(within.values()) / max(sum(counted.values()), 1)
    return {
        "scenario": scenario.name,
        "service_minutes": round(got.service_minutes, 2),
        "patience_minutes": round(1 / got.patience_rate, 1) if got.patience_rate else None,
        "counter_slots": sum(needed.values()),
        "called_within_share": round(total, 3),
        "slot_min": round(min(shares), 3) if shares else None,
        "slot_median": round(statistics.median(shares), 3) if shares else None,
        "slots_below_level": sum(1 for s in shares if s < args.level),
        "slots": slots,
    }


def _rate(scenario: hallsim.Scenario) -> float:
    """hallsim's arrivals per second at profile 1 for the scenario's load on its hall."""
    k = hallsim.KINDS
    mean_s = sum(x.share * x.mean_min * 60.0 for x in k) * (1 - hallsim.NO_SHOW) + (
        hallsim.NO_SHOW * hallsim.NO_SHOW_WAIT_S
    )
    staffed = len(hallsim.COUNTERS) * (1.0 - 45.0 / 480.0)
    return scenario.load * staffed / mean_s / hallsim._mean_profile()


def speed(args: argparse.Namespace, clock: Clock, log: Any) -> dict[str, Any]:
    from benchmarks.report import events_sql
    from benchmarks.store import generate_history
    from kiosk.app import open_queue_store
    from kiosk.app.advise import advise_day

    today = clock.now().date()
    with scratch_folder(args, "kiosk-bench-advise-") as folder:
        settings = demo_settings(folder)
        store = open_queue_store(settings)
        try:
            per_day = max(1, round(args.tickets / 365))
            log(f"generating {args.tickets:,} tickets over 365 days (bulk inserts)")
            history = generate_history(
                store.engine, settings.hall, args.tickets, today, per_day=per_day
            )
            with store.engine.begin() as conn:
                for sql in events_sql(store.engine.dialect.name):
                    if "'cancelled'" in sql:
                        conn.exec_driver_sql(sql)
            now = dt.datetime.combine(today, dt.time(8))
            times = []
            advice = None
            for _ in range(args.runs):
                start = time.perf_counter()
                advice = advise_day(store, settings.hall, now, today)
                times.append(time.perf_counter() - start)
        finally:
            store.close()
    assert advice is not None
    return {
        "tickets": history.tickets,
        "days": history.days,
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
        "slots": len(advice.slots),
        "arrivals_expected": round(sum(s.arrivals_expected for s in advice.slots), 1),
    }


def main(args: argparse.Namespace, clock: Clock) -> int:
    try:
        adv.check(args.target_minutes, args.level)
    except ValueError as exc:
        print(f"kiosk: usage error: {exc}", file=sys.stderr)
        return 2
    if args.days < 1 or args.runs < 1 or args.tickets < 0:
        print("kiosk: usage error: bench advise needs --days >= 1, --runs >= 1, --tickets >= 0",
              file=sys.stderr)  # fmt: skip
        return 2
    log = progress(args)
    checks = []
    for scenario in (s for s in hallsim.SCENARIOS if s.name in CHECKED):
        log(f"{scenario.name}: learning 28 days, then {args.days} days staffed as advised")
        checks.append(check(scenario, args))
    timed = speed(args, clock, log) if args.tickets else None
    data = {"target_minutes": args.target_minutes, "level": args.level, "days": args.days,
            "seed": args.seed, "scenarios": checks, "speed": timed}  # fmt: skip
    if args.json:
        print(json.dumps(data))
        return 0
    print(f"advised for {args.level:.0%} called within {args.target_minutes:g} min; "
          f"{args.days} simulated days per scenario")  # fmt: skip
    print(f"{'scenario':10} {'svc min':>7} {'patience':>8} {'counter-slots':>13} "
          f"{'called within':>13} {'slot min':>8} {'median':>7} {'below':>5}")  # fmt: skip
    for c in checks:
        print(f"{c['scenario']:10} {c['service_minutes']:>7} {c['patience_minutes']!s:>8} "
              f"{c['counter_slots']:>13} {c['called_within_share']:>13.3f} "
              f"{c['slot_min']!s:>8} {c['slot_median']!s:>7} "
              f"{c['slots_below_level']:>3}/{len(c['slots'])}")  # fmt: skip
    for c in checks:
        print(f"{c['scenario']}: " + "  ".join(
            f"{s['start']} {s['counters']}:{s['called_within_share']}"
            for s in c["slots"]))  # fmt: skip
    if timed:
        print(f"advice over a store of {timed['tickets']:,} tickets ({timed['days']} days): "
              f"{timed['median_s']} s median of {args.runs}, {timed['max_s']} s max")  # fmt: skip
    return 0
