"""`kiosk bench phone`: 1,000 phone pages following one hall over the loopback.

The hall server is a child process composed as the application composes a long-lived
process (kiosk.app: the settings, the store, ``build_service`` with its learning
estimator) serving the ticket page (kiosk.server.phone) on uvicorn, as the hall server
mounts it. The demo hall's business types with ``--counters`` counters serving all of
them; ``--pages`` tickets are issued first, and each is followed by one page: an asyncio
client on the page's live channel (server-sent events over HTTP/1.1), not a browser.

Figures:

- **memory**: the server's resident set (VmRSS) with every page following, and its peak
  (VmHWM); and before the pages connected.
- **CPU**: the server's CPU time (from /proc) while the pages follow a quiet hall
  (``--idle-s`` seconds: only the heartbeats) and during the calls, as a percentage of
  one core.
- **call → page updated**: ``--calls`` calls at random counters, made in the server
  process through its queue service (as a counter's request would be), one every
  ``--interval-s`` seconds. Each is timed from just before ``call_next`` (time.monotonic():
  CLOCK_MONOTONIC, one clock for every process) to the moment the called ticket's page
  received its update, and to the moment the last page whose place the call changed (the
  people ahead of every ticket behind it in its queue) received its update. The counter's previous
  ticket is served just before each call (the visitor came to the counter).
- the server's **computations** per call: status reads for all the pages together.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from benchmarks.feed import bench_config
from benchmarks.scratch import progress, scratch_folder
from kiosk.core.clock import Clock, RunningClock

TIMEOUT_S = 120.0  # a safety net against a hung process; never reached when all is well
SECRET = "bench-phone-secret-0123456789"


def _settings(data_dir: Path, counters: int) -> Any:
    from kiosk.app import load_settings

    settings = load_settings(None, data_dir)
    return dataclasses.replace(settings, config=bench_config(settings.config, counters, None))


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pct(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {"n": len(ordered), "p50_ms": pct(0.5), "p95_ms": pct(0.95),
            "max_ms": round(ordered[-1] * 1000, 1)}  # fmt: skip


def _proc(pid: int) -> tuple[float, int, int]:
    """(CPU seconds, VmRSS KiB, VmHWM KiB) of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return cpu, int(status["VmRSS"].split()[0]), int(status["VmHWM"].split()[0])


# -- the pages ----------------------------------------------------------------------------


@dataclasses.dataclass
class Page:
    uid: str
    path: str  # /ticket/t/<uid>/events?s=...
    # id, at, (state, people ahead): each update the page received
    frames: list[tuple[int, float, tuple[str, int | None]]] = dataclasses.field(
        default_factory=list
    )
    first: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)


