"""`kiosk report`: the manager's figures of a span of business days (docs/reports.md),
as text, JSON, CSV, an Excel workbook or a PDF with Chinese and English headings."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk.app.report_files import (
    cell,
    pdf_font,
    write_csv,
    write_pdf,
    write_xlsx,
)
from kiosk.cli.common import EXIT_OK, EXIT_USAGE, day, file_name
from kiosk.core import report as rep
from kiosk.core.errors import StoreReadOnly

TEXT_COLUMNS = ("issued", "served", "no_show", "cancelled", "wait_p50_s", "wait_p90_s",
                "wait_max_s", "service_level", "satisfied", "promise_kept")  # fmt: skip


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="the manager's figures of a span of business days (docs/reports.md)",
        description="Tickets issued, served, no-shows, cancelled, waits, service level, "
        "care, service times, satisfaction, printer failures and the wait promise of the "
        "business days dated --from..--to (both included), in total and per --by group.",
    )
    p.add_argument("--from", dest="first", type=day, metavar="DAY",
                   help="first business day, YYYY-MM-DD (default: --to)")  # fmt: skip
    p.add_argument("--to", dest="last", type=day, metavar="DAY",
                   help="last business day, YYYY-MM-DD (default: today's)")  # fmt: skip
    p.add_argument(
        "--by",
        action="append",
        choices=rep.GROUPS,
        default=[],
        help="a row per group; repeat to group by the combination",
    )
    p.add_argument(
        "--follow-ups",
        action="store_true",
        help="list the complaint follow-ups only: opened on these days, and older ones "
        "still open or closed since (with --json: the list)",
    )
    p.add_argument("--json", action="store_true", help="one JSON object: total and rows")
    p.add_argument(
        "--csv", type=file_name, metavar="FILE", help="write the rows and the total as CSV"
    )
    p.add_argument("--xlsx", type=file_name, metavar="FILE", help="write an Excel workbook")
    p.add_argument(
        "--pdf", type=file_name, metavar="FILE", help="write a PDF (Chinese and English)"
    )
    ops = p.add_subparsers(dest="report_op", required=False, metavar="[daily]")
    daily = ops.add_parser(
        "daily",
        help="write a day's daily report now (DATA_DIR/reports/daily/YYYY-MM-DD.csv, .pdf)",
        description="Write the daily report of a business day that has ended, as the hall "
        "writes it by itself at the reset hour (docs/reports.md, the daily report): "
        "DATA_DIR/reports/daily/YYYY-MM-DD.csv and .pdf, replacing them if there.",
    )
    daily.add_argument("--day", type=day, metavar="DAY",
                       help="the business day, YYYY-MM-DD (default: yesterday's)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    if getattr(args, "report_op", None) == "daily":
        return run_daily(args)
    from kiosk.app import load_settings, make_clock
    from kiosk.app.report import manager_report, span

    settings = load_settings(args.config, args.data_dir)
    hall = settings.hall
    clock = make_clock()
    first, last = span(hall, args.first, args.last, clock.now())
    if first > last:
        today = "" if args.last else " (today's business day)"
        print(f"kiosk: usage error: --from {first} is after --to {last}{today}", file=sys.stderr)
        return EXIT_USAGE
    if args.follow_ups:
        from kiosk.app.report import follow_ups

        rows = follow_ups(settings, first, last, clock)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            print(follow_ups_text(rows, first, last))
        return EXIT_OK
    font = pdf_font() if args.pdf else None  # missing: said before any work
    report = manager_report(settings, first, last, args.by, clock)
    if args.csv:
        _write(args.csv, "--csv", lambda: write_csv(report, args.csv))
    if args.xlsx:
        _write(args.xlsx, "--xlsx", lambda: write_xlsx(report, hall, args.xlsx))
    if args.pdf and font:
        _write(args.pdf, "--pdf", lambda: write_pdf(report, hall, args.pdf, font))
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        print(text(report))
        if report.follow_ups:
            print()
            print(follow_ups_text(report.follow_ups, first, last))
    return EXIT_OK


def follow_ups_text(rows: Sequence[dict[str, Any]], first: Any, last: Any) -> str:
    """The follow-ups as a table for a terminal, open and overdue counted first."""
    counts = rep.follow_up_counts(rows)
    head = (
        f"complaint follow-ups, business days {first} to {last}: "
        f"{counts['follow_ups_open']} open, {counts['follow_ups_overdue']} of them overdue"
    )
    columns = ("case_number", "ticket", "service", "counter", "staff", "opened_at",
               "promised_by", "status", "closed_at", "closed_by")  # fmt: skip
    lines = [list(columns)] + [[cell(r[c]) for c in columns] for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(columns))]
    table = ["  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)) for line in lines]
    return "\n".join([head, *(t.rstrip() for t in table)])


def run_daily(args: argparse.Namespace) -> int:
    """`kiosk report daily [--day DAY]`: one day's daily report, written now."""
    import datetime as dt

    from kiosk.app import Role, build_runtime, load_settings, make_clock
    from kiosk.app.daily import DailyReporter
    from kiosk.core import daily
    from kiosk.core import operations as ops
    from kiosk.core.errors import StoreLocked

    settings = load_settings(args.config, args.data_dir)
    clock = make_clock()
    today = ops.business_date(clock.now(), settings.hall.rules.day_reset)
    when = args.day or today - dt.timedelta(days=1)
    if when >= today:
        print(
            f"kiosk: usage error: --day {when}: that business day has not ended "
            f"(today's is {today})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with build_runtime(Role.COMMAND, settings, clock=clock) as rt:
        writer = DailyReporter(settings, rt.store, rt.service, clock)
        writer.close_ended_day()
        outcome = writer.write(when, retry_failed=True, force=True)
    if outcome is None:
        raise StoreLocked(f"the daily report of {when} is being written by another process now")
    if outcome.status == daily.FAILED:
        raise StoreReadOnly(f"the daily report of {when}: {outcome.file}: {outcome.reason}")
    for path in outcome.files:
        print(path)
    return EXIT_OK


def _write(path: Path, flag: str, write: Any) -> None:
    try:
        write()
    except OSError as exc:
        raise StoreReadOnly(f"{flag} {path}: cannot write: {exc.strerror or exc}") from None


def text(report: rep.Report) -> str:
    """The report as a table for a terminal."""
    columns: tuple[str, ...] = TEXT_COLUMNS
    if "hour" in report.by:  # the wait promise: quoted and actual side by side per hour
        columns = (*columns, "quote_low_mean_s", "quote_high_mean_s", "quoted_wait_mean_s")
    head = [*report.by, *columns]
    lines = [[str(c) for c in head]]
    for row in report.rows:
        lines.append([cell(row[c]) for c in head])
    total = ["total", *([""] * (len(report.by) - 1))] if report.by else []
    lines.append([*total, *(cell(report.total[c]) for c in columns)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    span = f"business days {report.first} to {report.last}"
    out = [span] + [
        "  ".join(v.rjust(w) for v, w in zip(line, widths, strict=True)) for line in lines
    ]
    return "\n".join(out)
