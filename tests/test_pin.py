"""The technician PIN: hashed in the configuration, locked after repeated failures, and
the failures and the lockout kept in the store, so no restart buys more tries."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import config
from kiosk.app import load_settings, open_queue_store, pin_gate
from kiosk.core.clock import ManualClock
from kiosk.core.pin import (
    ITERATIONS,
    MAX_ITERATIONS,
    SCHEME,
    GateState,
    MemoryPinStore,
    PinCheck,
    PinChoice,
    PinGate,
    PinRecord,
    check_pin,
    hash_pin,
    hash_problem,
    valid_hash,
    valid_pin,
)
from kiosk.store.pin import SqlPinStore
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore

from .conftest import MORNING

FAST = 1_000  # iterations for the gate tests; the scheme is the same at any count
LOCKOUT = dt.timedelta(minutes=5)
WORKER = Path(__file__).parent / "workers" / "pin_worker.py"


@pytest.fixture
def gate(clock: ManualClock) -> PinGate:
    return PinGate(
        hash_pin("2468", iterations=FAST), MemoryPinStore(), clock, max_attempts=3, lockout=LOCKOUT
    )


def locked_for(gate: PinGate, clock: ManualClock) -> dt.timedelta:
    return gate.state().locked_for(clock.now())


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
    assert encoded == config.DEMO_PIN_HASH
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
        # Accepted before, and then no PIN could ever open the panel (issue 9, item 15):
        ("pbkdf2_sha256$0$salt$" + "ab" * 32, False),  # hashlib refuses 0 iterations
        ("pbkdf2_sha256$200000$sél$" + "ab" * 32, False),  # the salt is encoded as ASCII
        ("pbkdf2_sha256$200000$$" + "ab" * 32, False),  # an empty salt
        ("pbkdf2_sha256$２００$salt$" + "ab" * 32, False),  # full-width digits: int() takes them
        ("pbkdf2_sha256$0200000$salt$" + "ab" * 32, False),  # never the text hash_pin writes
        ("pbkdf2_sha256$200000$salt$" + "AB" * 32, False),  # the digest compares lower-case
        (f"pbkdf2_sha256${MAX_ITERATIONS + 1}$salt$" + "ab" * 32, False),  # minutes per try
        ("pbkdf2_sha256$" + "9" * 5000 + "$salt$" + "ab" * 32, False),  # int() would refuse
    ],
)
def test_valid_hash_accepts_only_a_hash_a_pin_can_match(encoded: str, valid: bool) -> None:
    assert valid_hash(encoded) is valid
    if valid:
        check_pin("0000", encoded)  # checks without raising


@pytest.mark.parametrize(
    ("encoded", "words"),
    [
        ("pbkdf2_sha256$0$salt$" + "ab" * 32, "iterations 0 are not between"),
        ("pbkdf2_sha256$200000$sél$" + "ab" * 32, "the salt 'sél' is not"),
    ],
)
def test_a_bad_hash_is_refused_saying_which_part(encoded: str, words: str) -> None:
    problem = hash_problem(encoded)
    assert problem is not None and words in problem


@pytest.mark.parametrize(
    ("pin", "valid"),
    [
        ("1234", True),
        ("123456789012", True),
        ("123", False),
        ("1234567890123", False),
        ("１２３４", False),  # full-width digits: str.isdigit() is true, the pad cannot type them
        ("١٢٣٤", False),  # Arabic-Indic digits
        ("12a4", False),
        ("", False),
    ],
)
def test_a_pin_is_4_to_12_ascii_digits(pin: str, valid: bool) -> None:
    assert valid_pin(pin) is valid


# -- the gate's rules ----------------------------------------------------------------------


def test_a_wrong_pin_counts_down_the_attempts(gate: PinGate, clock: ManualClock) -> None:
    assert gate.state().attempts_left == 3
    check, state = gate.attempt("1111")
    assert check is PinCheck.WRONG
    assert state.attempts_left == 2
    assert state.locked_for(clock.now()) == dt.timedelta(0)


def test_the_right_pin_opens_and_forgets_earlier_failures(gate: PinGate) -> None:
    assert gate.attempt("1111")[0] is PinCheck.WRONG
    assert gate.attempt("2222")[0] is PinCheck.WRONG
    check, state = gate.attempt("2468")
    assert check is PinCheck.RIGHT
    assert state.attempts_left == 3


def test_max_attempts_wrong_pins_lock_the_pad_even_for_the_right_pin(
    gate: PinGate, clock: ManualClock
) -> None:
    for pin in ("1111", "2222", "3333"):
        assert gate.attempt(pin)[0] is PinCheck.WRONG
    assert locked_for(gate, clock) == LOCKOUT
    clock.advance(minutes=4)
    assert locked_for(gate, clock) == dt.timedelta(minutes=1)
    assert gate.attempt("2468")[0] is PinCheck.LOCKED, "the right PIN is refused while locked"
    assert locked_for(gate, clock) == dt.timedelta(minutes=1), "a refused try does not extend it"


def test_the_pad_opens_again_once_the_clock_passes_the_lockout(
    gate: PinGate, clock: ManualClock
) -> None:
    for pin in ("1111", "2222", "3333"):
        gate.attempt(pin)
    clock.advance(LOCKOUT.total_seconds() - 1)
    assert locked_for(gate, clock) == dt.timedelta(seconds=1)
    clock.advance(1)
    assert locked_for(gate, clock) == dt.timedelta(0)
    assert gate.state().attempts_left == 3, "a full set of attempts after the lockout"
    assert gate.attempt("2468")[0] is PinCheck.RIGHT


def test_after_a_lockout_the_next_failures_lock_again(gate: PinGate, clock: ManualClock) -> None:
    for pin in ("1111", "2222", "3333"):
        gate.attempt(pin)
    clock.advance(LOCKOUT.total_seconds())
    for pin in ("1111", "2222", "3333"):
        assert gate.attempt(pin)[0] is PinCheck.WRONG
    assert locked_for(gate, clock) == LOCKOUT


def test_a_try_is_counted_before_its_pin_is_checked(
    clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count is written first: a process killed during the slow check has used a try."""
    seen: list[PinRecord] = []
    store = MemoryPinStore()
    encoded = hash_pin("2468", iterations=FAST)

    def spying_check(pin: str, stored: str) -> bool:
        seen.append(store.record)
        return check_pin(pin, stored)

    gate = PinGate(encoded, store, clock, max_attempts=3, lockout=LOCKOUT)
    monkeypatch.setattr("kiosk.core.pin.check_pin", spying_check)
    gate.attempt("2468")
    assert seen == [PinRecord(failures=1)]
    assert store.record == PinRecord(failures=0)