async def _follow(port: int, page: Page, stop: asyncio.Event) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    writer.write(f"GET {page.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                 "Accept-Language: zh-CN\r\n\r\n".encode())  # fmt: skip
    await writer.drain()
    status = await reader.readline()
    if b" 200 " not in status:
        raise RuntimeError(f"bench phone: a page was refused: {status!r}")
    frame_id = 0
    reading = asyncio.ensure_future(reader.readline())
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while True:
            done, _ = await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if stopping in done:
                break
            line = reading.result()
            if not line:
                break
            at = time.monotonic()
            if line.startswith(b"id: "):
                frame_id = int(line[4:])
            elif line.startswith(b"data: "):
                data = json.loads(line[6:])
                page.frames.append((frame_id, at, (data["state"], data["ahead"])))
                page.first.set()
            reading = asyncio.ensure_future(reader.readline())
    finally:
        reading.cancel()
        stopping.cancel()
        writer.close()


# -- the benchmark ------------------------------------------------------------------------


def main(args: argparse.Namespace, clock: Clock) -> int:
    if min(args.pages, args.calls, args.counters) < 1 or min(args.interval_s, args.idle_s) < 0:
        print(
            "kiosk: usage error: bench phone needs --pages, --calls and --counters >= 1 and "
            "--interval-s, --idle-s >= 0",
            file=sys.stderr,
        )
        return 2
    log = progress(args)
    with scratch_folder(args, "kiosk-bench-phone-") as folder:
        result = asyncio.run(_measure(args, folder, clock, log))
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    m, c = result["memory_kib"], result["cpu_percent_of_one_core"]
    mib = {k: v / 1024 for k, v in m.items()}
    print(f"{result['pages']} pages following one hall ({result['counters']} counters), "
          "server-sent events over the loopback:")  # fmt: skip
    print(f"  server memory: {mib['before']:.1f} MiB before the pages, {mib['following']:.1f} "
          f"MiB with them all following (peak {mib['peak']:.1f} MiB)")  # fmt: skip
    print(f"  server CPU: {c['idle']:.2f} % of one core while they follow a quiet hall "
          f"({result['idle_s']:.0f} s), {c['calls']:.1f} % during the calls")  # fmt: skip
    for label, key, tail in (
        ("the called ticket's page", "call_to_called_page", "calls"),
        ("every page it moved up", "call_to_every_page", "calls"),
    ):
        s = result[key]
        print(f"  call → {label:<25} p50 {s['p50_ms']:>6.1f} ms  p95 {s['p95_ms']:>6.1f} ms  "
              f"max {s['max_ms']:>6.1f} ms ({s['n']} {tail})")  # fmt: skip
    print(f"  pages changed per call: {result['pages_changed_per_call']:.0f}; status reads "
          f"per call, for all the pages: {result['reads_per_call']:.2f} "
          f"({result['computations_per_call']:.2f} computations)")  # fmt: skip
    return 0


async def _measure(
    args: argparse.Namespace, folder: Path, clock: Clock, log: Any
) -> dict[str, Any]:
    from kiosk.app import build_service, open_queue_store
    from kiosk.core.errors import ServiceUnavailable
    from kiosk.core.ticketlink import ticket_url

    start = clock.now().replace(hour=10, minute=0, second=0, microsecond=0)
    running = RunningClock(start)
    settings = _settings(folder, args.counters)
    store = open_queue_store(settings)
    service = build_service(settings, running, store, background=False)
    codes = [s.code for s in settings.hall.services if s.daily_cap is None]
    log(f"issuing {args.pages} tickets")
    uids: list[str] = []
    while len(uids) < args.pages:
        try:
            uids.append(service.issue(codes[len(uids) % len(codes)]).ticket.uid)
        except ServiceUnavailable:
            codes.remove(codes[len(uids) % len(codes)])
    for n in range(1, args.counters + 1):
        service.open_counter(n)
    service.close()
    store.close()

    server = _server(folder, args.counters, start, running.origin)
    assert server.stdout is not None and server.stdin is not None
    try:
        port = int(server.stdout.readline().split()[1])
        before = _proc(server.pid)[1]
        log(f"{args.pages} pages connecting")
        pages = [Page(uid, _events_path(ticket_url("http://x/ticket", SECRET, uid)))
                 for uid in uids]  # fmt: skip
        stop = asyncio.Event()
        tasks = []
        for page in pages:  # connect a few at a time, as phones would
            tasks.append(asyncio.create_task(_follow(port, page, stop)))
            if len(tasks) % 50 == 0:
                await asyncio.sleep(0)
        await asyncio.wait_for(asyncio.gather(*(p.first.wait() for p in pages)), TIMEOUT_S)
        log(f"all following; the hall quiet for {args.idle_s:.0f} s")
        cpu0, following, _ = _proc(server.pid)
        await asyncio.sleep(args.idle_s)
        cpu1 = _proc(server.pid)[0]
        idle_pct = (cpu1 - cpu0) / args.idle_s * 100 if args.idle_s else 0.0

        log(f"{args.calls} calls, one every {args.interval_s} s")
        rng = random.Random(12)
        loop = asyncio.get_running_loop()
        calls: list[dict[str, Any]] = []
        rounds0 = await loop.run_in_executor(None, _ask, server, "rounds")
        began = time.monotonic()
        cpu2 = _proc(server.pid)[0]
        by_uid = {p.uid: p for p in pages}
        for _ in range(args.calls):
            counter = rng.randint(1, args.counters)
            reply = await loop.run_in_executor(None, _ask, server, f"call {counter}")
            if "error" in reply:
                raise RuntimeError(f"bench phone: {reply['error']}")
            calls.append(reply)
            called = by_uid.get(reply["uid"])
            deadline = time.monotonic() + TIMEOUT_S
            while called is not None and not any(f >= reply["seq"] for f, _, _ in called.frames):
                if time.monotonic() > deadline:  # its page shows the call before the next one
                    raise RuntimeError(f"bench phone: the page of {reply['uid']} was not told")
                await asyncio.sleep(0.005)
            await asyncio.sleep(args.interval_s)
        cpu3 = _proc(server.pid)[0]
        calls_s = time.monotonic() - began
        rounds1 = await loop.run_in_executor(None, _ask, server, "rounds")
        _, _, peak = _proc(server.pid)
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        server.stdin.close()
        try:
            server.wait(TIMEOUT_S)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()

    to_called, to_every, changed = [], [], []
    for i, call in enumerate(calls):
        # the call's events, and the next operation's (a serve before the next call)
        seq, upto = call["from"], calls[i + 1]["idle"] + 1 if i + 1 < len(calls) else 1 << 62
        mine = by_uid.get(call["uid"])
        if mine is not None:
            at = next(t for f, t, _ in mine.frames if f >= seq)
            to_called.append(at - call["start"])
        # the pages whose place (state, people ahead) the call changed, and when each was
        # told; updates of the estimates alone (a full read every few seconds) are not
        reached = []
        for p in pages:
            earlier = [shown for f, _, shown in p.frames if f < seq]
            was = earlier[-1] if earlier else None
            told = next((t for f, t, shown in p.frames if seq <= f < upto and shown != was), None)
            if told is not None:
                reached.append(told)
        changed.append(len(reached))
        if reached:
            to_every.append(max(reached) - call["start"])
    return {
        "pages": args.pages,
        "counters": args.counters,
        "idle_s": args.idle_s,
        "memory_kib": {"before": before, "following": following, "peak": peak},
        "cpu_percent_of_one_core": {
            "idle": round(idle_pct, 2),
            "calls": round((cpu3 - cpu2) / calls_s * 100, 1),
        },
        "call_to_called_page": _summary(to_called),
        "call_to_every_page": _summary(to_every),
        "pages_changed_per_call": sum(changed) / len(changed),
        "computations_per_call": (rounds1["rounds"] - rounds0["rounds"]) / len(calls),
        "reads_per_call": (rounds1["reads"] - rounds0["reads"]) / len(calls),
    }


def _events_path(url: str) -> str:
    path, query = url.split("://", 1)[1].split("/", 1)[1].split("?")
    return f"/{path}/events?{query}&lang=zh&after=0"


def _ask(server: subprocess.Popen[str], line: str) -> dict[str, Any]:
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(line + "\n")
    server.stdin.flush()
    reply: dict[str, Any] = json.loads(server.stdout.readline())
    return reply


def _server(
    folder: Path, counters: int, start: dt.datetime, origin: float
) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "benchmarks.phone", str(folder), str(counters),
            start.isoformat(), repr(origin)]  # fmt: skip
    errors = folder / "server.err"
    with errors.open("w") as err:
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=err, text=True)  # fmt: skip
    return proc


