"""The HTTP API's routes: one table of operations, from which the handlers and the
OpenAPI document (kiosk.server.schema) are both made.

Each :class:`Op` names its method and path, who may call it (:class:`Need`), its body's
fields, its query's, the type it answers with, and the :class:`QueueService` call it
makes. Handlers run the call on a worker thread (the store blocks), answer with
kiosk.core.wire's JSON, and turn a :class:`KioskError` into ``{"error", "message"}`` with
its status. docs/server-api.md lists the routes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kiosk.core import daily
from kiosk.core.busy import HourlyLoad
from kiosk.core.daily import DailyReport, DailyReports
from kiosk.core.devices import KeyPress, KeyResult, apply_key_once
from kiosk.core.errors import KioskError, NotFound
from kiosk.core.feed import PAGE, FeedEvent
from kiosk.core.hallpcs import DeviceCheck, HallPc
from kiosk.core.model import (
    BusinessDay,
    CancelledBy,
    FollowUp,
    Hall,
    Placement,
    Priority,
    Resolution,
    StaffAlert,
    Ticket,
)
from kiosk.core.selftest import Report
from kiosk.core.service import CounterView, HallStatus, IssuedTicket, QueueService, Resolved
from kiosk.core.wire import API, BadRequest, from_json


class Need(enum.Enum):
    """What a route asks of the caller's token (docs/server-api.md, "Who may do what")."""

    READ = "read"  # any enrolled PC
    ISSUE = "issue"  # take a ticket and report its printing: kiosk, admin
    PRINT = "print"  # a ticket's signed link, to print it: kiosk, counters, devices, admin
    COUNTER = "counter"  # an operation of the counter in the path: that counter, devices, admin
    STAFF = "staff"  # cancel, acknowledge alerts, reprint, rate: counters, devices, admin
    ADMIN = "admin"  # the hall-wide reset


@dataclasses.dataclass(frozen=True)
class Field:
    name: str
    kind: Any  # a Python type the wire codec decodes
    required: bool = True
    default: Any = None
    description: str = ""


@dataclasses.dataclass(frozen=True)
class Op:
    """One route."""

    name: str  # the operationId, and the QueueService method it mostly is
    method: str
    path: str  # after API, with {counter}, {uid} or {number}
    need: Need
    answer: Any  # the type of the answer (a wire type, list[...], or None: {})
    call: Callable[[QueueService, Mapping[str, Any]], Any]
    summary: str
    body: tuple[Field, ...] = ()
    query: tuple[Field, ...] = ()

    @property
    def route(self) -> str:
        return API + self.path

    @property
    def writes(self) -> bool:
        return self.method == "POST"


def _c(f: Callable[[QueueService, int], Any]) -> Callable[[QueueService, Mapping[str, Any]], Any]:
    return lambda s, a: f(s, a["counter"])


def _issue(s: QueueService, a: Mapping[str, Any]) -> IssuedTicket:
    level = Priority.PRIORITY if a["priority"] else Priority.NORMAL
    return s.issue(a["service"], level, printing=a["printing"])


def _printed(s: QueueService, a: Mapping[str, Any]) -> None:
    s.report_printed(a["uid"])


def _print_failed(s: QueueService, a: Mapping[str, Any]) -> None:
    s.report_print_failure(a["uid"], a["number"], a["reason"], a["problem"])


def _ticket(s: QueueService, a: Mapping[str, Any]) -> Ticket:
    from kiosk.core.errors import NotFound

    found = s.ticket(a["uid"])
    if found is None:
        raise NotFound(f"no ticket {a['uid']}")
    return found


def _ticket_link(s: QueueService, a: Mapping[str, Any]) -> dict[str, str]:
    """The signed link of a ticket, as the server's ticket page verifies it: what a kiosk
    or `kiosk queue issue --server` on another PC gives the visitor (kiosk.server.phone)."""
    link = a.get("_link")
    if link is None:
        raise NotFound("this server serves no ticket pages")
    return {"url": link(_ticket(s, a).uid)}


def _tickets(s: QueueService, a: Mapping[str, Any]) -> list[Ticket]:
    return s.tickets(a.get("date"))


def _access(a: Mapping[str, Any]) -> Any:
    access = a.get("_access")
    if access is None:
        raise NotFound("this server keeps no staff records (kiosk serve does)")
    return access


