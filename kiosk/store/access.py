"""The hall server's records in the store (migration 0003): the PCs joined to the hall,
the staff and who is signed in at each counter, and the answers kept by Idempotency-Key.

- :class:`AccessStore`: enroll, revoke and list PCs (only a token's SHA-256 is kept),
  find a token's PC, note its last contact; add staff, sign them in and out.
- :class:`TaggedStore`: the hall's :class:`~kiosk.store.sql.SqlStore` as the server's
  queue service uses it. In the operation's own transaction it adds to the data of the
  events the operation appends the request that made them (``request``: the
  Idempotency-Key and the PC; :func:`request_tag`) and, for a counter's events, the staff
  signed in there (``staff``). So the record of a write commits with the write, or neither.
- :meth:`AccessStore.applied` finds a key's record again (in the events of the current
  business day); :meth:`AccessStore.keep_answer` and :meth:`AccessStore.answer` the answer
  sent the first time.

Plain types only (integers, strings, text, times), so the tables are the same on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import hashlib
import secrets
import threading
from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from kiosk.core.errors import InvalidTransition, NotFound
from kiosk.core.state import HallState
from kiosk.store.engine import translated
from kiosk.store.models import (
    Base,
    CounterStaffRow,
    EventRow,
    HallPcRow,
    IdempotencyRow,
    StaffRow,
)
from kiosk.store.sql import SqlStore

ROLES = ("kiosk", "counter", "display", "devices", "admin", "manager")
_PCS = Base.metadata.tables[HallPcRow.__tablename__]
_STAFF = Base.metadata.tables[StaffRow.__tablename__]
_AT = Base.metadata.tables[CounterStaffRow.__tablename__]
_KEYS = Base.metadata.tables[IdempotencyRow.__tablename__]
_EVENTS = Base.metadata.tables[EventRow.__tablename__]
CONTACT_EVERY = dt.timedelta(seconds=30)  # last contact is written at most this often


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclasses.dataclass(frozen=True)
class Pc:
    """A PC joined to the hall."""

    id: int
    role: str
    counter: int | None
    name: str
    created: dt.datetime
    last_contact: dt.datetime | None
    revoked: dt.datetime | None

    @property
    def label(self) -> str:
        return f"counter {self.counter}" if self.role == "counter" else self.role


@dataclasses.dataclass(frozen=True)
class Staff:
    id: str
    name: str
    pin_hash: str


# -- the request an operation's events record ------------------------------------------

_REQUEST: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "kiosk_request", default=None
)


@contextlib.contextmanager
def request_tag(key: str, pc: int) -> Iterator[None]:
    """The operations run inside record this request in their events' data."""
    token = _REQUEST.set({"key": key, "pc": pc})
    try:
        yield
    finally:
        _REQUEST.reset(token)


class TaggedStore:
    """A :class:`SqlStore` whose transactions tag the events they append (the request,
    the staff at the counter) before they are written. Everything else is the store's."""

    def __init__(self, store: SqlStore, access: AccessStore) -> None:
        self._store = store
        self._access = access

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    @contextlib.contextmanager
    def transaction(self, also: Collection[str] = ()) -> Iterator[HallState]:
        with self._store.transaction(also) as state:
            # who is at a counter, for what an operation records itself (a follow-up)
            state.staff_at = lambda counter: self._access.signed_in().get(counter)
            yield state
            if state.events:
                self._tag(state)

    def _tag(self, state: HallState) -> None:
        request = _REQUEST.get()
        staff = self._access.signed_in()
        for i, e in enumerate(state.events):
            extra: dict[str, Any] = {}
            if request is not None:
                extra["request"] = request
            if e.counter is not None and e.counter in staff:
                extra["staff"] = staff[e.counter]
            if extra:
                state.events[i] = dataclasses.replace(e, data={**e.data, **extra})


