"""The windows on other PCs: a counter, a display and the customer kiosk of a hall of
several, on a hall server in a process of its own that is killed (SIGKILL) and started
again on the same port. The windows are the same as on one PC; only their runtime
differs (kiosk.app.remote_runtime)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QLabel

from kiosk.app import Role, load_settings
from kiosk.app.remote_runtime import RemoteService
from kiosk.core.clock import ManualClock
from kiosk.core.wire import ServerUnreachable
from kiosk.remote.client import HallClient
from kiosk.ui.app import _open, make_qapp, open_context
from kiosk.ui.banner import ConnectionBanner
from kiosk.ui.counter.model import Action

from ..conftest import MORNING
from ..ui.conftest import close_context
from ..ui.test_counter_desk import Desk
from .conftest import ServerProcess

WAIT_MS = 20_000  # a loaded machine: the link's verdict comes within 3 s, the tests wait longer


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MORNING)


def remote_ctx(tmp_path: Path, name: str, role: Role, server: ServerProcess, clock: ManualClock,
               counter: int | None = None) -> Any:  # fmt: skip
    """The windows' parts of a PC of this role, with its own data folder and the token
    `kiosk server enroll` gave it (in $KIOSK_TOKEN, as a unit's drop-in would set it)."""
    import os

    make_qapp()
    os.environ["KIOSK_TOKEN"] = server.enroll(role.value, counter)  # the fixture restores it
    settings = load_settings(None, tmp_path / name)  # this PC's own data folder
    ctx = open_context(settings, role, counter=counter, clock=clock, server=server.url)
    return ctx


@pytest.fixture
def counter_ctx(tmp_path: Path, server_process: ServerProcess, clock: ManualClock,
                qtbot: Any) -> Iterator[Any]:  # fmt: skip
    ctx = remote_ctx(tmp_path, "counter-pc", Role.COUNTER, server_process, clock, counter=1)
    yield ctx
    close_context(ctx)


def banner_of(window: Any) -> ConnectionBanner:
    found = window.findChild(QLabel, "connectionBanner")
    assert isinstance(found, ConnectionBanner)
    return found


def test_a_counter_on_another_pc_works_the_queue_through_the_server(
    counter_ctx: Any, server_process: ServerProcess, clock: ManualClock, qtbot: Any
) -> None:
    ctx = counter_ctx
    assert ctx.runtime.store is None  # the hall's store is the server's only
    assert isinstance(ctx.service, RemoteService)
    with HallClient(server_process.url, server_process.admin) as other:  # the kiosk at the door
        other.issue("bill")
    ctx.watcher.start()
    desk = Desk.open(ctx, clock, qtbot)
    qtbot.waitUntil(lambda: ctx.link.online, timeout=WAIT_MS)
    assert desk.press(Action.OPEN).code == "open"
    notice = desk.press(Action.CALL_NEXT)
    assert notice.code == "called" and "A001" in notice.text
    with HallClient(server_process.url, server_process.admin) as other:
        assert other.status().counters[0].current.number == "A001"
    # the window hears the call from the server's feed, as it would from the store's
    qtbot.waitUntil(lambda: desk.window.controller.model.current is not None, timeout=WAIT_MS)
    assert not banner_of_windows(ctx)


def banner_of_windows(ctx: Any) -> bool:
    """Whether any window of the process shows its connection banner."""
    from PySide6.QtWidgets import QApplication

    return any(isinstance(w, ConnectionBanner) and w.isVisible() for w in QApplication.allWidgets())


def test_a_counter_that_loses_the_server_says_so_and_comes_back_to_the_true_state(
    counter_ctx: Any, server_process: ServerProcess, clock: ManualClock, qtbot: Any
) -> None:
    ctx = counter_ctx
    windows = _open(ctx, "counter", 1)  # as `kiosk counter 1 --server URL` opens it
    for w in windows:
        qtbot.addWidget(w)
    ctx.watcher.start()
    window = windows[0]
    banner = banner_of(window)
    qtbot.waitUntil(lambda: ctx.link.online, timeout=WAIT_MS)
    assert not banner.isVisible()
    assert "叫号服务器" in banner.text() and "hall server" in banner.text()  # both languages

    server_process.kill()
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    assert not ctx.link.online

    # Pressed during the outage: clearly refused, not done
    with qtbot.waitSignal(window.controller.notice, timeout=WAIT_MS,
                          check_params_cb=is_action_notice) as told:  # fmt: skip
        window.controller.trigger(Action.OPEN)
    notice = told.args[0]
    assert notice.code == "unreachable"
    assert "hall server" in notice.text

    # Meanwhile the server PC's own tools changed the hall (a ticket, the counter opened)
    server_process.start()
    reads = ctx.watcher.reads
    with HallClient(server_process.url, server_process.admin) as other:
        other.issue("bill")
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: ctx.watcher.reads > reads, timeout=WAIT_MS)  # a full read
    qtbot.waitUntil(
        lambda: ctx.watcher.status is not None and len(ctx.watcher.status.waiting) == 1,
        timeout=WAIT_MS,
    )
    # the same press again, now online: applied once
    with qtbot.waitSignal(window.controller.notice, timeout=WAIT_MS,
                          check_params_cb=is_action_notice) as told:  # fmt: skip
        window.controller.trigger(Action.OPEN)
    assert told.args[0].code == "open"


