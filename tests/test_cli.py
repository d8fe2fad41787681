"""The `kiosk` command line, driven the way technicians and scripts drive it.

Most tests call kiosk.cli.main() in-process and read stdout/stderr; a few start a
real `python -m kiosk` to show exit codes, one-line errors and signal handling.
The clock is fixed with $KIOSK_NOW; every test has its own data directory
(conftest.py).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk import config
from kiosk.cli import main
from kiosk.core import errors, promise
from kiosk.core.errors import (
    ConfigError,
    InvalidTransition,
    KioskError,
    NotFound,
    NothingToCall,
    ServiceUnavailable,
    StoreCorrupt,
    StoreLocked,
    StoreReadOnly,
)
from kiosk.core.pin import check_pin, hash_pin, valid_hash
from kiosk.store.schema import HEAD

DAY = "2026-11-24"
ROOT = Path(__file__).resolve().parents[1]

# The documented JSON keys (docs/cli.md). Keys may be added, never removed.
TICKET_KEYS = {
    "number",
    "uid",
    "day_id",
    "service",
    "service_name_zh",
    "service_name_en",
    "original_service",
    "priority",
    "state",
    "outcome",
    "counter",
    "target_counter",
    "call_count",
    "issued_at",
    "called_at",
    "last_called_at",
    "serving_at",
    "parked_at",
    "transferred_at",
    "finished_at",
    "rating",
    "printed",
}
COUNTER_KEYS = {
    "number",
    "name_zh",
    "name_en",
    "services",
    "state",
    "current",
    "current_state",
    "parked",
}
STATUS_KEYS = {"at", "day", "services", "counters", "waiting", "alerts", "last_calls"}
DAY_KEYS = {"id", "date", "started_at", "ends_at"}
SERVICE_STATUS_KEYS = {
    "code",
    "prefix",
    "name_zh",
    "name_en",
    "waiting",
    "open",
    "reason",
    "counters_open",
    "ahead",
    "estimate",
    "no_estimate_reason",
    "resumes_at",
}
WAITING_KEYS = {"number", "service", "priority", "issued_at", "target_counter", "over_target"}
CALL_KEYS = {"number", "service", "counter", "at", "recall"}


@dataclasses.dataclass
class Result:
    code: int
    out: str
    err: str


class Kiosk:
    """Runs `kiosk ...` in-process at a fixed hall time."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
        self._capsys = capsys
        self._monkeypatch = monkeypatch
        self.at("10:00")

    def at(self, hhmm: str, day: str = DAY) -> None:
        """Set the hall clock ($KIOSK_NOW) for the commands that follow."""
        self._monkeypatch.setenv("KIOSK_NOW", f"{day}T{hhmm}:00")

    def __call__(self, *argv: str) -> Result:
        code = main(list(argv))
        out, err = self._capsys.readouterr()
        return Result(code, out, err)

    def ok(self, *argv: str) -> str:
        result = self(*argv)
        assert result.code == 0, result.err
        assert result.err == ""
        return result.out

    def json(self, *argv: str) -> Any:
        """Run with --json: exactly one JSON document on stdout, nothing on stderr."""
        return json.loads(self.ok(*argv, "--json"))

    def fails(self, kind: type[KioskError], *argv: str) -> str:
        """Run a command that must fail with this kind; return its one-line message."""
        result = self(*argv)
        assert result.code == kind.exit_code, (result.code, result.err)
        assert result.out == ""
        assert result.err.endswith("\n")
        assert result.err.count("\n") == 1, result.err
        assert result.err.startswith("kiosk: error: ")
        assert "Traceback" not in result.err
        return result.err

    def call_and_finish(self, counter: int, times: int) -> list[str]:
        """Call `times` tickets at a counter, serving each to the end; their numbers."""
        numbers = []
        for _ in range(times):
            numbers.append(self.json("queue", "call", str(counter))["number"])
            self.ok("queue", "serve", str(counter))
            self.ok("queue", "done", str(counter))
        return numbers


@pytest.fixture
def kiosk(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Kiosk:
    return Kiosk(capsys, monkeypatch)


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ["KIOSK_DATA_DIR"])


def write_config(tmp_path: Path, edit: dict[str, str] | None = None) -> Path:
    """The demo hall with some text replaced, as a file."""
    text = config.example_text()
    for old, new in (edit or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- a visit -----------------------------------------------------------------------------


def test_whole_visit_issue_open_call_serve_done(kiosk: Kiosk) -> None:
    """A ticket goes waiting -> called -> serving -> done, each step time-stamped."""
    issued = kiosk.json("queue", "issue", "bill")
    assert issued["number"] == "A001"
    assert issued["service"] == "bill"
    assert issued["issued_at"] == f"{DAY}T10:00:00"
    assert issued["ahead"] == 0
    assert issued["state"] == "waiting"
    assert set(issued) == TICKET_KEYS | ISSUED_KEYS

    kiosk.at("10:01")
    counter = kiosk.json("queue", "open", "1")
    assert counter == {
        "number": 1,
        "name_zh": "1号窗口",
        "name_en": "Counter 1",
        "services": ["bill", "plan", "broadband"],
        "state": "open",
        "current": None,
        "current_state": None,
        "parked": [],
    }

    kiosk.at("10:02")
    called = kiosk.json("queue", "call", "1")
    assert (called["number"], called["state"], called["counter"]) == ("A001", "called", 1)
    assert called["called_at"] == f"{DAY}T10:02:00"
    assert called["call_count"] == 1

    kiosk.at("10:03")
    serving = kiosk.json("queue", "serve", "1")
    assert serving["state"] == "serving"
    assert serving["serving_at"] == f"{DAY}T10:03:00"

    kiosk.at("10:09")
    done = kiosk.json("queue", "done", "1")
    assert (done["state"], done["outcome"]) == ("done", "served")
    assert done["finished_at"] == f"{DAY}T10:09:00"

    status = kiosk.json("queue", "status")
    assert status["counters"][0]["state"] == "open"
    assert status["counters"][0]["current"] is None


def test_text_output_says_what_happened(kiosk: Kiosk) -> None:
    """Without --json each command prints one readable line."""
    assert kiosk.ok("queue", "issue", "bill") == (
        "A001 (bill) Bill payment & top-up / 缴费充值: 0 ahead, no counter is open for "
        "it now, printed\n"
    )
    assert kiosk.ok("queue", "open", "1") == "counter 1: open\n"
    assert kiosk.ok("queue", "call", "1") == "A001 (bill): called to counter 1 (call 1 of 4)\n"
    assert kiosk.ok("queue", "recall", "1") == (
        "A001 (bill): recalled to counter 1 (call 2 of 4)\n"
    )
    assert kiosk.ok("queue", "serve", "1") == "A001 (bill): being served at counter 1\n"
    assert kiosk.ok("queue", "done", "1") == "A001 (bill): served at counter 1\n"
    assert kiosk.ok("queue", "close", "1") == "counter 1: closed\n"


def test_issue_counts_those_ahead_and_accepts_a_prefix(kiosk: Kiosk) -> None:
    assert [kiosk.json("queue", "issue", "bill")["ahead"] for _ in range(3)] == [0, 1, 2]
    by_prefix = kiosk.json("queue", "issue", "a")
    assert (by_prefix["number"], by_prefix["service"]) == ("A004", "bill")
    other = kiosk.json("queue", "issue", "plan")
    # no counter open: counted with every counter serving plan, in turn by number;
    # counter 1 calls A001 before counter 2 (plan first) calls B001
    assert (other["number"], other["ahead"]) == ("B001", 1)


def test_priority_ticket_is_called_before_earlier_normal_ones(kiosk: Kiosk) -> None:
    kiosk.ok("queue", "issue", "bill")
    kiosk.at("10:01")
    green = kiosk.json("queue", "issue", "bill", "--priority")
    assert (green["number"], green["priority"], green["ahead"]) == ("A002", "priority", 0)
    kiosk.ok("queue", "open", "1")
    assert kiosk.call_and_finish(1, 2) == ["A002", "A001"]


def test_call_a_given_ticket_out_of_order(kiosk: Kiosk) -> None:
    for _ in range(3):
        kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "open", "1")
    assert kiosk.json("queue", "call", "1", "--ticket", "a003")["number"] == "A003"


