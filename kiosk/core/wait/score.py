"""How good a wait predictor is: the figures of `kiosk bench wait`."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence


@dataclasses.dataclass(frozen=True, slots=True)
class Score:
    n: int
    rmse: float
    mae: float
    rrase: float  # RMSE / mean actual wait
    bias: float  # mean of predicted - actual
    within: float  # share within max(60 s, 20 % of the actual wait)
    coverage: float  # share of actual waits inside [low, high]; nan without a range
    width: float  # mean high - low; nan without a range
    below: float = math.nan  # share of actual waits under low (the range's low tail)
    above: float = math.nan  # share over high (its high tail)


def score(
    actual: Sequence[float],
    predicted: Sequence[float],
    low: Sequence[float] | None = None,
    high: Sequence[float] | None = None,
) -> Score:
    n = len(actual)
    if n == 0:
        return Score(0, *(math.nan,) * 7)
    errors = [p - a for p, a in zip(predicted, actual, strict=True)]
    rmse = math.sqrt(sum(e * e for e in errors) / n)
    mean_actual = sum(actual) / n
    within = sum(1 for e, a in zip(errors, actual, strict=True) if abs(e) <= max(60.0, 0.2 * a))
    coverage = width = below = above = math.nan
    if low is not None and high is not None:
        inside = sum(1 for a, lo, hi in zip(actual, low, high, strict=True) if lo <= a <= hi)
        coverage = inside / n
        width = sum(hi - lo for lo, hi in zip(low, high, strict=True)) / n
        below = sum(1 for a, lo in zip(actual, low, strict=True) if a < lo) / n
        above = sum(1 for a, hi in zip(actual, high, strict=True) if a > hi) / n
    return Score(
        n,
        rmse,
        sum(abs(e) for e in errors) / n,
        rmse / mean_actual if mean_actual > 0 else math.nan,
        sum(errors) / n,
        within / n,
        coverage,
        width,
        below,
        above,
    )
