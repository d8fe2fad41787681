"""When the first of several running jobs ends: E[min] of their residual lives.

Each busy counter's job has lasted ``elapsed`` seconds; its remaining time is read from
the learned durations of its business type (empirical survival S(t + e) / S(e)), plus
the counter's after-call work (a fixed shift). The first counter to be able to call is
the minimum of those; its expected value is ∫ Π_i P(R_i > t) dt, computed on a grid.
The mean of the minimum, not the minimum of the means: with one long-tailed job it is
its mean residual; with several, the first to end comes much sooner than any one's mean
(``1 / Σ 1/residual_i`` assumes memoryless jobs)."""

from __future__ import annotations

import math

import numpy as np

GRID = 96  # points of the grid the survival curves are read on


def first_end(jobs: list[tuple[np.ndarray | None, float, float, float]]) -> float:
    """E[min_i R_i] for jobs given as (sorted durations or None, elapsed, shift, mean
    residual): R_i = the rest of a duration drawn from the durations longer than
    ``elapsed`` (or, with None or none longer, an exponential of the ``mean residual``),
    plus ``shift`` seconds. 0 with no jobs."""
    if not jobs:
        return 0.0
    # the horizon: no job can last beyond its longest duration's rest (or 8 means)
    top = math.inf
    for durations, elapsed, shift, mean in jobs:
        if durations is not None and len(durations) and durations[-1] > elapsed:
            end = float(durations[-1]) - elapsed
        else:
            end = 8.0 * max(1.0, mean)
        top = min(top, end + shift)
    t = np.linspace(0.0, top, GRID)
    alive = np.ones(GRID)
    for durations, elapsed, shift, mean in jobs:
        s = t - shift  # the job's own clock: before 0 it has not even ended
        if durations is not None and len(durations) and durations[-1] > elapsed:
            n = len(durations)
            base = n - np.searchsorted(durations, elapsed, side="right")
            left = n - np.searchsorted(durations, elapsed + np.maximum(s, 0.0), side="right")
            surv = left / base
        else:
            surv = np.exp(-np.maximum(s, 0.0) / max(1.0, mean))
        alive *= surv
    # the survival of the minimum, integrated (trapezoids) from 0 to the horizon
    return float(np.sum((alive[1:] + alive[:-1]) * 0.5) * (top / (GRID - 1)))