ISSUED_KEYS = {"ahead", "estimate", "no_estimate_reason", "resumes_at", "print_problem", "url"}
ESTIMATE_KEYS = {"low_s", "high_s", "wording", "minutes", "text_en", "text_zh"}


def test_issue_json_says_no_time_when_no_counter_is_open(kiosk: Kiosk) -> None:
    """The issue's second case: every counter closed, no time is promised."""
    issued = kiosk.json("queue", "issue", "bill")
    assert issued["estimate"] is None
    assert issued["no_estimate_reason"] == "no_open_counter"
    assert issued["resumes_at"] is None  # in its hours: nothing says when a counter opens


def test_issue_json_says_no_wait_with_nobody_ahead_and_a_counter_free(kiosk: Kiosk) -> None:
    """The issue's third case: nobody waiting and counter 1 free is "no wait"."""
    kiosk.ok("queue", "open", "1")
    issued = kiosk.json("queue", "issue", "bill")
    assert issued["ahead"] == 0 and issued["no_estimate_reason"] is None
    assert issued["estimate"] == {
        "low_s": 0,
        "high_s": 0,
        "wording": "no_wait",
        "minutes": None,
        "text_en": "no wait",
        "text_zh": "无需等候",
    }


def test_issue_json_counts_a_plan_ticket_after_four_bills(kiosk: Kiosk) -> None:
    """The issue's first case: only counter 1 open (bill, plan, broadband, bill first);
    four bill tickets, then a plan ticket: four ahead, and a time for them."""
    kiosk.ok("queue", "open", "1")
    for _ in range(4):
        kiosk.ok("queue", "issue", "bill")
    plan = kiosk.json("queue", "issue", "plan")
    assert plan["ahead"] == 4
    assert set(plan["estimate"]) == ESTIMATE_KEYS
    assert plan["estimate"]["wording"] in ("under", "range", "about")
    assert 0 <= plan["estimate"]["low_s"] < plan["estimate"]["high_s"]


def test_issue_json_gives_the_estimate_the_kiosk_shows(kiosk: Kiosk) -> None:
    """A one-shot command learns the store's history as the kiosk does: after two days
    of 75-second bill services (3 minutes configured), the wait `queue issue --json`
    prints for a bill ticket with six ahead is the one the kiosk's service, learning the
    same history, shows on the bill tile just before; the configured minutes alone would
    say much longer."""
    import datetime as dt

    from kiosk.app.settings import load_settings
    from kiosk.app.store import build_service
    from kiosk.core.clock import ManualClock

    settings = load_settings(None, None)
    clock = ManualClock(dt.datetime(2026, 11, 22, 9, 0))
    seed = build_service(settings, clock, background=False)
    for day in (22, 23):
        clock.set(dt.datetime(2026, 11, day, 9, 0))
        seed.open_counter(1)
        for _ in range(40):
            seed.issue("bill")
            seed.call_next(1)
            seed.serve(1)
            clock.advance(seconds=75)
            seed.done(1)
            clock.advance(seconds=30)
        seed.close_counter(1)
    seed.close()
    kiosk.ok("queue", "open", "1")
    for _ in range(6):
        kiosk.ok("queue", "issue", "bill")
    hall = build_service(settings, ManualClock(dt.datetime(2026, 11, 24, 10, 0)), background=False)
    try:
        tile = next(s for s in hall.status().services if s.service.code == "bill")
    finally:
        hall.close()
    issued = kiosk.json("queue", "issue", "bill", "--no-print")
    assert issued["ahead"] == tile.ahead == 6
    shown = issued["estimate"]
    assert (shown["text_en"], shown["wording"]) == (
        promise.words(tile.estimate, "en"),
        str(tile.estimate.shown),
    )
    assert shown["high_s"] <= 15 * 60  # six 75-second jobs, not six of 3 minutes


def test_status_json_says_when_a_closed_business_type_opens(kiosk: Kiosk) -> None:
    """vip is open 09:00-17:00: at 18:00 no time, closed, resumes the next morning."""
    kiosk.at("18:00")
    vip = next(s for s in kiosk.json("queue", "status")["services"] if s["code"] == "vip")
    assert (vip["estimate"], vip["no_estimate_reason"]) == (None, "closed")
    assert vip["resumes_at"] == "2026-11-25T09:00:00"


# -- recall and no-show ------------------------------------------------------------------


