"""`kiosk bench hall`: a hall of many PCs on loopback, on the path the application takes.

One hall server, a real `kiosk serve` process (its store SQLite in a scratch folder, or
PostgreSQL with ``--store-url``), and its clients in this process, each with its own
token and HTTP connection, as the PCs of a hall have:

- ``--counters`` counter clients (40), each a :class:`~kiosk.app.remote_runtime.RemoteService`
  as `kiosk counter N --server URL` has, on a thread of its own;
- 2 kiosks issuing tickets (`POST /tickets`, as `kiosk kiosk` does; nothing printed);
- 4 displays and a device host, each a :class:`~kiosk.remote.feed.RemoteFeed` into its own
  hall feed, as `kiosk display` and `kiosk devices` follow the server (the device host's
  bus is not driven here: `kiosk bench feed` times the hub and the wire).

Three phases:

1. **issue**: the 2 kiosks issue ``--rounds`` tickets per counter (and a few more), each
   request timed (issue p95).
2. **calls**: every counter opens, then ``--rounds`` times calls the next ticket (timed:
   call next p95), serves and finishes it, pausing ``--think-ms`` between (3 s: a busy
   hall, far busier than a real one, where a counter calls every few minutes, yet below
   saturation), the counters out of step. Each call is timed from just before the
   request (time.monotonic, one clock for the machine) to the moment each display and the
   device host is told the `called` event (call → told p95; goal ≤ 100 ms).
3. **ceiling**: for ``--saturate-s`` seconds every counter and kiosk sends its next
   operation as soon as the last one is answered (the counters call, serve and finish,
   the kiosks issue): operations answered per second at saturation.

And the server process's memory (VmRSS at the end, VmHWM its peak) and its CPU time per
operation at saturation (user + system; not the database server's) from /proc. The rate
limits of the server are raised for the run (the ceiling of the hall, not the limiter's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.scratch import progress, scratch_folder
from kiosk.core.clock import Clock
from kiosk.core.errors import KioskError, NothingToCall
from kiosk.core.feed import FeedEvent
from kiosk.core.model import EventKind

SERVICE = "bill"  # the demo hall's business type open all day, with no daily cap
DISPLAYS = 4
KIOSKS = 2
TIMEOUT_S = 60.0  # a safety net against a hung process; never reached when all is well


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--counters", type=int, default=40, help="counter clients (default 40)")
    p.add_argument("--rounds", type=int, default=5, help="calls per counter (default 5)")
    p.add_argument(
        "--think-ms",
        type=int,
        default=3000,
        help="pause between a counter's calls (default 3000: 40 counters then ask about a "
        "third of the ceiling; a real counter calls every few minutes)",
    )
    p.add_argument(
        "--saturate-s", type=float, default=10.0, help="seconds at saturation (default 10)"
    )
    p.add_argument(
        "--store-url",
        metavar="URL",
        default="",
        help="the server's store ([store] url), e.g. postgresql+psycopg://user:pw@host:port/db "
        "(a database of its own: the bench resets its business day); default: SQLite in the "
        "scratch folder",
    )
    p.add_argument("--json", action="store_true")


def _summary(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}

    def pct(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {
        "n": len(ordered),
        "p50_ms": pct(0.5),
        "p95_ms": pct(0.95),
        "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
    }


def hall_config(counters: int, store_url: str) -> str:
    """The demo hall's configuration with ``counters`` counters serving ``bill``, the
    store at ``store_url`` ("" : SQLite in the data folder) and no rate limit in the way."""
    from kiosk import config as config_mod

    text = config_mod.example_text()
    text = text[: text.index("\n[[counters]]") + 1]
    text = text.replace('url = ""', f"url = {json.dumps(store_url)}", 1)
    text = text.replace(
        "# rate_per_token = 6000", "rate_per_token = 1000000\nrate_per_address = 1000000", 1
    )
    text = re.sub(r"(?m)^# rate_per_address = 600.*$", "", text)
    tables = "".join(
        f'[[counters]]\nnumber = {n}\nservices = ["{SERVICE}"]\n\n' for n in range(1, counters + 1)
    )
    return text + tables


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`kiosk serve` in a process of its own, on 127.0.0.1."""

    def __init__(self, folder: Path, config: Path, now: dt.datetime) -> None:
        self.folder, self.config = folder, config
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, KIOSK_NOW=now.isoformat(timespec="seconds"))
        self.proc: subprocess.Popen[bytes] | None = None

    def argv(self, *rest: str) -> list[str]:
        return [sys.executable, "-m", "kiosk", "--config", str(self.config),
                "--data-dir", str(self.folder), *rest]  # fmt: skip

    def enroll(self, pcs: Sequence[tuple[str, int | None]]) -> list[str]:
        """Each PC's token, as `kiosk server enroll ROLE [N]` makes them (in this process,
        on the server's store, before it starts: 47 commands would take a minute)."""
        from kiosk.app import Role, build_runtime, load_settings
        from kiosk.store.access import AccessStore

        settings = load_settings(self.config, self.folder)
        with build_runtime(Role.COMMAND, settings) as rt:
            access = AccessStore(rt.store)
            now = rt.clock.now()
            return [access.enroll(role, n, f"bench {role} {n or ''}", now)[1] for role, n in pcs]

    def start(self) -> None:
        import httpx

        log = (self.folder / "server.log").open("wb")
        argv = self.argv("serve", "--listen", f"127.0.0.1:{self.port}")
        self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        log.close()
        deadline = time.monotonic() + TIMEOUT_S
        pause = threading.Event()
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pause.wait(0.05)
        text = (self.folder / "server.log").read_text(errors="replace")
        raise KioskError(f"bench hall: the server did not start: {text[-2000:]}")

    def memory(self) -> dict[str, float]:
        """The server's resident memory now and at its peak, in MB (/proc)."""
        assert self.proc is not None
        found: dict[str, float] = {}
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return found
        for key, name in (("VmRSS", "rss_mb"), ("VmHWM", "peak_rss_mb")):
            m = re.search(rf"^{key}:\s+(\d+) kB", status, re.M)
            if m:
                found[name] = round(int(m.group(1)) / 1024, 1)
        return found

    def cpu_s(self) -> float:
        """The server process's CPU time so far (user + system, /proc), in seconds."""
        assert self.proc is not None
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(TIMEOUT_S)


