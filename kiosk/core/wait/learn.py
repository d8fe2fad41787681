"""What the estimator learns from the past, online, one event at a time.

Every statistic here is fed only with what has already happened (a service that
ended, a visitor who left, a ticket that was called), so a replay in time order
never sees the future. Recent history weighs more: halls change staff and habits.
"""

from __future__ import annotations

import bisect
import collections
import itertools
import math

import numpy as np


class Durations:
    """The last ``size`` durations of one kind (seconds), kept sorted, with the mean
    and the mean residual life (how much longer, given how long it has lasted).

    Kept sorted as they come while they are read; after ``LAZY`` durations added with
    no read between (replaying history that nothing forecasts from, a kind rarely
    read) only their order is kept, and the first read sorts them once."""

    LAZY = 32

    __slots__ = (
        "_array",
        "_mean",
        "_order",
        "_prefix",
        "_reads",
        "_sorted",
        "_unread",
        "changes",
        "size",
    )

    def __init__(self, size: int = 400) -> None:
        self.size = size
        self.changes = 0  # durations added so far: what was read from it still holds
        self._order: collections.deque[float] = collections.deque()
        self._sorted: list[float] | None = []  # None: not sorted since the last adds
        self._unread = 0  # durations added since the sorted ones were last read
        self._prefix: list[float] | None = None
        self._mean: float | None = None  # read far more often than it changes
        self._reads = 0  # residuals asked since the last change
        self._array: np.ndarray | None = None  # the sorted durations as a numpy array, when asked

    def __len__(self) -> int:
        return len(self._order)

    def add(self, value: float) -> None:
        value = max(0.0, value)
        order = self._order
        order.append(value)
        ordered = self._sorted
        if ordered is not None and self._unread < self.LAZY:
            bisect.insort(ordered, value)
            if len(order) > self.size:
                del ordered[bisect.bisect_left(ordered, order.popleft())]
        else:  # sorted at the next read (the same values, so the same sorted list)
            self._sorted = None
            if len(order) > self.size:
                order.popleft()
        self._unread += 1
        self._prefix = None
        self._mean = None
        self._reads = 0
        self.changes += 1
        self._array = None

    def _ordered(self) -> list[float]:
        """The durations sorted, as they are read (``_unread`` 0: ``_sorted`` is current)."""
        ordered = self._sorted
        if ordered is None:
            ordered = self._sorted = sorted(self._order)
        self._unread = 0
        return ordered

    def values(self) -> list[float]:
        """The durations kept, sorted (a copy)."""
        return list(self._ordered())

    def array(self) -> np.ndarray:
        """The durations kept, sorted, as a numpy array (kept until the next change)."""
        if self._array is None:
            self._array = np.asarray(self._ordered(), dtype=float)
        return self._array

    def longest(self) -> float:
        """The longest duration kept (-inf if none)."""
        ordered = self._ordered()
        return ordered[-1] if ordered else -math.inf

    def mean(self) -> float:
        if self._mean is None:
            ordered = self._ordered()
            self._mean = sum(ordered) / len(ordered) if ordered else math.nan
        return self._mean

    def residual(self, elapsed: float) -> float:
        """E[S - elapsed | S > elapsed]; past the longest one seen, a tenth of the mean
        (the service is about to end, or it is an outlier we cannot learn from)."""
        ordered = self._ordered() if self._unread else self._sorted
        assert ordered is not None
        n = len(ordered)
        if n == 0:
            return math.nan
        i = bisect.bisect_right(ordered, elapsed)
        if i >= n:
            return max(1.0, 0.1 * self.mean())
        sums = self._prefix
        if sums is None:
            self._reads += 1
            if self._reads < 4:  # it may change before it pays
                return sum(ordered[i:]) / (n - i) - elapsed
            sums = self._prefix = list(itertools.accumulate(ordered, initial=0.0))
        return (sums[n] - sums[i]) / (n - i) - elapsed

    def quantile(self, q: float) -> float:
        ordered = self._ordered()
        if not ordered:
            return math.nan
        k = min(len(ordered) - 1, max(0, int(q * len(ordered))))
        return ordered[k]


class Ewma:
    """An exponentially weighted mean that forgets with a half-life in samples; the
    weight of what it has seen tells whether it can be trusted yet."""

    __slots__ = ("alpha", "value", "weight")

    def __init__(self, half_life: float = 200.0) -> None:
        self.alpha = 1.0 - 0.5 ** (1.0 / half_life)
        self.value = 0.0
        self.weight = 0.0

    def add(self, x: float) -> None:
        self.weight = self.weight * (1.0 - self.alpha) + self.alpha
        self.value += (x - self.value) * (self.alpha / self.weight)

    def get(self, default: float, min_weight: float = 0.0) -> float:
        return self.value if self.weight > min_weight and self.weight > 0 else default


class Rate:
    """Events per second over a sliding window (arrivals of a kind)."""

    __slots__ = ("_times", "window")

    def __init__(self, window: float = 1800.0) -> None:
        self.window = window
        self._times: collections.deque[float] = collections.deque()

    def add(self, at: float) -> None:
        self._times.append(at)

    def per_second(self, now: float) -> float:
        times = self._times
        while times and times[0] < now - self.window:
            times.popleft()
        return len(times) / self.window


class Hazard:
    """Abandonment: visitors who left per second of waiting, forgetting slowly.

    Each finished wait adds its length to the exposure, and one event if the visitor
    left; the rate is events over exposure (the exponential patience estimate)."""

    __slots__ = ("decay", "events", "exposure")

    def __init__(self, decay: float = 0.998) -> None:
        self.decay = decay
        self.events = 0.0
        self.exposure = 0.0

    def add(self, waited: float, left: bool) -> None:
        self.events = self.events * self.decay + (1.0 if left else 0.0)
        self.exposure = self.exposure * self.decay + max(0.0, waited)

    def rate(self) -> float:
        return self.events / self.exposure if self.exposure > 60.0 else 0.0