# -- the server process -------------------------------------------------------------------


def _server_main(argv: list[str]) -> int:
    """``DATA_DIR COUNTERS START ORIGIN``: the hall server with the ticket page. Prints
    ``ready PORT``; then, per line on stdin, ``call N`` (call the next ticket at counter N
    and serve it; replies its uid, the feed's seq and the monotonic time before the call)
    or ``rounds`` (the pages' status reads so far); stops at the end of stdin."""
    import threading

    import uvicorn
    from starlette.applications import Starlette

    from kiosk.app import build_service, open_queue_store
    from kiosk.core.errors import KioskError
    from kiosk.core.model import Resolution
    from kiosk.server.phone import PhonePages, PhoneSettings

    data_dir, counters, start, origin = argv
    clock = RunningClock(dt.datetime.fromisoformat(start), float(origin))
    settings = _settings(Path(data_dir), int(counters))
    store = open_queue_store(settings)
    service = build_service(settings, clock, store)
    many = 10**9  # one address for every page: no limit
    phone = PhoneSettings("http://127.0.0.1/ticket", SECRET, "营业厅", "Service hall", "zh",
                          per_minute=many, burst=many, streams_per_address=many)  # fmt: skip
    pages = PhonePages(service, service.feed, phone, clock)
    app = Starlette(routes=[pages.mount()])
    sock = socket.create_server(("127.0.0.1", 0), backlog=2048)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", backlog=2048,
                                           timeout_graceful_shutdown=1))  # fmt: skip
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    out: IO[str] = sys.stdout
    called: set[int] = set()  # counters whose last ticket is called, not served yet
    out.write(f"ready {sock.getsockname()[1]}\n")
    out.flush()
    for line in sys.stdin:
        word, *rest = line.split()
        if word == "rounds":
            hub = pages.hub
            out.write(json.dumps({"rounds": hub.rounds, "reads": hub.reads}) + "\n")
        else:
            n = int(rest[0])
            idle = service.feed.last  # everything before this command
            if n in called:  # the visitor called here last time comes to the counter
                served = service.serve(n)
                if service.hall.is_complaint(served.service):  # it ends with how it ended
                    service.resolve(n, Resolution.RESOLVED_HERE)
            before = service.feed.last
            began = time.monotonic()
            try:
                ticket = service.call_next(n)  # (finishes the one being served)
            except KioskError as exc:  # nothing left to call: said, not fatal
                out.write(json.dumps({"error": str(exc)}) + "\n")
                continue
            called.add(n)
            seq = service.feed.last
            reply = {"uid": ticket.uid, "idle": idle, "from": before + 1, "seq": seq,
                     "start": began}  # fmt: skip
            out.write(json.dumps(reply) + "\n")
        out.flush()
    server.should_exit = True
    thread.join(TIMEOUT_S)
    service.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(_server_main(sys.argv[1:]))
