"""`kiosk queue ... --server URL`: the command line's own cases (tests/test_cli.py) run
against a live hall server, with the same JSON and the same exit codes.

The server runs in this process with a clock that reads $KIOSK_NOW at each call, so the
cases' `kiosk.at("10:01")` moves the server's time as it moves a local command's."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.wire import AccessDenied, ServerUnreachable
from tests import test_cli as local
from tests.server.conftest import LiveServer, start_server, stop_server


class EnvClock:
    """The hall time of $KIOSK_NOW, read at each call (the cases change it)."""

    def now(self) -> dt.datetime:
        return dt.datetime.fromisoformat(os.environ["KIOSK_NOW"])


class RemoteKiosk(local.Kiosk):
    """`kiosk queue ...` with `--server URL` after the subcommand, as a person types it."""

    def __init__(self, capsys: Any, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
        super().__init__(capsys, monkeypatch)
        self.url = url

    def __call__(self, *argv: str) -> local.Result:
        if "queue" in argv:
            argv = (*argv, "--server", self.url)
        return super().__call__(*argv)


@pytest.fixture
def remote_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    monkeypatch.setenv("KIOSK_NOW", f"{local.DAY}T10:00:00")
    live = start_server(tmp_path / "server", clock=EnvClock())
    monkeypatch.setenv("KIOSK_TOKEN", live.token)
    try:
        yield live
    finally:
        stop_server(live)


@pytest.fixture
def kiosk(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, remote_server: LiveServer
) -> RemoteKiosk:
    return RemoteKiosk(capsys, monkeypatch, remote_server.url)


CASES: list[Callable[..., None]] = [
    local.test_whole_visit_issue_open_call_serve_done,
    local.test_text_output_says_what_happened,
    local.test_issue_counts_those_ahead_and_accepts_a_prefix,
    local.test_priority_ticket_is_called_before_earlier_normal_ones,
    local.test_call_a_given_ticket_out_of_order,
    local.test_recall_up_to_the_limit_then_automatic_no_show,
    local.test_no_show_finishes_the_called_ticket,
    local.test_transfer_refusals_name_the_problem,
    local.test_park_and_resume,
    local.test_pause_stops_calls_until_opened_again,
    local.test_close_is_refused_while_a_ticket_is_current,
    local.test_cancel_a_waiting_ticket_and_a_called_one,
    local.test_reset_day_restarts_numbering_and_expires_open_tickets,
    local.test_list_json_has_every_ticket_with_all_timestamps,
    local.test_status_json_shape,
    local.test_unknown_names_are_named,
    local.test_invalid_transitions_name_the_counter_and_ticket,
    local.test_nothing_to_call_names_the_counter,
    local.test_complaint_follow_up_from_the_command_line,
]


@pytest.mark.parametrize("case", CASES, ids=lambda f: f.__name__.removeprefix("test_"))
def test_the_command_line_cases_against_a_server(case: Callable[..., None], kiosk: Any) -> None:
    case(kiosk)


def test_closed_outside_its_hours_against_a_server(kiosk: RemoteKiosk) -> None:
    local.test_business_type_closed_outside_its_hours(kiosk, "08:59")


def test_the_same_json_as_a_local_command(
    kiosk: RemoteKiosk, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same steps on a local store and on the server print the same JSON (but the
    ticket's uid, which is random)."""
    here = local.Kiosk(capsys, monkeypatch)
    steps = [("queue", "issue", "bill"), ("queue", "open", "1"), ("queue", "call", "1"),
             ("queue", "status"), ("queue", "list")]  # fmt: skip
    for step in steps:
        there, mine = kiosk.json(*step), here.json(*step)
        assert _no_uid(there) == _no_uid(mine), step


def _no_uid(value: Any) -> Any:
    if isinstance(value, dict):
        # the uid is random; the link names the server it is served by (another port)
        return {k: _no_uid(v) for k, v in value.items() if k not in ("uid", "url")}
    if isinstance(value, list):
        return [_no_uid(v) for v in value]
    return value


def test_no_token_and_no_server_exit_with_their_codes(
    kiosk: RemoteKiosk, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KIOSK_TOKEN")
    assert "no token" in kiosk.fails(AccessDenied, "queue", "status")
    live = start_server(tmp_path / "gone")
    gone = live.url
    stop_server(live)
    result = local.Kiosk.__call__(kiosk, "queue", "status", "--server", gone)
    assert result.code == ServerUnreachable.exit_code, result.err
    assert gone in result.err


def test_the_server_from_the_environment(
    remote_server: LiveServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_SERVER", remote_server.url)
    here = local.Kiosk(capsys, monkeypatch)
    assert here.json("queue", "issue", "plan", "--no-print")["number"] == "B001"
    assert remote_server.runtime.service.status().waiting[0].number == "B001"
