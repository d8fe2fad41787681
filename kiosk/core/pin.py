"""The technician PIN: stored hashed, with a lockout after repeated failures.

The failures and the lockout live in a :class:`PinStore` (the hall's store), so
restarting the technician panel, or opening it in another process, buys no new tries.
A hall whose configuration sets no PIN of its own has none until the first
technician chooses one at the pad; that hash is kept in the same store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from typing import Protocol

from kiosk.core.clock import Clock

SCHEME = "pbkdf2_sha256"
ITERATIONS = 200_000
# A stored hash outside these bounds is refused when the configuration is read: fewer
# iterations make a stolen hash cheap to try; more would keep the pad checking for
# minutes (0 made hashlib raise: the panel could never be unlocked).
MIN_ITERATIONS = 1_000
MAX_ITERATIONS = 2_000_000
PIN_DIGITS = (4, 12)

_SALT = re.compile(r"[A-Za-z0-9._+/-]{1,64}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
# ASCII digits only: str.isdigit() and re's \d also take full-width (１２３４) and
# Arabic-Indic (١٢٣٤) digits, which the pad cannot type.
_PIN = re.compile(rf"[0-9]{{{PIN_DIGITS[0]},{PIN_DIGITS[1]}}}")


def hash_pin(pin: str, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    """``pbkdf2_sha256$ITERATIONS$SALT$HEX``: what the configuration stores."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt.encode("ascii"), iterations)
    return f"{SCHEME}${iterations}${salt}${digest.hex()}"


def hash_problem(encoded: str) -> str | None:
    """What is wrong with a stored hash (None: nothing), for the configuration's error."""
    parts = encoded.split("$")
    if len(parts) != 4 or parts[0] != SCHEME:
        return f'expected "{SCHEME}$ITERATIONS$SALT$HEX" from `kiosk config hash-pin`'
    _, iterations, salt, digest = parts
    if not (iterations.isascii() and iterations.isdigit()) or iterations[:1] == "0" != iterations:
        return f"the iterations {iterations!r} are not a whole number"
    if len(iterations) > 9 or not MIN_ITERATIONS <= int(iterations) <= MAX_ITERATIONS:
        return f"the iterations {iterations} are not between {MIN_ITERATIONS} and {MAX_ITERATIONS}"
    if not _SALT.fullmatch(salt):
        return f"the salt {salt!r} is not 1 to 64 ASCII letters, digits or ._+/-"
    if not _DIGEST.fullmatch(digest):
        return "the digest is not 64 lower-case hexadecimal digits"
    return None


def valid_hash(encoded: str) -> bool:
    return hash_problem(encoded) is None


def valid_pin(pin: str) -> bool:
    """4 to 12 ASCII digits: what the pad can type."""
    return _PIN.fullmatch(pin) is not None


def check_pin(pin: str, encoded: str) -> bool:
    scheme, iterations, salt, _ = encoded.split("$")
    if scheme != SCHEME:
        return False
    return hmac.compare_digest(hash_pin(pin, salt, int(iterations)), encoded)


# -- the persistent record -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PinRecord:
    """What the store keeps of the technician PIN."""

    failures: int = 0  # wrong PINs in a row (an attempt counts from before its check)
    locked_until: dt.datetime | None = None
    chosen_hash: str | None = None  # the PIN chosen at the pad when the configuration has none


class PinStore(Protocol):
    """Where the PIN's record lives: every process of the hall sees the same one."""

    def read_pin(self) -> PinRecord: ...

    def change_pin(self, change: Callable[[PinRecord], PinRecord]) -> PinRecord:
        """Apply ``change`` to the record in one write transaction; the new record."""
        ...


class MemoryPinStore:
    """The PinStore of one process, for tests of the rules."""

    def __init__(self, record: PinRecord | None = None) -> None:
        self.record = record or PinRecord()

    def read_pin(self) -> PinRecord:
        return self.record

    def change_pin(self, change: Callable[[PinRecord], PinRecord]) -> PinRecord:
        self.record = change(self.record)
        return self.record


# -- the gate ----------------------------------------------------------------------------


class PinCheck(enum.StrEnum):
    """The gate's answer to a PIN."""

    RIGHT = "right"
    WRONG = "wrong"  # counted; GateState says how many tries are left, or the lockout
    LOCKED = "locked"  # refused unchecked: the pad is locked
    NOT_SET = "not_set"  # the hall has no PIN yet: choose one


