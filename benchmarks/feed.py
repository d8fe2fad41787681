"""`kiosk bench feed`: the hall feed's figures, on the path the application takes.

Three parts, each with real processes on one SQLite store in a scratch folder:

- **call → every subscriber told.** This process is the hall process as `kiosk run`
  composes it: the queue service of the composition root (kiosk.app.build_service, the
  learning estimator), the process's hall feed and its log follower (kiosk.store.follow),
  the device hub with ``--counters`` LED displays and as many keypads on one simulated
  bus at ``--baud`` (a pty paced at that speed), the one announcer (kiosk.devices.voice.
  caller) and a display's subscription. A *counter window in another process* (a child
  process with the same composition) calls the next ticket at a random counter
  ``--calls`` times; a *second counter window* (another child) follows the feed from its
  own follower. Each call is timed from just before ``call_next`` in the caller
  (time.monotonic(), CLOCK_MONOTONIC: one clock for every process of the machine) to the
  moment each subscriber is told: the display's subscription, the device hub (the
  events applied on its thread), the announcer (the voice given the call) and the other
  counter window; and to the moment the counter's LED display received the frame with
  the number on the wire.
- **store reads per call, per subscriber.** Statements this hall process ran on the store
  during the calls (the log follower's "after N" reads; the hub and the announcer read
  nothing), and the other counter window's after-N reads, per call.
- **idle CPU.** The demo hall (`kiosk run`: the kiosk, the hall display and the
  simulated devices window, with the demo bus; and `kiosk counter 1` to `4`) started
  offscreen and left alone for ``--idle-s`` seconds (10 minutes by default); the CPU
  time of all the processes together over that time (from /proc), as a percentage of one
  core, and of each.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from benchmarks.scratch import progress, scratch_folder
from kiosk.core.clock import Clock, RunningClock
from kiosk.core.feed import FeedEvent, call_events
from kiosk.core.model import Call, Counter, Hall

IDLE_S = 600
WARMUP_S = 5.0  # after every window is open, before the idle time is counted
TIMEOUT_S = 60.0  # a safety net against a hung process; never reached when all is well


def bench_hall(base: Hall, counters: int) -> Hall:
    """The demo hall with ``counters`` counters serving every business type."""
    codes = tuple(s.code for s in base.services if s.enabled)
    return dataclasses.replace(
        base,
        counters=tuple(
            Counter(n, f"{n}号窗口", f"Counter {n}", codes) for n in range(1, counters + 1)
        ),
    )


def _settings(data_dir: Path, counters: int) -> Any:
    from kiosk.app import load_settings

    settings = load_settings(None, data_dir)
    # the demo hall's business types with the benchmark's counters (Settings.hall is a
    # cached property: set once here, read by everything built from these settings)
    settings.__dict__["hall"] = bench_hall(settings.config.to_hall(), counters)
    return settings


def _summary(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pct(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {
        "n": len(ordered),
        "p50_ms": pct(0.5),
        "p95_ms": pct(0.95),
        "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
    }


class _Told:
    """When each subscriber was told of each call (by ticket number)."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.at: dict[str, dict[str, float]] = {}

    def mark(self, who: str, calls: Sequence[Call]) -> None:
        now = time.monotonic()
        with self.cond:
            for call in calls:
                if not call.recall:
                    self.at.setdefault(who, {}).setdefault(call.number, now)
            self.cond.notify_all()

    def wait(self, whos: Sequence[str], number: str) -> bool:
        with self.cond:
            return self.cond.wait_for(
                lambda: all(number in self.at.get(w, {}) for w in whos), TIMEOUT_S
            )


def _child(mode: str, data_dir: Path, counters: int, clock: RunningClock) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "benchmarks.feed", mode, str(data_dir), str(counters),
            str(clock.now().replace(hour=10, minute=0, second=0, microsecond=0).isoformat()),
            repr(clock.origin)]  # fmt: skip
    errors = data_dir / f"{mode}.err"
    with errors.open("w") as err:  # the child's log, read back if it fails to start
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=err, text=True)  # fmt: skip
    assert proc.stdout is not None
    ready = proc.stdout.readline()
    if ready != "ready\n":
        _end(proc)
        raise RuntimeError(f"bench feed: the {mode} process did not start: {errors.read_text()}")
    return proc


