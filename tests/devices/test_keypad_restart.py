"""A keypad press survives the hall PC dying right after it: the keypad is acknowledged
only after the queue operation committed, and the press, shown again by the keypad to
the restarted process, is known by its sequence number and not applied twice. Real
processes (tests/workers/keypad_worker.py) on the application's SQLite store, the
keypad simulated at the far end of a socket."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.app import build_service, load_settings
from kiosk.core.devices import Key, KeyPress, apply_key_once
from kiosk.core.errors import KioskError
from kiosk.core.service import QueueService
from kiosk.devices.simulators import SimKeypad, SocketLine

WORKER = Path(__file__).resolve().parents[1] / "workers" / "keypad_worker.py"


class Worker:
    """A keypad_worker.py process whose output lines are read on a thread, so a test
    waits for a line with a timeout instead of hanging."""

    def __init__(self, data_dir: Path, url: str, *extra: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(data_dir), url, *extra],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def line(self, timeout: float = 20.0) -> str | None:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return "(nothing within the timeout)"

    def rest(self) -> list[str]:
        self._reader.join(20)
        out = []
        while (line := self.lines.get_nowait()) is not None:
            out.append(line)
        return out

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(20)
        self._reader.join(20)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


def test_a_press_committed_but_never_acknowledged_is_applied_once_after_a_restart(
    tmp_path: Path,
) -> None:
    service = build_service(load_settings(None, tmp_path))
    for _ in range(2):
        service.issue("bill")
    service.open_counter(1)
    keypad = SimKeypad(101)
    with SocketLine([keypad]) as line:
        seq = keypad.press(Key.CALL_NEXT)
        with Worker(tmp_path, line.url, "--freeze-after-commit") as first:
            assert first.line() == "ready"
            assert first.line() == json.dumps({"committed": seq})
            # committed, and the keypad still holds the press: not acknowledged yet
            assert keypad.acked == [] and keypad.pending == 1
            first.proc.send_signal(signal.SIGKILL)
        assert [c.number for c in service.status().calls] == ["A001"]
        with Worker(tmp_path, line.url) as second:
            assert second.line() == "ready"
            assert keypad.wait_for(lambda: keypad.acked == [seq], timeout=20)
            assert second.proc.stdin is not None
            second.proc.stdin.close()
            assert second.proc.wait(20) == 0
            handled = second.rest()
    status = service.status()
    assert [c.number for c in status.calls] == ["A001"]  # one call, not two
    assert len(status.waiting) == 1
    assert handled == []  # the repeat was recognised: nothing applied, nothing reported


@pytest.mark.parametrize("store", ["memory_service", "sql_service"])
def test_a_press_is_stored_with_its_operation_and_its_number_applies_once(
    store: str, request: pytest.FixtureRequest
) -> None:
    """apply_key_once, the hub's one transaction per press: the operation and the
    ``key_pressed`` record commit together; the keypad's last number again changes
    nothing; another keypad's numbers are its own."""
    service = request.getfixturevalue(store)
    assert isinstance(service, QueueService)
    for _ in range(3):
        service.issue("bill")
    service.open_counter(1)
    service.open_counter(2)
    first = service.run_op(apply_key_once, 1, "keypad 1", KeyPress(7, Key.CALL_NEXT))
    assert first is not None and first.ticket is not None and first.ticket.number == "A001"
    assert service.run_op(apply_key_once, 1, "keypad 1", KeyPress(7, Key.CALL_NEXT)) is None
    other = service.run_op(apply_key_once, 2, "keypad 2", KeyPress(7, Key.CALL_NEXT))
    assert other is not None and other.ticket is not None and other.ticket.number == "A002"
    again = service.run_op(apply_key_once, 1, "keypad 1", KeyPress(8, Key.RECALL))
    assert again is not None and again.text == "recall A001"
    with pytest.raises(KioskError):  # refused: nothing is recorded, the number stays free
        service.run_op(apply_key_once, 2, "keypad 2", KeyPress(9, Key.SERVE + 100))
    assert [c.number for c in service.status().calls] == ["A001", "A002", "A001"]  # newest first