class PinChoice(enum.StrEnum):
    """The gate's answer to a new PIN chosen at the pad."""

    SET = "set"
    INVALID = "invalid"  # not 4 to 12 ASCII digits
    ALREADY_SET = "already_set"  # the hall has a PIN (configured, or chosen meanwhile)


@dataclasses.dataclass(frozen=True)
class GateState:
    """What the pad shows before and after a try."""

    attempts_left: int
    locked_until: dt.datetime | None = None
    needs_pin: bool = False  # no PIN yet: the first technician chooses one

    def locked_for(self, now: dt.datetime) -> dt.timedelta:
        """How long the pad stays locked (zero when open)."""
        if self.locked_until is None or self.locked_until <= now:
            return dt.timedelta(0)
        return self.locked_until - now


class PinGate:
    """Counts failures; after ``max_attempts`` in a row the pad is locked for a while.

    ``configured``: the hash the hall's configuration sets, or None when it sets none
    (then the one chosen at the pad, kept in the store). Every method reads or writes the
    store: call them off the UI thread.
    """

    def __init__(
        self,
        configured: str | None,
        store: PinStore,
        clock: Clock,
        max_attempts: int = 5,
        lockout: dt.timedelta = dt.timedelta(minutes=5),
    ) -> None:
        self._configured = configured
        self._store = store
        self._clock = clock
        self.max_attempts = max_attempts
        self.lockout = lockout

    def _expired(self, record: PinRecord, now: dt.datetime) -> PinRecord:
        """A lockout the clock has passed is over, and its failures with it."""
        if record.locked_until is not None and record.locked_until <= now:
            return dataclasses.replace(record, failures=0, locked_until=None)
        return record

    def _state(self, record: PinRecord, now: dt.datetime) -> GateState:
        record = self._expired(record, now)
        return GateState(
            attempts_left=max(self.max_attempts - record.failures, 0),
            locked_until=record.locked_until,
            needs_pin=(self._configured or record.chosen_hash) is None,
        )

    def state(self) -> GateState:
        return self._state(self._store.read_pin(), self._clock.now())

    def attempt(self, pin: str) -> tuple[PinCheck, GateState]:
        """Check a PIN, unless the pad is locked.

        The try is counted as a failure *before* the (slow) check, in its own
        transaction: killing the process during the check, or trying from several
        processes at once, buys no extra tries. A right PIN then clears the count."""
        now = self._clock.now()
        refused = False

        def reserve(record: PinRecord) -> PinRecord:
            nonlocal refused
            record = self._expired(record, now)
            if record.locked_until is not None or (self._configured or record.chosen_hash) is None:
                refused = True
                return record
            failures = record.failures + 1
            locked = now + self.lockout if failures >= self.max_attempts else None
            return dataclasses.replace(record, failures=failures, locked_until=locked)

        record = self._store.change_pin(reserve)
        encoded = self._configured or record.chosen_hash
        if encoded is None:
            return PinCheck.NOT_SET, self._state(record, now)
        if refused:
            return PinCheck.LOCKED, self._state(record, now)
        if check_pin(pin, encoded):
            record = self._store.change_pin(
                lambda r: dataclasses.replace(r, failures=0, locked_until=None)
            )
            return PinCheck.RIGHT, self._state(record, now)
        return PinCheck.WRONG, self._state(record, now)

    def choose(self, pin: str) -> tuple[PinChoice, GateState]:
        """Keep a new PIN for a hall that has none; never replaces one."""
        now = self._clock.now()
        if not valid_pin(pin):
            return PinChoice.INVALID, self.state()
        if self._configured is not None:
            return PinChoice.ALREADY_SET, self.state()
        encoded = hash_pin(pin)  # the slow part, outside the transaction
        taken = False

        def keep(record: PinRecord) -> PinRecord:
            nonlocal taken
            if record.chosen_hash is not None:  # another panel chose first
                taken = True
                return record
            return PinRecord(failures=0, locked_until=None, chosen_hash=encoded)

        record = self._store.change_pin(keep)
        return (PinChoice.ALREADY_SET if taken else PinChoice.SET), self._state(record, now)