def _end(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(TIMEOUT_S)
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            stream.close()


def measure_calls(
    folder: Path, calls: int, counters: int, baudrate: int, log: Any, today: dt.date
) -> dict[str, Any]:
    from sqlalchemy import event

    from kiosk.app import build_service, open_queue_store
    from kiosk.devices.bus import BusSettings
    from kiosk.devices.hub import DeviceHub
    from kiosk.devices.settings import SIM, DevicesSettings, DisplaySettings, KeypadSettings
    from kiosk.devices.simulators import SimDisplay, SimulatedBuses
    from kiosk.devices.voice.caller import CallAnnouncer
    from kiosk.store.follow import LogFollower

    told = _Told()

    class TimedHub(DeviceHub):
        def apply_events(self, events: Sequence[FeedEvent]) -> None:
            super().apply_events(events)
            told.mark("device hub", call_events(events))

    class TimedVoice:
        device = "voice"

        def announce(self, call: Call, text_zh: str, text_en: str) -> None:
            told.mark("announcer", [call])

    start = dt.datetime.combine(today, dt.time(10, 0))  # inside opening hours
    clock = RunningClock(start)
    settings = _settings(folder, counters)
    store = open_queue_store(settings)
    service = build_service(settings, clock, store)
    hall = settings.hall
    code = next(s.code for s in hall.services if s.enabled and s.open_at(start))
    for n in range(1, counters + 1):
        service.open_counter(n)
    for _ in range(calls + counters):
        service.issue(code)
    devices = DevicesSettings(
        buses=(BusSettings("bench", SIM, baudrate=baudrate),),
        displays=tuple(DisplaySettings("bench", n, n) for n in range(1, counters + 1)),
        keypads=tuple(KeypadSettings("bench", 100 + n, n) for n in range(1, counters + 1)),
    )
    simulated = SimulatedBuses(devices, baudrate=baudrate)  # paced like the wire
    hub = TimedHub(simulated.settings, service, wires=[simulated])
    follower = LogFollower(store, service.feed)
    announcer = CallAnnouncer(TimedVoice())
    service.feed.subscribe("display", lambda ev: told.mark("display window", call_events(ev)))
    caller = other = None
    try:
        hub.start()
        announcer.follow(service.feed)
        follower.start()
        displays = {s.counter: s.device for s in simulated.devices if s.name.startswith("display")}
        for d in displays.values():
            assert isinstance(d, SimDisplay)
            d.wait_for(lambda d=d: d.text.line1 != "", TIMEOUT_S)  # type: ignore[misc]
        log(f"{counters} displays and {counters} keypads online at {baudrate} baud")
        caller = _child("call", folder, counters, clock)
        other = _child("follow", folder, counters, clock)
        assert other.stdout is not None and caller.stdin is not None and caller.stdout is not None

        goodbye: dict[str, int] = {}

        def read_other() -> None:
            assert other is not None and other.stdout is not None
            for line in other.stdout:
                reply = json.loads(line)
                if "follower_reads" in reply:
                    goodbye.update(reply)
                    return
                told.mark("other counter window", [Call(reply["number"], "", 0, start, False)])

        reader = threading.Thread(target=read_other, name="bench-follow", daemon=True)
        reader.start()
        statements = [0]

        def count(*_: Any) -> None:
            statements[0] += 1

        event.listen(store.engine, "before_cursor_execute", count)
        reads_before = follower.reads
        rng = random.Random(10)
        whos = ("display window", "device hub", "announcer", "other counter window")
        to_told: dict[str, list[float]] = {w: [] for w in whos}
        to_wire: list[float] = []
        pause = threading.Event()
        for i in range(calls):
            n = rng.randrange(counters) + 1
            caller.stdin.write(f"{n}\n")
            caller.stdin.flush()
            reply = json.loads(caller.stdout.readline())
            number, began = reply["number"], reply["start"]
            if not told.wait(whos, number):
                raise RuntimeError(f"bench feed: call {number} was not told to everyone")
            display = displays[n]
            assert isinstance(display, SimDisplay)
            if not display.wait_for(lambda d=display, k=number: d.text.line1 == k, TIMEOUT_S):  # type: ignore[misc]
                raise RuntimeError(f"bench feed: display {n} never showed {number}")
            assert display.line1_at is not None
            to_wire.append(display.line1_at - began)
            for w in whos:
                to_told[w].append(told.at[w][number] - began)
            if (i + 1) % 50 == 0:
                log(f"{i + 1} calls")
            pause.wait(rng.uniform(0.05, 0.15))  # calls arrive at random moments
        event.remove(store.engine, "before_cursor_execute", count)
        caller.stdin.close()
        caller.wait(TIMEOUT_S)
        assert other.stdin is not None
        other.stdin.close()
        other.wait(TIMEOUT_S)
        reader.join(TIMEOUT_S)
        follow_reads = goodbye.get("follower_reads", 0)
        return {
            "bus": {"baudrate": baudrate, "displays": counters, "keypads": counters},
            "calls": calls,
            "call_to_told": {w: _summary(v) for w, v in to_told.items()},
            "call_to_told_all": _summary([max(t) for t in zip(*to_told.values(), strict=True)]),
            "call_in_other_process_to_led_frame": _summary(to_wire),
            "store_reads_per_call": {
                "hall_process_statements": round(statements[0] / calls, 2),
                "hall_process_after_n_reads": round((follower.reads - reads_before) / calls, 2),
                "device_hub": 0,
                "announcer": 0,
                "display_window_subscription": 0,
                "other_counter_window_after_n_reads": round(follow_reads / calls, 2),
            },
        }
    finally:
        for proc in (caller, other):
            if proc is not None:
                _end(proc)
        follower.stop()
        announcer.stop()
        hub.stop()
        service.close()
        store.close()


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)