def test_recall_up_to_the_limit_then_automatic_no_show(kiosk: Kiosk) -> None:
    """The demo hall allows 3 recalls after the call; one more makes a no-show."""
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "open", "1")
    kiosk.ok("queue", "call", "1")
    for count in (2, 3, 4):
        kiosk.at(f"10:0{count}")
        recalled = kiosk.json("queue", "recall", "1")
        assert (recalled["state"], recalled["call_count"]) == ("called", count)
        assert recalled["last_called_at"] == f"{DAY}T10:0{count}:00"
        assert recalled["called_at"] == f"{DAY}T10:00:00"
    kiosk.at("10:05")
    gone = kiosk.json("queue", "recall", "1")
    assert (gone["number"], gone["state"], gone["outcome"]) == ("A001", "no_show", "no_show")
    assert gone["finished_at"] == f"{DAY}T10:05:00"

    status = kiosk.json("queue", "status")
    assert status["counters"][0]["current"] is None
    calls = status["last_calls"]
    assert [(c["number"], c["recall"]) for c in calls] == [("A001", True)] * 3 + [("A001", False)]
    assert kiosk.json("queue", "call", "1")["number"] == "A002"


def test_no_show_finishes_the_called_ticket(kiosk: Kiosk) -> None:
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "open", "1")
    kiosk.ok("queue", "call", "1")
    gone = kiosk.json("queue", "no-show", "1")
    assert (gone["state"], gone["outcome"], gone["call_count"]) == ("no_show", "no_show", 1)
    assert kiosk.ok("queue", "list").splitlines()[0].endswith("no-show at counter 1 after 1 call")
    message = kiosk.fails(InvalidTransition, "queue", "no-show", "1")
    assert "counter 1 has no current ticket" in message


# -- transfer ----------------------------------------------------------------------------


@pytest.fixture
def plan_queue(kiosk: Kiosk) -> Kiosk:
    """B001 10:00, B002 10:01, A001 10:05 (called at counter 1), B003 10:06; now 10:07."""
    for hhmm, code in (("10:00", "plan"), ("10:01", "plan"), ("10:05", "bill"), ("10:06", "plan")):
        kiosk.at(hhmm)
        kiosk.ok("queue", "issue", code)
    kiosk.at("10:07")
    kiosk.ok("queue", "open", "1")
    assert kiosk.json("queue", "call", "1")["number"] == "A001"  # bill is counter 1's first
    kiosk.ok("queue", "open", "2")
    return kiosk


@pytest.mark.parametrize(
    ("placement", "order"),
    [
        ([], ["B001", "B002", "A001", "B003"]),
        (["--by-time"], ["B001", "B002", "A001", "B003"]),
        (["--front"], ["A001", "B001", "B002", "B003"]),
        (["--back"], ["B001", "B002", "B003", "A001"]),
    ],
)
def test_transfer_to_service_joins_its_queue_where_asked(
    plan_queue: Kiosk, placement: list[str], order: list[str]
) -> None:
    """By issue time (the default), at the front, or at the back of the new queue."""
    moved = plan_queue.json("queue", "transfer", "1", "--to-service", "plan", *placement)
    assert (moved["number"], moved["state"]) == ("A001", "waiting")
    assert (moved["service"], moved["original_service"]) == ("plan", "bill")
    assert moved["transferred_at"] == f"{DAY}T10:07:00"
    assert plan_queue.json("queue", "status")["counters"][0]["current"] is None
    assert plan_queue.call_and_finish(2, 4) == order


def test_transfer_to_counter_only_that_counter_calls_it(plan_queue: Kiosk) -> None:
    moved = plan_queue.json("queue", "transfer", "1", "--to-counter", "3")
    assert (moved["state"], moved["target_counter"], moved["service"]) == ("waiting", 3, "bill")
    message = plan_queue.fails(InvalidTransition, "queue", "call", "2", "--ticket", "A001")
    assert "A001" in message
    assert "counter 3" in message
    assert plan_queue.call_and_finish(2, 1) == ["B001"]
    plan_queue.ok("queue", "open", "3")
    # Counter 3 serves broadband first, but a ticket sent to it goes before its queues.
    plan_queue.ok("queue", "issue", "broadband")
    again = plan_queue.json("queue", "call", "3")
    assert (again["number"], again["counter"], again["target_counter"]) == ("A001", 3, None)


@pytest.mark.parametrize(("placement", "first"), [("--front", "A002"), ("--back", "A001")])
def test_transfer_to_counter_front_or_back_of_its_queue(
    kiosk: Kiosk, placement: str, first: str
) -> None:
    """A001 is sent to counter 3 first; A002 then joins before or after it."""
    kiosk.ok("queue", "issue", "bill")
    kiosk.at("10:05")
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "open", "1")
    kiosk.ok("queue", "call", "1")
    kiosk.ok("queue", "transfer", "1", "--to-counter", "3", "--by-time")
    kiosk.ok("queue", "call", "1")
    kiosk.ok("queue", "transfer", "1", "--to-counter", "3", placement)
    kiosk.ok("queue", "open", "3")
    assert kiosk.call_and_finish(3, 1) == [first]


def test_transfer_refusals_name_the_problem(kiosk: Kiosk) -> None:
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "open", "1")
    assert "counter 1 has no current ticket" in kiosk.fails(
        InvalidTransition, "queue", "transfer", "1", "--to-service", "plan"
    )
    kiosk.ok("queue", "call", "1")
    assert "'nope'" in kiosk.fails(NotFound, "queue", "transfer", "1", "--to-service", "nope")
    assert "counter 7" in kiosk.fails(NotFound, "queue", "transfer", "1", "--to-counter", "7")
    assert "already at counter 1" in kiosk.fails(
        InvalidTransition, "queue", "transfer", "1", "--to-counter", "1"
    )
    usage = kiosk("queue", "transfer", "1", "--to-service", "plan", "--to-counter", "2")
    assert usage.code == 2
    assert "not allowed with argument" in usage.err


# -- park, pause, close, cancel ----------------------------------------------------------


