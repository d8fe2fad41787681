"""The PCs of a hall of several and the check of their devices, as the technician panel
shows them (the hall server's answers: docs/server-api.md, "The PCs of the hall").

A device check is one request from a technician's panel, relayed by the hall server to
every device host connected to it (over the host's feed connection); each host runs the
self-tests of its devices (displays, keypads, evaluators, printer, voice) and reports
back. :class:`DeviceCheck` is the state of such a request: which hosts were asked and
what each has reported so far.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Protocol

from kiosk.core.selftest import Report


@dataclasses.dataclass(frozen=True)
class HallPc:
    """A PC joined to the hall: its id, role, counter, name, when the server last heard
    from it, and whether it follows the hall feed right now."""

    id: int
    role: str  # kiosk, counter, display, devices, admin
    counter: int | None = None
    name: str = ""
    last_contact: dt.datetime | None = None
    online: bool = False

    @property
    def label(self) -> str:
        return f"counter {self.counter}" if self.role == "counter" else self.role


@dataclasses.dataclass(frozen=True)
class HostCheck:
    """One device host's part of a check: its reports once it has sent them."""

    pc: int
    name: str = ""
    done: bool = False
    reports: tuple[Report, ...] = ()


@dataclasses.dataclass(frozen=True)
class DeviceCheck:
    """A check of every device of the hall through the device hosts it is attached to."""

    id: str
    started: dt.datetime | None = None
    hosts: tuple[HostCheck, ...] = ()

    @property
    def done(self) -> bool:
        return all(h.done for h in self.hosts)


class HallPcs(Protocol):
    """What the technician panel asks the hall server about its PCs (the remote
    runtime's client has it: kiosk.app.remote_runtime.RemoteService)."""

    def pcs(self) -> list[HallPc]: ...

    def start_device_check(self) -> DeviceCheck: ...

    def device_check(self, check_id: str) -> DeviceCheck: ...