def measure_idle(folder: Path, idle_s: float, log: Any) -> dict[str, Any]:
    """The demo hall's processes left alone: their CPU over ``idle_s``."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_DATA_DIR": str(folder)}
    env.pop("KIOSK_NOW", None)
    commands = [["run"], *(["counter", str(n)] for n in (1, 2, 3, 4))]
    procs: list[tuple[str, subprocess.Popen[str]]] = []
    try:
        for command in commands:
            proc = subprocess.Popen([sys.executable, "-m", "kiosk", *command], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                    text=True)  # fmt: skip
            procs.append((" ".join(["kiosk", *command]), proc))
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if "open" not in line:
                raise RuntimeError(f"bench feed: kiosk {' '.join(command)} did not start")
        log(f"{len(procs)} processes open; {WARMUP_S:.0f} s to settle, then {idle_s:.0f} s idle")
        pause = threading.Event()
        pause.wait(WARMUP_S)
        before = {name: _cpu_ticks(p.pid) for name, p in procs}
        began = time.monotonic()
        pause.wait(idle_s)
        elapsed = time.monotonic() - began
        after = {name: _cpu_ticks(p.pid) for name, p in procs}
    finally:
        for _, proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for _, proc in procs:
            try:
                proc.wait(TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(TIMEOUT_S)
            if proc.stdout is not None:
                proc.stdout.close()
    tick = os.sysconf("SC_CLK_TCK")
    each = {n: round((after[n] - before[n]) / tick / elapsed * 100, 2) for n in before}
    return {
        "seconds": round(elapsed, 1),
        "cpu_percent_of_one_core": round(sum(each.values()), 2),
        "per_process": each,
    }


def main(args: argparse.Namespace, clock: Clock) -> int:
    """``clock`` tells the date (the hall runs at 10:00 of it, with RunningClock)."""
    log = progress(args)
    result: dict[str, Any] = {}
    with scratch_folder(args, "kiosk-bench-feed-") as folder:
        log(f"calls: {args.calls} at a counter window in another process")
        result["calls"] = measure_calls(
            folder / "calls", args.calls, args.counters, args.baud, log, clock.now().date()
        )
        if args.idle_s > 0:
            result["idle"] = measure_idle(folder / "idle", args.idle_s, log)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    c = result["calls"]
    print(f"call → told ({c['calls']} calls at a counter window in another process):")
    for who, s in c["call_to_told"].items():
        print(f"  {who:<22} p50 {s['p50_ms']:>6.1f} ms  p95 {s['p95_ms']:>6.1f} ms")
    s = c["call_to_told_all"]
    print(f"  {'every subscriber':<22} p50 {s['p50_ms']:>6.1f} ms  p95 {s['p95_ms']:>6.1f} ms")
    s = c["call_in_other_process_to_led_frame"]
    bus = c["bus"]
    where = f"{bus['displays']} displays + {bus['keypads']} keypads, {bus['baudrate']} baud"
    print(f"call → LED frame on the wire ({where}): p50 {s['p50_ms']:.1f} ms  "
          f"p95 {s['p95_ms']:.1f} ms")  # fmt: skip
    print("store reads per call:")
    for who, n in c["store_reads_per_call"].items():
        print(f"  {who:<36} {n}")
    if "idle" in result:
        idle = result["idle"]
        print(f"idle CPU over {idle['seconds']:.0f} s, all processes: "
              f"{idle['cpu_percent_of_one_core']:.2f} % of one core")  # fmt: skip
        for name, pct in idle["per_process"].items():
            print(f"  {name:<16} {pct:.2f} %")
    return 0


# -- the child processes ----------------------------------------------------------------


def _child_main(argv: list[str]) -> int:
    """``call|follow DATA_DIR COUNTERS START ORIGIN``: a counter window's composition.

    ``call``: for each counter number on stdin, the time, then ``call_next`` and the
    reply (number, start), then ``serve`` (so the counter can call again). ``follow``:
    prints each call the process's feed is told of (from its log follower)."""
    from kiosk.app import build_service, open_queue_store
    from kiosk.store.follow import LogFollower

    mode, data_dir, counters, start, origin = argv
    clock = RunningClock(dt.datetime.fromisoformat(start), float(origin))
    settings = _settings(Path(data_dir), int(counters))
    store = open_queue_store(settings)
    service = build_service(settings, clock, store)
    out: IO[str] = sys.stdout
    if mode == "follow":
        lock = threading.Lock()

        def told(events: Sequence[FeedEvent]) -> None:
            for call in call_events(events):
                with lock:
                    out.write(json.dumps({"number": call.number, "told": time.monotonic()}) + "\n")
                    out.flush()

        follower = LogFollower(store, service.feed)
        service.feed.subscribe("counter window", told)
        follower.start()
        print("ready", flush=True)
        sys.stdin.read()  # until the benchmark closes stdin
        follower.stop()
        with lock:
            out.write(json.dumps({"follower_reads": follower.reads}) + "\n")
            out.flush()
        return 0
    print("ready", flush=True)
    for line in sys.stdin:
        n = int(line)
        began = time.monotonic()
        ticket = service.call_next(n)
        print(json.dumps({"number": ticket.number, "start": began}), flush=True)
        service.serve(n)
    service.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
