"""The wait promise check: when the ranges the kiosk quotes stop holding, recalibrate.

The report's wait promise (``promise_kept``, docs/reports.md) is the share of served
tickets whose wait fell inside the range quoted at their issue, in the whole minutes
the kiosk shows (low·60 ≤ wait ≤ high·60). The estimator's ranges are meant to hold
for 80 % of visitors; a hall whose promise stays below 75 % for a whole day has
changed in a way the calibration does not follow (new staff, new habits, a new
business type): the check says so, with the reason, and the live estimator starts
its calibration afresh from the most recent day.

Pure arithmetic on times in seconds (kiosk.core.wait.model.seconds); the caller says
what time it is.
"""

from __future__ import annotations

import bisect
import dataclasses

DAY_S = 86_400.0


@dataclasses.dataclass(frozen=True, slots=True)
class Recalibration:
    """Why the calibration starts afresh."""

    kept: int
    quoted: int
    below_since: float  # when the promise went below the floor (seconds)
    at: float
    floor: float = 0.75

    @property
    def share(self) -> float:
        return self.kept / self.quoted

    def reason(self) -> str:
        hours = (self.at - self.below_since) / 3600.0
        return (
            f"wait promise kept for {self.kept} of {self.quoted} quoted waits in the last "
            f"24 h ({100 * self.share:.0f} %), below {100 * self.floor:.0f} % for {hours:.0f} h: "
            f"the ranges no "
            f"longer fit the hall, recalibrating from the last day"
        )


class PromiseCheck:
    """The wait promise of the last day, and how long it has stayed below the floor.

    ``add`` each served ticket with the range it was quoted (seconds, as the kiosk
    shows it) and its wait, at the moment it was called; ``check`` at each learning.
    Fewer than ``least`` quoted waits in the last day say nothing either way."""

    def __init__(self, floor: float = 0.75, span: float = DAY_S, least: int = 20) -> None:
        self.floor = floor
        self.span = span
        self.least = least
        self._seen: list[tuple[float, bool]] = []  # (at, kept), sorted by time
        self._kept = 0
        self.below_since: float | None = None

    def add(self, at: float, low_s: float, high_s: float, waited_s: float) -> None:
        kept = low_s <= waited_s <= high_s
        seen = self._seen
        if seen and at < seen[-1][0]:  # out of order (called after a later one)
            bisect.insort(seen, (at, kept))
        else:
            seen.append((at, kept))
        self._kept += kept

    def share(self, now: float) -> tuple[int, int]:
        """(kept, quoted) over the last ``span`` seconds before ``now``."""
        seen = self._seen
        old = bisect.bisect_left(seen, (now - self.span, False))
        if old:
            self._kept -= sum(1 for _, kept in seen[:old] if kept)
            del seen[:old]
        return self._kept, len(seen)

    def check(self, now: float) -> Recalibration | None:
        """A recalibration when the promise has stayed below the floor for ``span``
        (then the check starts afresh: the quotes so far came from the old calibration)."""
        kept, quoted = self.share(now)
        if quoted < self.least:
            return None
        if kept >= self.floor * quoted:
            self.below_since = None
            return None
        if self.below_since is None:
            self.below_since = now
        if now - self.below_since < self.span:
            return None
        found = Recalibration(kept, quoted, self.below_since, now, self.floor)
        self.reset()
        return found

    def reset(self) -> None:
        self._seen.clear()
        self._kept = 0
        self.below_since = None
