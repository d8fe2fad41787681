"""When the first of the busy counters ends its job (issue 14, ``Settings.minres``):
E[min] of their residual jobs from the learned durations, against sums worked out by
hand; the calibration sees it in the simulated halls, not on the bank log."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from benchmarks import anonbank
from kiosk.core.wait.estimator import FIRST_END_JOBS, Base, Calibrator, QueueModel, Settings
from kiosk.core.wait.model import Desk, HallView, Learned
from kiosk.core.wait.order import HORIZON
from kiosk.core.wait.order import first_end as grouped


def first_end(jobs: list[tuple[np.ndarray | None, float, float, float]]) -> float:
    """E[min] of jobs (durations or None, elapsed, shift, mean residual)."""
    groups: dict[int, tuple[np.ndarray, list[float], list[float]]] = {}
    memoryless = []
    for durations, elapsed, shift, mean in jobs:
        if durations is None or durations[-1] <= elapsed:
            memoryless.append((shift, mean))
            continue
        group = groups.setdefault(id(durations), (durations, [], []))
        group[1].append(elapsed)
        group[2].append(shift)
    # the grid's bound, as the estimator gives it: 8 x the first end of memoryless jobs
    soon = sum(1.0 / max(1.0, mean + shift) for _, _, shift, mean in jobs)
    top = HORIZON / soon if soon else math.inf
    return grouped(list(groups.values()), memoryless, top)


FOUR = np.array([100.0, 200.0, 300.0, 400.0])  # equally likely durations (mean 250;
# 150 s in, the mean residual is 150)


def test_one_job_is_its_mean_residual() -> None:
    # (100 + 200 + 300 + 400) / 4 = 250; after 150 s: (50 + 150 + 250) / 3 = 150
    assert first_end([(FOUR, 0.0, 0.0, 250.0)]) == pytest.approx(250.0, rel=0.015)
    assert first_end([(FOUR, 150.0, 0.0, 150.0)]) == pytest.approx(150.0, rel=0.015)


def test_the_first_of_two_jobs_ends_sooner_than_either_mean() -> None:
    # P(min > t) = S(t)^2: 1 to 100 s, 9/16 to 200, 4/16 to 300, 1/16 to 400:
    # 100 * (1 + 0.5625 + 0.25 + 0.0625) = 187.5 (the mean residual of each is 250)
    assert first_end([(FOUR, 0.0, 0.0, 250.0)] * 2) == pytest.approx(187.5, rel=0.015)
    # both 150 s in: 50 + 100 * (2/3)^2 + 100 * (1/3)^2 = 105.6
    assert first_end([(FOUR, 150.0, 0.0, 150.0)] * 2) == pytest.approx(105.56, rel=0.015)
    # one fresh, one 150 s in: 50 + 50 * 2/3 + 50 * 3/4 * 2/3 + 50 * 3/4 * 1/3
    # + 50 * 1/2 * 1/3 = 129.2
    pair = [(FOUR, 0.0, 0.0, 250.0), (FOUR, 150.0, 0.0, 150.0)]
    assert first_end(pair) == pytest.approx(129.17, rel=0.015)


def test_after_call_work_shifts_a_job_and_a_counter_in_its_wrap_up_is_free_after_it() -> None:
    # 30 s of wrap-up after a job 150 s in: 30 + 150
    assert first_end([(FOUR, 150.0, 30.0, 150.0)]) == pytest.approx(180.0, rel=0.015)
    # a counter in its wrap-up for 30 more seconds comes first (and an exponential of
    # at least 1 s after it: 31 s, to a grid step)
    wrapping = (None, 0.0, 30.0, 0.0)
    assert first_end([wrapping, (FOUR, 0.0, 0.0, 250.0)]) == pytest.approx(31.0, abs=1.0)


def test_past_the_longest_seen_the_rest_is_exponential() -> None:
    # 500 s in, longer than every duration seen: an exponential of the mean residual given
    assert first_end([(FOUR, 500.0, 0.0, 40.0)]) == pytest.approx(40.0, rel=0.02)
    assert first_end([(None, 0.0, 0.0, 120.0)]) == pytest.approx(120.0, rel=0.02)
    assert first_end([]) == 0.0


def learned_four() -> Learned:
    learned = Learned()
    for _ in range(10):
        for d in FOUR:
            learned.finished("complaint", "", float(d), 0.0)
    return learned


def test_the_model_gives_the_first_end_of_the_busy_counters_that_may_call() -> None:
    learned = learned_four()
    now = 1000.0
    desks = [
        Desk("3", ("complaint",), busy_service="complaint", busy_since=now),
        Desk("5", ("complaint",), busy_service="complaint", busy_since=now - 150.0),
        Desk("1", ("bill",)),  # free, but does not serve complaints
    ]
    base = QueueModel(learned).base(HallView(now, [], desks), "complaint", 0)
    assert base.first_min == pytest.approx(129.17, rel=0.015)
    assert base.first == pytest.approx(150.0)  # the least mean residual, as before
    off = QueueModel(learned, Settings(minres=0.0)).base(HallView(now, [], desks), "complaint", 0)
    assert off.first_min == off.first == base.first
    # a free counter that may call it: the first end of the busy ones if it did not call
    desks.append(Desk("6", ("complaint",)))
    free = QueueModel(learned).base(HallView(now, [], desks), "complaint", 0)
    assert free.idle is True and free.first == 0.0
    assert free.first_min == pytest.approx(129.17, rel=0.015)
    # nobody busy: nothing to wait for
    alone = [Desk("6", ("complaint",)), Desk("1", ("bill",), busy_service="bill", busy_since=0.0)]
    assert QueueModel(learned).base(HallView(now, [], alone), "complaint", 0).first_min == 0.0


def test_the_calibration_sees_it_in_the_halls_not_on_the_bank_log() -> None:
    assert anonbank.SETTINGS.minres == 0.0 and Settings().minres > 0.0
    base = Base(1, 1.0, 300.0, False, math.nan, 0.0, first=150.0, first_min=120.0)
    hall = Calibrator(Settings()).features(base)
    assert hall[-1] == pytest.approx(2.0)  # minutes
    off = Calibrator(dataclasses.replace(Settings(), minres=0.0)).features(base)
    assert hall[:-1] == off


def test_many_running_jobs_take_the_memoryless_first_end() -> None:
    """Past FIRST_END_JOBS (a big hall), 1 / Σ 1/residual: nine jobs 150 s in, each with
    a mean residual of 150 s: 150 / 9."""
    learned = learned_four()
    now = 1000.0
    desks = [
        Desk(str(n), ("complaint",), busy_service="complaint", busy_since=now - 150.0)
        for n in range(FIRST_END_JOBS + 1)
    ]
    base = QueueModel(learned).base(HallView(now, [], desks), "complaint", 0)
    assert base.first_min == pytest.approx(150.0 / 9)
    # eight: E[min] of eight, 50 + 100 * (2/3)^8 + 100 * (1/3)^8 = 53.9
    base = QueueModel(learned).base(HallView(now, [], desks[:-1]), "complaint", 0)
    assert base.first_min == pytest.approx(53.92, rel=0.015)
