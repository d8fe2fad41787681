"""The technician PIN's record in the store (kiosk.core.pin.PinStore): one row that
every process of the hall reads and changes under the store's write lock."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from kiosk.core.pin import PinRecord
from kiosk.store.engine import translated
from kiosk.store.models import Base, TechPinRow
from kiosk.store.sql import SqlStore

_PIN = Base.metadata.tables[TechPinRow.__tablename__]
_ROW_ID = 1


def _record(session: Session) -> PinRecord | None:
    row = session.execute(
        select(_PIN.c.failures, _PIN.c.locked_until, _PIN.c.chosen_hash).where(_PIN.c.id == _ROW_ID)
    ).first()
    if row is None:
        return None
    failures, locked_until, chosen_hash = row
    return PinRecord(int(failures), locked_until, chosen_hash)


class SqlPinStore:
    """kiosk.core.pin.PinStore on the hall's SQL store (its engine and writer lock)."""

    def __init__(self, store: SqlStore) -> None:
        self._store = store

    def read_pin(self) -> PinRecord:
        store = self._store
        with translated(store.name), store._read.begin() as session:
            return _record(session) or PinRecord()

    def change_pin(self, change: Callable[[PinRecord], PinRecord]) -> PinRecord:
        store = self._store
        with store._writer_turn(), translated(store.name), store._write.begin() as session:
            before = _record(session)
            after = change(before or PinRecord())
            values = {
                "failures": after.failures,
                "locked_until": after.locked_until,
                "chosen_hash": after.chosen_hash,
            }
            if before is None:
                session.execute(insert(_PIN).values(id=_ROW_ID, **values))
            elif after != before:
                session.execute(update(_PIN).where(_PIN.c.id == _ROW_ID).values(**values))
            return after
