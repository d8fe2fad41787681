"""`kiosk bench devices`: 16 displays and 16 keypads on one simulated bus; a call to the
display frame on the wire, a keypad press to the call (docs/benchmarks.md).

The parts are the ones `kiosk run`'s device host is made of, built by the composition
root (kiosk.app): the store (``open_queue_store``), the hub's own queue service (no wait
estimates, as ``kiosk.app.runtime`` gives the hub), and the hub with its buses
(``build_devices``, without a voice). Two things differ, both said in docs/benchmarks.md:
the hall has the benchmark's counters, and the simulated bus is paced like a real wire at
``--baud``. The call is made on the hub's service, as a keypad's is: its publish after the
commit tells the hub (a call from a window in another process: `kiosk bench feed`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from benchmarks.scratch import demo_settings
from kiosk.core.clock import ManualClock
from kiosk.core.devices import Key
from kiosk.core.errors import DeviceFailed
from kiosk.core.model import Counter, Hall
from kiosk.core.service import QueueService
from kiosk.devices.bus import BusSettings
from kiosk.devices.hub import HubEvents
from kiosk.devices.settings import SIM, DevicesSettings, DisplaySettings, KeypadSettings
from kiosk.devices.simulators import SimDisplay, SimKeypad, SimulatedBuses


class _Timings(HubEvents):
    def __init__(self) -> None:
        self.handled: dict[str, list[float]] = {}
        self.cond = threading.Condition()

    def key_handled(self, keypad: str, counter: int, text: str, ok: bool) -> None:
        with self.cond:
            self.handled.setdefault(keypad, []).append(time.monotonic())
            self.cond.notify_all()


def _shows(display: SimDisplay, line1: str) -> Callable[[], bool]:
    return lambda: display.text.line1 == line1


def _more(timings: _Timings, name: str, before: int) -> Callable[[], bool]:
    return lambda: len(timings.handled.get(name, [])) > before


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(_pct(values, 0.5), 1),
        "p95_ms": round(_pct(values, 0.95), 1),
        "max_ms": round(max(values) * 1000, 1),
        "mean_ms": round(statistics.fmean(values) * 1000, 1),
    }


def _bench_hall(base: Hall, counters: int) -> Hall:
    codes = tuple(s.code for s in base.services if s.enabled)
    return dataclasses.replace(
        base,
        counters=tuple(
            Counter(n, f"{n}号窗口", f"Counter {n}", codes) for n in range(1, counters + 1)
        ),
    )


def bench(
    *,
    as_json: bool = False,
    calls: int = 200,
    presses: int = 100,
    counters: int = 16,
    baudrate: int = 9600,
    out: TextIO | None = None,
    today: dt.date,
) -> int:
    """Displays and keypads on one simulated bus at a baud rate (the simulator paces the
    wire): "call next" to the display frame on the wire, and keypad press to call. The
    hall's clock stands at 10:00 on ``today`` (the caller's clock tells the date)."""
    from kiosk.app import build_devices, open_queue_store

    out = out or sys.stdout
    rng = random.Random(5)
    clock = ManualClock(dt.datetime.combine(today, dt.time(10, 0)))
    bus = BusSettings("bench", SIM, baudrate=baudrate)
    settings = DevicesSettings(
        buses=(bus,),
        displays=tuple(DisplaySettings("bench", n, n) for n in range(1, counters + 1)),
        keypads=tuple(KeypadSettings("bench", 100 + n, n) for n in range(1, counters + 1)),
    )
    timings = _Timings()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-devices-") as folder:
        app_settings = demo_settings(Path(folder))
        hall = _bench_hall(app_settings.hall, counters)
        app_settings.__dict__["hall"] = hall  # a cached property: the benchmark's counters
        service_code = next(s.code for s in hall.services if s.enabled and s.priority_allowed)
        store = open_queue_store(app_settings)
        service = QueueService(hall, store, clock)  # the hub's own, as kiosk.app builds it
        simulated = SimulatedBuses(settings, baudrate=baudrate)  # paced like the wire
        hub = build_devices(
            simulated.settings,
            service,
            rater=service,
            events=timings,
            voice=False,
            wires=[simulated],
        )
        try:
            hub.start()
            for n in range(1, counters + 1):
                service.open_counter(n)
            for _ in range(calls + presses + counters):
                service.issue(service_code)
            displays = {
                s.counter: s.device for s in simulated.devices if s.name.startswith("display")
            }
            keypads = {
                s.counter: s.device for s in simulated.devices if s.name.startswith("keypad")
            }
            for d in displays.values():  # every display online and showing its counter
                assert isinstance(d, SimDisplay)
                d.wait_for(lambda d=d: d.text.line1 != "", 30)  # type: ignore[misc]
            pause = threading.Event()

            call_to_wire: list[float] = []
            store_s: list[float] = []
            for _ in range(calls):
                n = rng.randrange(counters) + 1
                display = displays[n]
                assert isinstance(display, SimDisplay)
                start = time.monotonic()
                ticket = service.call_next(n)
                store_s.append(time.monotonic() - start)
                # the hub hears of the call from the hall feed, as in the application
                if not display.wait_for(_shows(display, ticket.number), 30):
                    raise DeviceFailed(f"display {n} never showed {ticket.number}")
                assert display.line1_at is not None
                call_to_wire.append(display.line1_at - start)
                service.serve(n)
                pause.wait(rng.uniform(0.0, 0.1))  # calls arrive at random moments

            press_to_call: list[float] = []
            press_to_wire: list[float] = []
            for _ in range(presses):
                n = rng.randrange(counters) + 1
                keypad, display = keypads[n], displays[n]
                assert isinstance(keypad, SimKeypad) and isinstance(display, SimDisplay)
                name = f"keypad {n}"
                with timings.cond:
                    before = len(timings.handled.get(name, []))
                seq = keypad.press(Key.CALL_NEXT)
                with timings.cond:
                    timings.cond.wait_for(_more(timings, name, before), 30)
                    handled = timings.handled[name][-1]
                press_to_call.append(handled - keypad.pressed_at[seq])
                current = service.status().counters[n - 1].current
                assert current is not None
                display.wait_for(_shows(display, current.number), 30)
                assert display.line1_at is not None
                press_to_wire.append(display.line1_at - keypad.pressed_at[seq])
                service.serve(n)
                pause.wait(rng.uniform(0.0, 0.1))
            health = hub.snapshot()
        finally:
            hub.stop()
            store.close()
    data = {
        "bus": {"baudrate": baudrate, "displays": counters, "keypads": counters},
        "call_to_display_frame": _summary(call_to_wire),
        "call_store_part": _summary(store_s),
        "keypad_press_to_call": _summary(press_to_call),
        "keypad_press_to_display_frame": _summary(press_to_wire),
        "failed_transactions": sum(h.failed for h in health),
        "goal_p95_ms": 250,
    }
    if as_json:
        print(json.dumps(data), file=out)
    else:
        print(_bench_text(data), file=out)
    return 0


def _bench_text(data: dict[str, Any]) -> str:
    b = data["bus"]
    lines = [
        f"one simulated bus at {b['baudrate']} baud: {b['displays']} counter displays, "
        f"{b['keypads']} keypads (polled in turn)"
    ]
    for key, label in (
        ("call_to_display_frame", "call next -> display frame on the wire"),
        ("call_store_part", "  of which the call itself (store)"),
        ("keypad_press_to_call", "keypad press -> call made"),
        ("keypad_press_to_display_frame", "keypad press -> display frame on the wire"),
    ):
        s = data[key]
        lines.append(
            f"{label:<44} n={s['n']:<4} p50 {s['p50_ms']:7.1f} ms  p95 {s['p95_ms']:7.1f} ms  "
            f"max {s['max_ms']:7.1f} ms"
        )
    p95 = data["call_to_display_frame"]["p95_ms"]
    verdict = "met" if p95 <= data["goal_p95_ms"] else "MISSED"
    lines.append(f"goal: call -> display p95 <= {data['goal_p95_ms']} ms: {verdict}")
    lines.append(f"failed transactions: {data['failed_transactions']}")
    return "\n".join(lines)
