"""The `kiosk` command: what technicians, scripts, tests and benchmarks drive.

User errors print one line on stderr and exit with the code of their kind
(docs/cli.md); a bug writes a crash log and exits 1, never a traceback.
With --json a command prints exactly one JSON object or array on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__
from kiosk.core.clock import SystemClock
from kiosk.core.errors import ConfigError, KioskError
from kiosk.core.model import CounterState, Hall, Outcome, Ticket, TicketState

if TYPE_CHECKING:
    from kiosk.core.desk import PrintOutcome
    from kiosk.core.selftest import Report
    from kiosk.core.service import CounterView, HallStatus

log = logging.getLogger("kiosk")

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `kiosk ... | head`


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2
        self.exit(EXIT_USAGE, f"kiosk: usage error: {message} (see `kiosk --help`)\n")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day YYYY-MM-DD, got {text!r}") from None


def _file_name(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError(f"expected a file name, got {text!r}")
    return Path(text)


def _counter_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a counter number, got {text!r}") from None


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

    sub.add_parser("run", help="start the hall: the kiosk and the hall display")
    counter_cmd = sub.add_parser("counter", help="open the workstation of counter N")
    counter_cmd.add_argument("counter", type=_counter_number, metavar="N")
    sub.add_parser("display", help="open the hall display")
    sub.add_parser("tech", help="open the technician panel")
    shots = sub.add_parser("screenshots", help="render every window to PNG files")
    shots.add_argument("folder", type=Path, metavar="DIR")

    q = sub.add_parser("queue", help="queue operations").add_subparsers(
        dest="op", required=True, metavar="OP", parser_class=_Parser
    )

    def op(name: str, help_: str) -> argparse.ArgumentParser:
        parser = q.add_parser(name, help=help_, description=help_)
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        return parser

    def counter_op(name: str, help_: str) -> argparse.ArgumentParser:
        parser = op(name, help_)
        parser.add_argument("counter", type=_counter_number, metavar="COUNTER")
        return parser

    issue = op("issue", "take a ticket")
    issue.add_argument("service", metavar="SERVICE", help="business type code (or prefix)")
    issue.add_argument("--priority", action="store_true", help="green channel ticket")
    issue.add_argument(
        "--no-print",
        action="store_true",
        help="do not print it on the hall's printer (printer.url); by default it is printed",
    )
    counter_op("open", "open a counter, or resume a paused one")
    counter_op("pause", "pause a counter for a break")
    counter_op("close", "close a counter (refused while it has a current ticket)")
    call = counter_op("call", "call the next ticket by the call policy (or a given one)")
    call.add_argument("--ticket", metavar="NUMBER", help="call this waiting ticket instead")
    counter_op("recall", "call the current ticket again; past the recall limit it is a no-show")
    counter_op("serve", "the visitor arrived: service starts")
    counter_op("done", "service finished")
    counter_op("no-show", "the called visitor did not come")
    transfer = counter_op("transfer", "move the current ticket to another business type or counter")
    target = transfer.add_mutually_exclusive_group(required=True)
    target.add_argument("--to-service", metavar="CODE", help="business type code (or prefix)")
    target.add_argument("--to-counter", type=_counter_number, metavar="N", help="counter number")
    where = transfer.add_mutually_exclusive_group()
    where.add_argument(
        "--front",
        dest="placement",
        action="store_const",
        const="front",
        help="at the front of its new queue",
    )
    where.add_argument(
        "--back",
        dest="placement",
        action="store_const",
        const="back",
        help="at the back of its new queue",
    )
    where.add_argument(
        "--by-time",
        dest="placement",
        action="store_const",
        const="by_time",
        help="by original issue time (the default)",
    )
    counter_op("park", "set the current ticket aside at this counter")
    resume = counter_op("resume", "take a parked ticket back into service")
    resume.add_argument("--ticket", metavar="NUMBER", help="default: the last one parked")
    cancel = op("cancel", "cancel an active ticket")
    cancel.add_argument("number", metavar="NUMBER")
    op("reset-day", "start a new business day now")
    op("status", "business types, counters and the last calls")
    reprint = op("reprint", "print an active ticket again (after a printer failure)")
    reprint.add_argument("number", metavar="NUMBER")
    reprint.add_argument(
        "--printer", metavar="URL", help="this printer instead of printer.url (docs/printers.md)"
    )
    ack = op("acknowledge", "staff saw to a ticket that was not printed: its alert closes")
    which = ack.add_mutually_exclusive_group(required=True)
    which.add_argument("numbers", metavar="NUMBER", nargs="*", default=[])
    which.add_argument("--all", action="store_true", help="every open alert of today")
    listing = op("list", "every ticket of a business day")
    listing.add_argument(
        "--day",
        type=_day,
        metavar="YYYY-MM-DD",
        help="every business day of this date; default: the current business day",
    )

    db = sub.add_parser("db", help="store maintenance").add_subparsers(
        dest="op", required=True, metavar="OP", parser_class=_Parser
    )
    db.add_parser("upgrade", help="apply schema migrations")
    db.add_parser("check", help="integrity check")
    backup = db.add_parser(
        "backup",
        help="consistent online backup",
        description="Copy the store while the hall runs, to a new FILE (or, with --force, "
        "over an existing regular file).",
    )
    backup.add_argument("file", type=_file_name, metavar="FILE")
    backup.add_argument(
        "--force", action="store_true", help="replace FILE if it is an existing regular file"
    )

    cfg = sub.add_parser("config", help="configuration").add_subparsers(
        dest="op", required=True, metavar="OP", parser_class=_Parser
    )
    cfg.add_parser("example", help="print a fully commented example")
    cfg.add_parser("ticket-template", help="print the shipped ticket template, to copy and edit")
    cfg.add_parser("hash-pin", help="hash a technician PIN read from standard input")
    check = cfg.add_parser("check", help="validate a configuration file")
    check.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        nargs="?",
        help="default: --config, else $KIOSK_CONFIG, else the embedded demo hall",
    )

    selftest = sub.add_parser("selftest", help="device self-tests").add_subparsers(
        dest="op", required=True, metavar="DEVICE", parser_class=_Parser
    )
    printer_test = selftest.add_parser(
        "printer",
        help="printer: connection, status, a test ticket, the cutter",
        description="Open the printer's connection, ask each real-time status, print a test "
        "ticket and ask the cutter's status again (and, asked to, have the printer print its "
        "own status page). Exit 0 on pass or warn, 12 on fail.",
    )
    printer_test.add_argument(
        "--printer", metavar="URL", help="this printer instead of printer.url (docs/printers.md)"
    )
    printer_test.add_argument(
        "--status-page",
        action="store_true",
        help="also have the printer print its own status page (as printer.status_page = true)",
    )
    printer_test.add_argument("--json", action="store_true", help="print the report as JSON")
    kinds = {
        "display": "counter LED displays and the main strip: answer, test pattern, clear",
        "keypad": "counter keypads: answer, then a key pressed within --press-seconds",
        "evaluator": "satisfaction evaluators: answer, light, a rating within --press-seconds",
        "voice": "the voice: the clip set, then a test phrase on the configured output",
        "all": "the printer, then every device above",
    }
    for kind, text in kinds.items():
        one = selftest.add_parser(
            kind,
            help=text,
            description=f"Self-test: {text}. Exit 0 on pass or warn, 12 on fail "
            "(docs/devices.md). Real ports are opened by this command: stop `kiosk run` "
            "first, or use the technician panel.",
        )
        if kind in ("keypad", "evaluator", "all"):
            one.add_argument(
                "--press-seconds",
                type=float,
                default=20.0,
                metavar="S",
                help="how long the technician has to press a key (default 20)",
            )
        one.add_argument("--json", action="store_true", help="print the report as JSON")

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
    from kiosk.cli import wait as waitcli  # export-trace, replay, bench wait (docs/trace-format.md)

    waitcli.add_commands(sub, bench)
    return p


def _print(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(text)


# -- text output -------------------------------------------------------------------------


def _label(t: Ticket) -> str:
    mark = ", priority" if t.priority else ""
    return f"{t.number} ({t.service}{mark})"


def _describe(t: Ticket, hall: Hall) -> str:
    """What happened to a ticket, in the words staff use."""
    at = f"counter {t.counter}"
    limit = hall.rules.recall_limit + 1
    match t.state:
        case TicketState.WAITING:
            if t.target_counter is not None:
                return f"waiting for counter {t.target_counter}"
            return "waiting (transferred)" if t.transferred_at else "waiting"
        case TicketState.CALLED:
            verb = "called" if t.call_count <= 1 else "recalled"
            return f"{verb} to {at} (call {t.call_count} of {limit})"
        case TicketState.SERVING:
            return f"being served at {at}"
        case TicketState.PARKED:
            return f"parked at {at}"
        case TicketState.DONE:
            return f"served at {at}"
        case TicketState.NO_SHOW:
            calls = "call" if t.call_count == 1 else "calls"
            return f"no-show at {at} after {t.call_count} {calls}"
        case _:
            if t.outcome is Outcome.EXPIRED:
                return "expired when its business day ended"
            return "cancelled"


def _print_text(outcome: PrintOutcome | None) -> str:
    if outcome is None:
        return "not printed (--no-print)"
    if outcome.printed:
        return "printed"
    return f"NOT printed ({outcome.problem}: {outcome.message})"


def _counter_text(c: CounterView) -> str:
    # A "serving" counter is an open one with a current ticket: say whose.
    text = f"counter {c.number}: {'busy' if c.state is CounterState.SERVING else c.state}"
    if c.current is not None:
        text += f" with {c.current.number} ({c.current.state})"
    if c.parked:
        text += f", parked {', '.join(t.number for t in c.parked)}"
    return text


def _status_text(st: HallStatus, hall_name: str) -> str:
    lines = [f"{hall_name}: business day {st.day.date} (day {st.day.id}), at {st.at:%H:%M:%S}"]
    lines.append("business types:")
    for x in st.services:
        staffed = f"{x.counters_open} counter{'s' if x.counters_open != 1 else ''} open"
        state = f"open, {staffed}" if x.open else x.reason
        lines.append(
            f"  {x.service.prefix:<2} {x.service.code:<12} {x.waiting:>4} waiting  {state}"
        )
    lines.append("counters:")
    lines += [f"  {_counter_text(c)}" for c in st.counters]
    if st.alerts:
        lines.append("not printed (until reprinted or acknowledged):")
        lines += [f"  {a.at:%H:%M:%S} {a.number} ({a.problem}): {a.reason}" for a in st.alerts]
    if st.calls:
        lines.append("last calls:")
        lines += [
            f"  {c.at:%H:%M:%S} {c.number} -> counter {c.counter}"
            + (" (recall)" if c.recall else "")
            for c in st.calls
        ]
    return "\n".join(lines)


def _list_text(tickets: Sequence[Ticket], hall: Hall, day: dt.date | None) -> str:
    if not tickets:
        return f"no tickets on {day}" if day else "no tickets in the current business day"
    return "\n".join(
        f"day {t.day_id} {t.number:<6} {t.service:<12} "
        f"{'priority' if t.priority else 'normal':<8} {t.issued_at:%H:%M:%S}  "
        f"{_describe(t, hall)}"
        for t in tickets
    )


# -- commands ----------------------------------------------------------------------------


def _cmd_queue(args: argparse.Namespace) -> int:
    from kiosk.app import load_settings, open_service
    from kiosk.cli import jsonview
    from kiosk.core.model import Placement, Priority

    settings = load_settings(args.config, args.data_dir)
    with open_service(settings) as service:
        hall = service.hall

        def show_ticket(t: Ticket) -> None:
            _print(args, jsonview.ticket(t, hall), f"{_label(t)}: {_describe(t, hall)}")

        def show_counter(c: CounterView) -> None:
            _print(args, jsonview.counter(c), _counter_text(c))

        match args.op:
            case "issue":
                level = Priority.PRIORITY if args.priority else Priority.NORMAL
                if args.no_print:
                    result, outcome = service.issue(args.service, level), None
                else:
                    from kiosk.app import build_printer, ticket_desk

                    desk = ticket_desk(settings, service, build_printer(settings))
                    result, outcome = desk.take(args.service, level)
                t = result.ticket
                s = hall.service(t.service)
                _print(
                    args,
                    jsonview.issued(result, hall, outcome),
                    f"{_label(t)} {s.name_en} / {s.name_zh}: {result.ahead} ahead, "
                    + _print_text(outcome),
                )
            case "acknowledge":
                done = service.acknowledge_alerts(None if args.all else args.numbers)
                _print(
                    args,
                    [jsonview.alert(a) for a in done],
                    "\n".join(f"{a.number}: alert acknowledged ({a.problem})" for a in done)
                    or "no open alerts",
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
                    {"day": jsonview.day(day)},
                    f"business day {day.date} started (day {day.id}); numbering restarts",
                )
            case "status":
                st = service.status()
                _print(
                    args,
                    jsonview.status(st, hall),
                    _status_text(st, settings.config.hall.name_en),
                )
            case "reprint":
                from kiosk.app import build_printer, reprint

                printer = build_printer(settings, args.printer)
                show_ticket(reprint(settings, service, printer, args.number))
            case "list":
                tickets = service.tickets(args.day)
                _print(
                    args,
                    [jsonview.ticket(t, hall) for t in tickets],
                    _list_text(tickets, hall, args.day),
                )
    return EXIT_OK


def _cmd_db(args: argparse.Namespace) -> int:
    from kiosk.app import ensure_data_dir, load_settings, store_name
    from kiosk.store import maintenance

    settings = load_settings(args.config, args.data_dir)
    name = store_name(settings)
    match args.op:
        case "upgrade":
            ensure_data_dir(settings)
            before, after = maintenance.upgrade(settings.store_url, name)
            if before == after:
                print(f"store {name}: schema already at revision {after}")
            else:
                print(f"store {name}: schema upgraded from {before or 'empty'} to {after}")
            return EXIT_OK
        case "check":
            report = maintenance.check(settings.store_url)
            for line in report.lines:
                print(line)
            return EXIT_OK if report.ok else report.exit_code
        case "backup":
            size = maintenance.backup(settings.store_url, args.file, force=args.force)
            print(f"backup of {name} written to {args.file} ({size} bytes)")
            return EXIT_OK
    return EXIT_USAGE


def _cmd_config(args: argparse.Namespace) -> int:
    from kiosk import config
    from kiosk.app import resolve_config_path

    if args.op == "example":
        sys.stdout.write(config.example_text())
        return EXIT_OK
    if args.op == "ticket-template":
        from importlib import resources

        sys.stdout.write(
            (resources.files("kiosk") / "data" / "ticket.template.toml").read_text("utf-8")
        )
        return EXIT_OK
    if args.op == "hash-pin":
        from kiosk.core.pin import PIN_DIGITS, hash_pin, valid_pin

        pin = sys.stdin.readline(100).strip()
        if not valid_pin(pin):
            low, high = PIN_DIGITS
            raise ConfigError(
                f"tech.pin_hash: a PIN is {low} to {high} digits 0-9 (what the PIN pad can "
                "type), read from standard input"
            )
        print(hash_pin(pin))
        return EXIT_OK
    path = args.file or resolve_config_path(args.config)
    cfg = config.load(path)
    print(
        f"{path or config.DEMO_SOURCE}: valid "
        f"({len(cfg.services)} business types, {len(cfg.counters)} counters)"
    )
    for warning in config.default_warnings(cfg, path):
        print(f"kiosk: warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _cmd_windows(args: argparse.Namespace) -> int:
    from kiosk.app import load_settings
    from kiosk.ui import app as ui_app

    settings = load_settings(args.config, args.data_dir)
    what = "hall" if args.command == "run" else args.command
    return ui_app.run(settings, what, getattr(args, "counter", None))


def _cmd_screenshots(args: argparse.Namespace) -> int:
    from kiosk.app import load_settings
    from kiosk.ui import screenshots

    settings = load_settings(args.config, args.data_dir)
    written = screenshots.render_all(settings, args.folder)
    print(f"{len(written)} screenshots written to {args.folder}")
    return EXIT_OK


def _cmd_wait(args: argparse.Namespace) -> int:
    from kiosk.cli import wait as waitcli

    return waitcli.COMMANDS[args.command](args)


def _cmd_bench(args: argparse.Namespace) -> int:
    if args.op == "devices":
        from kiosk.app import make_clock
        from kiosk.cli import devices as devicecli

        return devicecli.bench(
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
    if args.op == "start":
        from benchmarks import start as bench_start
        from kiosk.app import make_clock

        return bench_start.main(args, make_clock())
    from benchmarks import store as bench_store
    from kiosk.app import make_clock

    return bench_store.main(args, make_clock())


def _cmd_selftest(args: argparse.Namespace) -> int:
    from kiosk.app import build_printer, load_settings
    from kiosk.core.errors import DeviceFailed
    from kiosk.core.selftest import Verdict, run_all

    settings = load_settings(args.config, args.data_dir)
    if args.op != "printer":
        from kiosk.app import devices_settings
        from kiosk.cli import devices as devicecli

        first = [build_printer(settings)] if args.op == "all" else []
        return devicecli.selftest(
            args.op,
            devices_settings(settings),
            as_json=args.json,
            press_s=getattr(args, "press_seconds", 20.0),
            first=first,
        )
    printer = build_printer(settings, args.printer)
    printer.status_page = printer.status_page or args.status_page
    [report] = run_all([printer])
    status = printer.last_status
    data = {
        "device": report.device,
        "printer": printer.url,
        "verdict": report.verdict.label,
        "steps": [
            {"name": s.name, "verdict": s.verdict.label, "message": s.message} for s in report.steps
        ],
        "status": status.as_dict() if status is not None else None,
    }
    _print(args, data, _report_text(report, printer.url))
    if report.verdict is Verdict.FAIL:
        failed = next(s for s in report.steps if s.verdict is Verdict.FAIL)
        sys.stdout.flush()  # the report first, then the one-line error on stderr
        raise DeviceFailed(f"printer {printer.url} failed its self-test: {failed.message}")
    return EXIT_OK


def _report_text(report: Report, url: str) -> str:
    lines = [f"{report.device} {url}: {report.verdict.label}"]
    for s in report.steps:
        lines.append(f"  {s.verdict.label:<4} {s.name}" + (f": {s.message}" if s.message else ""))
    return "\n".join(lines)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "queue": _cmd_queue,
    "db": _cmd_db,
    "config": _cmd_config,
    "run": _cmd_windows,
    "counter": _cmd_windows,
    "display": _cmd_windows,
    "tech": _cmd_windows,
    "screenshots": _cmd_screenshots,
    "bench": _cmd_bench,
    "selftest": _cmd_selftest,
    "export-trace": _cmd_wait,
    "replay": _cmd_wait,
}


def _crash_log(args: argparse.Namespace, argv: Sequence[str] | None) -> Path | None:
    """Write the traceback of the exception being handled; None if nowhere to write."""
    folders = [Path(tempfile.gettempdir())]
    try:  # the data directory may be what failed; the temporary directory is the fallback
        from kiosk.app import resolve_data_dir

        folders.insert(0, resolve_data_dir(args.data_dir) / "logs")
    except Exception:  # a crash log must not crash
        pass
    # The machine's time, not the hall's ($KIOSK_NOW): a crash log is read beside the
    # system's own logs.
    at = SystemClock().now()
    text = (
        f"kiosk {__version__} crashed at {at.isoformat(timespec='seconds')}\n"
        f"argv: {list(sys.argv[1:] if argv is None else argv)}\n\n{traceback.format_exc()}"
    )
    name = f"crash-{at:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def _utf8_stdout() -> None:
    """JSON and Chinese names are UTF-8 whatever the locale (a Windows pipe, LANG=C)."""
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper) and out.encoding.lower().replace("-", "") != "utf8":
        out.reconfigure(encoding="utf-8")


def _silence_stdout() -> None:
    """After a broken pipe, keep the interpreter's final flush from failing again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="kiosk: %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # the terminal gets warnings and worse;
        handler.setLevel(logging.WARNING)  # the log file and the tech panel get INFO too
    _utf8_stdout()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version or a usage error, already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except KioskError as exc:
        print(f"kiosk: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`kiosk queue list | head`)
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug: keep the details, show one line
        path = _crash_log(args, argv)
        where = f"; details in {path}" if path else ""
        from kiosk.core.errors import one_line  # a library's message may span lines

        text = one_line(str(exc))
        print(f"kiosk: internal error: {type(exc).__name__}: {text}{where}", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
