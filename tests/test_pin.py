"""The technician PIN: hashed in the configuration, locked after repeated failures."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import config
from kiosk.core.clock import ManualClock
from kiosk.core.pin import ITERATIONS, SCHEME, PinGate, check_pin, hash_pin, valid_hash

FAST = 1_000  # iterations for the gate tests; the scheme is the same at any count
LOCKOUT = dt.timedelta(minutes=5)


@pytest.fixture
def gate(clock: ManualClock) -> PinGate:
    return PinGate(hash_pin("2468", iterations=FAST), clock, max_attempts=3, lockout=LOCKOUT)


def test_hash_is_salted_pbkdf2_and_checks_only_the_right_pin() -> None:
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second, "each hash has its own salt"
    scheme, iterations, _, digest = first.split("$")
    assert (scheme, int(iterations), len(digest)) == (SCHEME, ITERATIONS, 64)
    assert check_pin("2468", first) and check_pin("2468", second)
    assert not check_pin("2469", first)
    assert not check_pin("", first)


def test_the_demo_configuration_pin_is_1234() -> None:
    encoded = config.load(None).tech.pin_hash
    assert check_pin("1234", encoded)
    assert not check_pin("0000", encoded)


def test_a_hash_of_another_scheme_never_matches() -> None:
    encoded = hash_pin("2468", iterations=FAST).replace(SCHEME, "md5", 1)
    assert not check_pin("2468", encoded)


@pytest.mark.parametrize(
    ("encoded", "valid"),
    [
        (hash_pin("1234", iterations=FAST), True),
        ("pbkdf2_sha256$200000$salt$" + "ab" * 32, True),
        ("md5$200000$salt$" + "ab" * 32, False),  # another scheme
        ("pbkdf2_sha256$many$salt$" + "ab" * 32, False),  # iterations not a number
        ("pbkdf2_sha256$200000$salt$abcd", False),  # digest too short
        ("pbkdf2_sha256$200000$" + "ab" * 32, False),  # no salt part
        ("1234", False),  # a plain PIN pasted into the configuration
        ("", False),
    ],
)
def test_valid_hash_accepts_only_the_stored_form(encoded: str, valid: bool) -> None:
    assert valid_hash(encoded) is valid


def test_a_wrong_pin_counts_down_the_attempts(gate: PinGate) -> None:
    assert gate.attempts_left == 3
    assert not gate.attempt("1111")
    assert gate.attempts_left == 2
    assert gate.locked_for() == dt.timedelta(0)


def test_the_right_pin_opens_and_forgets_earlier_failures(gate: PinGate) -> None:
    assert not gate.attempt("1111")
    assert not gate.attempt("2222")
    assert gate.attempt("2468")
    assert gate.attempts_left == 3


def test_max_attempts_wrong_pins_lock_the_pad_even_for_the_right_pin(
    gate: PinGate, clock: ManualClock
) -> None:
    for pin in ("1111", "2222", "3333"):
        assert not gate.attempt(pin)
    assert gate.locked_for() == LOCKOUT
    clock.advance(minutes=4)
    assert gate.locked_for() == dt.timedelta(minutes=1)
    assert not gate.attempt("2468"), "the right PIN is refused while locked"
    assert gate.locked_for() == dt.timedelta(minutes=1), "a refused try does not extend it"


def test_the_pad_opens_again_once_the_clock_passes_the_lockout(
    gate: PinGate, clock: ManualClock
) -> None:
    for pin in ("1111", "2222", "3333"):
        gate.attempt(pin)
    clock.advance(LOCKOUT.total_seconds() - 1)
    assert gate.locked_for() == dt.timedelta(seconds=1)
    clock.advance(1)
    assert gate.locked_for() == dt.timedelta(0)
    assert gate.attempts_left == 3, "a full set of attempts after the lockout"
    assert gate.attempt("2468")


def test_after_a_lockout_the_next_failures_lock_again(gate: PinGate, clock: ManualClock) -> None:
    for pin in ("1111", "2222", "3333"):
        gate.attempt(pin)
    clock.advance(LOCKOUT.total_seconds())
    for pin in ("1111", "2222", "3333"):
        assert not gate.attempt(pin)
    assert gate.locked_for() == LOCKOUT
