"""The `kiosk` command: what technicians, scripts, tests and benchmarks drive.

User errors print one line on stderr and exit with the code of their kind
(docs/cli.md); a bug writes a crash log and exits 1, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.core.errors import KioskError

log = logging.getLogger("kiosk")

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2
        self.exit(EXIT_USAGE, f"kiosk: usage error: {message} (see `kiosk --help`)\n")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day YYYY-MM-DD, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="kiosk", description="Queue ticketing for service halls.")
    p.add_argument("--version", action="version", version=f"kiosk {__version__}")
    p.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="hall configuration (TOML); default: $KIOSK_CONFIG or the demo hall",
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where the store and logs live; default: $KIOSK_DATA_DIR or the user's data directory",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    sub.add_parser("run", help="start the hall")

    q = sub.add_parser("queue", help="queue operations").add_subparsers(
        dest="op", required=True, metavar="OP", parser_class=_Parser
    )

    def op(name: str, help_: str) -> argparse.ArgumentParser:
        parser = q.add_parser(name, help=help_)
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        return parser

    issue = op("issue", "take a ticket")
    issue.add_argument("service", metavar="SERVICE", help="business type code (or prefix)")
    issue.add_argument("--priority", action="store_true", help="green channel ticket")
    for name, help_ in (
        ("open", "open a counter, or resume a paused one"),
        ("pause", "pause a counter for a break"),
        ("close", "close a counter"),
        ("recall", "call the current ticket again"),
        ("serve", "the visitor arrived: service starts"),
        ("done", "service finished"),
        ("no-show", "the called visitor did not come"),
        ("park", "set the current ticket aside"),
    ):
        op(name, help_).add_argument("counter", type=int, metavar="COUNTER")
    call = op("call", "call the next ticket (or a given one)")
    call.add_argument("counter", type=int, metavar="COUNTER")
    call.add_argument("--ticket", metavar="NUMBER", help="call this waiting ticket")
    resume = op("resume", "resume a parked ticket")
    resume.add_argument("counter", type=int, metavar="COUNTER")
    resume.add_argument("--ticket", metavar="NUMBER", help="default: the last one parked")
    transfer = op("transfer", "move the current ticket to another business type or counter")
    transfer.add_argument("counter", type=int, metavar="COUNTER")
    target = transfer.add_mutually_exclusive_group(required=True)
    target.add_argument("--to-service", metavar="CODE")
    target.add_argument("--to-counter", type=int, metavar="N")
    where = transfer.add_mutually_exclusive_group()
    where.add_argument("--front", dest="placement", action="store_const", const="front")
    where.add_argument("--back", dest="placement", action="store_const", const="back")
    where.add_argument(
        "--by-time",
        dest="placement",
        action="store_const",
        const="by_time",
        help="by original issue time (the default)",
    )
    cancel = op("cancel", "cancel an active ticket")
    cancel.add_argument("number", metavar="NUMBER")
    op("reset-day", "start a new business day now")
    op("status", "business types, counters and the last calls")
    listing = op("list", "every ticket of a business day")
    listing.add_argument(
        "--day", type=_day, metavar="YYYY-MM-DD", help="default: the current business day"
    )

    db = sub.add_parser("db", help="store maintenance").add_subparsers(
        dest="op", required=True, metavar="OP", parser_class=_Parser
    )
    db.add_parser("upgrade", help="apply schema migrations")
    db.add_parser("check", help="integrity check")
    backup = db.add_parser("backup", help="consistent online backup")
    backup.add_argument("file", type=Path, metavar="FILE")

    cfg = sub.add_parser("config", help="configuration").add_subparsers(
        dest="op", required=True, metavar="OP", parser_class=_Parser
    )
    cfg.add_parser("example", help="print a fully commented example")
    check = cfg.add_parser("check", help="validate a configuration file")
    check.add_argument("file", type=Path, metavar="FILE")

    bench = sub.add_parser("bench", help="benchmarks").add_subparsers(
        dest="op", required=True, metavar="OP", parser_class=_Parser
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
    store_bench.add_argument("--json", action="store_true")
    return p


def _print(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(text)


def _cmd_queue(args: argparse.Namespace) -> int:
    from kiosk import jsonview
    from kiosk.app import build_service, load_settings
    from kiosk.core.model import Placement, Priority

    settings = load_settings(args.config, args.data_dir)
    service = build_service(settings)
    hall = service.hall

    def show_ticket(t: Any) -> None:
        data = jsonview.ticket(t, hall)
        where = f" counter {t.counter}" if t.counter and t.state.active else ""
        _print(args, data, f"{t.number} {t.service} {t.state}{where}")

    def show_counter(c: Any) -> None:
        current = f" {c.current.number}" if c.current else ""
        _print(args, jsonview.counter(c), f"counter {c.number} {c.state}{current}")

    match args.op:
        case "issue":
            result = service.issue(
                args.service, Priority.PRIORITY if args.priority else Priority.NORMAL
            )
            t = result.ticket
            _print(
                args,
                jsonview.issued(result, hall),
                f"{t.number} {hall.service(t.service).name_en} / "
                f"{hall.service(t.service).name_zh}: {result.ahead} ahead",
            )
        case "open":
            show_counter(service.open_counter(args.counter))
        case "pause":
            show_counter(service.pause_counter(args.counter))
        case "close":
            show_counter(service.close_counter(args.counter))
        case "call":
            if args.ticket:
                show_ticket(service.call_ticket(args.counter, args.ticket))
            else:
                show_ticket(service.call_next(args.counter))
        case "recall":
            show_ticket(service.recall(args.counter))
        case "serve":
            show_ticket(service.serve(args.counter))
        case "done":
            show_ticket(service.done(args.counter))
        case "no-show":
            show_ticket(service.no_show(args.counter))
        case "park":
            show_ticket(service.park(args.counter))
        case "resume":
            show_ticket(service.resume(args.counter, args.ticket))
        case "transfer":
            show_ticket(
                service.transfer(
                    args.counter,
                    to_service=args.to_service,
                    to_counter=args.to_counter,
                    placement=Placement(args.placement or "by_time"),
                )
            )
        case "cancel":
            show_ticket(service.cancel(args.number))
        case "reset-day":
            day = service.reset_day()
            _print(
                args,
                {
                    "day": {
                        "id": day.id,
                        "date": day.date.isoformat(),
                        "started_at": jsonview.iso(day.started_at),
                    }
                },
                f"business day {day.date} started (day {day.id})",
            )
        case "status":
            st = service.status()
            lines = [f"{st.day.date} {jsonview.iso(st.at)}"]
            lines += [
                f"  {x.service.code:<10} {x.service.prefix} waiting {x.waiting:>3}  "
                f"{'open' if x.open else x.reason}"
                for x in st.services
            ]
            lines += [
                f"  counter {c.number}: {c.state}" + (f" {c.current.number}" if c.current else "")
                for c in st.counters
            ]
            lines += [f"  call {c.number} -> counter {c.counter}" for c in st.calls]
            _print(args, jsonview.status(st, hall), "\n".join(lines))
        case "list":
            tickets = service.tickets(args.day)
            _print(
                args,
                [jsonview.ticket(t, hall) for t in tickets],
                "\n".join(
                    f"{t.number} {t.service:<10} {t.state:<9} {jsonview.iso(t.issued_at)}"
                    for t in tickets
                ),
            )
    return EXIT_OK


def _cmd_db(args: argparse.Namespace) -> int:
    from kiosk.app import load_settings
    from kiosk.store import maintenance

    settings = load_settings(args.config, args.data_dir)
    match args.op:
        case "upgrade":
            before, after = maintenance.upgrade(settings.store_url, str(settings.data_dir))
            print(f"store schema: {before or 'empty'} -> {after}")
            return EXIT_OK
        case "check":
            report = maintenance.check(settings.store_url)
            for line in report.lines:
                print(line)
            return EXIT_OK if report.ok else report.exit_code
        case "backup":
            size = maintenance.backup(settings.store_url, args.file)
            print(f"backup written to {args.file} ({size} bytes)")
            return EXIT_OK
    return EXIT_USAGE


def _cmd_config(args: argparse.Namespace) -> int:
    from kiosk import config

    if args.op == "example":
        sys.stdout.write(config.example_text())
        return EXIT_OK
    cfg = config.load(args.file)
    print(f"{args.file}: valid ({len(cfg.services)} business types, {len(cfg.counters)} counters)")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    from kiosk.app import build_service, load_settings

    settings = load_settings(args.config, args.data_dir)
    service = build_service(settings)
    st = service.status()
    print(
        f"kiosk: hall {settings.config.hall.name_en} ({settings.config_source}) is running "
        f"headless: {len(st.services)} business types, {len(st.counters)} counters, "
        f"store {settings.store_url}. The windows are not built yet; drive the queue with "
        f"`kiosk queue ...`. Ctrl+C stops.",
        flush=True,
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    print("kiosk: stopped", flush=True)
    return EXIT_OK


def _cmd_bench(args: argparse.Namespace) -> int:
    from kiosk.bench import store as bench_store

    return bench_store.main(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "queue": _cmd_queue,
    "db": _cmd_db,
    "config": _cmd_config,
    "run": _cmd_run,
    "bench": _cmd_bench,
}


def _crash_log(args: argparse.Namespace | None) -> Path | None:
    try:
        from kiosk.app import resolve_data_dir

        folder = resolve_data_dir(getattr(args, "data_dir", None)) / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{dt.datetime.now():%Y%m%d-%H%M%S}.txt"
        path.write_text(traceback.format_exc(), encoding="utf-8")
        return path
    except OSError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="kiosk: %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KioskError as exc:
        print(f"kiosk: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: keep the details, show one line
        path = _crash_log(args)
        where = f"; details in {path}" if path else ""
        print(f"kiosk: internal error: {type(exc).__name__}: {exc}{where}", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
