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
import logging
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from benchmarks.scratch import progress, scratch_folder
from kiosk.core.clock import Clock, RunningClock
from kiosk.core.feed import FeedEvent, call_events
from kiosk.core.model import Call
from kiosk.store.follow import LogFollower

if TYPE_CHECKING:
    from kiosk.config import KioskConfig

IDLE_S = 600
WARMUP_S = 5.0  # after every window is open, before the idle time is counted
TIMEOUT_S = 60.0  # a safety net against a hung process; never reached when all is well


def bench_config(base: KioskConfig, counters: int, bus: dict[str, Any] | None) -> KioskConfig:
    """The demo hall's configuration with ``counters`` counters serving every business
    type; ``bus``: one [[devices.bus]] table, with an LED display (address n) and a keypad
    (100 + n) for each counter n on it (None: the demo's simulated bus). The voice plays
    into the null output, once a call. Validated as a hall's own file would be."""
    data = base.model_dump()
    codes = [s["code"] for s in data["services"] if s["enabled"]]
    data["counters"] = [
        {"number": n, "name_zh": f"{n}号窗口", "name_en": f"Counter {n}", "services": codes}
        for n in range(1, counters + 1)
    ]
    if bus is not None:
        name = bus["name"]
        data["devices"] = {
            "simulate": False,
            "bus": [bus],
            "display": [{"bus": name, "address": n, "counter": n} for n in range(1, counters + 1)],
            "keypad": [
                {"bus": name, "address": 100 + n, "counter": n} for n in range(1, counters + 1)
            ],
        }
    data["voice"] = {**data["voice"], "output": "null", "repeat": 1}
    from kiosk.config import KioskConfig

    return KioskConfig.model_validate(data)


def _settings(data_dir: Path, counters: int, bus_url: str = "", baudrate: int = 9600) -> Any:
    """The settings `kiosk run` would load for the benchmark's hall: the demo hall with
    ``counters`` counters and, with ``bus_url``, one bus there (else the demo's own)."""
    from kiosk.app import load_settings

    settings = load_settings(None, data_dir)
    bus = {"name": "bench", "url": bus_url, "baudrate": baudrate} if bus_url else None
    return dataclasses.replace(settings, config=bench_config(settings.config, counters, bus))


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
    """When each subscriber was told of each call (by ticket number), and when the
    voice began each announcement."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.at: dict[str, dict[str, float]] = {}
        self.played: list[float] = []

    def mark(self, who: str, calls: Sequence[Call]) -> None:
        now = time.monotonic()
        with self.cond:
            for call in calls:
                if not call.recall:
                    self.at.setdefault(who, {}).setdefault(call.number, now)
            self.cond.notify_all()

    def play(self) -> None:
        now = time.monotonic()
        with self.cond:
            self.played.append(now)
            self.cond.notify_all()

    def wait(self, whos: Sequence[str], number: str, began: float) -> bool:
        def told() -> bool:
            voiced = bool(self.played) and self.played[-1] >= began
            return voiced and all(number in self.at.get(w, {}) for w in whos)

        with self.cond:
            return self.cond.wait_for(told, TIMEOUT_S)

    def voiced(self, began: float) -> float:
        with self.cond:
            return next(t for t in self.played if t >= began)


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


class _Queued(logging.Handler):
    """The voice's own log line for each call it is handed ("voice: queued A001 ..."),
    written on the announcer's thread as it hands the call over: the announcer told."""

    def __init__(self, told: _Told) -> None:
        super().__init__(logging.INFO)
        self._told = told

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("voice: queued") and record.args:
            number = str(record.args[0])  # type: ignore[index]
            self._told.mark("announcer", [Call(number, "", 0, dt.datetime.min, False)])


def _voice_tap(runtime: Any, told: _Told) -> Callable[[], None]:
    """Mark each call the hall process's voice is handed (its log) and each sound it
    begins (its null output); the stop."""
    from kiosk.devices.voice.outputs import NullOutput

    voice_log = logging.getLogger("kiosk.devices.voice.announcer")
    level = voice_log.level
    queued = _Queued(told)
    voice_log.addHandler(queued)
    if not voice_log.isEnabledFor(logging.INFO):
        voice_log.setLevel(logging.INFO)

    output = runtime.voice.output
    assert isinstance(output, NullOutput), "the benchmark's voice plays into the null output"
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if output.started.acquire(timeout=0.5):
                told.play()

    thread = threading.Thread(target=watch, name="bench-voice", daemon=True)
    thread.start()

    def end() -> None:
        stop.set()
        thread.join(TIMEOUT_S)
        voice_log.removeHandler(queued)
        voice_log.setLevel(level)

    return end


