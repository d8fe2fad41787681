"""Several processes, or threads with a store each, on one store: the acceptance tests.

Real processes, a real SQLite file, no sleeps. The workers (tests/workers/
issue_worker.py) build the queue service through kiosk.app like the application
does, wait for a "go" line so that they start together, and print one JSON line
per ticket after the call that issued it returned.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.clock import ManualClock
from kiosk.core.errors import NothingToCall
from kiosk.core.model import Counter, EventKind, Hall, Rules, Service
from kiosk.core.service import QueueService
from kiosk.store.engine import sqlite_url
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore

from .stores import SQLITE, hall_config, store_url_for

ROOT = Path(__file__).resolve().parents[1]
WORKER = Path(__file__).resolve().parent / "workers" / "issue_worker.py"
NOW = "2026-11-24T10:00:00"  # inside every opening hour of the demo hall
SERVICES = ("bill", "plan", "phone", "broadband", "complaint")
PREFIX = {"bill": "A", "plan": "B", "phone": "C", "broadband": "D", "complaint": "E"}
TIMEOUT = 120  # seconds; a safety net against a hung process, never reached when all is well


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    return {
        **os.environ,
        "KIOSK_NOW": NOW,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT),
        **(extra or {}),
    }


@dataclasses.dataclass(frozen=True)
class HallStore:
    """Where the processes of a test keep the hall: their data directory and the store,
    the default SQLite file in it, or a PostgreSQL database named by a configuration file
    ($KIOSK_CONFIG, which every process started inherits)."""

    data_dir: Path
    url: str
    env: dict[str, str]


@pytest.fixture
def hall(store_backend: str, tmp_path: Path) -> Iterator[HallStore]:
    data_dir = tmp_path / "hall"  # does not exist: the processes also race to create it
    if store_backend == SQLITE:
        yield HallStore(data_dir, sqlite_url(data_dir / "kiosk.db"), {})
        return
    with store_url_for(store_backend, tmp_path) as url:
        config = hall_config(tmp_path / "conf", url)
        yield HallStore(data_dir, url, {"KIOSK_CONFIG": str(config)})


def kiosk_command() -> list[str]:
    """The installed `kiosk` command next to this Python, else `python -m kiosk`."""
    script = Path(sys.executable).with_name("kiosk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]


class Processes:
    """Started processes; whatever a test leaves running is killed and reaped."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.started: list[subprocess.Popen[str]] = []
        self.env = env

    def start(self, args: list[str], *, stdin: bool = False) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(self.env),
            cwd=ROOT,
        )
        self.started.append(proc)
        return proc

    def worker(self, data_dir: Path, count: int, rounds: int = 1) -> subprocess.Popen[str]:
        """An issue worker; it says "ready" and waits for a line before each round."""
        args = [sys.executable, str(WORKER), str(data_dir), str(count), "--rounds", str(rounds)]
        return self.start(args, stdin=True)

    def close(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                proc.kill()
            proc.wait(TIMEOUT)
            for pipe in (proc.stdin, proc.stdout, proc.stderr):
                if pipe is not None and not pipe.closed:
                    pipe.close()


@pytest.fixture
def procs(hall: HallStore) -> Iterator[Processes]:
    processes = Processes(hall.env)
    yield processes
    processes.close()


def next_round(workers: list[subprocess.Popen[str]], printed: list[list[dict[str, Any]]]) -> None:
    """Wait until every worker has finished its round and is ready, then start them all
    together. What they printed meanwhile goes to printed, one list per worker."""
    for w, lines in zip(workers, printed, strict=True):
        assert w.stdout is not None
        while (line := w.stdout.readline()) != "ready\n":
            assert line, f"a worker ended early (exit code {w.wait(TIMEOUT)})"
            lines.append(json.loads(line))
    for w in workers:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Read what is left of a process's output (lines already buffered included)."""
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    code = proc.wait(TIMEOUT)
    return code, out, err


def store_tickets(url: str) -> list[dict[str, Any]]:
    """Every ticket of the store's current business day, straight from the store."""
    store = open_store(url)
    try:
        return [
            {"uid": t.uid, "number": t.number, "service": t.original_service, "seq": t.seq}
            for t in store.tickets_of(None)
        ]
    finally:
        store.engine.dispose()


def assert_numbering_is_sound(
    tickets: list[dict[str, Any]], prefixes: dict[str, str] = PREFIX
) -> dict[str, int]:
    """No number twice in the day; per business type the seqs are exactly 1..n."""
    numbers = [t["number"] for t in tickets]
    assert len(numbers) == len(set(numbers)), "a number was issued twice"
    assert len({t["uid"] for t in tickets}) == len(tickets)
    seqs: dict[str, list[int]] = collections.defaultdict(list)
    for t in tickets:
        seqs[t["service"]].append(t["seq"])
        assert t["number"] == f"{prefixes[t['service']]}{t['seq']:03d}"
    for code, found in seqs.items():
        assert sorted(found) == list(range(1, len(found) + 1)), f"{code}: gap or duplicate"
    return {code: len(found) for code, found in seqs.items()}


def db_check(hall: HallStore) -> str:
    done = subprocess.run(
        [*kiosk_command(), "--data-dir", str(hall.data_dir), "db", "check"],
        capture_output=True,
        text=True,
        env=environment(hall.env),
        cwd=ROOT,
        timeout=TIMEOUT,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stdout + done.stderr
    assert "store is healthy" in done.stdout
    return done.stdout


@pytest.mark.slow
def test_four_processes_issue_200_distinct_numbers_without_gaps(
    hall: HallStore, procs: Processes
) -> None:
    data_dir = hall.data_dir  # does not exist: the workers also race to create the store
    rounds = 5
    workers = [procs.worker(data_dir, 50, rounds) for _ in range(4)]
    printed: list[list[dict[str, Any]]] = [[] for _ in workers]
    for _ in range(rounds):  # 10 tickets each per round, the four released together
        next_round(workers, printed)
    for w, lines in zip(workers, printed, strict=True):
        code, out, err = finish(w)
        assert (code, err) == (0, ""), err
        lines += [json.loads(line) for line in out.splitlines()]
        assert len(lines) == 50

    everything = [t for lines in printed for t in lines]
    assert len({t["number"] for t in everything}) == 200
    tickets = store_tickets(hall.url)
    assert {t["uid"]: t["number"] for t in tickets} == {t["uid"]: t["number"] for t in everything}
    assert assert_numbering_is_sound(tickets) == dict.fromkeys(SERVICES, 40)

    # The workers really overlapped: in issue order (the store's row order) every round
    # holds ten tickets of each of the four, so none of them ran on its own.
    worker_of = {t["uid"]: i for i, lines in enumerate(printed) for t in lines}
    order = [worker_of[t["uid"]] for t in tickets]
    for r in range(rounds):
        assert sorted(order[r * 40 : (r + 1) * 40]) == sorted(list(range(4)) * 10), order
    db_check(hall)


@pytest.mark.slow
def test_concurrent_command_line_issues(hall: HallStore, procs: Processes) -> None:
    """`kiosk queue issue SERVICE --json`, six at once on a store none of them found."""
    data_dir = hall.data_dir
    codes = ["bill", "plan", "bill", "complaint", "plan", "bill"]
    started = [
        procs.start([*kiosk_command(), "--data-dir", str(data_dir), "queue", "issue", c, "--json"])
        for c in codes
    ]
    issued = []
    for proc in started:
        code, out, err = finish(proc)
        assert (code, err) == (0, ""), err
        issued.append(json.loads(out))  # exactly one JSON object
    assert sorted(t["number"] for t in issued) == ["A001", "A002", "A003", "B001", "B002", "E001"]
    assert [t["service"] for t in issued] == codes
    tickets = store_tickets(hall.url)
    assert_numbering_is_sound(tickets)
    assert {t["uid"] for t in tickets} == {t["uid"] for t in issued}
    db_check(hall)


def complete_lines(text: str) -> list[str]:
    """The lines that were printed in full: a line cut by the kill has no newline."""
    return text.split("\n")[:-1]


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_printed_ticket(
    hall: HallStore, procs: Processes
) -> None:
    rng = random.Random(20261124)
    data_dir = hall.data_dir
    printed: list[dict[str, Any]] = []
    kills = 0
    for _ in range(4):
        workers = [procs.worker(data_dir, 0) for _ in range(3)]  # issue until killed
        next_round(workers, [[] for _ in workers])
        for w in rng.sample(workers, len(workers)):
            assert w.stdout is not None
            lines = []
            for _ in range(rng.randint(0, 30)):  # 0: killed while starting up
                line = w.stdout.readline()
                if not line.endswith("\n"):
                    break
                lines.append(line)
            w.send_signal(signal.SIGKILL)
            kills += 1
            code, rest, err = finish(w)
            assert code == -signal.SIGKILL, err
            assert "Traceback" not in err and "Error" not in err, err
            printed += [json.loads(line) for line in lines + complete_lines(rest)]
    assert kills == 12
    assert len(printed) > 50  # the kills did not all come before any ticket

    # The store as the command line shows it.
    listed = subprocess.run(
        [*kiosk_command(), "--data-dir", str(data_dir), "queue", "list", "--json"],
        capture_output=True,
        text=True,
        env=environment(hall.env),
        cwd=ROOT,
        timeout=TIMEOUT,
        check=False,
    )
    assert (listed.returncode, listed.stderr) == (0, "")
    in_store = {t["uid"]: t["number"] for t in json.loads(listed.stdout)}
    # Every ticket whose line was printed is there, with the number the visitor saw.
    for t in printed:
        assert in_store.get(t["uid"]) == t["number"], t["number"]
    # A ticket may be committed and its line lost to the kill, never the reverse.
    assert len(in_store) >= len(printed)
    assert_numbering_is_sound(store_tickets(hall.url))
    db_check(hall)


# -- 40 counters calling at once, on each kind of store --------------------------------

COUNTERS = 40
ISSUERS = 4
TICKETS_EACH = 40  # per issuer: 160 tickets for 40 counters, each calling 4 on average
HALL_OF_40 = Hall(
    services=(
        Service("bill", "A", "缴费", "Bills"),
        Service("plan", "B", "套餐", "Plans"),
        Service("fix", "C", "维修", "Repairs"),
    ),
    counters=tuple(
        Counter(n, f"{n}号", f"Counter {n}", ("bill", "plan", "fix")) for n in range(1, 41)
    ),
    rules=Rules(),
)
WAIT_S = 60.0  # a safety net against a hung thread, never reached when all is well


@pytest.mark.slow
def test_forty_counters_calling_at_once_call_every_ticket_once(store_url: str) -> None:
    """40 counter threads and 4 kiosk threads, each with a store (and connections) of its
    own, all released together on a store none of them had opened: every ticket is called
    exactly once, by one counter; the numbers are 1..n per business type; the hall feed's
    sequence numbers (the events' ids) are 1..N with no gap."""
    clock = ManualClock(dt.datetime.fromisoformat(NOW))
    start = threading.Barrier(COUNTERS + ISSUERS, timeout=WAIT_S)
    issued_lock = threading.Condition()
    state = {"issued": 0, "issuers_done": 0}
    called: dict[int, list[str]] = {n: [] for n in range(1, COUNTERS + 1)}
    issued: list[list[str]] = [[] for _ in range(ISSUERS)]
    errors: list[BaseException] = []

    def opened() -> SqlStore:
        return open_store(store_url, busy_timeout_ms=int(WAIT_S * 1000))

    def issuer(i: int) -> None:
        store = opened()  # all at once: they race to create the schema too
        try:
            service = QueueService(HALL_OF_40, store, clock)
            start.wait()
            for k in range(TICKETS_EACH):
                ticket = service.issue(("bill", "plan", "fix")[(i + k) % 3]).ticket
                issued[i].append(ticket.uid)
                with issued_lock:
                    state["issued"] += 1
                    issued_lock.notify_all()
        finally:
            with issued_lock:
                state["issuers_done"] += 1
                issued_lock.notify_all()
            store.close()

    def counter(n: int) -> None:
        store = opened()
        try:
            service = QueueService(HALL_OF_40, store, clock)
            start.wait()
            service.open_counter(n)
            while True:
                with issued_lock:
                    seen, done = state["issued"], state["issuers_done"] == ISSUERS
                try:
                    called[n].append(service.call_next(n).uid)  # done with the last one
                    service.serve(n)
                except NothingToCall:
                    if done:  # nothing left after every ticket was issued
                        return
                    with issued_lock:  # wait for the next ticket (or the last issuer)
                        issued_lock.wait_for(
                            lambda seen=seen: (
                                state["issued"] > seen or state["issuers_done"] == ISSUERS
                            ),
                            timeout=WAIT_S,
                        )
        finally:
            store.close()

    def guarded(target: Callable[[int], None], arg: int) -> Callable[[], None]:
        def run() -> None:
            try:
                target(arg)
            except BaseException as exc:  # reported by the test, not by the thread
                errors.append(exc)
                start.abort()

        return run

    threads = [threading.Thread(target=guarded(issuer, i)) for i in range(ISSUERS)]
    threads += [threading.Thread(target=guarded(counter, n)) for n in called]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT_S * 4)
    assert not [t for t in threads if t.is_alive()], "a thread hung"
    assert not errors, errors

    store = open_store(store_url)
    try:
        tickets = store.tickets_of(None)
        events = store.events_after(0, limit=100_000)
    finally:
        store.close()
    everything = [uid for uids in issued for uid in uids]
    assert len(everything) == len(set(everything)) == ISSUERS * TICKETS_EACH
    assert {t.uid for t in tickets} == set(everything)
    prefix = {"bill": "A", "plan": "B", "fix": "C"}
    assert_numbering_is_sound(
        [
            {"uid": t.uid, "number": t.number, "service": t.original_service, "seq": t.seq}
            for t in tickets
        ],
        prefix,
    )
    # Every ticket called exactly once, by one counter, as the counters saw it and as the
    # log says.
    by_counters = [uid for uids in called.values() for uid in uids]
    assert sorted(by_counters) == sorted(everything)
    calls = [e.event for e in events if e.event.kind is EventKind.CALLED]
    assert sorted(e.ticket or "" for e in calls) == sorted(everything)
    assert {e.ticket: e.counter for e in calls} == {
        uid: n for n, uids in called.items() for uid in uids
    }
    assert sum(1 for uids in called.values() if uids) > 1  # the calls were shared out
    # The hall feed's numbers: 1..N in commit order, no gap, none twice.
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
