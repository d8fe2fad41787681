"""Device self-tests: the seam, the verdicts and the runner the technician panel uses.

Each device (printer, displays, keypads, evaluators, voice, storage, fonts) offers a
:class:`SelfTest`; the runner runs them one by one and reports progress. The same
tests run from the command line (`kiosk selftest ...`) as they come with the devices.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Iterable
from typing import Protocol


class Verdict(enum.IntEnum):
    PASS = 0
    WARN = 1
    FAIL = 2

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclasses.dataclass(frozen=True)
class Step:
    """One checked thing, with a plain sentence for staff when it is not a pass."""

    name: str
    verdict: Verdict
    message: str = ""


@dataclasses.dataclass(frozen=True)
class Report:
    device: str
    steps: tuple[Step, ...]

    @property
    def verdict(self) -> Verdict:
        return max((s.verdict for s in self.steps), default=Verdict.PASS)


class SelfTest(Protocol):
    """A device's self-test. `run` may be slow: the panel calls it off the UI thread."""

    @property
    def device(self) -> str: ...

    def run(self) -> list[Step]: ...


Progress = Callable[[int, int, str], None]  # done, total, device now testing


def run_all(tests: Iterable[SelfTest], progress: Progress | None = None) -> list[Report]:
    """Run every test in turn; a test that raises is a FAIL with its message, never a crash."""
    tests = list(tests)
    reports = []
    for i, test in enumerate(tests):
        if progress:
            progress(i, len(tests), test.device)
        try:
            steps = tuple(test.run())
        except Exception as exc:  # a failing device must not stop the other tests
            steps = (Step("run", Verdict.FAIL, f"the test itself failed: {exc}"),)
        reports.append(Report(test.device, steps))
    if progress:
        progress(len(tests), len(tests), "")
    return reports
