"""The technician's device check, relayed to the device hosts over their feed connection.

A technician's panel on any PC asks the server to check every device of the hall
(``POST /api/v1/device-checks``). The server sends ``{"type": "selftest", "id": ID}`` down
the feed WebSocket of every device host connected to it (a PC enrolled as ``devices``);
each host runs its devices' self-tests and posts the reports back
(``POST /api/v1/device-checks/{id}/report``); the panel reads the check
(``GET /api/v1/device-checks/{id}``) until every host has reported. Minimal on purpose:
kept in memory (a restart of the server forgets checks in progress; the panel asks
again), the 20 most recent checks kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from kiosk.core.errors import NotFound
from kiosk.core.hallpcs import DeviceCheck, HallPc, HostCheck
from kiosk.core.selftest import Report

KEPT = 20
Send = Callable[[dict[str, Any]], None]


class Relay:
    """The device hosts connected now (their feed sockets) and the checks asked of them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hosts: dict[int, tuple[str, Send]] = {}  # pc id -> (name, send down its feed)
        self._online: dict[int, int] = {}  # pc id -> open feed sockets
        self._checks: OrderedDict[str, DeviceCheck] = OrderedDict()

    # -- the feed's sockets -------------------------------------------------------------

    def attach(self, pc: int | None, role: str, name: str, send: Send) -> Callable[[], None]:
        """A PC's feed socket opened: who follows now; a device host gets the checks.
        Returns what to call when it closes."""
        if pc is None:
            return lambda: None
        with self._lock:
            self._online[pc] = self._online.get(pc, 0) + 1
            if role == "devices":
                self._hosts[pc] = (name, send)

        def detach() -> None:
            with self._lock:
                self._online[pc] -= 1
                if not self._online[pc]:
                    del self._online[pc]
                found = self._hosts.get(pc)
                if found is not None and found[1] is send:
                    del self._hosts[pc]

        return detach

    def online(self) -> set[int]:
        with self._lock:
            return set(self._online)

    def pcs(self, access: Any) -> list[HallPc]:
        """Every PC joined to the hall and not revoked, with its last contact."""
        online = self.online()
        return [
            HallPc(pc.id, pc.role, pc.counter, pc.name, pc.last_contact, pc.id in online)
            for pc in access.pcs()
            if pc.revoked is None
        ]

    # -- checks ---------------------------------------------------------------------------

    def start(self, now: dt.datetime) -> DeviceCheck:
        """Ask every connected device host to check its devices."""
        check_id = uuid.uuid4().hex
        with self._lock:
            hosts = dict(self._hosts)
            check = DeviceCheck(
                check_id, now, tuple(HostCheck(pc, name) for pc, (name, _) in hosts.items())
            )
            self._checks[check_id] = check
            while len(self._checks) > KEPT:
                self._checks.popitem(last=False)
        for _, send in hosts.values():
            send({"type": "selftest", "id": check_id})
        return check

    def report(self, check_id: str, pc: int | None, reports: Sequence[Report]) -> DeviceCheck:
        with self._lock:
            check = self._find(check_id)
            if pc is None or not any(h.pc == pc for h in check.hosts):
                raise NotFound(f"device check {check_id}: this PC was not asked")
            hosts = tuple(
                dataclasses.replace(h, done=True, reports=tuple(reports)) if h.pc == pc else h
                for h in check.hosts
            )
            check = dataclasses.replace(check, hosts=hosts)
            self._checks[check_id] = check
            return check

    def check(self, check_id: str) -> DeviceCheck:
        with self._lock:
            return self._find(check_id)

    def _find(self, check_id: str) -> DeviceCheck:
        found = self._checks.get(check_id)
        if found is None:
            raise NotFound(f"no device check {check_id} (a server restart forgets them)")
        return found