class Told:
    """When each follower was told of each call (by ticket uid)."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.at: dict[str, dict[str, float]] = {}

    def handler(self, who: str) -> Callable[[Sequence[FeedEvent]], None]:
        def told(events: Sequence[FeedEvent]) -> None:
            now = time.monotonic()
            with self.cond:
                mine = self.at.setdefault(who, {})
                for e in events:
                    if e.event.kind is EventKind.CALLED and e.event.ticket:
                        mine.setdefault(e.event.ticket, now)
                self.cond.notify_all()

        return told

    def wait_all(self, whos: Sequence[str], uids: Sequence[str]) -> bool:
        with self.cond:
            return self.cond.wait_for(
                lambda: all(u in self.at.get(w, {}) for w in whos for u in uids), TIMEOUT_S
            )


def _run_threads(targets: Sequence[Callable[[], None]]) -> list[BaseException]:
    errors: list[BaseException] = []

    def guard(target: Callable[[], None]) -> None:
        try:
            target()
        except BaseException as exc:  # reported after the phase
            errors.append(exc)

    threads = [threading.Thread(target=guard, args=(t,), daemon=True) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT_S * 10)
    return errors


def measure(args: argparse.Namespace, clock: Clock, folder: Path, log: Any) -> dict[str, Any]:
    from kiosk.app.remote_runtime import RemoteService
    from kiosk.remote.feed import RemoteFeed

    counters, rounds = args.counters, args.rounds
    config = folder / "hall.toml"
    config.write_text(hall_config(counters, args.store_url), encoding="utf-8")
    now = dt.datetime.combine(clock.now().date(), dt.time(10, 0))
    server = Server(folder / "server", config, now)
    server.folder.mkdir()
    log("enrolling the PCs of the hall")
    pcs: list[tuple[str, int | None]] = [("counter", n) for n in range(1, counters + 1)]
    pcs += [("kiosk", None)] * KIOSKS + [("display", None)] * DISPLAYS + [("devices", None)]
    pcs.append(("admin", None))
    made = server.enroll(pcs)
    admin = made.pop()
    tokens = dict(zip(range(1, counters + 1), made[:counters], strict=True))
    kiosk_tokens = made[counters : counters + KIOSKS]
    names = [f"display {i}" for i in range(1, DISPLAYS + 1)] + ["device host"]
    follower_tokens = dict(zip(names, made[counters + KIOSKS :], strict=True))
    server.start()
    log(f"hall server on {server.url}, store {args.store_url or 'SQLite'}")
    clients: list[RemoteService] = []
    feeds: list[RemoteFeed] = []
    told = Told()
    try:

        def client(token: str) -> RemoteService:
            c = RemoteService(server.url, token, clock, timeout=TIMEOUT_S, retries=0)
            clients.append(c)
            return c

        # a database used before (--store-url): a new business day, every counter closed
        client(admin).reset_day()
        counter_clients = {n: client(t) for n, t in tokens.items()}
        kiosks = [client(t) for t in kiosk_tokens]
        online = threading.Semaphore(0)
        for who, token in follower_tokens.items():
            c = client(token)
            c.feed.subscribe(who, told.handler(who))
            feed = RemoteFeed(c, lambda up: online.release() if up else None)
            feeds.append(feed)
            feed.start()
        for _ in feeds:
            if not online.acquire(timeout=TIMEOUT_S):
                raise KioskError("bench hall: a follower did not connect")
        log(f"{DISPLAYS} displays and the device host follow the feed")

        # 1. issue
        per_kiosk = (counters * rounds) // KIOSKS + 1
        issue_s: list[float] = []
        lock = threading.Lock()

        def kiosk_issues(k: RemoteService) -> Callable[[], None]:
            def run() -> None:
                for _ in range(per_kiosk):
                    t0 = time.monotonic()
                    k.issue(SERVICE)
                    with lock:
                        issue_s.append(time.monotonic() - t0)

            return run

        errors = _run_threads([kiosk_issues(k) for k in kiosks])
        if errors:
            raise errors[0]
        log(f"{len(issue_s)} tickets issued by {KIOSKS} kiosks")

        # 2. calls at a busy hall's pace
        call_s: list[float] = []
        started: dict[str, float] = {}
        think = args.think_ms / 1000
        followers = list(follower_tokens)

        def counter_calls(n: int, c: RemoteService) -> Callable[[], None]:
            def run() -> None:
                c.open_counter(n)
                pause = threading.Event()
                pause.wait(random.Random(n).uniform(0, think))  # the counters out of step
                for _ in range(rounds):
                    t0 = time.monotonic()
                    ticket = c.call_next(n)
                    with lock:
                        call_s.append(time.monotonic() - t0)
                        started[ticket.uid] = t0
                    c.serve(n)
                    c.done(n)
                    pause.wait(think)  # the clerk serves the visitor

            return run

        errors = _run_threads([counter_calls(n, c) for n, c in counter_clients.items()])
        if errors:
            raise errors[0]
        if not told.wait_all(followers, list(started)):
            raise KioskError("bench hall: a follower was not told of every call")
        to_told = {
            who: _summary([told.at[who][uid] - t0 for uid, t0 in started.items()])
            for who in followers
        }
        every = [max(told.at[who][uid] for who in followers) - t0 for uid, t0 in started.items()]
        log(f"{len(call_s)} calls by {counters} counters")

        # 3. the ceiling
        for _ in range(counters):  # enough tickets for the counters to start calling
            kiosks[0].issue(SERVICE)
        stop = threading.Event()
        done_ops = [0]

        def count() -> None:
            with lock:
                done_ops[0] += 1

        def counter_loop(n: int, c: RemoteService) -> Callable[[], None]:
            def run() -> None:
                while not stop.is_set():
                    try:
                        c.call_next(n)
                    except NothingToCall:
                        count()
                        continue
                    count()
                    c.serve(n)
                    count()
                    c.done(n)
                    count()

            return run

        def kiosk_loop(k: RemoteService) -> Callable[[], None]:
            def run() -> None:
                while not stop.is_set():
                    k.issue(SERVICE)
                    count()

            return run

        loops = [counter_loop(n, c) for n, c in counter_clients.items()]
        loops += [kiosk_loop(k) for k in kiosks]
        timer = threading.Timer(args.saturate_s, stop.set)
        t0 = time.monotonic()
        cpu0 = server.cpu_s()
        timer.start()
        errors = _run_threads(loops)
        elapsed = time.monotonic() - t0
        cpu = server.cpu_s() - cpu0
        if errors:
            raise errors[0]
        log(f"{done_ops[0]} operations in {elapsed:.1f} s at saturation")
        memory = server.memory()
    finally:
        for feed in feeds:
            feed.stop()
        for c in clients:
            c.close()
        server.stop()
    return {
        "store": "postgresql" if args.store_url.startswith("postgresql") else "sqlite",
        "counters": counters,
        "kiosks": KIOSKS,
        "displays": DISPLAYS,
        "device_hosts": 1,
        "issue": _summary(issue_s),
        "call_next": _summary(call_s),
        "call_to_told": to_told,
        "call_to_every_follower_told": _summary(every),
        "ceiling_ops_per_s": round(done_ops[0] / elapsed, 1),
        # the server process's CPU per operation at saturation (not the database's)
        "server_cpu_ms_per_op": round(cpu * 1000 / max(done_ops[0], 1), 2),
        "server_memory": memory,
    }


def main(args: argparse.Namespace, clock: Clock) -> int:
    log = progress(args)
    with scratch_folder(args, "bench-hall-") as folder:
        figures = measure(args, clock, folder, log)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    print(f"hall of {figures['counters']} counters, {KIOSKS} kiosks, {DISPLAYS} displays, "
          f"a device host, store {figures['store']}, on loopback")  # fmt: skip
    for name in ("issue", "call_next", "call_to_every_follower_told"):
        s = figures[name]
        print(f"  {name:30} p50 {s['p50_ms']:7.1f} ms  p95 {s['p95_ms']:7.1f} ms  "
              f"max {s['max_ms']:7.1f} ms  (n={s['n']})")  # fmt: skip
    for who, s in figures["call_to_told"].items():
        print(f"  call -> {who:22} p50 {s['p50_ms']:7.1f} ms  p95 {s['p95_ms']:7.1f} ms")
    print(f"  ceiling: {figures['ceiling_ops_per_s']} operations/s at saturation, "
          f"{figures['server_cpu_ms_per_op']} ms of the server's CPU each")  # fmt: skip
    memory = figures["server_memory"]
    print(f"  server memory: {memory.get('rss_mb')} MB resident, "
          f"{memory.get('peak_rss_mb')} MB at its peak")  # fmt: skip
    return 0