def _sign_in(s: QueueService, a: Mapping[str, Any]) -> dict[str, str]:
    from kiosk.core.pin import check_pin
    from kiosk.core.wire import AccessDenied

    access = _access(a)
    counter = s.hall.counter(a["counter"]).number
    staff = access.staff(a["staff"])
    if staff is None or not check_pin(a["pin"], staff.pin_hash):
        raise AccessDenied(f"staff {a['staff']!r}: unknown staff id or wrong PIN", 403)
    access.sign_in(counter, staff.id, s.now())
    return {"staff": staff.id, "name": staff.name}


def _relay(a: Mapping[str, Any]) -> Any:
    relay = a.get("_relay")
    if relay is None:
        raise NotFound("this server relays no device checks (kiosk serve does)")
    return relay


def _who_pc(a: Mapping[str, Any]) -> int | None:
    who = a.get("_who")
    return getattr(who, "pc", None)


@dataclasses.dataclass(frozen=True)
class Download:
    """An answer that is a file, not JSON: its bytes and media type."""

    content: bytes
    media_type: str


MEDIA = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


def _reports(a: Mapping[str, Any]) -> DailyReports:
    reports = a.get("_reports")
    if reports is None:
        raise NotFound("this server keeps no daily reports")
    return typing.cast(DailyReports, reports)


def _report_file(s: QueueService, a: Mapping[str, Any]) -> Download:
    name = a["name"]
    parsed = daily.parse_name(name)
    assert parsed is not None  # arguments() checked it
    return Download(_reports(a).daily_report_file(name), MEDIA[parsed[1]])


MAX_TARGET_MINUTES = 24 * 60.0  # ?target_minutes= above a day is refused


def _advise(s: QueueService, a: Mapping[str, Any]) -> dict[str, Any]:
    """The staffing advice of a business day, as `kiosk advise --json` prints it, from
    the server's store (kiosk.app.advise)."""
    import math

    from kiosk.app.advise import advise_day
    from kiosk.store.sql import SqlStore

    target, level = a["target_minutes"], a["level"]
    if not (math.isfinite(target) and 0 < target <= MAX_TARGET_MINUTES):
        raise BadRequest(
            f"target_minutes: expected more than 0 and at most {MAX_TARGET_MINUTES:g}, got {target}"
        )
    if not (math.isfinite(level) and 0 < level < 1):
        raise BadRequest(f"level: expected between 0 and 1, both excluded, got {level}")
    store = a.get("_log")
    if not isinstance(store, SqlStore):
        raise NotFound("this server keeps no store to advise from (kiosk serve does)")
    advice = advise_day(store, s.hall, s.now(), a["day"], target, level)
    return advice.as_json()


def _key(s: QueueService, a: Mapping[str, Any]) -> KeyResult | None:
    press = KeyPress(a["seq"], a["key"], a["arg"])
    return s.run_op(apply_key_once, a["counter"], a["keypad"], press, a["transfer_service"])


