"""What a store sends its database, seen from outside the store's code.

On PostgreSQL, :func:`pg_wire` turns on libpq's protocol trace on every connection the
engine lends during the block: each message the client sends and receives, so the
statements (``Query``, ``Execute``) and the round trips (each ``ReadyForQuery`` the client
waited for) are counted on the wire, whatever path inside the store sent them. On SQLite
there is no wire: :func:`sqlite_statements` records the statements SQLAlchemy hands the
driver and the commits and rollbacks.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


@dataclasses.dataclass
class Wire:
    """The messages of the traced block, as libpq wrote them (``F``: sent, ``B``: received)."""

    lines: list[str] = dataclasses.field(default_factory=list)

    def statements(self) -> list[str]:
        """Each statement the server ran, in order: a simple query's text, an extended
        one's (Parse of an unnamed statement, then its Execute). The ping of an idle
        connection (";") counts."""
        out: list[str] = []
        parsed = ""
        for line in self.messages():
            fields = line.split("\t", 3)
            if len(fields) < 3 or fields[0] != "F":
                continue
            kind, rest = fields[2], fields[3] if len(fields) > 3 else ""
            if kind == "Query":
                out.append(_text(rest))
            elif kind == "Parse":  # "name" "text" n-params
                match = re.match(r'\s*"[^"]*" "(.*)" \d+', rest, re.S)
                parsed = " ".join((match.group(1) if match else rest).split())
            elif kind == "Execute":
                out.append(parsed)
        return out

    def messages(self) -> list[str]:
        """One line per message (a statement's text may span several lines)."""
        out: list[str] = []
        for line in self.lines:
            if line[:2] in ("F\t", "B\t") or not out:
                out.append(line)
            else:
                out[-1] += "\n" + line
        return out

    def round_trips(self) -> int:
        """How many times the client waited for the server: one per ReadyForQuery."""
        return sum(1 for line in self.lines if "\tReadyForQuery" in line and line[0] == "B")


def _text(quoted: str) -> str:
    match = re.search(r'"(.*)"', quoted, re.S)
    text = match.group(1) if match else quoted
    return " ".join(text.split())


def transaction_control(statements: list[str]) -> list[str]:
    """What a connection's statements amount to as transactions: "BEGIN IMMEDIATE" for
    a BEGIN whose transaction takes the write lock (as SQLite's does), "BEGIN" for a
    read's, then "COMMIT" or "ROLLBACK"."""
    out: list[str] = []
    for i, text in enumerate(statements):
        if text.startswith("BEGIN"):
            rest = statements[i + 1 :]
            end = next((j for j, t in enumerate(rest) if t in ("COMMIT", "ROLLBACK")), len(rest))
            locks = any("pg_advisory_xact_lock" in t for t in rest[:end])
            out.append("BEGIN IMMEDIATE" if locks else "BEGIN")
        elif text in ("COMMIT", "ROLLBACK"):
            out.append(text)
    return out


@contextmanager
def pg_wire(engine: Engine, sink: Callable[[Wire], None] | None = None) -> Iterator[Wire]:
    """Trace the connections the engine lends during the block (statements are never
    prepared on them, so each one's text is on the wire: the counts are the same).
    ``sink``: told each connection's messages when it is given back."""
    from psycopg import pq

    wire = Wire()
    files: dict[int, Any] = {}

    def checkout(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        f = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed at checkin)
        files[id(dbapi_conn)] = f
        dbapi_conn.prepare_threshold = None
        dbapi_conn.pgconn.trace(f.fileno())
        dbapi_conn.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    def checkin(dbapi_conn: Any, _record: Any) -> None:
        f = files.pop(id(dbapi_conn), None)
        if f is None:
            return
        dbapi_conn.pgconn.untrace()
        f.seek(0)
        lines = f.read().splitlines()
        f.close()
        wire.lines += lines
        if sink is not None:
            sink(Wire(lines))

    # Before the engine's own check of a lent connection: its ping, if any, counts.
    event.listen(engine, "checkout", checkout, insert=True)
    event.listen(engine, "checkin", checkin)
    try:
        yield wire
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "checkin", checkin)
        for f in files.values():
            f.close()


@contextmanager
def sqlite_statements(engine: Engine) -> Iterator[list[str]]:
    """The statements SQLAlchemy hands SQLite's driver during the block, and each
    COMMIT and ROLLBACK."""
    seen: list[str] = []

    def on_execute(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()))

    def on_commit(_c: Any) -> None:
        seen.append("COMMIT")

    def on_rollback(_c: Any) -> None:
        seen.append("ROLLBACK")

    hooks = [("before_cursor_execute", on_execute), ("commit", on_commit),
             ("rollback", on_rollback)]  # fmt: skip
    for name, fn in hooks:
        event.listen(engine, name, fn)
    try:
        yield seen
    finally:
        for name, fn in hooks:
            event.remove(engine, name, fn)
