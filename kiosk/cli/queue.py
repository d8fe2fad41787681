"""`kiosk queue ...`: one queue operation per command, printed as text or JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kiosk.cli.common import EXIT_OK, EXIT_USAGE, Parser, counter_number, day, emit
from kiosk.core.model import CounterState, Hall, Outcome, Ticket, TicketState

if TYPE_CHECKING:
    from kiosk.core.desk import PrintOutcome
    from kiosk.core.service import CounterView, HallStatus, QueueService, Resolved


def add_parser(sub: Any) -> None:
    q = sub.add_parser("queue", help="queue operations").add_subparsers(
        dest="op", required=True, metavar="OP", parser_class=Parser
    )

    def op(name: str, help_: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = q.add_parser(name, help=help_, description=help_)
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--server",
            metavar="URL",
            help="the hall server to run it on (default: $KIOSK_SERVER, the server `kiosk "
            "server join` kept, else this PC's own store)",
        )
        return parser

    def counter_op(name: str, help_: str) -> argparse.ArgumentParser:
        parser = op(name, help_)
        parser.add_argument("counter", type=counter_number, metavar="COUNTER")
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
    done = counter_op("done", "service finished (a complaint's: with how it ended)")
    how = done.add_mutually_exclusive_group()
    how.add_argument(
        "--resolved-here",
        dest="resolution",
        action="store_const",
        const="resolved_here",
        help="a complaint resolved at the counter",
    )
    how.add_argument(
        "--follow-up",
        dest="resolution",
        action="store_const",
        const="follow_up",
        help="a complaint followed up: a new case number, the visitor hears back by a date",
    )
    done.add_argument(
        "--promise-by",
        type=day,
        metavar="DAY",
        help="with --follow-up: the promised date, YYYY-MM-DD (default: complaints."
        "follow_up_days after today)",
    )
    counter_op("no-show", "the called visitor did not come")
    transfer = counter_op("transfer", "move the current ticket to another business type or counter")
    target = transfer.add_mutually_exclusive_group(required=True)
    target.add_argument("--to-service", metavar="CODE", help="business type code (or prefix)")
    target.add_argument("--to-counter", type=counter_number, metavar="N", help="counter number")
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
    cancel.add_argument(
        "--by",
        choices=("staff", "visitor"),
        default="staff",
        help="who cancelled it, for the reports (default staff)",
    )
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
    follow = q.add_parser(
        "follow-up", help="complaint follow-ups: list, close", description="complaint follow-ups"
    ).add_subparsers(dest="follow_op", required=True, metavar="ACTION", parser_class=Parser)
    close_case = follow.add_parser("close", help="the visitor heard back: close a follow-up")
    close_case.add_argument("case", metavar="CASE", help="its case number, C20261124-001")
    close_case.add_argument("--note", default="", metavar="TEXT", help="what was done")
    close_case.add_argument("--staff", metavar="ID", help="who closed it")
    list_cases = follow.add_parser("list", help="open, overdue and recently closed follow-ups")
    list_cases.add_argument("--from", dest="first", type=day, metavar="DAY",
                            help="first business day (default: no bound)")  # fmt: skip
    list_cases.add_argument("--to", dest="last", type=day, metavar="DAY",
                            help="last business day (default: no bound)")  # fmt: skip
    for sub_parser in (close_case, list_cases):
        sub_parser.add_argument("--json", action="store_true", help="print the result as JSON")
        sub_parser.add_argument(
            "--server", metavar="URL", help="the hall server to run it on (as for the others)"
        )
    listing = op("list", "every ticket of a business day")
    listing.add_argument(
        "--day",
        type=day,
        metavar="YYYY-MM-DD",
        help="every business day of this date; default: the current business day",
    )


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


class UsageError(Exception):
    """A combination of flags argparse cannot refuse by itself (exit 2)."""


def _resolved_text(r: Resolved, hall: Hall) -> str:
    text = f"{_label(r.ticket)}: {_describe(r.ticket, hall)}"
    if r.follow_up is not None:
        f = r.follow_up
        return f"{text}; follow-up {f.case_number}, promised by {f.promised_by:%Y-%m-%d (%a)}"
    if r.resolution is not None:
        return f"{text}; {str(r.resolution).replace('_', ' ')}"
    return text


def _follow_ups_text(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return "no follow-ups"
    return "\n".join(
        f"{r['case_number']}  {r['ticket']:<6} {r['service']:<10} counter {r['counter']}  "
        f"opened {r['opened_at'][:16].replace('T', ' ')}  promised by {r['promised_by']}  "
        f"{r['status']}" + (f" {r['closed_at'][:16].replace('T', ' ')}" if r["closed_at"] else "")
        for r in rows
    )


def _follow_up(args: argparse.Namespace, service: QueueService) -> None:
    from kiosk.core.report import follow_up_row

    now = service.now()
    if args.follow_op == "close":
        f = service.close_follow_up(args.case, args.note, args.staff)
        emit(args, follow_up_row(f, now), f"{f.case_number} ({f.number}): closed")
    else:
        rows = [follow_up_row(f, now) for f in service.follow_ups(args.first, args.last)]
        emit(args, rows, _follow_ups_text(rows))


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except UsageError as exc:
        print(f"kiosk: usage error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    from kiosk.app import load_settings, open_remote_service, open_service, remote_url, ticket_link
    from kiosk.cli import jsonview
    from kiosk.core import promise
    from kiosk.core.model import Placement, Priority, Resolution

    settings = load_settings(args.config, args.data_dir)
    url = remote_url(settings, args.server)
    with open_remote_service(settings, url) if url else open_service(settings) as service:
        hall = service.hall

        def show_ticket(t: Ticket) -> None:
            emit(args, jsonview.ticket(t, hall), f"{_label(t)}: {_describe(t, hall)}")

        def show_counter(c: CounterView) -> None:
            emit(args, jsonview.counter(c), _counter_text(c))

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
                emit(
                    args,
                    jsonview.issued(result, hall, outcome, ticket_link(settings, t.uid, service)),
                    f"{_label(t)} {s.name_en} / {s.name_zh}: {result.ahead} ahead, "
                    + promise.words(result.estimate, "en", t.issued_at)
                    + ", "
                    + _print_text(outcome),
                )
            case "acknowledge":
                done = service.acknowledge_alerts(None if args.all else args.numbers)
                emit(
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
                if args.promise_by and args.resolution != "follow_up":
                    raise UsageError("--promise-by goes with --follow-up")
                if args.resolution is None:
                    show_ticket(service.done(args.counter))
                else:
                    resolved = service.resolve(
                        args.counter, Resolution(args.resolution), args.promise_by
                    )
                    emit(
                        args,
                        jsonview.resolved(resolved, hall),
                        _resolved_text(resolved, hall),
                    )
            case "follow-up":
                _follow_up(args, service)
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
                show_ticket(service.cancel(args.number, by=args.by))
            case "reset-day":
                day = service.reset_day()
                emit(
                    args,
                    {"day": jsonview.day(day)},
                    f"business day {day.date} started (day {day.id}); numbering restarts",
                )
            case "status":
                st = service.status()
                emit(
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
                emit(
                    args,
                    [jsonview.ticket(t, hall) for t in tickets],
                    _list_text(tickets, hall, args.day),
                )
    return EXIT_OK