COUNTER = Field("counter", int)
OPS: tuple[Op, ...] = (
    # -- reading ------------------------------------------------------------------------
    Op("hall", "GET", "/hall", Need.READ, Hall, lambda s, a: s.hall,
       "the hall's set-up: business types, counters, rules"),
    Op("status", "GET", "/status", Need.READ, HallStatus,
       lambda s, a: s.status(a["last_calls"], estimates=a["estimates"]),
       "the hall now (HallStatus); its seq is the feed's place it was read at",
       query=(Field("last_calls", int, False, 10, "how many last calls (0-100)"),
              Field("estimates", bool, False, True, "the waiting tickets' own estimates"))),
    Op("version", "GET", "/version", Need.READ, dict[str, int],
       lambda s, a: {"version": s.version(), "learned": s.learned(), "seq": s.feed.last},
       "cheap change counters: the store's version, the estimator's generation, the feed's"),
    Op("now", "GET", "/now", Need.READ, dict[str, str],
       lambda s, a: {"now": s.now().isoformat()}, "the hall's clock"),
    Op("events", "GET", "/events", Need.READ, list[FeedEvent],
       lambda s, a: a["_log"].events_after(a["after"], a["limit"]),
       "the hall feed's events after a sequence number, from the log (a page)",
       query=(Field("after", int, False, 0, "the last seq handled"),
              Field("limit", int, False, PAGE, "at most this many (1-500)"))),
    Op("tickets", "GET", "/tickets", Need.READ, list[Ticket], _tickets,
       "every ticket of the business days of a date (default: the current business day)",
       query=(Field("date", dt.date, False, None, "YYYY-MM-DD"),)),
    Op("ticket", "GET", "/tickets/{uid}", Need.READ, Ticket, _ticket,
       "one ticket by its uid, active or finished"),
    Op("ticket_link", "GET", "/tickets/{uid}/link", Need.PRINT, dict[str, str], _ticket_link,
       "a ticket's signed link to its page (the QR code's)"),
    Op("reprint_info", "GET", "/numbers/{number}", Need.READ, IssuedTicket,
       lambda s, a: s.reprint_info(a["number"]),
       "an active ticket of today by number, with the people ahead and its wait now"),
    Op("busy_hours", "GET", "/busy-hours", Need.READ, HourlyLoad,
       lambda s, a: s.busy_hours(a["days"]), "average tickets per hour of day",
       query=(Field("days", int, False, 28, "days of history (1-366)"),)),
    # -- visitors -----------------------------------------------------------------------
    Op("issue", "POST", "/tickets", Need.ISSUE, IssuedTicket, _issue, "take a ticket",
       body=(Field("service", str, description="business type code or prefix"),
             Field("priority", bool, False, False, "green channel"),
             Field("printing", bool, False, False, "a print follows; report its outcome"))),
    Op("report_printed", "POST", "/tickets/{uid}/printed", Need.ISSUE, None, _printed,
       "the printer confirmed this ticket"),
    Op("report_print_failure", "POST", "/tickets/{uid}/print-failed", Need.ISSUE, None,
       _print_failed, "this ticket was not printed: staff are alerted",
       body=(Field("number", str), Field("reason", str),
             Field("problem", str, False, "error", "a PrintProblem value"))),
    Op("mark_printed", "POST", "/tickets/{uid}/reprinted", Need.STAFF, Ticket,
       lambda s, a: s.mark_printed(a["uid"]), "the ticket was printed again"),
    Op("rate", "POST", "/tickets/{uid}/rating", Need.STAFF, Ticket,
       lambda s, a: s.rate(a["uid"], a["rating"]), "the visitor's rating, 1-4",
       body=(Field("rating", int),)),
    Op("cancel", "POST", "/numbers/{number}/cancel", Need.STAFF, Ticket,
       lambda s, a: s.cancel(a["number"], str(a["by"])), "cancel an active ticket",
       body=(Field("by", CancelledBy, False, CancelledBy.STAFF,
                   "who cancelled it: staff or visitor (the reports count them apart)"),)),
    Op("leave", "POST", "/tickets/{uid}/leave", Need.STAFF, Ticket,
       lambda s, a: s.leave(a["uid"]),
       "the visitor leaves the queue: cancelled by the visitor (as from the ticket page)"),
    Op("acknowledge_alerts", "POST", "/alerts/acknowledge", Need.STAFF, list[StaffAlert],
       lambda s, a: s.acknowledge_alerts(a["tickets"]),
       "close the alerts of tickets not printed (null: every open one)",
       body=(Field("tickets", list[str] | None, False, None, "numbers or uids; null: all"),)),
    # -- counters -----------------------------------------------------------------------
    Op("open_counter", "POST", "/counters/{counter}/open", Need.COUNTER, CounterView,
       _c(QueueService.open_counter), "open a counter, or resume a paused one"),
    Op("pause_counter", "POST", "/counters/{counter}/pause", Need.COUNTER, CounterView,
       _c(QueueService.pause_counter), "pause a counter"),
    Op("close_counter", "POST", "/counters/{counter}/close", Need.COUNTER, CounterView,
       _c(QueueService.close_counter), "close a counter"),
    Op("call_next", "POST", "/counters/{counter}/call-next", Need.COUNTER, Ticket,
       _c(QueueService.call_next), "call the next ticket by the call policy"),
    Op("call_ticket", "POST", "/counters/{counter}/call-ticket", Need.COUNTER, Ticket,
       lambda s, a: s.call_ticket(a["counter"], a["number"]), "call this waiting ticket",
       body=(Field("number", str),)),
    Op("recall", "POST", "/counters/{counter}/recall", Need.COUNTER, Ticket,
       _c(QueueService.recall), "call the current ticket again"),
    Op("serve", "POST", "/counters/{counter}/serve", Need.COUNTER, Ticket,
       _c(QueueService.serve), "the visitor arrived: service starts"),
    Op("done", "POST", "/counters/{counter}/done", Need.COUNTER, Ticket,
       _c(QueueService.done), "service finished"),
    Op("resolve", "POST", "/counters/{counter}/resolve", Need.COUNTER, Resolved,
       lambda s, a: s.resolve(a["counter"], a["resolution"], a["promised_by"]),
       "service finished with how it ended: a complaint resolved here, or a follow-up "
       "with a new case number and a promised date",
       body=(Field("resolution", Resolution | None, False, None,
                   "resolved_here or follow_up; null: a plain done"),
             Field("promised_by", dt.date | None, False, None,
                   "a follow-up's promised date (null: the hall's follow_up_days)"))),
    Op("no_show", "POST", "/counters/{counter}/no-show", Need.COUNTER, Ticket,
       _c(QueueService.no_show), "the called visitor did not come"),
    Op("transfer", "POST", "/counters/{counter}/transfer", Need.COUNTER, Ticket,
       lambda s, a: s.transfer(a["counter"], to_service=a["to_service"],
                               to_counter=a["to_counter"], placement=a["placement"]),
       "move the current ticket to another business type or counter",
       body=(Field("to_service", str | None, False, None),
             Field("to_counter", int | None, False, None),
             Field("placement", Placement, False, Placement.BY_TIME))),
    Op("park", "POST", "/counters/{counter}/park", Need.COUNTER, Ticket,
       _c(QueueService.park), "set the current ticket aside at this counter"),
    Op("resume", "POST", "/counters/{counter}/resume", Need.COUNTER, Ticket,
       lambda s, a: s.resume(a["counter"], a["number"]), "take a parked ticket back",
       body=(Field("number", str | None, False, None, "null: the last one parked"),)),
    Op("key", "POST", "/counters/{counter}/key", Need.COUNTER, KeyResult | None, _key,
       "a counter keypad's press, applied once by its seq (null: seen already)",
       body=(Field("keypad", str), Field("seq", int), Field("key", int),
             Field("arg", int, False, 0),
             Field("transfer_service", str | None, False, None))),
    Op("sign_in", "POST", "/counters/{counter}/sign-in", Need.COUNTER, dict[str, str],
       _sign_in, "staff sign in at this counter with their id and PIN",
       body=(Field("staff", str), Field("pin", str))),
    Op("sign_out", "POST", "/counters/{counter}/sign-out", Need.COUNTER, None,
       lambda s, a: _access(a).sign_out(s.hall.counter(a["counter"]).number),
       "the staff at this counter sign out"),
    # -- the hall -----------------------------------------------------------------------
    Op("follow_ups", "GET", "/follow-ups", Need.READ, list[FollowUp],
       lambda s, a: s.follow_ups(a["from"], a["to"]),
       "complaint follow-ups opened on the business dates from..to, and older ones still "
       "open or closed since from",
       query=(Field("from", dt.date, False, None, "YYYY-MM-DD; default: no bound"),
              Field("to", dt.date, False, None, "YYYY-MM-DD; default: no bound"))),
    Op("advise", "GET", "/advise", Need.READ, dict[str, Any], _advise,
       "staffing advice: the counters needed per group and 30-minute slot of a business "
       "day beside those open, exactly as `kiosk advise --json` (docs/reports.md)",
       query=(Field("day", dt.date, False, None, "YYYY-MM-DD; default: today's business day"),
              Field("target_minutes", float, False, 10.0,
                    "the target wait in minutes, more than 0, at most 1440"),
              Field("level", float, False, 0.8,
                    "the share to call within the target, between 0 and 1 (both excluded)"))),
    Op("close_follow_up", "POST", "/follow-ups/{case}/close", Need.STAFF, FollowUp,
       lambda s, a: s.close_follow_up(a["case"], a["note"], a["staff"]),
       "close a complaint's follow-up (the visitor heard back), with a note",
       body=(Field("note", str, False, ""),
             Field("staff", str | None, False, None, "who closed it"))),
    # -- the PCs of the hall and their devices (kiosk.server.relay) -----------------------
    Op("pcs", "GET", "/pcs", Need.READ, list[HallPc],
       lambda s, a: _relay(a).pcs(_access(a)),
       "the PCs joined to the hall: role, counter, last contact, following the feed now"),
    Op("start_device_check", "POST", "/device-checks", Need.STAFF, DeviceCheck,
       lambda s, a: _relay(a).start(s.now()),
       "check every device of the hall through the device host it is attached to"),
    Op("device_check", "GET", "/device-checks/{uid}", Need.READ, DeviceCheck,
       lambda s, a: _relay(a).check(a["uid"]), "a device check: what each host reported"),
    Op("report_device_check", "POST", "/device-checks/{uid}/report", Need.STAFF, DeviceCheck,
       lambda s, a: _relay(a).report(a["uid"], _who_pc(a), a["reports"]),
       "a device host's reports of a check it was asked",
       body=(Field("reports", list[Report], description="the self-tests' reports"),)),
    # -- the daily reports (kiosk.core.daily) -------------------------------------------
    Op("daily_reports", "GET", "/reports/daily", Need.READ, list[DailyReport],
       lambda s, a: _reports(a).daily_reports(),
       "the daily reports, newest first: day, status (written, failed, writing, missing), "
       "why it failed, the files and their sizes"),
    Op("daily_report_file", "GET", "/reports/daily/{name}", Need.STAFF, Download,
       _report_file, "a daily report's file: YYYY-MM-DD.pdf or YYYY-MM-DD.csv"),
    Op("reset_day", "POST", "/day/reset", Need.ADMIN, BusinessDay,
       lambda s, a: s.reset_day(), "start a new business day now"),
)  # fmt: skip