def test_a_hall_without_a_pin_takes_the_first_one_chosen_and_only_that(
    clock: ManualClock,
) -> None:
    store = MemoryPinStore()
    gate = PinGate(None, store, clock, max_attempts=3, lockout=LOCKOUT)
    assert gate.state() == GateState(attempts_left=3, needs_pin=True)
    assert gate.attempt("1234")[0] is PinCheck.NOT_SET, "no PIN opens it, the demo one neither"
    assert gate.choose("12")[0] is PinChoice.INVALID
    assert gate.choose("１２３４")[0] is PinChoice.INVALID
    choice, state = gate.choose("864209")
    assert choice is PinChoice.SET and not state.needs_pin
    assert store.record.chosen_hash is not None and check_pin("864209", store.record.chosen_hash)
    assert gate.choose("111111")[0] is PinChoice.ALREADY_SET, "a chosen PIN is never replaced"
    assert gate.attempt("111111")[0] is PinCheck.WRONG
    assert gate.attempt("864209")[0] is PinCheck.RIGHT


def test_a_configured_pin_is_never_replaced_by_one_chosen_at_the_pad(clock: ManualClock) -> None:
    gate = PinGate(hash_pin("2468", iterations=FAST), MemoryPinStore(), clock)
    assert not gate.state().needs_pin
    assert gate.choose("864209")[0] is PinChoice.ALREADY_SET
    assert gate.attempt("864209")[0] is PinCheck.WRONG


# -- in the store: across store objects and processes ----------------------------------


def sql_gate(url: str, clock: ManualClock, configured: str | None) -> tuple[PinGate, SqlStore]:
    store = open_store(url)
    return PinGate(configured, SqlPinStore(store), clock, 3, LOCKOUT), store


def test_the_lockout_survives_a_fresh_store_on_the_same_file(
    tmp_path: Path, clock: ManualClock
) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    encoded = hash_pin("2468", iterations=FAST)
    first, store = sql_gate(url, clock, encoded)
    try:
        assert first.attempt("1111")[0] is PinCheck.WRONG
        assert first.attempt("2222")[0] is PinCheck.WRONG
    finally:
        store.close()
    clock.advance(minutes=1)
    second, store = sql_gate(url, clock, encoded)
    try:
        assert second.state().attempts_left == 1, "the failures were kept"
        assert second.attempt("3333")[0] is PinCheck.WRONG
        assert second.state().locked_for(clock.now()) == LOCKOUT
    finally:
        store.close()
    clock.advance(minutes=2)
    third, store = sql_gate(url, clock, encoded)
    try:
        assert third.attempt("2468")[0] is PinCheck.LOCKED
        assert third.state().locked_for(clock.now()) == dt.timedelta(minutes=3)
        clock.advance(minutes=3)
        assert third.attempt("2468")[0] is PinCheck.RIGHT
        assert third.state() == GateState(attempts_left=3)
    finally:
        store.close()