def test_park_and_resume(kiosk: Kiosk) -> None:
    for _ in range(3):
        kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "open", "1")
    kiosk.ok("queue", "call", "1")
    kiosk.ok("queue", "serve", "1")
    kiosk.at("10:04")
    parked = kiosk.json("queue", "park", "1")
    assert (parked["number"], parked["state"], parked["counter"]) == ("A001", "parked", 1)
    assert parked["parked_at"] == f"{DAY}T10:04:00"

    kiosk.ok("queue", "call", "1")  # A002
    assert "busy with ticket A002" in kiosk.fails(InvalidTransition, "queue", "resume", "1")
    kiosk.ok("queue", "park", "1")
    counter = kiosk.json("queue", "status")["counters"][0]
    assert (counter["current"], sorted(counter["parked"])) == (None, ["A001", "A002"])

    resumed = kiosk.json("queue", "resume", "1", "--ticket", "A001")
    assert (resumed["number"], resumed["state"]) == ("A001", "serving")
    kiosk.ok("queue", "done", "1")
    assert kiosk.json("queue", "resume", "1")["number"] == "A002"  # the last one parked
    kiosk.ok("queue", "done", "1")
    assert "no parked ticket" in kiosk.fails(InvalidTransition, "queue", "resume", "1")


def test_pause_stops_calls_until_opened_again(kiosk: Kiosk) -> None:
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "open", "1")
    assert kiosk.json("queue", "pause", "1")["state"] == "paused"
    message = kiosk.fails(InvalidTransition, "queue", "call", "1")
    assert "counter 1 is paused" in message
    assert kiosk.json("queue", "open", "1")["state"] == "open"
    assert kiosk.json("queue", "call", "1")["number"] == "A001"
    assert kiosk.json("queue", "status")["counters"][0]["state"] == "serving"


def test_close_is_refused_while_a_ticket_is_current(kiosk: Kiosk) -> None:
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "open", "1")
    kiosk.ok("queue", "call", "1")
    message = kiosk.fails(InvalidTransition, "queue", "close", "1")
    assert "counter 1 still has ticket A001" in message
    kiosk.ok("queue", "serve", "1")
    kiosk.ok("queue", "done", "1")
    assert kiosk.json("queue", "close", "1")["state"] == "closed"
    assert "already closed" in kiosk.fails(InvalidTransition, "queue", "close", "1")


def test_cancel_a_waiting_ticket_and_a_called_one(kiosk: Kiosk) -> None:
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "issue", "bill")
    cancelled = kiosk.json("queue", "cancel", "A001")
    assert (cancelled["state"], cancelled["outcome"]) == ("cancelled", "cancelled")
    assert "A001" in kiosk.fails(NotFound, "queue", "cancel", "A001")

    kiosk.ok("queue", "open", "1")
    assert kiosk.json("queue", "call", "1")["number"] == "A002"
    kiosk.ok("queue", "cancel", "a002")
    assert kiosk.json("queue", "status")["counters"][0]["current"] is None
    assert "no ticket waiting for counter 1" in kiosk.fails(NothingToCall, "queue", "call", "1")


# -- business days -----------------------------------------------------------------------


def test_reset_day_restarts_numbering_and_expires_open_tickets(kiosk: Kiosk) -> None:
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "issue", "bill")
    kiosk.at("12:00")
    reset = kiosk.json("queue", "reset-day")
    assert reset == {
        "day": {
            "id": 2,
            "date": DAY,
            "started_at": f"{DAY}T12:00:00",
            "ends_at": "2026-11-25T04:00:00",
        }
    }
    assert kiosk.json("queue", "issue", "bill")["number"] == "A001"

    today = kiosk.json("queue", "list")
    assert [(t["number"], t["day_id"], t["state"]) for t in today] == [("A001", 2, "waiting")]
    both = kiosk.json("queue", "list", "--day", DAY)
    assert [(t["number"], t["day_id"], t["state"], t["outcome"]) for t in both] == [
        ("A001", 1, "cancelled", "expired"),
        ("A002", 1, "cancelled", "expired"),
        ("A001", 2, "waiting", None),
    ]
    assert "expired when its business day ended" in kiosk.ok("queue", "list", "--day", DAY)


def test_list_an_earlier_day(kiosk: Kiosk) -> None:
    """At the reset hour a new business day starts; the earlier one stays listed."""
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "issue", "plan")
    kiosk.at("09:00", day="2026-11-25")
    assert kiosk.json("queue", "issue", "bill")["number"] == "A001"

    assert [t["number"] for t in kiosk.json("queue", "list")] == ["A001"]
    earlier = kiosk.json("queue", "list", "--day", DAY)
    assert [(t["number"], t["outcome"]) for t in earlier] == [
        ("A001", "expired"),
        ("B001", "expired"),
    ]
    assert kiosk.json("queue", "list", "--day", "2026-11-01") == []
    assert kiosk.ok("queue", "list", "--day", "2026-11-01") == "no tickets on 2026-11-01\n"
    bad = kiosk("queue", "list", "--day", "24.11.2026")
    assert bad.code == 2
    assert "expected a day YYYY-MM-DD, got '24.11.2026'" in bad.err


def test_list_json_has_every_ticket_with_all_timestamps(kiosk: Kiosk) -> None:
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "issue", "vip", "--priority")
    kiosk.ok("queue", "open", "1")
    kiosk.ok("queue", "call", "1")
    listed = kiosk.json("queue", "list")
    assert [set(t) for t in listed] == [TICKET_KEYS, TICKET_KEYS]
    first, second = listed
    assert (first["number"], first["service"], first["priority"]) == ("A001", "bill", "normal")
    assert (first["state"], first["counter"], first["outcome"]) == ("called", 1, None)
    assert (second["number"], second["priority"], second["state"]) == (
        "V001",
        "priority",
        "waiting",
    )
    assert second["service_name_zh"] == "贵宾与政企"
    for key in ("issued_at", "called_at", "last_called_at", "serving_at", "finished_at"):
        assert key in first