LIMITS = {
    "last_calls": (0, 100),
    "days": (1, 366),
    "rating": (-(2**31), 2**31),
    "after": (0, 2**62),
    "seq": (0, 2**62),
    "key": (-(2**31), 2**31),
    "arg": (-(2**31), 2**31),
    "limit": (1, PAGE),
}


def path_params(op: Op) -> list[Field]:
    kinds = {
        "counter": COUNTER,
        "uid": Field("uid", str),
        "number": Field("number", str),
        "case": Field("case", str),
        "name": Field("name", str),
    }
    return [kinds[name] for name in kinds if "{" + name + "}" in op.path]


def arguments(
    op: Op, path: Mapping[str, str], query: Mapping[str, str], body: Any
) -> dict[str, Any]:
    """The call's arguments from the request, each decoded and checked (BadRequest names
    the one that does not fit)."""
    args: dict[str, Any] = {}
    for f in path_params(op):
        raw = str(path[f.name])
        if f.kind is int:
            if not raw.isdigit() or len(raw) > 9:
                raise BadRequest(f"{f.name}: expected a counter number, got {raw!r}")
            args[f.name] = int(raw)
        elif f.name == "name" and daily.parse_name(raw) is None:
            raise BadRequest(f"name: expected YYYY-MM-DD.pdf or YYYY-MM-DD.csv, got {raw!r}")
        else:
            args[f.name] = raw
    for f in op.query:
        given = query.get(f.name)
        args[f.name] = f.default if given is None else _query_value(f, given)
    if op.body:
        if body is None:
            body = {}
        if not isinstance(body, Mapping):
            raise BadRequest("the request body: expected a JSON object")
        for f in op.body:
            if f.name not in body:
                if f.required:
                    raise BadRequest(f"{f.name}: missing")
                args[f.name] = f.default
                continue
            args[f.name] = from_json(f.kind, body[f.name], f.name)
    for name, (low, high) in LIMITS.items():
        value = args.get(name)
        if isinstance(value, int) and not low <= value <= high:
            raise BadRequest(f"{name}: expected {low} to {high}, got {value}")
    return args


def _query_value(f: Field, raw: str) -> Any:
    if f.kind is bool:
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        raise BadRequest(f"{f.name}: expected true or false, got {raw!r}")
    if f.kind is int:
        try:
            return int(raw)
        except ValueError:
            raise BadRequest(f"{f.name}: expected an integer, got {raw!r}") from None
    if f.kind is float:
        try:
            return float(raw)
        except ValueError:
            raise BadRequest(f"{f.name}: expected a number, got {raw!r}") from None
    return from_json(f.kind, raw, f.name)


def answer_types(op: Op) -> Sequence[Any]:
    return typing.get_args(op.answer) or (op.answer,)


__all__ = ["OPS", "Download", "Field", "KioskError", "Need", "Op", "arguments", "path_params"]
