"""The 80 % range's tails (issue 14, part 3): about 10 % of visitors wait longer than
its top and at most 13 % less than its bottom, in a quiet hall (many waits of zero) as
in a busy one; a new hall's ranges are no wider than learned ones."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import hallsim
from kiosk.core.wait.estimator import (
    Base,
    Calibrator,
    Estimator,
    Forecast,
    Settings,
    cold_factors,
)
from kiosk.core.wait.model import HallView, Learned, seconds
from kiosk.core.wait.replay import Record, Replayer, replay
from kiosk.core.wait.trace import TraceRow


def tails(records: list[Record]) -> tuple[float, float]:
    """(share below the range, share above it) of the served tickets."""
    served = [r for r in records if r.row.outcome == "served" and r.row.wait_s is not None]
    below = sum(1 for r in served if (r.row.wait_s or 0.0) < r.forecast.low)
    above = sum(1 for r in served if (r.row.wait_s or 0.0) > r.forecast.high)
    return below / len(served), above / len(served)


def quiet_hall(days: int = 12) -> tuple[list, float]:  # type: ignore[type-arg]
    sc = dataclasses.replace(hallsim.SCENARIOS[0], days=days)
    assert sc.name == "quiet 0.50" and sc.at_once
    rows = sorted(hallsim.simulate(sc, 3), key=lambda r: (r.issued_at, r.ticket))
    first = min(r.issued_at for r in rows).date() + dt.timedelta(days=7)
    return rows, seconds(dt.datetime.combine(first, dt.time()))


def test_a_quiet_hall_with_many_waits_of_zero_gets_calibrated_tails() -> None:
    rows, start = quiet_hall()
    zero = sum(1 for r in rows if r.wait_s == 0) / len(rows)
    assert zero > 0.4  # a quiet hall: most visitors are called at once
    records = replay(rows, start)
    below, above = tails(records)
    assert below <= 0.13 and 0.07 <= above <= 0.13, (below, above)
    # Those called at once were told a range from zero ("under N minutes") mostly.
    at_once = [r for r in records if r.row.wait_s == 0]
    assert sum(1 for r in at_once if r.forecast.low == 0.0) >= 0.85 * len(at_once)
    # Without learning from the waits of zero (as before issue 14) the bottom of the
    # range is above most of them: the check above can fail.
    before = replay(rows, start, settings=Settings(zeros=0.0, tail_gain=0.0))
    assert tails(before)[0] > 0.3


class _NewHall(Estimator):
    """A new hall's estimator (its configured service minutes, nothing learned) that
    keeps a copy of every hall state it forecast while its range was cold: the replay
    changes its views in place, and their rates were worked out with what was learned
    then."""

    def __init__(self) -> None:
        super().__init__(Learned({k.code: k.mean_min * 60.0 for k in hallsim.KINDS}))
        self.cold: list[tuple[HallView, str, int, Forecast]] = []

    def forecast(
        self,
        view: HallView,
        service: str,
        klass: int,
        since: float | None = None,
        key: str | None = None,
        target: str | None = None,
    ) -> tuple[Base, Forecast]:
        base, forecast = super().forecast(view, service, klass, since, key, target)
        if self.calibrator.cold(base):
            state = dataclasses.replace(copy.deepcopy(view), rates=None)
            self.cold.append((state, service, klass, forecast))
        return base, forecast


def _new_and_learned(trace: list[TraceRow]) -> tuple[float, float, int]:
    """A new hall replays ``trace`` from its opening: the mean width of the ranges it gave
    while they were cold (fewer than 30 realised errors to read), the mean width of the
    ranges it gives for those very hall states once it has learned the whole trace, and
    how many of those states had every counter that serves the visitor busy."""
    hall = _NewHall()
    for _ in Replayer(hall).run(trace):
        pass
    cold = [forecast for _, _, _, forecast in hall.cold]
    learned = [
        Estimator.forecast(hall, state, service, klass) for state, service, klass, _ in hall.cold
    ]
    queued = sum(1 for base, _ in learned if not base.idle)
    width = sum(f.high - f.low for f in cold) / len(cold)
    return width, sum(f.high - f.low for _, f in learned) / len(learned), queued


@pytest.mark.parametrize("scenario", [0, 3], ids=["quiet 0.50", "load 0.95"])
def test_a_new_hall_starts_with_ranges_no_wider_than_learned_ones(scenario: int) -> None:
    """Issue 14, part 3: a new hall starts from its configured service minutes and
    counters, and the ranges it gives its first visitors (until 30 realised waits tell
    it better) are on average no wider than the ones it gives for the same hall states
    once it has learned nine days (seed 3; measured 2026-12-03: 55 s against 77 s in the
    quiet hall, where most visitors are called at once, 139 s against 359 s at load
    0.95)."""
    sc = dataclasses.replace(hallsim.SCENARIOS[scenario], days=9)
    trace = sorted(hallsim.simulate(sc, 3, pauses=True), key=lambda r: (r.issued_at, r.ticket))
    new, learned, queued = _new_and_learned(trace)
    assert queued >= 25  # enough visitors who queued: the widths say something
    assert 0 < new <= learned, (new, learned)


def _cold_and_learned(trace: list[TraceRow], begin: float) -> tuple[float, float]:
    """Mean widths of the cold calibration's ranges and of the learned ones on the
    learned model's states (service durations, wrap-ups and pauses learned)."""
    records = replay(trace, begin)
    cold = Calibrator(Settings())
    learned = sum(r.forecast.high - r.forecast.low for r in records) / len(records)
    fresh = [cold.forecast(r.base) for r in records]
    return sum(f.high - f.low for f in fresh) / len(fresh), learned


