"""The trace format (docs/trace-format.md): one CSV row per ticket.

``ticket,service,priority,issued_at,called_at,done_at,counter,outcome``; rows in
any order, extra columns ignored. Reading names the row and the column of the
first thing wrong; writing produces exactly what reading accepts.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TextIO

from kiosk.core.errors import KioskError

COLUMNS = (
    "ticket",
    "service",
    "priority",
    "issued_at",
    "called_at",
    "done_at",
    "counter",
    "outcome",
)
OUTCOMES = ("served", "no_show", "abandoned", "cancelled")
PAUSED = "paused"
"""The outcome of a row that is not a ticket but a counter's pause (a break): the counter
paused at ``issued_at`` and came back at ``done_at`` (empty: not that day)."""
PREDICTION_COLUMNS = ("ticket", "issued_at", "ahead", "predicted_s", "low_s", "high_s")


class TraceError(KioskError):
    """A trace or prediction file that cannot be read: the message names the file's row."""

    exit_code = 2  # a malformed input, like a malformed argument


@dataclasses.dataclass(frozen=True, slots=True)
class TraceRow:
    """One ticket's life: issued, perhaps called, then done (served, left or no-show);
    or, with the outcome :data:`PAUSED`, a counter's pause from ``issued_at`` to
    ``done_at``."""

    ticket: str
    service: str
    priority: int
    issued_at: dt.datetime
    called_at: dt.datetime | None
    done_at: dt.datetime | None
    counter: str  # empty if nobody served it
    outcome: str

    @property
    def pause(self) -> bool:
        """A counter's pause, not a ticket."""
        return self.outcome == PAUSED

    @property
    def wait_s(self) -> float | None:
        """Seconds from issue to call; None if never called."""
        if self.called_at is None:
            return None
        return (self.called_at - self.issued_at).total_seconds()


@dataclasses.dataclass(frozen=True, slots=True)
class Prediction:
    """What the estimator said at a ticket's issue: seconds until its call."""

    ticket: str
    issued_at: dt.datetime
    ahead: int
    predicted_s: float
    low_s: float
    high_s: float


def _when(text: str, column: str, where: str, *, required: bool) -> dt.datetime | None:
    text = text.strip()
    if not text:
        if required:
            raise TraceError(f"{where}: {column} is empty")
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise TraceError(
            f"{where}: {column} {text!r} is not an ISO 8601 date-time (1999-02-22T07:02:47)"
        ) from None
    if value.tzinfo is not None:
        raise TraceError(f"{where}: {column} {text!r} has a time zone; use local time")
    return value


def _header(reader: Iterator[list[str]], name: str, wanted: tuple[str, ...]) -> dict[str, int]:
    try:
        header = next(reader)
    except StopIteration:
        raise TraceError(f"{name}: empty file, expected a header row") from None
    index = {col.strip().lstrip("\ufeff"): i for i, col in enumerate(header)}
    missing = [c for c in wanted if c not in index]
    if missing:
        raise TraceError(f"{name} row 1: missing column(s) {', '.join(missing)} in the header")
    return index


def parse_row(
    fields: list[str], index: dict[str, int], where: str
) -> TraceRow:  # one row, with the header's column positions
    needed = max(index[c] for c in COLUMNS) + 1
    if len(fields) < needed:
        raise TraceError(f"{where}: {len(fields)} fields, expected at least {needed}")
    get = {c: fields[index[c]] for c in COLUMNS}
    ticket = get["ticket"].strip()
    if not ticket:
        raise TraceError(f"{where}: ticket is empty")
    outcome = get["outcome"].strip()
    if outcome == PAUSED:
        return _pause(get, ticket, where)
    service = get["service"].strip()
    if not service:
        raise TraceError(f"{where}: service is empty")
    try:
        priority = int(get["priority"].strip() or "0")
    except ValueError:
        raise TraceError(f"{where}: priority {get['priority']!r} is not an integer") from None
    if outcome not in OUTCOMES:
        raise TraceError(
            f"{where}: outcome {outcome!r} is not one of {', '.join((*OUTCOMES, PAUSED))}"
        )
    issued = _when(get["issued_at"], "issued_at", where, required=True)
    assert issued is not None
    called = _when(get["called_at"], "called_at", where, required=outcome == "served")
    done = _when(get["done_at"], "done_at", where, required=False)
    if called is not None and called < issued:
        raise TraceError(f"{where}: called_at {called.isoformat()} is before issued_at")
    if done is not None and done < (called or issued):
        raise TraceError(f"{where}: done_at {done.isoformat()} is before the call or the issue")
    if outcome == "abandoned" and called is not None:
        raise TraceError(f"{where}: an abandoned ticket has no called_at")
    return TraceRow(
        ticket, service, priority, issued, called, done, get["counter"].strip(), outcome
    )


