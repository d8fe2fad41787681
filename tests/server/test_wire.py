"""The wire codec (kiosk.core.wire): every value comes back equal through JSON, errors
come back as the same class with the same exit code, bad data is named."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core import wire
from kiosk.core.errors import (
    ConfigError,
    InvalidTransition,
    KioskError,
    NotFound,
    NothingToCall,
    ServiceUnavailable,
    StoreLocked,
    Unavailable,
)
from kiosk.core.estimate import NoEstimate, WaitEstimate, Wording
from kiosk.core.feed import FeedEvent
from kiosk.core.model import (
    BusinessDay,
    Call,
    Event,
    EventKind,
    OpeningHours,
    Priority,
    Service,
    StaffAlert,
    Ticket,
)
from kiosk.core.ports import PrintFailed, PrintProblem
from kiosk.core.service import CounterView, HallStatus, IssuedTicket, ServiceStatus

moments = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1))
finite = st.floats(allow_nan=False, allow_infinity=False)
json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | finite | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
estimates = st.builds(
    WaitEstimate,
    ahead=st.integers(0, 500),
    low_min=st.integers(0, 500),
    high_min=st.integers(0, 500),
    point_s=st.none() | finite,
    low_s=st.none() | finite,
    high_s=st.none() | finite,
    wording=st.none() | st.sampled_from(Wording),
    reason=st.none() | st.sampled_from(NoEstimate),
    resumes_at=st.none() | moments,
    about_min=st.integers(0, 500),
)
hours = st.builds(OpeningHours, start=st.times(), end=st.none() | st.times())
services = st.builds(Service, hours=st.lists(hours, min_size=1, max_size=3).map(tuple))
tickets = st.builds(
    Ticket,
    issued_at=moments,
    called_at=st.none() | moments,
    finished_at=st.none() | moments,
    position=st.integers(0, 2**62),
)
events = st.builds(
    Event, at=moments, data=st.dictionaries(st.text(max_size=8), json_values, max_size=4)
)
feed_events = st.builds(FeedEvent, seq=st.integers(1, 2**62), event=events)
days = st.builds(BusinessDay, started_at=moments, ends_at=moments)
counter_views = st.builds(
    CounterView,
    services=st.lists(st.text(max_size=5), max_size=3).map(tuple),
    current=st.none() | tickets,
    parked=st.lists(tickets, max_size=2).map(tuple),
)
service_statuses = st.builds(
    ServiceStatus,
    service=services,
    estimate=estimates,
    reason_code=st.none() | st.sampled_from(Unavailable),
)
alerts = st.builds(StaffAlert, at=moments)
calls = st.builds(Call, at=moments)
statuses = st.builds(
    HallStatus,
    at=moments,
    day=days,
    services=st.lists(service_statuses, max_size=3).map(tuple),
    counters=st.lists(counter_views, max_size=3).map(tuple),
    calls=st.lists(calls, max_size=3).map(tuple),
    waiting=st.lists(tickets, max_size=3).map(tuple),
    alerts=st.lists(alerts, max_size=2).map(tuple),
    estimates=st.lists(estimates, max_size=3).map(tuple),
    seq=st.integers(0, 2**62),
    printing=st.lists(st.text(max_size=8), max_size=2).map(tuple),
)
issued = st.builds(IssuedTicket, ticket=tickets, ahead=st.integers(0, 999), estimate=estimates)


def through_json(value: Any) -> Any:
    return json.loads(json.dumps(wire.to_json(value), ensure_ascii=False))


@pytest.mark.parametrize(
    ("kind", "strategy"),
    [
        (Ticket, tickets),
        (Call, calls),
        (CounterView, counter_views),
        (ServiceStatus, service_statuses),
        (HallStatus, statuses),
        (IssuedTicket, issued),
        (WaitEstimate, estimates),
        (StaffAlert, alerts),
        (BusinessDay, days),
        (FeedEvent, feed_events),
        (Service, services),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_values_round_trip(kind: type, strategy: st.SearchStrategy[Any]) -> None:
    @settings(max_examples=60, deadline=None)
    @given(strategy)
    def check(value: Any) -> None:
        assert wire.from_json(kind, through_json(value)) == value

    check()


def test_feed_event_is_flat() -> None:
    e = FeedEvent(
        7, Event(EventKind.CALLED, dt.datetime(2026, 11, 24, 9, 1), 1, "u1", 3, {"number": "A001"})
    )
    assert wire.to_json(e) == {
        "seq": 7,
        "kind": "called",
        "at": "2026-11-24T09:01:00",
        "day_id": 1,
        "ticket": "u1",
        "counter": 3,
        "data": {"number": "A001"},
    }


ERRORS: list[KioskError] = [
    NotFound("unknown counter 9 (known: 1, 2)"),
    ServiceUnavailable("business type vip is closed now", Unavailable.HOURS),
    NothingToCall("no ticket waiting for counter 2"),
    InvalidTransition("counter 1 still has ticket A001 (called)"),
    StoreLocked("store is locked"),
    ConfigError("hall.toml: bad"),
    PrintFailed("the cover is open: close it", PrintProblem.COVER_OPEN),
    wire.AccessDenied("no token", 401),
    wire.AccessDenied("counter 2's token acts only for counter 2", 403),
    wire.RateLimited("too many requests", 2.5),
    wire.BadRequest("counter: expected an integer"),
]


@pytest.mark.parametrize("exc", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_come_back_as_the_same_class(exc: KioskError) -> None:
    body = through_json_error(exc)
    back = wire.error_from_json(body, wire.error_status(exc))
    assert type(back) is type(exc)
    assert str(back) == str(exc)
    assert back.exit_code == exc.exit_code
    for attr in ("reason", "problem", "status", "retry_after"):
        assert getattr(back, attr, None) == getattr(exc, attr, None)


def through_json_error(exc: KioskError) -> Any:
    return json.loads(json.dumps(wire.error_to_json(exc)))


def test_a_subclass_travels_as_its_base_with_its_exit_code() -> None:
    from kiosk.core.devices import TransferNeedsCounter

    exc = TransferNeedsCounter("transfer needs a counter")
    back = wire.error_from_json(wire.error_to_json(exc))
    assert isinstance(back, InvalidTransition) and back.exit_code == exc.exit_code


def test_an_unknown_error_body_is_the_servers_bug() -> None:
    back = wire.error_from_json({"error": "martian", "message": "?"}, 500)
    assert isinstance(back, wire.ServerBug) and "500" in str(back)


def test_bad_data_names_the_field() -> None:
    ticket = Ticket("u", 1, "bill", 1, "A001", Priority.NORMAL, dt.datetime(2026, 1, 1), 0)
    data = through_json(IssuedTicket(ticket, 0, WaitEstimate(0, 0, 1)))
    data["ticket"]["issued_at"] = "yesterday"
    with pytest.raises(wire.BadRequest, match=r"IssuedTicket\.ticket\.issued_at: expected an ISO"):
        wire.from_json(IssuedTicket, data)
    data["ticket"]["issued_at"] = "2026-01-01T00:00:00"
    data["ticket"]["state"] = "sleeping"
    with pytest.raises(wire.BadRequest, match=r"ticket\.state: expected one of 'waiting'"):
        wire.from_json(IssuedTicket, data)


def test_the_wires_error_kinds_have_documented_exit_codes() -> None:
    import re
    from pathlib import Path

    table = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text("utf-8")
    for cls in (wire.ServerUnreachable, wire.AccessDenied, wire.RateLimited):
        assert cls.exit_code not in (0, 1, 2, *range(3, 13))
        assert re.search(rf"^\| {cls.exit_code} \| `{cls.__name__}` \|", table, re.M), cls
    api = (Path(__file__).resolve().parents[2] / "docs" / "server-api.md").read_text("utf-8")
    for kind in wire.ERRORS:
        assert f"`{kind}`" in api, kind