def test_the_cold_range_is_no_wider_than_the_learned_one_on_a_busy_halls_learned_states() -> None:
    """Stricter than part 3 asks: the cold range (the queue model's estimate, no
    realised wait) on the states of a model that has learned the hall, against the
    learned calibration on the same states (a busy hall)."""
    _, start = quiet_hall(9)
    sc = dataclasses.replace(hallsim.SCENARIOS[3], days=9)
    assert sc.name == "load 0.95"
    busy = sorted(hallsim.simulate(sc, 3), key=lambda r: (r.issued_at, r.ticket))
    new, learned = _cold_and_learned(busy, start)
    assert 0 < new <= learned, (new, learned)


@pytest.mark.xfail(
    strict=True,
    reason="stricter than issue 14's part 3 (which test_a_new_hall_starts_with_ranges_no_"
    "wider_than_learned_ones checks): on a learned model's states in the quiet hall the "
    "cold range is wider than the learned calibration's (seed 3, 9 days, with the "
    "counters' pauses: 33 s against 22 s; seed 2, 38 days: 228 s against 199 s for the "
    "visitors who find every counter busy with nobody ahead). The 10 % above the range "
    "is a share of all visitors; most of a quiet hall's are called at once and almost "
    "never wait past their range, so the learned calibration lets 35-39 % of those who "
    "queue wait past theirs; the cold range, with no realised wait, cannot know that "
    "share (docs/benchmarks.md, 'Reading the figures')",
)
def test_the_cold_range_is_no_wider_than_the_learned_one_on_a_quiet_halls_learned_states() -> None:
    rows, start = quiet_hall(9)
    new, learned = _cold_and_learned(rows, start)
    assert 0 < new <= learned, (new, learned)


def _base(wait: float, idle: bool) -> Base:
    return Base(0 if idle else 4, 0.0 if idle else 4.0, wait, idle, math.nan, 0.0, service="a")


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    zeros=st.floats(0.0, 0.7),
    spread=st.floats(0.1, 1.5),
)
def test_the_tails_settle_at_10_percent_each_whatever_the_waits(
    seed: int, zeros: float, spread: float
) -> None:
    """Waits with any share of zeros and any spread around the model's estimate: after
    a warm-up, about 10 % fall above the range and at most 13 % below it."""
    rng = random.Random(seed)
    cal = Calibrator(Settings())
    below = above = n = 0
    for i in range(4000):
        idle = rng.random() < zeros
        model = 0.0 if idle else rng.uniform(60.0, 1200.0)
        actual = 0.0 if idle else model * rng.lognormvariate(0.0, spread)
        base = _base(model, idle)
        fc = cal.forecast(base)
        if i >= 1000:
            n += 1
            below += actual < fc.low
            above += actual > fc.high
        cal.learn(base, fc.point, actual, fc.low, fc.high)
    assert below / n <= 0.13 and 0.07 <= above / n <= 0.13, (below / n, above / n)


def test_a_new_hall_narrows_its_range_with_the_calls_ahead() -> None:
    """The cold range's factors are the gamma quantiles of the wait until as many calls
    as are ahead (Wilson-Hilferty; exact values from the gamma distribution: shape 16,
    10th/90th percentiles 11.135/21.292, over the mean 16: 0.696/1.331), never wider than
    0.5-1.5 of the point: one call ahead keeps the widest."""
    assert cold_factors(1.0, (0.1, 0.9)) == (0.5, 1.5)
    low, high = cold_factors(16.0, (0.1, 0.9))
    assert low == pytest.approx(0.696, abs=0.004) and high == pytest.approx(1.331, abs=0.004)
    low30, high30 = cold_factors(30.0, (0.1, 0.9))
    assert low < low30 < 1.0 < high30 < high
    cal = Calibrator(Settings())
    many = Base(16, 16.0, 1800.0, False, math.nan, 0.0, capacity=16 / 1800.0, service="a")
    fc = cal.forecast(many)
    assert fc.point == pytest.approx(1800.0)
    assert fc.low == pytest.approx(0.696 * 1800.0, rel=0.01)
    assert fc.high == pytest.approx(1.331 * 1800.0, rel=0.01)