def _pause(get: dict[str, str], ticket: str, where: str) -> TraceRow:
    """A counter's pause row: its counter, its start (``issued_at``) and its end
    (``done_at``, may be empty); no service, call or priority."""
    counter = get["counter"].strip()
    if not counter:
        raise TraceError(f"{where}: counter is empty (a paused row is a counter's pause)")
    if get["called_at"].strip():
        raise TraceError(f"{where}: a paused row has no called_at")
    start = _when(get["issued_at"], "issued_at", where, required=True)
    assert start is not None
    end = _when(get["done_at"], "done_at", where, required=False)
    if end is not None and end < start:
        raise TraceError(f"{where}: done_at {end.isoformat()} is before issued_at")
    return TraceRow(ticket, get["service"].strip(), 0, start, None, end, counter, PAUSED)


def read_trace(stream: TextIO, name: str = "trace") -> list[TraceRow]:
    """Every row of a trace, in file order. Raises TraceError naming the row (the
    header is row 1) and the column of the first problem; tickets must be unique."""
    reader = csv.reader(stream)
    index = _header(reader, name, COLUMNS)
    rows: list[TraceRow] = []
    seen: dict[str, int] = {}
    for line, fields in enumerate(reader, start=2):
        if not fields or all(not f.strip() for f in fields):
            continue
        where = f"{name} row {line}"
        row = parse_row(fields, index, where)
        first = seen.setdefault(row.ticket, line)
        if first != line:
            raise TraceError(f"{where}: ticket {row.ticket!r} already on row {first}")
        rows.append(row)
    return rows


def _iso(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.isoformat(timespec="seconds")


def write_trace(stream: TextIO, rows: Iterable[TraceRow]) -> int:
    """Write a header and one line per row; returns the rows written."""
    out = csv.writer(stream, lineterminator="\n")
    out.writerow(COLUMNS)
    count = 0
    for r in rows:
        out.writerow(
            (
                r.ticket,
                r.service,
                r.priority,
                _iso(r.issued_at),
                _iso(r.called_at),
                _iso(r.done_at),
                r.counter,
                r.outcome,
            )
        )
        count += 1
    return count


def write_predictions(stream: TextIO, predictions: Iterable[Prediction]) -> int:
    out = csv.writer(stream, lineterminator="\n")
    out.writerow(PREDICTION_COLUMNS)
    count = 0
    for p in predictions:
        out.writerow(
            (
                p.ticket,
                _iso(p.issued_at),
                p.ahead,
                f"{p.predicted_s:.1f}",
                f"{p.low_s:.1f}",
                f"{p.high_s:.1f}",
            )
        )
        count += 1
    return count


def read_predictions(stream: TextIO, name: str = "predictions") -> list[Prediction]:
    reader = csv.reader(stream)
    index = _header(reader, name, PREDICTION_COLUMNS)
    result: list[Prediction] = []
    for line, fields in enumerate(reader, start=2):
        if not fields:
            continue
        where = f"{name} row {line}"
        try:
            get = {c: fields[index[c]] for c in PREDICTION_COLUMNS}
            issued = _when(get["issued_at"], "issued_at", where, required=True)
            assert issued is not None
            result.append(
                Prediction(
                    get["ticket"],
                    issued,
                    int(get["ahead"]),
                    float(get["predicted_s"]),
                    float(get["low_s"]),
                    float(get["high_s"]),
                )
            )
        except (IndexError, ValueError) as exc:
            raise TraceError(f"{where}: {exc}") from None
    return result
