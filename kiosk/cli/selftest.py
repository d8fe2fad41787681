"""`kiosk selftest printer|display|keypad|evaluator|voice|all`: the device self-tests
(the serial devices and the voice in :mod:`kiosk.cli.devices`)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from kiosk.cli.common import EXIT_OK, Parser, emit

if TYPE_CHECKING:
    from kiosk.core.selftest import Report


def add_parser(sub: Any) -> None:
    selftest = sub.add_parser("selftest", help="device self-tests").add_subparsers(
        dest="op", required=True, metavar="DEVICE", parser_class=Parser
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


def run(args: argparse.Namespace) -> int:
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
    emit(args, data, _report_text(report, printer.url))
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
