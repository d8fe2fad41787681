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
from collections.abc import Sequence

import numpy as np

GRID = 48  # points of the grid the survival curves are read on
HORIZON = 8.0  # the grid ends at this many times 1 / Σ 1/mean residual_i (the first
# end of memoryless jobs of the same means), at the most

Group = tuple[np.ndarray, list[float], list[float]]
"""Jobs read from the same learned durations: (the durations sorted, each job's elapsed
seconds, each job's shift), every elapsed time shorter than the longest duration."""


def first_end(
    groups: list[Group], memoryless: Sequence[tuple[float, float]] = (), top: float = math.inf
) -> float:
    """E[min_i R_i]: for each job of ``groups``, R_i = the rest of a duration drawn from
    its durations longer than its elapsed time, plus its shift (after-call work); for
    each (shift, mean) of ``memoryless``, an exponential of that mean (at least 1 s) after
    the shift (a job past every duration seen, a cold one, a counter in its wrap-up).
    The grid ends at ``top`` (the caller's bound: HORIZON times the first end of
    memoryless jobs of the same means; beyond it the first end's survival is negligible)
    or where a job surely has ended. 0 with no jobs."""
    groups = [g for g in groups if g[1]]
    if not groups and not memoryless:
        return 0.0
    for after, mean in memoryless:
        top = min(top, HORIZON * (max(1.0, mean) + after))
    if groups:
        # every durations array in one sorted array, each moved past the one before, so
        # one search reads every job's survival S(elapsed + s) / S(elapsed)
        step = max(float(d[-1]) for d, _, _ in groups) + 1.0
        big = np.concatenate([d + g * step for g, (d, _, _) in enumerate(groups)])
        start = np.concatenate(
            [np.asarray(e, dtype=float) + g * step for g, (_, e, _) in enumerate(groups)]
        )
        shift = np.concatenate([np.asarray(s, dtype=float) for _, _, s in groups])
        end = np.repeat(np.cumsum([len(d) for d, _, _ in groups]), [len(e) for _, e, _ in groups])
        top = min(top, float(np.min(big[end - 1] - start + shift)))
    t = np.linspace(0.0, top, GRID)
    alive = np.ones(GRID)
    if groups:
        base = end - np.searchsorted(big, start, side="right")  # longer than elapsed
        s = np.maximum(t[None, :] - shift[:, None], 0.0)  # each job's own clock
        left = end[:, None] - np.searchsorted(big, start[:, None] + s, side="right")
        alive *= np.prod(np.maximum(left, 0) / base[:, None], axis=0)
    for after, mean in memoryless:
        alive *= np.exp(-np.maximum(t - after, 0.0) / max(1.0, mean))
    # the survival of the first end, integrated (trapezoids) from 0 to the horizon
    return float(np.sum((alive[1:] + alive[:-1]) * 0.5) * (top / (GRID - 1)))
