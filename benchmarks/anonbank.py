"""Importer of the Technion "Anonymous Bank" call-centre log into the trace format.

The log is read from where it lives (``../shared/data/anonbank_feb1999.tsv`` from the
project's root by default) and is never copied into the project.

Mapping (docs/trace-format.md, "From the Anonymous Bank log"):

- a call that queued (``q_start`` is not 0:00:00): ``issued_at`` is the queue entry,
  ``called_at`` the queue exit (``q_start + q_time``) when an agent answered;
- a call answered without queueing: ``issued_at = called_at`` = the end of the VRU;
- AGENT: ``served``, ``done_at = called_at + ser_time``, ``counter`` the agent (empty
  for NO_SERVER); HANG after queueing: ``abandoned``, ``done_at`` the moment it left;
  HANG in the VRU (never queued) and PHANTOM: dropped;
- ``service`` is the call type; ``priority`` 1 for the high-priority customers (2 in
  the log), 0 for the regular ones (0 and 1 in the log).

Times in the log are clock times; a wait or a service that runs past midnight is
carried into the next day.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import sys
from collections.abc import Iterator
from pathlib import Path

from kiosk.core.wait.estimator import Settings
from kiosk.core.wait.trace import TraceError, TraceRow, write_trace

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOG = ROOT.parent / "shared" / "data" / "anonbank_feb1999.tsv"
FIELDS = (
    "vru+line", "call_id", "customer_id", "priority", "type", "date", "vru_entry", "vru_exit",
    "vru_time", "q_start", "q_exit", "q_time", "outcome", "ser_start", "ser_exit", "ser_time",
    "server",
)  # fmt: skip
TEST_FROM = dt.datetime(1999, 2, 22)
# A call centre tells a wait only to callers who queue (and only those are scored): the
# estimator learns neither its point nor its range from calls answered at once.
SETTINGS = Settings(zeros=0.0, absent=0.0, prompt=0.0, minres=0.0, match=0.0, overtake_max=math.inf)
PRIORITY = {"0": 0, "1": 0, "2": 1}


def _clock(day: dt.date, text: str, where: str) -> dt.datetime:
    try:
        h, m, s = (int(x) for x in text.strip().split(":"))
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=h, minutes=m, seconds=s)
    except ValueError:
        raise TraceError(f"{where}: {text!r} is not a clock time H:MM:SS") from None


def read_log(path: Path) -> Iterator[TraceRow]:
    """The log's calls as trace rows, in the log's order."""
    try:
        stream = path.open(newline="", encoding="ascii")
    except OSError as exc:
        raise TraceError(f"{path}: cannot read the log ({exc.strerror})") from None
    with stream:
        reader = csv.reader(stream, delimiter="\t")
        header = [h.strip() for h in next(reader, [])]
        if tuple(header) != FIELDS:
            raise TraceError(f"{path} row 1: not the Anonymous Bank header")
        for line, fields in enumerate(reader, start=2):
            if not fields:
                continue
            where = f"{path} row {line}"
            if len(fields) != len(FIELDS):
                raise TraceError(f"{where}: {len(fields)} fields, expected {len(FIELDS)}")
            rec = dict(zip(FIELDS, (f.strip() for f in fields), strict=True))
            row = _row(rec, where)
            if row is not None:
                yield row


def _row(rec: dict[str, str], where: str) -> TraceRow | None:
    outcome = rec["outcome"]
    if outcome == "PHANTOM":
        return None
    try:
        day = dt.datetime.strptime(rec["date"], "%y%m%d").date()
        q_time = int(rec["q_time"])
        ser_time = int(rec["ser_time"])
    except ValueError as exc:
        raise TraceError(f"{where}: {exc}") from None
    queued = rec["q_start"] != "0:00:00"
    server = "" if rec["server"] == "NO_SERVER" else rec["server"]
    ticket = f"{rec['vru+line']}-{rec['call_id']}"  # call ids repeat across lines
    service = rec["type"]
    priority = PRIORITY[rec["priority"]]
    if queued:
        issued = _clock(day, rec["q_start"], where)
        left = issued + dt.timedelta(seconds=q_time)
    else:
        if outcome != "AGENT":
            return None  # hung up in the voice menu: it never queued
        issued = left = _clock(day, rec["vru_exit"], where)
    if outcome == "AGENT":
        done = left + dt.timedelta(seconds=ser_time)
        return TraceRow(ticket, service, priority, issued, left, done, server, "served")
    if outcome == "HANG":
        return TraceRow(ticket, service, priority, issued, None, left, "", "abandoned")
    raise TraceError(f"{where}: outcome {outcome!r} is not AGENT, HANG or PHANTOM")


def queued(row: TraceRow) -> bool:
    """Scored on the real log: calls that queued (waited) and were served."""
    return row.outcome == "served" and row.called_at is not None and row.called_at > row.issued_at


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Convert the Anonymous Bank log to a trace.")
    p.add_argument("out", type=Path, help="trace CSV to write")
    p.add_argument("--log", type=Path, default=DEFAULT_LOG, help=f"default {DEFAULT_LOG}")
    args = p.parse_args(argv)
    rows = sorted(read_log(args.log), key=lambda r: (r.issued_at, r.ticket))
    with args.out.open("w", newline="", encoding="utf-8") as out:
        n = write_trace(out, rows)
    print(f"{n} calls written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
