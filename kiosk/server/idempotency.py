"""Writes answered once per Idempotency-Key, across restarts of the server.

A write's record is in its events' data (kiosk.store.access.TaggedStore: ``request``
with the key and the PC), committed with the write itself. Right after, the answer is
kept in the ``idempotency`` table. A write that comes again with the same key is
answered from there and changes nothing. If the server stopped between the commit and
keeping the answer (a SIGKILL in that moment), the record in the events still says the
write was applied: the answer is made again from what it changed (the ticket, the
counter, the day as they are now) and the write is not applied a second time. Those
writes are found once, when the server starts (:meth:`AccessStore.unanswered`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from kiosk.core.errors import KioskError
from kiosk.core.estimate import WaitEstimate
from kiosk.core.service import CounterView, IssuedTicket, QueueService
from kiosk.core.wire import KeyConflict, to_json
from kiosk.server.api import Op
from kiosk.store.access import AccessStore

log = logging.getLogger(__name__)


def fingerprint_of(name: str, path: str, raw: bytes) -> str:
    return hashlib.sha256(f"{name} {path} ".encode() + raw).hexdigest()


class Kept:
    def __init__(self, service: QueueService, access: AccessStore) -> None:
        self._service = service
        self._access = access
        # writes applied with no answer kept (a stop between the two): found once here,
        # so a new key costs one indexed read of the answers, not a search of the events
        self._unanswered = access.unanswered()

    def find(self, op: Op, pc: int, key: str, fingerprint: str) -> tuple[int, bytes] | None:
        found = self._access.answer(pc, key)
        if found is not None:
            if found[0] != fingerprint:
                raise KeyConflict(
                    f"Idempotency-Key {key} was already used for another request: "
                    "use a new key per action"
                )
            return found[1], found[2].encode("utf-8")
        if (pc, key) not in self._unanswered:
            return None
        applied = self._access.applied(pc, key)
        if not applied:
            return None
        log.warning("write %s with key %s was applied before its answer was kept", op.name, key)
        try:
            answer = self._rebuild(op, applied)
        except KioskError as exc:
            log.warning("cannot make the answer of %s again: %s", op.name, exc)
            answer = {}
        body = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        return 200, body

    def keep(self, pc: int, key: str, fingerprint: str, status: int, body: bytes) -> None:
        try:
            self._access.keep_answer(
                pc, key, fingerprint, status, body.decode("utf-8"), self._service.now()
            )
        except KioskError as exc:  # the answer goes out all the same; the record is kept
            log.warning("answer of key %s not kept: %s", key, exc)

    def _rebuild(self, op: Op, applied: list[tuple[int, Any]]) -> Any:
        s = self._service
        uids = [uid for _, (uid, _) in applied if uid]
        counters = [c for _, (_, c) in applied if c is not None]
        if op.answer is CounterView and counters:
            view = next(
                c for c in s.status(0, estimates=False).counters if c.number == counters[-1]
            )
            return to_json(view)
        if op.answer is IssuedTicket and uids:
            ticket = s.ticket(uids[-1])
            if ticket is not None:
                try:
                    return to_json(s.reprint_info(ticket.number))
                except KioskError:
                    return to_json(IssuedTicket(ticket, 0, WaitEstimate(0, 0, 0)))
        if uids and op.answer is not None and getattr(op.answer, "__name__", "") == "Ticket":
            return to_json(s.ticket(uids[-1]))
        if getattr(op.answer, "__name__", "") == "BusinessDay":
            return to_json(s.status(0, estimates=False).day)
        return [] if "list" in str(op.answer) else {}
