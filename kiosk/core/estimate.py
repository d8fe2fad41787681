"""Expected waits shown before a visitor queues.

This is the simple estimator (people ahead × service time ÷ counters serving the
business type), behind the :class:`WaitEstimator` protocol so that the learned
estimator of the wait-estimation issue replaces it without touching any window.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Protocol

from kiosk.core.model import CounterState, Priority, Service


@dataclasses.dataclass(frozen=True)
class WaitEstimate:
    """People ahead and an 80 % range of the wait, in whole minutes."""

    ahead: int
    low_min: int
    high_min: int

    @property
    def is_short(self) -> bool:
        """Shown as "less than N minutes"."""
        return self.low_min == 0


@dataclasses.dataclass(frozen=True)
class QueueSnapshot:
    """What an estimate needs from the live hall, for one business type."""

    service: Service
    waiting: int  # waiting tickets of this business type, before the new one
    priority_waiting: int
    counters: tuple[CounterState, ...]  # state of every counter that serves it


class WaitEstimator(Protocol):
    def estimate(self, snapshot: QueueSnapshot, priority: Priority) -> WaitEstimate: ...


class SimpleEstimator:
    """ahead × configured service time ÷ staffed counters, widened to a range.

    Counters that are open or serving count fully, paused ones half (they come back);
    with none staffed the estimate assumes one counter will open. The range is
    ±35 % around the point, never 0 minutes with people ahead.
    """

    spread = 0.35

    def estimate(self, snapshot: QueueSnapshot, priority: Priority) -> WaitEstimate:
        ahead = snapshot.priority_waiting if priority > Priority.NORMAL else snapshot.waiting
        staffed = sum(
            1.0 if s in (CounterState.OPEN, CounterState.SERVING) else 0.5
            for s in snapshot.counters
            if s is not CounterState.CLOSED
        )
        point = ahead * snapshot.service.default_service_minutes / max(staffed, 1.0)
        if ahead == 0:
            return WaitEstimate(
                0, 0, max(1, math.ceil(snapshot.service.default_service_minutes / 2))
            )
        low = max(1, math.floor(point * (1 - self.spread)))
        high = max(low + 1, math.ceil(point * (1 + self.spread)))
        return WaitEstimate(ahead, low, high)
