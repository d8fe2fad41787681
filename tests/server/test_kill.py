"""The hall server killed with SIGKILL and started again: nothing acknowledged is lost,
a write sent again with its key is not applied twice, and a client's feed resumes from
its last event. The server is a real `python -m kiosk serve` process."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk.app import Role, build_runtime, load_settings
from kiosk.core.feed import FeedEvent
from kiosk.remote.client import HallClient
from kiosk.remote.feed import RemoteFeed
from kiosk.store.access import AccessStore

WAIT_S = 60.0  # a process start on a loaded machine


@contextmanager
def server_process(data_dir: Path, listen: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "serve", "--listen", listen],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], WAIT_S)
        assert ready, "the server did not say where it listens"
        line = proc.stdout.readline()
        assert line.startswith("hall server on "), line + (
            proc.stderr.read() if proc.stderr else ""
        )
        yield proc, line.split()[3]
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(WAIT_S)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


def enroll(data_dir: Path) -> str:
    settings = load_settings(None, data_dir)
    with build_runtime(Role.COMMAND, settings) as rt:
        return AccessStore(rt.store).enroll("admin", None, "test", rt.clock.now())[1]


class Told:
    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.seqs: list[int] = []
        self.states: list[bool] = []

    def events(self, events: Sequence[FeedEvent]) -> None:
        with self.cond:
            self.seqs += [e.seq for e in events]
            self.cond.notify_all()

    def state(self, online: bool) -> None:
        with self.cond:
            self.states.append(online)
            self.cond.notify_all()

    def wait(self, check: object) -> None:
        with self.cond:
            assert self.cond.wait_for(check, WAIT_S), (self.seqs, self.states)  # type: ignore[arg-type]


@pytest.mark.slow
def test_sigkill_loses_nothing_acknowledged_and_clients_resume(tmp_path: Path) -> None:
    data = tmp_path / "server"
    token = enroll(data)
    told = Told()
    with server_process(data, "127.0.0.1:0") as (proc, url):
        port = url.rsplit(":", 1)[1]
        hall = HallClient(url, token, retries=0)
        follower = RemoteFeed(hall, told.state, dead_after_s=1.0)
        sub = hall.feed.subscribe("test", told.events, after=0)
        follower.start()
        told.wait(lambda: told.states == [True])
        hall.open_counter(1)
        numbers = [hall.issue("bill").ticket.number for _ in range(5)]
        called = hall.post("/counters/1/call-next", key="key-of-the-last-call")
        told.wait(lambda: told.seqs[-1:] == [7])
        os.kill(proc.pid, signal.SIGKILL)  # right after the acknowledged call
        proc.wait(WAIT_S)
        told.wait(lambda: told.states == [True, False])
    with server_process(data, f"127.0.0.1:{port}") as (proc, url2):
        assert url2 == url
        told.wait(lambda: told.states == [True, False, True])
        again = hall.post("/counters/1/call-next", key="key-of-the-last-call")
        assert again == called, "the same answer, not a second call"
        status = hall.status()
        assert [t.number for t in status.waiting] == numbers[1:]
        assert [c.number for c in status.calls] == [numbers[0]]
        hall.serve(1)
        told.wait(lambda: told.seqs[-1:] == [8])
        assert told.seqs == list(range(1, 9)), "each event once, in order, across the kill"
        follower.stop()
        sub.close()
        hall.close()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(WAIT_S) == 0
