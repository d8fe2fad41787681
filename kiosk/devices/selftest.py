"""Self-tests of the serial devices, one per kind, a step per device (kiosk.core.selftest).

Each device must answer at its address. Displays then show the test pattern, clear, and
get their text back. Keypads and evaluators ask the technician (``ask``) to press a key
within ``press_s`` (on the demo hall, the simulators answer that prompt themselves:
kiosk.devices.simulators.buses). Verdicts: pass; warn
when nobody pressed in time (the device answers, its keys are unproven); fail when the
device does not answer, with the reason in plain words.

They run on the caller's thread (the panel's device runner, or the CLI) while the hub's
buses do the I/O.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from kiosk.core.devices import Key, KeyPress, Rating
from kiosk.core.selftest import Step, Verdict
from kiosk.devices.bus import BusDevice
from kiosk.devices.hub import DeviceHub

SELFTEST_UID = "selftest"


class Prompt(str):
    """What a keypad or evaluator self-test asks the technician: the English sentence
    (what the CLI prints), with its parts for a window that says it in its own language."""

    kind: str  # "keypad" or "evaluator"
    device: str
    counter: int
    seconds: int

    def __new__(cls, kind: str, device: str, counter: int, seconds: float) -> Prompt:
        whole = round(seconds)
        text = super().__new__(
            cls, f"Press any key on {device} (counter {counter}) within {whole} s"
        )
        text.kind, text.device, text.counter, text.seconds = kind, device, counter, whole
        return text


Ask = Callable[[Prompt], None]


def _where(hub: DeviceHub, d: BusDevice) -> str:
    bus = d.bus.settings.name if d.bus else "?"
    return f"{d.name} (bus {bus}, address {d.address})"


def _answers(hub: DeviceHub, d: BusDevice, answer_s: float) -> Step | None:
    """None when the device is online (waiting for its first answer); a FAIL otherwise."""
    if hub.wait_online(d, answer_s):
        return None
    return Step(d.name, Verdict.FAIL, f"{_where(hub, d)} does not answer: {d.detail}")


class DisplaysSelfTest:
    device = "displays"

    def __init__(self, hub: DeviceHub, answer_s: float = 3.0) -> None:
        self._hub, self._answer_s = hub, answer_s

    def run(self) -> list[Step]:
        steps = []
        for display in self._hub.displays.values():
            failed = _answers(self._hub, display, self._answer_s)
            if failed:
                steps.append(failed)
                continue
            wanted = display.wanted
            ok = True
            for action in (display.test_pattern, display.clear):
                count = display.sync_count
                action()
                ok = ok and display.wait_synced(count, self._answer_s)
            display.show(wanted)  # back to what it showed
            if ok:
                steps.append(Step(display.name, Verdict.PASS, "test pattern shown, then cleared"))
            else:
                steps.append(
                    Step(display.name, Verdict.FAIL,
                         f"{_where(self._hub, display)} stopped answering: {display.detail}")
                )  # fmt: skip
        return steps


class KeypadsSelfTest:
    device = "keypads"

    def __init__(
        self, hub: DeviceHub, ask: Ask, press_s: float = 20.0, answer_s: float = 3.0
    ) -> None:
        self._hub, self._ask, self._press_s, self._answer_s = hub, ask, press_s, answer_s

    def run(self) -> list[Step]:
        steps = []
        for name, (keypad, counter, _) in self._hub.keypads.items():
            failed = _answers(self._hub, keypad, self._answer_s)
            if failed:
                steps.append(failed)
                continue
            got: list[KeyPress] = []
            pressed = threading.Event()

            def tap(
                press: KeyPress, got: list[KeyPress] = got, ev: threading.Event = pressed
            ) -> None:
                got.append(press)
                ev.set()

            with self._hub.borrowed(name, tap):
                self._ask(Prompt("keypad", name, counter, self._press_s))
                pressed.wait(self._press_s)
            if got:
                try:
                    label = Key(got[0].key).label
                except ValueError:
                    label = f"code {got[0].key}"
                steps.append(Step(name, Verdict.PASS, f"key {label} received"))
            else:
                steps.append(Step(name, Verdict.WARN,
                                  f"{name} answers, but no key was pressed within "
                                  f"{self._press_s:.0f} s"))  # fmt: skip
        return steps


class EvaluatorsSelfTest:
    device = "evaluators"

    def __init__(
        self, hub: DeviceHub, ask: Ask, press_s: float = 20.0, answer_s: float = 3.0
    ) -> None:
        self._hub, self._ask, self._press_s, self._answer_s = hub, ask, press_s, answer_s

    def run(self) -> list[Step]:
        steps = []
        for counter, evaluator in self._hub.evaluators.items():
            name = evaluator.name
            failed = _answers(self._hub, evaluator, self._answer_s)
            if failed:
                steps.append(failed)
                continue
            got: list[Rating | None] = []
            rated = threading.Event()

            def tap(rating: Rating | None, got: list[Rating | None] = got,
                    ev: threading.Event = rated) -> None:  # fmt: skip
                got.append(rating)
                ev.set()

            with self._hub.borrowed(name, tap):
                try:
                    evaluator.arm(SELFTEST_UID)
                    self._ask(Prompt("evaluator", name, counter, self._press_s))
                    rated.wait(self._press_s)
                finally:
                    evaluator.disarm()
            rating = got[0] if got else None
            if rating is not None:
                steps.append(Step(name, Verdict.PASS, f"rating {rating.zh} ({rating.en}) received"))
            else:
                steps.append(Step(name, Verdict.WARN,
                                  f"{name} answers and lit its keys, but no key was pressed "
                                  f"within {self._press_s:.0f} s"))  # fmt: skip
        return steps
