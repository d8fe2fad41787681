"""`kiosk selftest display|keypad|evaluator|voice|all [--json]`.

The command line's side of the serial devices and the voice (kiosk.devices); kiosk.cli
parses the arguments and calls :func:`selftest` (`kiosk bench devices` is
benchmarks/devices.py).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from kiosk.app import build_devices
from kiosk.core.errors import DeviceFailed
from kiosk.core.selftest import Report, SelfTest, Verdict, run_all
from kiosk.devices.selftest import (
    DisplaysSelfTest,
    EvaluatorsSelfTest,
    KeypadsSelfTest,
    Prompt,
)
from kiosk.devices.settings import DevicesSettings
from kiosk.devices.simulators import SimulatedBuses

SELFTEST_KINDS = ("display", "keypad", "evaluator", "voice", "all")


# -- kiosk selftest ----------------------------------------------------------------------


def selftest(
    kind: str,
    settings: DevicesSettings,
    *,
    as_json: bool = False,
    press_s: float = 20.0,
    answer_s: float = 3.0,
    out: TextIO | None = None,
    ask: Callable[[str], None] | None = None,
    first: Sequence[SelfTest] = (),
) -> int:
    """Run the self-tests of one kind of device (or all, after ``first``: the printer's),
    print the report, exit 0.

    A device has ``answer_s`` to answer at its address, the technician ``press_s`` to
    press a key. Raises DeviceFailed (exit 12) when any device failed, after the report. Prompts for
    the technician go to standard error (``ask``), so --json output stays one object."""
    out = out or sys.stdout

    def prompt(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    if kind not in SELFTEST_KINDS:
        raise ValueError(f"unknown self-test {kind!r} (known: {', '.join(SELFTEST_KINDS)})")
    wants = SELFTEST_KINDS[:-1] if kind == "all" else (kind,)
    simulated = SimulatedBuses(settings)  # "sim" buses: simulated devices press their keys
    person = ask or prompt

    def technician(text: Prompt) -> None:
        person(text)
        simulated.press_when_asked(text)

    hub = build_devices(simulated.settings, None, voice="voice" in wants, wires=[simulated])
    hub.start()
    try:
        tests: list[SelfTest] = list(first)
        if "display" in wants:
            tests.append(DisplaysSelfTest(hub, answer_s))
        if "keypad" in wants:
            tests.append(KeypadsSelfTest(hub, technician, press_s, answer_s))
        if "evaluator" in wants:
            tests.append(EvaluatorsSelfTest(hub, technician, press_s, answer_s))
        if "voice" in wants and hub.voice is not None:
            tests.append(hub.voice)
        reports = run_all(tests)
    finally:
        hub.stop()
    reports = [r if r.steps else _nothing_configured(r) for r in reports]
    worst = max((r.verdict for r in reports), default=Verdict.PASS)
    if as_json:
        data = {"verdict": worst.label, "reports": [_report_dict(r) for r in reports]}
        print(json.dumps(data, ensure_ascii=False), file=out)
    else:
        print("\n".join(_report_text(r) for r in reports), file=out)
    if worst is Verdict.FAIL:
        out.flush()
        device, failed = next(
            (r.device, s) for r in reports for s in r.steps if s.verdict is Verdict.FAIL
        )
        raise DeviceFailed(f"{device} failed its self-test: {failed.name}: {failed.message}")
    return 0


def _nothing_configured(report: Report) -> Report:
    from kiosk.core.selftest import Step

    return Report(report.device, (Step("configured", Verdict.WARN, "none configured"),))


def _report_dict(report: Report) -> dict[str, Any]:
    return {
        "device": report.device,
        "verdict": report.verdict.label,
        "steps": [
            {"name": s.name, "verdict": s.verdict.label, "message": s.message} for s in report.steps
        ],
    }


def _report_text(report: Report) -> str:
    lines = [f"{report.device}: {report.verdict.label}"]
    for s in report.steps:
        lines.append(f"  {s.verdict.label:<4} {s.name}" + (f": {s.message}" if s.message else ""))
    return "\n".join(lines)