def is_action_notice(notice: Any) -> bool:
    """The notice of the action, not one of the status reads failing meanwhile."""
    return notice.code != "store_unreadable"


class LosingTransport(httpx.BaseTransport):
    """Carries the request to the real server, then loses the answer (``lose`` times):
    the operation was applied, the PC never heard."""

    def __init__(self, lose: int) -> None:
        self._inner = httpx.HTTPTransport()
        self.lose = lose
        self.sent: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request.headers.get("Idempotency-Key", ""))
        response = self._inner.handle_request(request)
        if self.lose and request.method == "POST":
            self.lose -= 1
            response.read()
            response.close()
            raise httpx.ReadError("the link broke before the answer", request=request)
        return response

    def close(self) -> None:
        self._inner.close()


def test_a_call_whose_answer_was_lost_is_applied_once_when_pressed_again(
    server_process: ServerProcess, clock: ManualClock
) -> None:
    with HallClient(server_process.url, server_process.admin) as other:
        other.issue("bill")
        other.issue("bill")
        other.open_counter(1)
        before = other.version_info()["seq"]
    transport = LosingTransport(lose=1)
    service = RemoteService(
        server_process.url, server_process.admin, clock, retries=0, transport=transport
    )
    with service:
        with pytest.raises(ServerUnreachable):
            service.call_next(1)  # applied on the server; the answer lost
        again = service.call_next(1)  # the clerk presses again: the same key
        assert again.number == "A001"
        assert transport.sent[0] == transport.sent[1]
        events = service.feed  # noqa: F841
    with HallClient(server_process.url, server_process.admin) as other:
        status = other.status()
        assert [t.number for t in status.waiting] == ["A002"]  # A002 was not called
        assert other.version_info()["seq"] == before + 1  # one `called` event, not two
        # a new action after an answer gets a new key
    service = RemoteService(server_process.url, server_process.admin, clock, transport=transport)
    with service:
        service.recall(1)
    assert transport.sent[-1] != transport.sent[0]


def test_a_kiosk_that_cannot_reach_the_server_tells_the_visitor_and_staff(
    tmp_path: Path, server_process: ServerProcess, clock: ManualClock, qtbot: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    ctx = remote_ctx(tmp_path, "kiosk-pc", Role.KIOSK, server_process, clock)
    try:
        assert ctx.hub is None  # the devices are the device host's
        windows = _open(ctx, "kiosk", None)
        for w in windows:
            qtbot.addWidget(w)
        ctx.watcher.start()
        kiosk = windows[0]
        banner = banner_of(kiosk)
        qtbot.waitUntil(lambda: ctx.link.online, timeout=WAIT_MS)
        # a ticket issued at this PC, printed on this PC's printer, reported to the server
        desk = ctx.runtime.desk()
        issued = desk.issue("bill")
        desk.record(issued, desk.print_ticket(issued))
        with HallClient(server_process.url, server_process.admin) as other:
            assert other.ticket(issued.ticket.uid).printed

        caplog.set_level(logging.WARNING, logger="kiosk")
        server_process.kill()
        qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
        assert banner.geometry() == kiosk.rect()  # over the whole kiosk: nothing to press
        assert "请咨询工作人员" in banner.text() and "ask a member of staff" in banner.text()
        qtbot.waitUntil(lambda: "STAFF ALERT" in caplog.text, timeout=WAIT_MS)
        assert server_process.url in caplog.text
        server_process.start()
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)
    finally:
        close_context(ctx)


def test_a_display_on_another_pc_shows_the_calls_of_the_server(
    tmp_path: Path, server_process: ServerProcess, clock: ManualClock, qtbot: Any
) -> None:
    ctx = remote_ctx(tmp_path, "display-pc", Role.DISPLAY, server_process, clock)
    try:
        assert ctx.runtime.calls is None  # the device host says the calls
        windows = _open(ctx, "display", None)
        for w in windows:
            qtbot.addWidget(w)
        ctx.watcher.start()
        qtbot.waitUntil(lambda: ctx.link.online, timeout=WAIT_MS)
        with HallClient(server_process.url, server_process.admin) as other:
            other.issue("bill")
            other.open_counter(2)
            other.call_next(2)
        qtbot.waitUntil(
            lambda: (
                ctx.watcher.status is not None
                and [c.number for c in ctx.watcher.status.calls] == ["A001"]
            ),
            timeout=WAIT_MS,
        )
        banner = banner_of(windows[0])
        server_process.kill()
        qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
        assert banner.geometry().top() == 0 and banner.height() < windows[0].height() // 2
        server_process.start()
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)
    finally:
        close_context(ctx)
