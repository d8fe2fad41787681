"""Busy hours: the hall's typical load by hour of day, from its history."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping


@dataclasses.dataclass(frozen=True)
class HourlyLoad:
    """Average tickets issued per hour of the day, over the days with any ticket."""

    per_hour: tuple[float, ...]  # 24 values
    days: int  # how many days of history the figures come from

    @property
    def busiest(self) -> int:
        return max(range(24), key=lambda h: self.per_hour[h])

    def quiet_hours(self, open_hours: Iterable[int]) -> list[int]:
        """Open hours with at most half the load of the busiest hour."""
        peak = max(self.per_hour) or 1.0
        return [h for h in open_hours if self.per_hour[h] <= peak / 2]


def hourly_load(issued: Iterable[dt.datetime]) -> HourlyLoad:
    counts = [0] * 24
    days: set[dt.date] = set()
    for moment in issued:
        counts[moment.hour] += 1
        days.add(moment.date())
    n = max(len(days), 1)
    return HourlyLoad(tuple(c / n for c in counts), len(days))


def profile_load(profile: Mapping[int, float], days: int = 0) -> HourlyLoad:
    """A load from a shipped profile (hour -> tickets), used until history exists."""
    return HourlyLoad(tuple(float(profile.get(h, 0.0)) for h in range(24)), days)
