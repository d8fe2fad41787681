"""The storage self-test: the store's integrity check, as the technician sees it."""

from __future__ import annotations

from kiosk.core.selftest import Step, Verdict
from kiosk.store import maintenance


class StorageSelfTest:
    device = "storage"

    def __init__(self, url: str) -> None:
        self._url = url

    def run(self) -> list[Step]:
        report = maintenance.check(self._url)
        failed = [line for line in report.lines if line.startswith("FAIL")]
        if report.ok:
            return [Step("integrity", Verdict.PASS, report.lines[-1].removeprefix("ok   "))]
        return [Step("integrity", Verdict.FAIL, "; ".join(failed) or "check failed")]
