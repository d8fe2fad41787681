"""The technician PIN: stored hashed, with a lockout after repeated failures."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from kiosk.core.clock import Clock

SCHEME = "pbkdf2_sha256"
ITERATIONS = 200_000


def hash_pin(pin: str, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    """``pbkdf2_sha256$ITERATIONS$SALT$HEX``: what the configuration stores."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt.encode("ascii"), iterations)
    return f"{SCHEME}${iterations}${salt}${digest.hex()}"


def valid_hash(encoded: str) -> bool:
    parts = encoded.split("$")
    return len(parts) == 4 and parts[0] == SCHEME and parts[1].isdigit() and len(parts[3]) == 64


def check_pin(pin: str, encoded: str) -> bool:
    scheme, iterations, salt, _ = encoded.split("$")
    if scheme != SCHEME:
        return False
    return hmac.compare_digest(hash_pin(pin, salt, int(iterations)), encoded)


class PinGate:
    """Counts failures; after ``max_attempts`` in a row the pad is locked for a while."""

    def __init__(self, encoded: str, clock: Clock, max_attempts: int = 5,
                 lockout: dt.timedelta = dt.timedelta(minutes=5)) -> None:  # fmt: skip
        self._encoded = encoded
        self._clock = clock
        self.max_attempts = max_attempts
        self.lockout = lockout
        self.failures = 0
        self.locked_until: dt.datetime | None = None

    def locked_for(self) -> dt.timedelta:
        """How long the pad stays locked (zero when open)."""
        if self.locked_until is None:
            return dt.timedelta(0)
        left = self.locked_until - self._clock.now()
        if left <= dt.timedelta(0):
            self.locked_until = None
            self.failures = 0
            return dt.timedelta(0)
        return left

    def attempt(self, pin: str) -> bool:
        """True when the PIN is right and the pad is not locked."""
        if self.locked_for() > dt.timedelta(0):
            return False
        if check_pin(pin, self._encoded):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= self.max_attempts:
            self.locked_until = self._clock.now() + self.lockout
        return False

    @property
    def attempts_left(self) -> int:
        return max(self.max_attempts - self.failures, 0)
