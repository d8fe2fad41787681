"""`kiosk bench store|printer|devices|start|feed|phone|hall|wait|report|advise`: the benchmarks
of docs/benchmarks.md.

The benchmarks are the ``benchmarks`` package installed beside ``kiosk`` (not part of the
hall's code); this module parses their arguments and imports the one asked for.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from kiosk.cli.common import Parser


def add_parser(sub: Any) -> Any:
    """Add `bench` and its benchmarks; the bench subparsers, for `bench wait`."""
    bench = sub.add_parser("bench", help="benchmarks").add_subparsers(
        dest="op", required=True, metavar="OP", parser_class=Parser
    )
    store_bench = bench.add_parser("store", help="store throughput, latency and history")
    store_bench.add_argument(
        "--ops", type=int, default=300, help="operations per process and kind (default 300)"
    )
    store_bench.add_argument(
        "--history",
        type=int,
        default=1_000_000,
        help="tickets of generated history (default 1,000,000)",
    )
    store_bench.add_argument(
        "--store-url",
        metavar="URL",
        help="run on PostgreSQL: a new database per part on this server "
        "(postgresql+psycopg://USER@HOST/DB; the role needs CREATEDB), dropped afterwards",
    )
    store_bench.add_argument("--json", action="store_true")
    printer_bench = bench.add_parser(
        "printer", help="bytes per ticket and time on the wire, native against picture QR"
    )
    printer_bench.add_argument("--charset", choices=("gb18030", "gbk", "gb2312"), default="gb18030")
    printer_bench.add_argument(
        "--runs", type=int, default=200, help="renders to time (default 200)"
    )
    printer_bench.add_argument("--json", action="store_true")
    devices_bench = bench.add_parser(
        "devices",
        help="16 displays and 16 keypads on one simulated bus: call to display, press to call",
    )
    devices_bench.add_argument("--baud", type=int, default=9600, help="bus speed (default 9600)")
    devices_bench.add_argument("--calls", type=int, default=200, help="calls to time (default 200)")
    devices_bench.add_argument(
        "--presses", type=int, default=100, help="keypad presses to time (default 100)"
    )
    devices_bench.add_argument("--json", action="store_true")
    start_bench = bench.add_parser(
        "start", help="from start to the first ticket on a store with a month of history"
    )
    start_bench.add_argument(
        "--days", type=int, default=30, help="days of generated history (default 30)"
    )
    start_bench.add_argument(
        "--per-day", type=int, default=2000, help="tickets a day in it (default 2,000)"
    )
    start_bench.add_argument("--json", action="store_true")
    feed_bench = bench.add_parser(
        "feed", help="the hall feed: call to every subscriber, to the LED frame, idle CPU"
    )
    feed_bench.add_argument("--calls", type=int, default=200, help="calls to time (default 200)")
    feed_bench.add_argument(
        "--counters",
        type=int,
        default=16,
        help="counters, each with an LED display and a keypad on one bus (default 16)",
    )
    feed_bench.add_argument("--baud", type=int, default=9600, help="bus speed (default 9600)")
    feed_bench.add_argument(
        "--presses",
        type=int,
        default=100,
        help="key presses timed on the demo hall's keypads (default 100; 0: skip)",
    )
    feed_bench.add_argument(
        "--idle-s",
        type=float,
        default=600,
        help="seconds the demo hall is left idle (default 600; 0: skip)",
    )
    feed_bench.add_argument("--json", action="store_true")
    phone_bench = bench.add_parser(
        "phone", help="1,000 ticket pages following one hall: server memory, CPU, call to page"
    )
    phone_bench.add_argument(
        "--pages", type=int, default=1000, help="pages, each following its ticket (default 1,000)"
    )
    phone_bench.add_argument("--calls", type=int, default=100, help="calls to time (default 100)")
    phone_bench.add_argument(
        "--counters", type=int, default=16, help="counters serving every business type (default 16)"
    )
    phone_bench.add_argument(
        "--interval-s", type=float, default=0.5, help="seconds between calls (default 0.5)"
    )
    phone_bench.add_argument(
        "--idle-s",
        type=float,
        default=30,
        help="seconds the pages follow a quiet hall, for its CPU (default 30)",
    )
    phone_bench.add_argument("--json", action="store_true")
    report_bench = bench.add_parser(
        "report", help="the manager's report over a store of a year of history"
    )
    report_bench.add_argument(
        "--tickets", type=int, default=1_000_000, help="tickets over 365 days (default 1,000,000)"
    )
    report_bench.add_argument(
        "--runs", type=int, default=3, help="times each report is made (default 3)"
    )
    report_bench.add_argument(
        "--store-url",
        metavar="URL",
        help="run on PostgreSQL: the store's tables in this database "
        "(postgresql+psycopg://USER@HOST/DB; one without a hall), dropped afterwards",
    )
    report_bench.add_argument("--json", action="store_true")
    advise_bench = bench.add_parser(
        "advise",
        help="the staffing advice: days simulated with the advised counters, and its speed",
    )
    from benchmarks.advise import add_arguments as advise_arguments

    advise_arguments(advise_bench)
    hall_bench = bench.add_parser(
        "hall",
        help="a hall of many PCs on loopback: one server, 40 counters, 4 displays, 2 kiosks, "
        "a device host",
    )
    from benchmarks.hall import add_arguments

    add_arguments(hall_bench)
    return bench


def run(args: argparse.Namespace) -> int:
    if args.op == "devices":
        from benchmarks import devices as bench_devices
        from kiosk.app import make_clock

        return bench_devices.bench(
            as_json=args.json,
            baudrate=args.baud,
            calls=args.calls,
            presses=args.presses,
            today=make_clock().now().date(),
        )
    if args.op == "wait":
        from kiosk.cli import wait as waitcli

        return waitcli.bench_wait(args)
    if args.op == "printer":
        from benchmarks import printer as bench_printer

        return bench_printer.main(args)
    # the rest take the arguments and the hall's clock: benchmarks.<op>.main(args, clock)
    module = importlib.import_module(f"benchmarks.{args.op}")
    from kiosk.app import make_clock

    return int(module.main(args, make_clock()))