def test_history_outlives_a_business_type_removed_from_the_configuration(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    kiosk.ok("queue", "issue", "vip")
    text = config.example_text()
    vip = text[text.index('[[services]]\ncode = "vip"') : text.index("# One [[counters]]")]
    path = tmp_path / "no-vip.toml"
    path.write_text(
        text.replace(vip, "").replace('["vip", "complaint", "plan"]', '["complaint", "plan"]'),
        encoding="utf-8",
    )
    (listed,) = kiosk.json("--config", str(path), "queue", "list")
    assert (listed["number"], listed["service"]) == ("V001", "vip")
    assert (listed["service_name_zh"], listed["service_name_en"]) == (None, None)
    assert "V001" in kiosk.ok("--config", str(path), "queue", "list")


# -- status ------------------------------------------------------------------------------


def test_status_json_shape(kiosk: Kiosk) -> None:
    """Business types, counters, waiting tickets and the last calls, as documented."""
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "issue", "bill")
    kiosk.ok("queue", "open", "1")
    kiosk.ok("queue", "call", "1")
    kiosk.at("10:12")
    status = kiosk.json("queue", "status")

    assert set(status) == STATUS_KEYS
    assert status["at"] == f"{DAY}T10:12:00"
    assert set(status["day"]) == DAY_KEYS
    assert status["day"]["date"] == DAY

    assert [set(s) for s in status["services"]] == [SERVICE_STATUS_KEYS] * 6
    bill = status["services"][0]
    estimate = bill.pop("estimate")
    assert set(estimate) == ESTIMATE_KEYS and estimate["low_s"] < estimate["high_s"]
    assert bill == {
        "ahead": 1,  # A002, waiting for counter 1, the only one open
        "no_estimate_reason": None,
        "resumes_at": None,
        "code": "bill",
        "prefix": "A",
        "name_zh": "缴费充值",
        "name_en": "Bill payment & top-up",
        "waiting": 1,
        "open": True,
        "reason": None,
        "counters_open": 1,
    }

    assert [set(c) for c in status["counters"]] == [COUNTER_KEYS] * 4
    assert [(c["number"], c["state"], c["current"]) for c in status["counters"]] == [
        (1, "serving", "A001"),
        (2, "closed", None),
        (3, "closed", None),
        (4, "closed", None),
    ]
    assert status["counters"][0]["current_state"] == "called"

    assert status["waiting"] == [
        {
            "number": "A002",
            "service": "bill",
            "priority": "normal",
            "issued_at": f"{DAY}T10:00:00",
            "target_counter": None,
            "over_target": True,  # 12 minutes against a 10-minute target
        }
    ]
    assert set(status["waiting"][0]) == WAITING_KEYS
    assert status["last_calls"] == [
        {
            "number": "A001",
            "service": "bill",
            "counter": 1,
            "at": f"{DAY}T10:00:00",
            "recall": False,
        }
    ]
    assert set(status["last_calls"][0]) == CALL_KEYS

    text = kiosk.ok("queue", "status")
    assert "counter 1: busy with A001 (called)" in text
    assert "10:00:00 A001 -> counter 1" in text


# -- business types that are closed or full ----------------------------------------------


@pytest.mark.parametrize("hhmm", ["08:59", "17:00", "18:30"])
def test_business_type_closed_outside_its_hours(kiosk: Kiosk, hhmm: str) -> None:
    """vip is open 09:00-17:00 in the demo hall."""
    kiosk.at(hhmm)
    message = kiosk.fails(ServiceUnavailable, "queue", "issue", "vip")
    assert "business type vip" in message
    assert "opening hours 09:00-17:00" in message
    vip = kiosk.json("queue", "status")["services"][5]
    assert (vip["code"], vip["open"]) == ("vip", False)
    assert vip["reason"] == "closed; opening hours 09:00-17:00"


@pytest.mark.parametrize("hhmm", ["09:00", "16:59"])
def test_business_type_open_within_its_hours(kiosk: Kiosk, hhmm: str) -> None:
    kiosk.at(hhmm)
    assert kiosk.json("queue", "issue", "vip")["number"] == "V001"


def test_daily_cap_reached(kiosk: Kiosk, tmp_path: Path) -> None:
    path = write_config(tmp_path, {'prefix = "A"\n': 'prefix = "A"\ndaily_cap = 2\n'})
    cfg = ["--config", str(path)]
    assert kiosk.json(*cfg, "queue", "issue", "bill")["number"] == "A001"
    assert kiosk.json(*cfg, "queue", "issue", "bill")["number"] == "A002"
    message = kiosk.fails(ServiceUnavailable, *cfg, "queue", "issue", "bill")
    assert "business type bill" in message
    assert "daily cap of 2" in message
    bill = kiosk.json(*cfg, "queue", "status")["services"][0]
    assert (bill["open"], bill["reason"]) == (False, "daily cap of 2 reached")
    kiosk.at("05:00", day="2026-11-25")  # the next business day
    assert kiosk.json(*cfg, "queue", "issue", "bill")["number"] == "A001"


def test_priority_refused_without_green_channel(kiosk: Kiosk, tmp_path: Path) -> None:
    path = write_config(tmp_path, {'prefix = "A"\n': 'prefix = "A"\ngreen_channel = false\n'})
    message = kiosk.fails(
        ServiceUnavailable, "--config", str(path), "queue", "issue", "bill", "--priority"
    )
    assert "business type bill" in message
    assert "no green channel" in message


# -- user errors: one line, the code of their kind ---------------------------------------


def test_unknown_names_are_named(kiosk: Kiosk) -> None:
    assert "unknown business type 'nope'" in kiosk.fails(NotFound, "queue", "issue", "nope")
    assert "unknown counter 9" in kiosk.fails(NotFound, "queue", "open", "9")
    assert "no active ticket Z123" in kiosk.fails(NotFound, "queue", "cancel", "Z123")


def test_invalid_transitions_name_the_counter_and_ticket(kiosk: Kiosk) -> None:
    kiosk.ok("queue", "issue", "bill")
    assert "counter 2 is closed, not open" in kiosk.fails(InvalidTransition, "queue", "call", "2")
    kiosk.ok("queue", "open", "1")
    assert "counter 1 is already open" in kiosk.fails(InvalidTransition, "queue", "open", "1")
    assert "counter 1 has no current ticket" in kiosk.fails(
        InvalidTransition, "queue", "serve", "1"
    )
    kiosk.ok("queue", "call", "1")
    message = kiosk.fails(InvalidTransition, "queue", "done", "1")
    assert "ticket A001 at counter 1 is called, not serving" in message
    message = kiosk.fails(InvalidTransition, "queue", "call", "1")
    assert "ticket A001 is still called at counter 1" in message


def test_nothing_to_call_names_the_counter(kiosk: Kiosk) -> None:
    kiosk.ok("queue", "issue", "vip")
    kiosk.ok("queue", "open", "1")
    message = kiosk.fails(NothingToCall, "queue", "call", "1")
    assert "no ticket waiting for counter 1 (serves bill, plan, broadband)" in message