def test_a_pin_chosen_at_the_pad_is_kept_in_the_store(tmp_path: Path, clock: ManualClock) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    first, store = sql_gate(url, clock, None)
    try:
        assert first.choose("864209")[0] is PinChoice.SET
    finally:
        store.close()
    again, store = sql_gate(url, clock, None)
    try:
        assert not again.state().needs_pin
        assert again.attempt("864209")[0] is PinCheck.RIGHT
    finally:
        store.close()


def run_worker(data_dir: Path, now: dt.datetime, *pins: str) -> list[dict[str, object]]:
    """Try PINs in a process of its own, as a `kiosk tech` started afresh would."""
    result = subprocess.run(
        [sys.executable, str(WORKER), str(data_dir), now.isoformat(), *pins],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_restarting_the_process_buys_no_more_tries(tmp_path: Path) -> None:
    """The issue: "restarting `kiosk tech` clears it, and a 4-digit PIN falls to restarts".
    Five wrong PINs, each from a new process; the sixth process, with the right PIN,
    is refused until the lockout has passed (demo hall: PIN 1234, 5 tries, 5 minutes)."""
    data = tmp_path / "hall-data"
    for i, pin in enumerate(("0000", "1111", "2222", "3333")):
        [answer] = run_worker(data, MORNING + dt.timedelta(seconds=i), pin)
        assert answer == {"check": "wrong", "attempts_left": 4 - i, "locked_until": None}
    [answer] = run_worker(data, MORNING + dt.timedelta(seconds=4), "4444")
    until = MORNING + dt.timedelta(seconds=4) + LOCKOUT
    assert answer == {"check": "wrong", "attempts_left": 0, "locked_until": until.isoformat()}
    [answer] = run_worker(data, MORNING + dt.timedelta(minutes=2), "1234")
    assert answer["check"] == "locked"
    [answer] = run_worker(data, until, "1234")
    assert answer == {"check": "right", "attempts_left": 5, "locked_until": None}


def test_killing_the_process_during_the_check_still_counts_the_try(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "hall-data"
    slow = f"pbkdf2_sha256${MAX_ITERATIONS}$slow${'0' * 64}"  # a second or more per check
    hall = tmp_path / "hall.toml"
    hall.write_text(config.example_text().replace(config.DEMO_PIN_HASH, slow, 1), encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(hall))
    with subprocess.Popen(
        [sys.executable, str(WORKER), str(data), MORNING.isoformat(), "9999"],
        stdout=subprocess.PIPE,
        text=True,
    ) as worker:
        assert worker.stdout is not None
        assert worker.stdout.readline() == "committed\n", "the try is recorded first"
        os.kill(worker.pid, signal.SIGKILL)  # while PBKDF2 runs
        rest = worker.stdout.read()
    assert worker.returncode == -signal.SIGKILL
    assert rest == "", "killed before the check could answer"
    settings = load_settings(hall, data)
    store = open_queue_store(settings)
    try:
        state = pin_gate(settings, store, ManualClock(MORNING)).state()
    finally:
        store.close()
    assert state.attempts_left == settings.config.tech.max_attempts - 1


def test_a_store_of_the_previous_schema_is_upgraded_keeping_its_tickets(
    tmp_path: Path, clock: ManualClock, demo_hall: object
) -> None:
    """Migration 0002 adds the PIN's table to a hall's existing store (revision 0001)."""
    from alembic import command
    from sqlalchemy import text

    from kiosk.store import schema
    from kiosk.store.engine import make_engine

    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(schema._alembic_config(conn), "0001")
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO business_days VALUES (1, '2026-11-24', :at, :end)"),
                {"at": MORNING, "end": MORNING + dt.timedelta(days=1)},
            )
        assert schema.current_revision(engine) == "0001"
    finally:
        engine.dispose()
    gate, store = sql_gate(url, clock, hash_pin("2468", iterations=FAST))
    try:
        assert schema.current_revision(store.engine) == schema.HEAD == schema.alembic_head()
        with store.read() as state:
            assert state.day is not None and state.day.id == 1, "the history is kept"
        assert gate.attempt("1111")[0] is PinCheck.WRONG
        assert gate.state().attempts_left == 2
    finally:
        store.close()
