"""Request-rate limits: a token bucket per key (a client address, a PC), bounded in memory.
The API's token gate (kiosk.server.tokens) and the ticket pages (kiosk.server.phone) share it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

MAX_ADDRESSES = 20_000  # buckets kept; full ones are dropped first when there are more


class RateLimit:
    """``per_minute`` requests a minute per address, with bursts up to ``burst``.

    ``monotonic`` is injected so that a test can run out of tokens without waiting."""

    def __init__(
        self, per_minute: int, burst: int, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_minute = per_minute
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._now = monotonic
        self._buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens, at)
        self._lock = threading.Lock()  # the API's handlers run on several threads

    def take(self, address: str) -> float:
        """0 when the request may go on, else the seconds until it may (Retry-After)."""
        with self._lock:
            return self._take(address)

    def _take(self, address: str) -> float:
        now = self._now()
        tokens, at = self._buckets.get(address, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        if tokens < 1.0:
            self._buckets[address] = (tokens, now)
            return (1.0 - tokens) / self.rate
        self._buckets[address] = (tokens - 1.0, now)
        if len(self._buckets) > MAX_ADDRESSES:
            self._prune(now)
        return 0.0

    def _prune(self, now: float) -> None:
        full = [
            a for a, (t, at) in self._buckets.items() if t + (now - at) * self.rate >= self.burst
        ]
        for address in full:
            del self._buckets[address]
        while len(self._buckets) > MAX_ADDRESSES:  # all busy: forget the oldest
            del self._buckets[next(iter(self._buckets))]