def test_bad_configuration_names_file_and_key(kiosk: Kiosk, tmp_path: Path) -> None:
    path = write_config(tmp_path, {"recall_limit = 3": "recall_limits = 3"})
    message = kiosk.fails(ConfigError, "--config", str(path), "queue", "status")
    assert f"{path}: hall.recall_limits: unknown key" in message


def test_configuration_from_environment(
    kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_config(tmp_path, {'name_en = "Demo Service Hall"': 'name_en = "Branch 7"'})
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    assert kiosk.ok("queue", "status").startswith("Branch 7: business day")
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "missing.toml"))
    message = kiosk.fails(ConfigError, "queue", "status")
    assert "missing.toml: configuration file not found" in message


def test_bad_kiosk_now_is_a_configuration_error(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_NOW", "tomorrow")
    assert "KIOSK_NOW" in kiosk.fails(ConfigError, "queue", "status")


def test_store_locked_by_another_process(kiosk: Kiosk, tmp_path: Path, data_dir: Path) -> None:
    """A writer past the busy timeout is refused; readers still see the hall (WAL)."""
    path = write_config(tmp_path, {"busy_timeout_ms = 5000": "busy_timeout_ms = 100"})
    cfg = ["--config", str(path)]
    kiosk.ok(*cfg, "queue", "issue", "bill")
    other = sqlite3.connect(data_dir / "kiosk.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        message = kiosk.fails(StoreLocked, *cfg, "queue", "issue", "bill")
        assert str(data_dir / "kiosk.db") in message
        assert "locked" in message
        assert kiosk.json(*cfg, "queue", "status")["services"][0]["waiting"] == 1
    finally:
        other.rollback()
        other.close()
    assert kiosk.json(*cfg, "queue", "issue", "bill")["number"] == "A002"


def test_store_read_only(kiosk: Kiosk, tmp_path: Path, data_dir: Path) -> None:
    kiosk.ok("queue", "issue", "bill")
    url = f"sqlite:///file:{data_dir / 'kiosk.db'}?mode=ro&uri=true"
    path = write_config(tmp_path, {'url = ""': f'url = "{url}"'})
    message = kiosk.fails(StoreReadOnly, "--config", str(path), "queue", "issue", "bill")
    assert "cannot be written" in message
    assert kiosk.json("--config", str(path), "queue", "list")[0]["number"] == "A001"


def test_data_directory_that_cannot_be_created(kiosk: Kiosk, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    message = kiosk.fails(StoreReadOnly, "--data-dir", str(blocker / "data"), "queue", "status")
    assert f"data directory {blocker / 'data'} cannot be created" in message


def test_store_corrupt(kiosk: Kiosk, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "kiosk.db").write_bytes(b"these are not the tables you are looking for\n" * 200)
    message = kiosk.fails(StoreCorrupt, "queue", "status")
    assert str(data_dir / "kiosk.db") in message
    assert "damaged" in message
    check = kiosk("db", "check")
    assert check.code == StoreCorrupt.exit_code
    assert "FAIL" in check.out


def test_usage_errors_exit_2(kiosk: Kiosk) -> None:
    for argv in ([], ["queue"], ["queue", "frobnicate"], ["queue", "open", "one"]):
        result = kiosk(*argv)
        assert result.code == 2, argv
        assert result.err.startswith("kiosk: usage error: ")
        assert result.err.count("\n") == 1
    assert "expected a counter number, got 'one'" in kiosk("queue", "open", "one").err
    assert kiosk("--version").out == "kiosk 0.1.0\n"


def test_a_bug_writes_a_crash_log_and_prints_one_line(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    from kiosk.core.service import QueueService

    def broken(self: QueueService, last_calls: int = 10) -> None:
        raise RuntimeError("the status board fell over")

    monkeypatch.setattr(QueueService, "status", broken)
    result = kiosk("queue", "status")
    assert result.code == 1
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith(
        "kiosk: internal error: RuntimeError: the status board fell over; details in "
    )
    logs = list((data_dir / "logs").glob("crash-*.txt"))
    assert len(logs) == 1
    assert result.err.rstrip().endswith(str(logs[0]))
    crash = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in crash
    assert "argv: ['queue', 'status']" in crash


def test_every_error_kind_has_its_own_documented_exit_code() -> None:
    kinds = [
        obj
        for obj in vars(errors).values()
        if isinstance(obj, type) and issubclass(obj, KioskError) and obj is not KioskError
    ]
    codes = [k.exit_code for k in kinds]
    assert len(set(codes)) == len(codes)
    assert not {0, 1, 2} & set(codes)
    table = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for kind in kinds:
        assert re.search(rf"^\| {kind.exit_code} \| `{kind.__name__}` \|", table, re.M), kind


# -- configuration commands --------------------------------------------------------------


def test_config_example_is_valid_and_checks(kiosk: Kiosk, tmp_path: Path) -> None:
    text = kiosk.ok("config", "example")
    assert text == config.example_text()
    assert config.parse(text, "example") == config.load(None)
    path = tmp_path / "example.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o640)
    checked = kiosk("config", "check", str(path))
    assert (checked.code, checked.out) == (0, f"{path}: valid (6 business types, 4 counters)\n")
    assert checked.err.startswith(f"kiosk: warning: {path}: tech.pin_hash is the shipped demo")
    assert kiosk("--config", str(path), "config", "check").out.startswith(f"{path}: valid")
    assert kiosk("config", "check").out.startswith("embedded demo hall: valid")


def warnings(err: str) -> list[str]:
    lines = err.splitlines()
    assert all(line.startswith("kiosk: warning: ") for line in lines), err
    return [line.removeprefix("kiosk: warning: ") for line in lines]


def test_config_check_warns_about_the_shipped_pin_and_secret_but_passes(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    """A hall's file that still has the demo PIN or secret is valid (exit 0), and each
    default is named on stderr; so is the demo hall itself."""
    path = write_config(
        tmp_path, {'# secret = "..."': f'secret = "{config.DEMO_SECRET}"\n# x = "..."'}
    )
    path.chmod(0o640)
    result = kiosk("config", "check", str(path))
    assert (result.code, result.out) == (0, f"{path}: valid (6 business types, 4 counters)\n")
    found = warnings(result.err)
    assert len(found) == 2
    assert found[0].startswith(f"{path}: tech.pin_hash is the shipped demo PIN (1234)")
    assert "asks the first technician to choose a PIN" in found[0]
    assert found[1].startswith(f"{path}: kiosk.secret is the shipped demo secret")
    demo = kiosk("config", "check")
    assert demo.code == 0
    assert warnings(demo.err)[0].startswith("embedded demo hall: the technician PIN is the demo")


def test_config_check_says_the_panel_will_ask_when_no_pin_is_set(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    path = write_config(tmp_path, {f'pin_hash = "{config.DEMO_PIN_HASH}"': ""})
    path.chmod(0o640)
    result = kiosk("config", "check", str(path))
    assert result.code == 0
    assert warnings(result.err) == [
        f"{path}: tech.pin_hash is not set: the technician panel asks the first technician "
        "to choose a PIN (or set one from `kiosk config hash-pin`)"
    ]


def test_config_check_is_quiet_for_a_hall_with_its_own_pin_and_secret(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    own = hash_pin("8642", iterations=1_000)
    path = write_config(
        tmp_path,
        {config.DEMO_PIN_HASH: own, '# secret = "..."': 'secret = "hall-own-secret-4711"'},
    )
    path.chmod(0o640)
    assert kiosk.ok("config", "check", str(path)).startswith(f"{path}: valid")


def test_config_check_warns_when_every_user_can_read_the_pin_hash(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    path = write_config(tmp_path, {config.DEMO_PIN_HASH: hash_pin("8642", iterations=1_000)})
    path.chmod(0o644)
    result = kiosk("config", "check", str(path))
    assert result.code == 0
    [found] = warnings(result.err)
    assert found.startswith(f"{path}: readable by every user of the machine (mode 0644)")
    assert "0640, owned by root, group kiosk" in found


@pytest.mark.parametrize(
    ("pin_hash", "words"),
    [
        ("pbkdf2_sha256$0$salt$" + "ab" * 32, "iterations 0 are not between"),
        ("pbkdf2_sha256$200000$sél$" + "ab" * 32, "the salt 'sél'"),
    ],
)
def test_a_pin_hash_no_pin_can_match_is_a_configuration_error(
    kiosk: Kiosk, tmp_path: Path, pin_hash: str, words: str
) -> None:
    """Before, `config check` accepted these and the panel could then never be unlocked."""
    path = write_config(tmp_path, {config.DEMO_PIN_HASH: pin_hash})
    message = kiosk.fails(ConfigError, "config", "check", str(path))
    assert f"{path}: tech.pin_hash: " in message and words in message


@pytest.mark.parametrize("pin", ["１２３４", "١٢٣٤", "۱۲۳۴", "123", "12 34", "1234567890123"])
def test_hash_pin_takes_only_the_digits_the_pad_can_type(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, pin: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(pin + "\n"))
    message = kiosk.fails(ConfigError, "config", "hash-pin")
    assert "a PIN is 4 to 12 digits 0-9" in message


def test_hash_pin_prints_a_hash_the_configuration_takes(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("4721\n"))
    encoded = kiosk.ok("config", "hash-pin").strip()
    assert valid_hash(encoded) and check_pin("4721", encoded)


def test_config_check_reports_the_key(kiosk: Kiosk, tmp_path: Path) -> None:
    path = write_config(tmp_path, {'day_reset = "04:00"': 'day_reset = "4am"'})
    message = kiosk.fails(ConfigError, "config", "check", str(path))
    assert f"{path}: hall.day_reset: " in message
    assert "'4am'" in message


# -- store maintenance -------------------------------------------------------------------


def test_db_upgrade_check_backup_and_restore(kiosk: Kiosk, tmp_path: Path, data_dir: Path) -> None:
    store = data_dir / "kiosk.db"
    assert kiosk.ok("db", "upgrade") == f"store {store}: schema upgraded from empty to {HEAD}\n"
    assert kiosk.ok("db", "upgrade") == f"store {store}: schema already at revision {HEAD}\n"
    kiosk.ok("queue", "issue", "bill")
    check = kiosk.ok("db", "check")
    assert check.splitlines()[-1] == "ok   store is healthy"
    target = tmp_path / "backups" / "kiosk-backup.db"
    assert kiosk.ok("db", "backup", str(target)).startswith(f"backup of {store} written to")

    restored = tmp_path / "restored"
    restored.mkdir()
    target.replace(restored / "kiosk.db")
    listed = kiosk.json("--data-dir", str(restored), "queue", "list")
    assert [t["number"] for t in listed] == ["A001"]


def test_db_check_of_a_missing_store(kiosk: Kiosk) -> None:
    result = kiosk("db", "check")
    assert result.code == StoreCorrupt.exit_code
    assert "does not exist" in result.out


# -- real processes ----------------------------------------------------------------------


def _kiosk_process(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_process_exit_codes_and_one_line_errors(tmp_path: Path) -> None:
    ok = _kiosk_process("queue", "issue", "bill", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["number"] == "A001"

    cases = [
        (["queue", "issue", "nope"], NotFound, "'nope'"),
        (["queue", "call", "3"], InvalidTransition, "counter 3"),
        (["--config", str(tmp_path / "nowhere.toml"), "queue", "status"], ConfigError, "nowhere"),
    ]
    for argv, kind, named in cases:
        failed = _kiosk_process(*argv)
        assert failed.returncode == kind.exit_code, failed.stderr
        assert failed.stdout == ""
        assert failed.stderr.count("\n") == 1, failed.stderr
        assert named in failed.stderr
        assert "Traceback" not in failed.stderr

    usage = _kiosk_process("queue", "issue")
    assert usage.returncode == 2
    assert usage.stderr.count("\n") == 1
    assert "Traceback" not in usage.stderr


@pytest.fixture
def running_hall() -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_run_prints_one_line_and_stops_on_sigterm(running_hall: subprocess.Popen[str]) -> None:
    assert running_hall.stdout is not None
    ready, _, _ = select.select([running_hall.stdout], [], [], 60)
    assert ready, "kiosk run printed nothing within 60 s"
    line = running_hall.stdout.readline()
    assert line.startswith(
        "kiosk: hall window(s) open for hall Demo Service Hall (embedded demo hall)"
    ), line + (running_hall.stderr.read() if running_hall.poll() is not None else "")
    assert "6 business types, 4 counters" in line

    running_hall.send_signal(signal.SIGTERM)
    out, err = running_hall.communicate(timeout=30)
    assert running_hall.returncode == 0, err
    assert out == "kiosk: stopped\n"
    assert "Traceback" not in err


def test_windows_without_a_display_say_how_to_run_them(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}  # fmt: skip
    for command in (["run"], ["counter", "1"], ["display"], ["tech"]):
        proc = subprocess.run(
            [sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path), *command],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip
        assert proc.returncode == 11, proc.stderr
        assert proc.stderr.count("\n") == 1 and "xvfb-run" in proc.stderr
        assert "QT_QPA_PLATFORM=offscreen" in proc.stderr


def test_list_after_the_reset_hour_shows_the_new_day(kiosk: Kiosk) -> None:
    """After the reset hour `list` agrees with `status`: a new day, no tickets yet."""
    kiosk.ok("queue", "issue", "bill")
    kiosk.at("05:00", day="2026-11-25")
    assert kiosk.json("queue", "status")["day"]["date"] == "2026-11-25"
    assert kiosk.json("queue", "list") == []


def test_complaint_follow_up_from_the_command_line(kiosk: Kiosk) -> None:
    """A complaint ends resolved here or followed up (docs/cli.md, docs/reports.md):
    Tuesday 24 November 2026, three working days on is Friday the 27th."""
    kiosk.ok("queue", "issue", "complaint", "--no-print")  # E001
    kiosk.ok("queue", "issue", "complaint", "--no-print")  # E002
    kiosk.ok("queue", "open", "3")
    kiosk.ok("queue", "call", "3")
    kiosk.ok("queue", "serve", "3")
    assert "E001 is a complaint" in kiosk.fails(errors.InvalidTransition, "queue", "done", "3")
    assert "E001 is a complaint" in kiosk.fails(errors.InvalidTransition, "queue", "call", "3")
    usage = kiosk("queue", "done", "3", "--resolved-here", "--promise-by", "2026-11-30")
    assert usage.code == 2 and "--promise-by goes with --follow-up" in usage.err
    here = kiosk.json("queue", "done", "3", "--resolved-here")
    assert (here["number"], here["state"], here["resolution"]) == ("E001", "done", "resolved_here")
    assert (here["case_number"], here["promised_by"]) == (None, None)
    kiosk.at("10:05")
    kiosk.ok("queue", "call", "3")
    kiosk.ok("queue", "serve", "3")
    late = kiosk("queue", "done", "3", "--follow-up", "--promise-by", "2026-11-23")
    assert late.code == errors.InvalidTransition.exit_code and "before today" in late.err
    followed = kiosk.json("queue", "done", "3", "--follow-up")
    assert (followed["number"], followed["resolution"]) == ("E002", "follow_up")
    assert (followed["case_number"], followed["promised_by"]) == ("C20261124-001", "2026-11-27")
    (listed,) = kiosk.json("queue", "follow-up", "list")
    assert listed == {
        "case_number": "C20261124-001",
        "ticket": "E002",
        "service": "complaint",
        "counter": 3,
        "staff": None,
        "opened_at": f"{DAY}T10:05:00",
        "promised_by": "2026-11-27",
        "closed_at": None,
        "closed_by": None,
        "note": "",
        "status": "open",
    }
    kiosk.at("09:00", "2026-11-28")  # Saturday: past the promised Friday
    assert [f["status"] for f in kiosk.json("queue", "follow-up", "list")] == ["overdue"]
    closed = kiosk.json(
        "queue", "follow-up", "close", "c20261124-001", "--note", "refund agreed", "--staff", "s07"
    )
    assert (closed["status"], closed["closed_at"], closed["closed_by"], closed["note"]) == (
        "closed",
        "2026-11-28T09:00:00",
        "s07",
        "refund agreed",
    )
    again = kiosk.fails(errors.InvalidTransition, "queue", "follow-up", "close", "C20261124-001")
    assert "closed already" in again
    assert "C20261124-009" in kiosk.fails(
        errors.NotFound, "queue", "follow-up", "close", "C20261124-009"
    )


def test_the_report_lists_follow_ups(kiosk: Kiosk) -> None:
    kiosk.ok("queue", "issue", "complaint", "--no-print")  # E001
    kiosk.ok("queue", "open", "3")
    kiosk.ok("queue", "call", "3")
    kiosk.ok("queue", "serve", "3")
    kiosk.ok("queue", "done", "3", "--follow-up")  # C20261124-001, promised Friday the 27th
    kiosk.at("09:00", "2026-11-28")  # Saturday
    report = kiosk.json("report", "--from", DAY, "--to", "2026-11-28")
    assert [(f["case_number"], f["ticket"], f["status"]) for f in report["follow_ups"]] == [
        ("C20261124-001", "E001", "overdue")
    ]
    assert (report["total"]["follow_ups_open"], report["total"]["follow_ups_overdue"]) == (1, 1)
    assert kiosk.json("report", "--follow-ups") == report["follow_ups"]  # still open: listed
    kiosk.ok("queue", "follow-up", "close", "C20261124-001", "--note", "called back")
    text = kiosk.ok("report", "--follow-ups", "--from", DAY, "--to", "2026-11-28")
    assert text.splitlines()[0] == (
        "complaint follow-ups, business days 2026-11-24 to 2026-11-28: 0 open, 0 of them overdue"
    )
    assert text.splitlines()[2].split()[:3] == ["C20261124-001", "E001", "complaint"]
    assert "closed" in text.splitlines()[2]
    assert kiosk.json("report", "--follow-ups", "--from", "2026-11-29", "--to", "2026-11-29") == []


def test_the_workbook_has_a_sheet_of_follow_ups(kiosk: Kiosk, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    kiosk.ok("queue", "issue", "complaint", "--no-print")
    kiosk.ok("queue", "open", "3")
    kiosk.ok("queue", "call", "3")
    kiosk.ok("queue", "serve", "3")
    kiosk.ok("queue", "done", "3", "--follow-up", "--promise-by", "2026-11-30")
    kiosk.ok("report", "--xlsx", str(tmp_path / "r.xlsx"))
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["Report", "Follow-ups"]
    rows = list(book["Follow-ups"].iter_rows(values_only=True))
    assert rows[2][:3] == ("Case number", "Ticket", "Business type")
    assert rows[3][:8] == ("C20261124-001", "E001", "complaint", 3, None, f"{DAY}T10:00:00",
                           "2026-11-30", "open")  # fmt: skip