class AccessStore:
    """The PCs, the staff and the kept answers of one hall's store."""

    def __init__(self, store: SqlStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._contact: dict[int, dt.datetime] = {}
        self._staff_at: dict[int, str] | None = None

    # -- PCs --------------------------------------------------------------------------

    def enroll(self, role: str, counter: int | None, name: str, now: dt.datetime) -> tuple[Pc, str]:
        """A new PC of this role: its record and its token (shown once, never stored)."""
        if role not in ROLES:
            raise NotFound(f"unknown role {role!r} (known: {', '.join(ROLES)})")
        if (role == "counter") != (counter is not None):
            raise InvalidTransition(
                "a counter PC needs its counter number (kiosk server enroll counter N)"
                if role == "counter"
                else f"a {role} PC takes no counter number"
            )
        token = secrets.token_urlsafe(32)
        values = {
            "role": role,
            "counter": counter,
            "token_hash": token_hash(token),
            "name": name or (f"counter {counter}" if counter is not None else role),
            "created": now,
            "last_contact": None,
            "revoked": None,
        }
        with self._write() as session:
            pc_id = session.execute(insert(_PCS).values(**values)).inserted_primary_key[0]
        return Pc(int(pc_id), role, counter, str(values["name"]), now, None, None), token

    def revoke(self, pc_id: int, now: dt.datetime) -> Pc:
        with self._write() as session:
            done = session.execute(
                update(_PCS).where(_PCS.c.id == pc_id, _PCS.c.revoked.is_(None)).values(revoked=now)
            )
            if done.rowcount == 0:
                exists = session.execute(select(_PCS.c.id).where(_PCS.c.id == pc_id)).first()
                if exists is None:
                    raise NotFound(f"no PC {pc_id} joined to this hall (kiosk server list)")
        return self.pc(pc_id)

    def pc(self, pc_id: int) -> Pc:
        with self._read() as session:
            row = session.execute(select(_PCS).where(_PCS.c.id == pc_id)).first()
        if row is None:
            raise NotFound(f"no PC {pc_id} joined to this hall (kiosk server list)")
        return _pc(row)

    def pcs(self) -> list[Pc]:
        with self._read() as session:
            rows = session.execute(select(_PCS).order_by(_PCS.c.id)).all()
        return [_pc(r) for r in rows]

    def find(self, token: str) -> Pc | None:
        """The PC holding this token, if it is enrolled and not revoked."""
        with self._read() as session:
            row = session.execute(
                select(_PCS).where(_PCS.c.token_hash == token_hash(token))
            ).first()
        if row is None:
            return None
        pc = _pc(row)
        return None if pc.revoked is not None else pc

    def contact(self, pc: Pc, now: dt.datetime) -> None:
        """Note that the PC was heard from (written at most every 30 s per PC)."""
        with self._lock:
            last = self._contact.get(pc.id) or pc.last_contact
            if last is not None and now - last < CONTACT_EVERY and now >= last:
                return
            self._contact[pc.id] = now
        with self._write() as session:
            session.execute(update(_PCS).where(_PCS.c.id == pc.id).values(last_contact=now))

    # -- staff ------------------------------------------------------------------------

    def add_staff(self, staff_id: str, name: str, pin_hash: str, now: dt.datetime) -> Staff:
        if not staff_id or len(staff_id) > 32:
            raise InvalidTransition(f"staff id {staff_id!r}: 1 to 32 characters")
        with self._write() as session:
            found = session.execute(select(_STAFF.c.id).where(_STAFF.c.id == staff_id)).first()
            values = {"name": name, "pin_hash": pin_hash}
            if found is None:
                session.execute(insert(_STAFF).values(id=staff_id, created=now, **values))
            else:
                session.execute(update(_STAFF).where(_STAFF.c.id == staff_id).values(**values))
        return Staff(staff_id, name, pin_hash)

    def staff(self, staff_id: str) -> Staff | None:
        with self._read() as session:
            row = session.execute(
                select(_STAFF.c.id, _STAFF.c.name, _STAFF.c.pin_hash).where(_STAFF.c.id == staff_id)
            ).first()
        return Staff(*row) if row is not None else None

    def sign_in(self, counter: int, staff_id: str, now: dt.datetime) -> None:
        with self._write() as session:
            session.execute(delete(_AT).where(_AT.c.counter == counter))
            session.execute(insert(_AT).values(counter=counter, staff=staff_id, since=now))
        with self._lock:
            self._staff_at = None

    def sign_out(self, counter: int) -> None:
        with self._write() as session:
            session.execute(delete(_AT).where(_AT.c.counter == counter))
        with self._lock:
            self._staff_at = None

    def signed_in(self) -> dict[int, str]:
        """Who is signed in at each counter (read once, then kept up to date here)."""
        with self._lock:
            if self._staff_at is not None:
                return self._staff_at
        with self._read() as session:
            rows = session.execute(select(_AT.c.counter, _AT.c.staff)).all()
        found = {int(c): str(s) for c, s in rows}
        with self._lock:
            self._staff_at = found
        return found

    # -- idempotency ------------------------------------------------------------------

    def answer(self, pc: int, key: str) -> tuple[str, int, str] | None:
        """(fingerprint, status, answer) kept for this PC's key."""
        with self._read() as session:
            row = session.execute(
                select(_KEYS.c.fingerprint, _KEYS.c.status, _KEYS.c.answer).where(
                    _KEYS.c.pc == pc, _KEYS.c.key == key
                )
            ).first()
        return (str(row[0]), int(row[1]), str(row[2])) if row is not None else None

    def keep_answer(
        self, pc: int, key: str, fingerprint: str, status: int, answer: str, now: dt.datetime
    ) -> None:
        with self._write() as session:
            found = session.execute(
                select(_KEYS.c.pc).where(_KEYS.c.pc == pc, _KEYS.c.key == key)
            ).first()
            if found is None:
                session.execute(
                    insert(_KEYS).values(
                        pc=pc, key=key, fingerprint=fingerprint, status=status, answer=answer,
                        created=now,
                    )
                )  # fmt: skip

    def applied(self, pc: int, key: str, day_id: int | None = None) -> list[tuple[int, Any]]:
        """The events (seq, ticket uid, counter) an operation with this PC's key appended,
        in the current business day (empty: it was never applied)."""
        request = _EVENTS.c.data["request"]
        with self._read() as session:
            day = day_id or session.execute(select(func.max(_EVENTS.c.day_id))).scalar()
            if day is None:
                return []
            rows = session.execute(
                select(_EVENTS.c.id, _EVENTS.c.ticket_uid, _EVENTS.c.counter)
                .where(
                    _EVENTS.c.day_id == day,
                    request["key"].as_string() == key,
                    request["pc"].as_integer() == pc,
                )
                .order_by(_EVENTS.c.id)
            ).all()
        return [(int(i), (uid, counter)) for i, uid, counter in rows]

    def unanswered(self) -> set[tuple[int, str]]:
        """(PC, key) of the writes of the current business day recorded in their events
        with no answer kept: a server stopped between a commit and keeping its answer.
        Read once at start; later writes keep their answers as they go."""
        request = _EVENTS.c.data["request"]
        with self._read() as session:
            day = session.execute(select(func.max(_EVENTS.c.day_id))).scalar()
            if day is None:
                return set()
            rows = session.execute(
                select(request["pc"].as_integer(), request["key"].as_string()).where(
                    _EVENTS.c.day_id == day, request["key"].as_string().is_not(None)
                )
            ).all()
            recorded = {(int(pc), str(key)) for pc, key in rows if key is not None}
            if not recorded:
                return set()
            kept = session.execute(select(_KEYS.c.pc, _KEYS.c.key)).all()
        return recorded - {(int(pc), str(key)) for pc, key in kept}

    def forget_answers(self, before: dt.datetime) -> int:
        with self._write() as session:
            return int(session.execute(delete(_KEYS).where(_KEYS.c.created < before)).rowcount)

    # -- sessions ---------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[Any]:
        store = self._store
        with store._writer_turn(), translated(store.name), store._write.begin() as session:
            yield session

    @contextlib.contextmanager
    def _read(self) -> Iterator[Any]:
        store = self._store
        with translated(store.name), store._read.begin() as session:
            yield session


def _pc(row: Any) -> Pc:
    m = row._mapping
    return Pc(
        int(m["id"]), str(m["role"]), m["counter"], str(m["name"]), m["created"],
        m["last_contact"], m["revoked"],
    )  # fmt: skip