def measure_calls(
    folder: Path, calls: int, counters: int, baudrate: int, log: Any, today: dt.date
) -> dict[str, Any]:
    """Calls made in another process, timed to every subscriber of the hall process as
    `kiosk run` composes it (kiosk.app.build_runtime) and to the LED frame on the wire."""
    from sqlalchemy import event

    from kiosk.app import Role, build_runtime
    from kiosk.devices.simulators import PtyLine, SimDisplay, SimKeypad

    told = _Told()
    start = dt.datetime.combine(today, dt.time(10, 0))  # inside opening hours
    clock = RunningClock(start)
    folder.mkdir(parents=True, exist_ok=True)
    # The far end of the hall's one bus: displays and keypads on a pseudo-terminal paced
    # like the wire. The hall opens it as any configured port: a real bus to the hub.
    line = PtyLine(
        [SimDisplay(n) for n in range(1, counters + 1)]
        + [SimKeypad(100 + n) for n in range(1, counters + 1)],
        baudrate=baudrate,
    )
    line.start()
    settings = _settings(folder, counters, line.url, baudrate)
    runtime = build_runtime(Role.KIOSK, settings, clock=clock)
    service, devices = runtime.service, runtime.devices
    assert devices is not None and devices.store is not None
    hall = settings.hall
    code = next(s.code for s in hall.services if s.enabled and s.open_at(start))
    for n in range(1, counters + 1):
        service.open_counter(n)
    for _ in range(calls + counters):
        service.issue(code)
    caller = other = None
    stop_voice: Callable[[], None] | None = None
    try:
        runtime.start()  # the device hub, its voice, the one announcer
        assert runtime.follower is not None
        runtime.follower.start()  # as the windows' watcher starts it
        stop_voice = _voice_tap(runtime, told)
        hub = devices.hub
        displays = {n: line.devices[n] for n in range(1, counters + 1)}
        for d in displays.values():
            assert isinstance(d, SimDisplay)
            d.wait_for(lambda d=d: d.text.line1 != "", TIMEOUT_S)  # type: ignore[misc]
        assert hub.wait_idle(TIMEOUT_S)  # following the feed from here
        feed = service.feed
        # a hall display window's subscription, as its watcher subscribes
        feed.subscribe("display", lambda ev: told.mark("display window", call_events(ev)))

        def hub_told(events: Sequence[FeedEvent]) -> None:
            # told after the hub in the same batch: a job queued behind the hub's own
            # runs on its thread once it has applied these events
            calls_ = call_events(events)
            if calls_:
                hub.submit(lambda: told.mark("device hub", calls_))

        feed.subscribe("device hub's turn", hub_told)
        log(f"{counters} displays and {counters} keypads online at {baudrate} baud")
        caller = _child("call", folder, counters, clock)
        other = _child("follow", folder, counters, clock)
        assert other.stdout is not None and caller.stdin is not None and caller.stdout is not None

        goodbye: dict[str, int] = {}

        def read_other() -> None:
            assert other is not None and other.stdout is not None
            for line_ in other.stdout:
                reply = json.loads(line_)
                if "follower_reads" in reply:
                    goodbye.update(reply)
                    return
                told.mark("other counter window", [Call(reply["number"], "", 0, start, False)])

        reader = threading.Thread(target=read_other, name="bench-follow", daemon=True)
        reader.start()
        statements = {"hall": 0, "hub": 0}

        def counter(which: str) -> Callable[..., None]:
            def count(*_: Any) -> None:
                statements[which] += 1

            return count

        # this process's own store and log follower (a runtime on a hall server has neither)
        assert runtime.store is not None and isinstance(runtime.follower, LogFollower)
        counting = [(runtime.store.engine, counter("hall")),
                    (devices.store.engine, counter("hub"))]  # fmt: skip
        for engine, fn in counting:
            event.listen(engine, "before_cursor_execute", fn)
        reads_before = runtime.follower.reads
        rng = random.Random(10)
        whos = ("display window", "device hub", "announcer", "other counter window")
        to_told: dict[str, list[float]] = {w: [] for w in whos}
        to_voice: list[float] = []
        to_wire: list[float] = []
        pause = threading.Event()
        for i in range(calls):
            n = rng.randrange(counters) + 1
            caller.stdin.write(f"{n}\n")
            caller.stdin.flush()
            reply = json.loads(caller.stdout.readline())
            number, began = reply["number"], reply["start"]
            if not told.wait(whos, number, began):
                raise RuntimeError(f"bench feed: call {number} was not told to everyone")
            display = displays[n]
            assert isinstance(display, SimDisplay)
            if not display.wait_for(lambda d=display, k=number: d.text.line1 == k, TIMEOUT_S):  # type: ignore[misc]
                raise RuntimeError(f"bench feed: display {n} never showed {number}")
            assert display.line1_at is not None
            to_wire.append(display.line1_at - began)
            for w in whos:
                to_told[w].append(told.at[w][number] - began)
            to_voice.append(told.voiced(began) - began)
            if (i + 1) % 50 == 0:
                log(f"{i + 1} calls")
            pause.wait(rng.uniform(0.05, 0.15))  # calls arrive at random moments
        for engine, fn in counting:
            event.remove(engine, "before_cursor_execute", fn)
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
            "call_to_voice_playing": _summary(to_voice),
            "store_reads_per_call": {
                "hall_process_statements": round(statements["hall"] / calls, 2),
                "hall_process_after_n_reads": round(
                    (runtime.follower.reads - reads_before) / calls, 2
                ),
                "device_hub_statements": round(statements["hub"] / calls, 2),
                "announcer": 0,
                "display_window_subscription": 0,
                "other_counter_window_after_n_reads": round(follow_reads / calls, 2),
            },
        }
    finally:
        for proc in (caller, other):
            if proc is not None:
                _end(proc)
        if runtime.follower is not None:
            runtime.follower.stop()
        runtime.stop()
        if stop_voice is not None:
            stop_voice()
        runtime.close()
        line.close()


