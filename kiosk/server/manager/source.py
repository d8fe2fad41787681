"""What the manager view reads, from the hall server's host: the report (the function
`kiosk report` uses), the business date, who may sign in, the daily reports' folder,
the report's files. Every method but ``hall`` blocks: called on a worker thread."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from kiosk.core import report as rep
from kiosk.core.errors import NotFound
from kiosk.core.model import Hall

MANAGER_ROLES = ("manager", "admin")  # the PCs whose token signs a manager in
FORMATS = ("csv", "xlsx", "pdf", "json")


@dataclasses.dataclass(frozen=True)
class Manager:
    pc: int  # the enrolled PC (kiosk server list) whose token signed in
    name: str


class Source(Protocol):
    @property
    def hall(self) -> Hall: ...

    @property
    def host(self) -> Any: ...  # for the sections' hooks (kiosk.server.manager.sections)

    def today(self) -> dt.date: ...

    def report(self, first: dt.date, last: dt.date, by: Sequence[str]) -> rep.Report: ...

    def sign_in(self, token: str) -> Manager | None: ...

    def allowed(self, pc: int) -> bool: ...

    def daily_folder(self) -> Path: ...

    def staff_names(self, ids: Sequence[str]) -> dict[str, str]: ...

    def write(self, report: rep.Report, fmt: str, path: Path) -> None: ...


class HallSource:
    """The hall server's: its store read through kiosk.app.report, its PCs' records."""

    def __init__(self, host: Any, access: Any) -> None:
        self.host = host  # kiosk.app's ServerRuntime or KioskRuntime
        self._access = access  # kiosk.store.access.AccessStore

    @property
    def hall(self) -> Hall:
        return self.host.service.hall  # type: ignore[no-any-return]

    def today(self) -> dt.date:
        from kiosk.app.report import today

        return today(self.hall, self.host.clock.now())

    def report(self, first: dt.date, last: dt.date, by: Sequence[str]) -> rep.Report:
        from kiosk.app.report import report_of

        return report_of(self.host.store, self.hall, first, last, by, self.host.clock.now())

    def sign_in(self, token: str) -> Manager | None:
        pc = self._access.find(token)
        if pc is None or pc.role not in MANAGER_ROLES:
            return None
        return Manager(pc.id, pc.name)

    def allowed(self, pc: int) -> bool:
        try:
            found = self._access.pc(pc)
        except NotFound:
            return False
        return found.revoked is None and found.role in MANAGER_ROLES

    def staff_names(self, ids: Sequence[str]) -> dict[str, str]:
        """The names `kiosk server staff add` gave, of those still on record."""
        names = {}
        for staff_id in ids:
            found = self._access.staff(staff_id)
            if found is not None and found.name:
                names[staff_id] = found.name
        return names

    def daily_folder(self) -> Path:
        from kiosk.app.daily import folder

        return folder(self.host.settings)

    def write(self, report: rep.Report, fmt: str, path: Path) -> None:
        from kiosk.app import report_files as files

        if fmt == "csv":
            files.write_csv(report, path)
        elif fmt == "xlsx":
            files.write_xlsx(report, self.hall, path)
        elif fmt == "pdf":
            files.write_pdf(report, self.hall, path, files.pdf_font())
        else:
            raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