def measure_keys(
    folder: Path, presses: int, log: Any, today: dt.date, baudrate: int | None = None
) -> dict[str, Any]:
    """Key presses on 4 keypads of a hall process as `kiosk run` composes it, each timed
    from the finger on the key to the call told to a subscription of that process.

    ``baudrate`` None: the demo hall's simulated bus (its keypads ring the hub when
    pressed). Else a bus paced at that speed with 4 displays and 4 keypads, configured as
    a real one (polled, no ring), every press taken as the first after a quiet minute
    (the keypads' awake time set to 0 here: each is asked every ``idle_poll_ms``): the
    slowest a real keypad is read."""
    from kiosk.app import Role, build_runtime
    from kiosk.core.devices import Key
    from kiosk.core.model import EventKind
    from kiosk.devices.drivers import modbus
    from kiosk.devices.simulators import PtyLine, SimDisplay, SimKeypad

    start = dt.datetime.combine(today, dt.time(10, 0))
    clock = RunningClock(start)
    folder.mkdir(parents=True, exist_ok=True)
    line: PtyLine | None = None
    awake = modbus.KEYPAD_AWAKE_S
    if baudrate is None:
        settings = _settings(folder, 4)
    else:
        line = PtyLine([*(SimDisplay(n) for n in range(1, 5)),
                        *(SimKeypad(100 + n) for n in range(1, 5))], baudrate=baudrate)  # fmt: skip
        line.start()
        settings = _settings(folder, 4, line.url, baudrate)
        modbus.KEYPAD_AWAKE_S = 0.0  # every press the first after a quiet minute
    runtime = build_runtime(Role.KIOSK, settings, clock=clock)
    service, devices = runtime.service, runtime.devices
    assert devices is not None
    code = next(s.code for s in settings.hall.services if s.enabled and s.open_at(start))
    for n in range(1, 5):
        service.open_counter(n)
    for _ in range(presses + 4):
        service.issue(code)
    seen: dict[tuple[int, EventKind], float] = {}
    cond = threading.Condition()

    def heard(events: Sequence[FeedEvent]) -> None:
        now = time.monotonic()
        with cond:
            for e in events:
                if e.counter is not None:
                    seen[(e.counter, e.kind)] = now
            cond.notify_all()

    try:
        runtime.start()
        assert devices.hub.wait_idle(TIMEOUT_S)
        service.feed.subscribe("display", heard)
        keypads = {}
        for n in range(1, 5):
            keypad = (
                devices.simulated.device(f"keypad {n}") if line is None else line.devices[100 + n]
            )
            assert isinstance(keypad, SimKeypad)
            keypads[n] = keypad
        for keypad in keypads.values():  # online, polled once: quiet
            keypad.wait_for(lambda k=keypad: k.requests >= 2, TIMEOUT_S)  # type: ignore[misc]
        rng = random.Random(11)
        pause = threading.Event()
        to_call: list[float] = []
        for i in range(presses):
            n = rng.randrange(4) + 1
            for key, kind in ((Key.CALL_NEXT, EventKind.CALLED), (Key.SERVE, EventKind.SERVING)):
                with cond:
                    seen.pop((n, kind), None)
                seq = keypads[n].press(key)
                pressed = keypads[n].pressed_at[seq]
                with cond:
                    if not cond.wait_for(lambda w=(n, kind): w in seen, TIMEOUT_S):  # type: ignore[misc]
                        raise RuntimeError(f"bench feed: keypad {n}'s press was not applied")
                    if kind is EventKind.CALLED:
                        to_call.append(seen[(n, kind)] - pressed)
            if (i + 1) % 50 == 0:
                log(f"{i + 1} presses")
            pause.wait(rng.uniform(0.2, 1.0))  # presses at random moments
        bus = "the demo's simulated bus" if line is None else f"a bus at {baudrate} baud, quiet"
        return {"keypads": 4, "bus": bus, "key_to_call": _summary(to_call)}
    finally:
        runtime.stop()
        runtime.close()
        modbus.KEYPAD_AWAKE_S = awake
        if line is not None:
            line.close()


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
        if args.presses > 0:
            log(f"key presses: {args.presses} on the demo hall's simulated keypads")
            today = clock.now().date()
            result["keys"] = measure_keys(folder / "keys", args.presses, log, today)
            log(f"key presses: {args.presses} on quiet keypads of a bus at {args.baud} baud")
            result["keys_on_a_wire"] = measure_keys(
                folder / "keys-wire", args.presses, log, today, args.baud
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
    s = c["call_to_voice_playing"]
    print(f"  {'→ the voice plays it':<22} p50 {s['p50_ms']:>6.1f} ms  p95 {s['p95_ms']:>6.1f} ms")
    s = c["call_in_other_process_to_led_frame"]
    bus = c["bus"]
    where = f"{bus['displays']} displays + {bus['keypads']} keypads, {bus['baudrate']} baud"
    print(f"call → LED frame on the wire ({where}): p50 {s['p50_ms']:.1f} ms  "
          f"p95 {s['p95_ms']:.1f} ms")  # fmt: skip
    print("store reads per call:")
    for who, n in c["store_reads_per_call"].items():
        print(f"  {who:<36} {n}")
    for part in ("keys", "keys_on_a_wire"):
        if part in result:
            k = result[part]
            s = k["key_to_call"]
            print(f"key → call ({s['n']} presses, {k['keypads']} keypads on {k['bus']}): "
                  f"p50 {s['p50_ms']:.1f} ms  p95 {s['p95_ms']:.1f} ms  "
                  f"max {s['max_ms']:.1f} ms")  # fmt: skip
    if "idle" in result:
        idle = result["idle"]
        print(f"idle CPU over {idle['seconds']:.0f} s, all processes: "
              f"{idle['cpu_percent_of_one_core']:.2f} % of one core")  # fmt: skip
        for name, pct in idle["per_process"].items():
            print(f"  {name:<16} {pct:.2f} %")
    return 0


# -- the child processes ----------------------------------------------------------------


def _child_main(argv: list[str]) -> int:
    """``call|follow DATA_DIR COUNTERS START ORIGIN``: a counter window's process, put
    together as `kiosk counter N` is (kiosk.app.build_runtime, Role.COUNTER).

    ``call``: for each counter number on stdin, the time, then ``call_next`` and the
    reply (number, start), then ``serve`` (so the counter can call again). ``follow``:
    prints each call the process's feed is told of (from its log follower)."""
    from kiosk.app import Role, build_runtime

    mode, data_dir, counters, start, origin = argv
    clock = RunningClock(dt.datetime.fromisoformat(start), float(origin))
    settings = _settings(Path(data_dir), int(counters))
    runtime = build_runtime(Role.COUNTER, settings, counter=1, clock=clock)
    service, follower = runtime.service, runtime.follower
    assert isinstance(follower, LogFollower)  # a counter on this PC's own store
    out: IO[str] = sys.stdout
    if mode == "follow":
        lock = threading.Lock()

        def told(events: Sequence[FeedEvent]) -> None:
            for call in call_events(events):
                with lock:
                    out.write(json.dumps({"number": call.number, "told": time.monotonic()}) + "\n")
                    out.flush()

        service.feed.subscribe("counter window", told)
        follower.start()  # as its windows' watcher starts it
        print("ready", flush=True)
        sys.stdin.read()  # until the benchmark closes stdin
        follower.stop()
        with lock:
            out.write(json.dumps({"follower_reads": follower.reads}) + "\n")
            out.flush()
        runtime.close()
        return 0
    print("ready", flush=True)
    for line in sys.stdin:
        n = int(line)
        began = time.monotonic()
        ticket = service.call_next(n)
        print(json.dumps({"number": ticket.number, "start": began}), flush=True)
        service.serve(n)
    runtime.close()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
