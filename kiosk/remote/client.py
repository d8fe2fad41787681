"""``HallClient``: the hall server's queue service, called over HTTP.

It has the methods and return types of :class:`kiosk.core.service.QueueService` that
windows, device hosts and commands use, so the composition root can hand a window either
one; a refusal raises the same :mod:`kiosk.core.errors` exception (decoded by
kiosk.core.wire), so a command exits with the same code against a remote hall. A server
that cannot be reached raises :class:`~kiosk.core.wire.ServerUnreachable` (exit 13).

Every write carries an ``Idempotency-Key``: a new uuid per call (one user action),
the same on each retry of that call, so a call or done pressed while the link fails is
applied once or refused, never twice. A request that got no answer (refused, timed out,
the link broke) is retried ``retries`` times with a growing pause; 429 is retried after
the server's Retry-After.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import typing
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, TypeVar

import httpx

from kiosk.core.busy import HourlyLoad
from kiosk.core.errors import KioskError
from kiosk.core.estimate import WaitEstimate
from kiosk.core.feed import PAGE, FeedEvent, HallFeed
from kiosk.core.model import (
    BusinessDay,
    FollowUp,
    Hall,
    Placement,
    Priority,
    Resolution,
    StaffAlert,
    Ticket,
)
from kiosk.core.service import CounterView, HallStatus, IssuedTicket, Resolved
from kiosk.core.wire import (
    API,
    RateLimited,
    ServerBug,
    ServerUnreachable,
    error_from_json,
    feed_event_from_json,
    from_json,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
TIMEOUT_S = 10.0
RETRIES = 3
BACKOFF_S = (0.2, 0.5, 1.0, 2.0)
NOW_SYNC_S = 10.0


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


class RemoteEventLog:
    """The server's event log read over HTTP (``GET /api/v1/events?after=N``): what a
    :class:`~kiosk.core.feed.HallFeed` in a remote process pages from."""

    def __init__(self, client: HallClient) -> None:
        self._client = client

    def last_seq(self) -> int:
        return int(self._client.version_info()["seq"])

    def events_after(self, seq: int, limit: int = PAGE) -> list[FeedEvent]:
        data = self._client.get("/events", {"after": seq, "limit": limit})
        if not isinstance(data, list):
            raise ServerUnreachable("the server's event log answered something else")
        return [feed_event_from_json(e, f"events[{i}]") for i, e in enumerate(data)]


class HallClient:
    """A queue service on the hall server at ``url`` (http:// or https://), as the PC
    holding ``token``. ``transport``: httpx's (tests); ``verify``: an SSL context that
    pins the server's certificate (kiosk.remote.tls)."""

    def __init__(
        self,
        url: str,
        token: str = "",
        *,
        timeout: float = TIMEOUT_S,
        retries: int = RETRIES,
        verify: Any = True,
        transport: httpx.BaseTransport | None = None,
        staff: str = "",
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise KioskError(f"server URL {url!r}: expected http://HOST:PORT or https://HOST:PORT")
        self.url = url.rstrip("/")
        self.token = token
        self.verify = verify  # the pinned SSL context, for the feed's wss:// too
        self._retries = retries
        self._http = httpx.Client(
            base_url=self.url + API,
            headers=bearer(token),
            timeout=timeout,
            verify=verify,
            transport=transport,
        )
        self._hall: Hall | None = None
        self._lock = threading.Lock()
        self._feed: HallFeed | None = None
        self._now: tuple[dt.datetime, float] | None = None  # the server's time, when read
        self.staff = staff  # the staff id signed in at this counter ("": none)

    # -- the wire -------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        key: str | None = None,
        raw: bool = False,
    ) -> Any:
        """The request, tried again on no answer or 429; the answer's JSON (``raw``: its
        bytes, on success), or the server's error raised."""
        headers = {"Idempotency-Key": key} if key else {}
        last: Exception | None = None
        for attempt in range(self._retries + 1):
            if attempt:
                _pause(BACKOFF_S[min(attempt - 1, len(BACKOFF_S) - 1)], last)
            try:
                r = self._http.request(method, path, params=params, json=body, headers=headers)
            except httpx.TransportError as exc:
                last = exc
                log.info("hall server %s: %s %s failed (%s)", self.url, method, path, exc)
                continue
            if r.status_code == 429 and attempt < self._retries:
                last = RateLimited("rate limited", float(r.headers.get("Retry-After", "1")))
                continue
            if raw and r.status_code < 400:
                return r.content
            return _answer(r)
        if isinstance(last, KioskError):
            raise last
        raise ServerUnreachable(f"hall server {self.url} cannot be reached: {_why(last)}")

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self._send("GET", path, params=params)

    def get_bytes(self, path: str) -> bytes:
        """A file's bytes (not JSON), with the retries of any read."""
        data: bytes = self._send("GET", path, raw=True)
        return data

    def post(self, path: str, body: Any = None, *, key: str | None = None) -> Any:
        """A write: one Idempotency-Key for all its tries (``key``: the caller's)."""
        return self._send("POST", path, body=body, key=key or str(uuid.uuid4()))

    # -- visitors -------------------------------------------------------------------

    def issue(
        self, code: str, priority: Priority = Priority.NORMAL, *, printing: bool = False
    ) -> IssuedTicket:
        body = {"service": code, "priority": priority > Priority.NORMAL, "printing": printing}
        return from_json(IssuedTicket, self.post("/tickets", body))

    def report_printed(self, uid: str) -> None:
        self.post(f"/tickets/{_seg(uid)}/printed")

    def report_print_failure(
        self, uid: str, number: str, reason: str, problem: str = "error"
    ) -> None:
        body = {"number": number, "reason": reason, "problem": str(problem)}
        self.post(f"/tickets/{_seg(uid)}/print-failed", body)

    def acknowledge_alerts(self, tickets: Collection[str] | None = None) -> Sequence[StaffAlert]:
        body = {"tickets": None if tickets is None else list(tickets)}
        return from_json(list[StaffAlert], self.post("/alerts/acknowledge", body))

    def reprint_info(self, number: str) -> IssuedTicket:
        return from_json(IssuedTicket, self.get(f"/numbers/{_seg(number)}"))

    def ticket_link(self, uid: str) -> str:
        """The ticket's signed link to its page on the hall server (what its QR code
        holds): signed there, with the hall's secret, on the server's ticket URL."""
        url = self.get(f"/tickets/{_seg(uid)}/link")["url"]
        if not isinstance(url, str):
            raise ServerBug(f"hall server {self.url}: a ticket link that is not text")
        return url

    def mark_printed(self, uid: str) -> Ticket:
        return from_json(Ticket, self.post(f"/tickets/{_seg(uid)}/reprinted"))

    def cancel(self, number: str, by: str = "staff") -> Ticket:
        body = {"by": str(by)}
        return from_json(Ticket, self.post(f"/numbers/{_seg(number)}/cancel", body))

    def leave(self, uid: str) -> Ticket:
        return from_json(Ticket, self.post(f"/tickets/{_seg(uid)}/leave"))

    def rate(self, uid: str, rating: int) -> Ticket:
        return from_json(Ticket, self.post(f"/tickets/{_seg(uid)}/rating", {"rating": rating}))

    def ticket(self, uid: str) -> Ticket | None:
        from kiosk.core.errors import NotFound

        try:
            return from_json(Ticket, self.get(f"/tickets/{_seg(uid)}"))
        except NotFound:
            return None

    # -- counters -------------------------------------------------------------------

    def _counter(self, counter: int, action: str, body: Any = None) -> Any:
        return self.post(f"/counters/{int(counter)}/{action}", body)

    def open_counter(self, counter: int) -> CounterView:
        return from_json(CounterView, self._counter(counter, "open"))

    def pause_counter(self, counter: int) -> CounterView:
        return from_json(CounterView, self._counter(counter, "pause"))

    def close_counter(self, counter: int) -> CounterView:
        return from_json(CounterView, self._counter(counter, "close"))

    def call_next(self, counter: int) -> Ticket:
        return from_json(Ticket, self._counter(counter, "call-next"))

    def call_ticket(self, counter: int, number: str) -> Ticket:
        return from_json(Ticket, self._counter(counter, "call-ticket", {"number": number}))

    def recall(self, counter: int) -> Ticket:
        return from_json(Ticket, self._counter(counter, "recall"))

    def serve(self, counter: int) -> Ticket:
        return from_json(Ticket, self._counter(counter, "serve"))

    def done(self, counter: int) -> Ticket:
        return from_json(Ticket, self._counter(counter, "done"))

    def resolve(
        self,
        counter: int,
        resolution: Resolution | None = None,
        promised_by: dt.date | None = None,
    ) -> Resolved:
        body = {
            "resolution": None if resolution is None else str(resolution),
            "promised_by": None if promised_by is None else promised_by.isoformat(),
        }
        return from_json(Resolved, self._counter(counter, "resolve", body))

    def no_show(self, counter: int) -> Ticket:
        return from_json(Ticket, self._counter(counter, "no-show"))

    def transfer(
        self,
        counter: int,
        *,
        to_service: str | None = None,
        to_counter: int | None = None,
        placement: Placement = Placement.BY_TIME,
    ) -> Ticket:
        body = {"to_service": to_service, "to_counter": to_counter, "placement": str(placement)}
        return from_json(Ticket, self._counter(counter, "transfer", body))

    def park(self, counter: int) -> Ticket:
        return from_json(Ticket, self._counter(counter, "park"))

    def resume(self, counter: int, number: str | None = None) -> Ticket:
        return from_json(Ticket, self._counter(counter, "resume", {"number": number}))

    def sign_in(self, counter: int, staff: str, pin: str) -> str:
        """Staff sign in at a counter (staff id and PIN): the counter's events carry the
        id until :meth:`sign_out`. Returns the staff member's name."""
        data = self._counter(counter, "sign-in", {"staff": staff, "pin": pin})
        self.staff = staff
        return str(data.get("name", ""))

    def sign_out(self, counter: int) -> None:
        self._counter(counter, "sign-out")
        self.staff = ""

    def reset_day(self) -> BusinessDay:
        return from_json(BusinessDay, self.post("/day/reset"))

    # -- reading --------------------------------------------------------------------

    @property
    def hall(self) -> Hall:
        """The server's hall (read once)."""
        with self._lock:
            if self._hall is None:
                self._hall = from_json(Hall, self.get("/hall"))
            return self._hall

    def status(self, last_calls: int = 10, *, estimates: bool = True) -> HallStatus:
        params = {"last_calls": last_calls, "estimates": "true" if estimates else "false"}
        return from_json(HallStatus, self.get("/status", params))

    def tickets(self, date: dt.date | None = None) -> list[Ticket]:
        params = {"date": date.isoformat()} if date else None
        return from_json(list[Ticket], self.get("/tickets", params))

    def follow_ups(
        self, first: dt.date | None = None, last: dt.date | None = None
    ) -> list[FollowUp]:
        params = {k: d.isoformat() for k, d in (("from", first), ("to", last)) if d}
        return from_json(list[FollowUp], self.get("/follow-ups", params or None))

    def close_follow_up(self, case: str, note: str = "", staff: str | None = None) -> FollowUp:
        body = {"note": note, "staff": staff}
        return from_json(FollowUp, self.post(f"/follow-ups/{_seg(case)}/close", body))

    def advise(
        self,
        day: dt.date | None = None,
        target_minutes: float = 10.0,
        level: float = 0.8,
    ) -> dict[str, Any]:
        """The staffing advice as `kiosk advise --json` prints it (``GET /advise``)."""
        params: dict[str, Any] = {"target_minutes": repr(target_minutes), "level": repr(level)}
        if day is not None:
            params["day"] = day.isoformat()
        return typing.cast(dict[str, Any], self.get("/advise", params))

    def busy_hours(self, days: int = 28) -> HourlyLoad:
        return from_json(HourlyLoad, self.get("/busy-hours", {"days": days}))

    def version_info(self) -> dict[str, int]:
        return from_json(dict[str, int], self.get("/version"))

    def version(self) -> int:
        return self.version_info()["version"]

    def learned(self) -> int:
        return self.version_info()["learned"]

    def now(self) -> dt.datetime:
        """The hall's clock: the server's, read at most every ``NOW_SYNC_S`` and carried
        forward by this PC's monotonic clock in between (a window's fold asks often;
        with the server away it goes on from the last reading instead of failing)."""
        at = time.monotonic()
        with self._lock:
            synced = self._now
        if synced is None or at - synced[1] > NOW_SYNC_S:
            try:
                r = self._http.get("/now", timeout=min(self._http.timeout.read or 1.0, 1.0))
                server = from_json(dt.datetime, _answer(r)["now"], "now")
                synced = (server, time.monotonic())
                with self._lock:
                    self._now = synced
            except (httpx.TransportError, KioskError, KeyError, TypeError):
                if synced is None:
                    raise ServerUnreachable(f"hall server {self.url} cannot be reached") from None
        return synced[0] + dt.timedelta(seconds=time.monotonic() - synced[1])

    def health(self) -> dict[str, Any]:
        r = self._http.get(self.url + "/health")
        data = _answer(r)
        return data if isinstance(data, dict) else {}

    @property
    def feed(self) -> HallFeed:
        """The hall feed of this process, paged from the server's log; a
        :class:`~kiosk.remote.feed.RemoteFeed` pushes the live events into it."""
        with self._lock:
            if self._feed is None:
                self._feed = HallFeed(RemoteEventLog(self))
            return self._feed

    def run_op(self, op: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """The one domain operation a device host runs on a remote hall: a keypad's
        press (kiosk.core.devices.apply_key_once), applied once by its seq."""
        from kiosk.core.devices import KeyResult, apply_key_once

        if op is not apply_key_once:
            raise KioskError(f"{getattr(op, '__name__', op)} cannot run on a remote hall")
        counter, keypad, press, *rest = args
        body = {
            "keypad": keypad,
            "seq": press.seq,
            "key": int(press.key),
            "arg": press.arg,
            "transfer_service": rest[0] if rest else kwargs.get("transfer_service"),
        }
        data = self._counter(counter, "key", body)
        return typing.cast(T, None if data is None else from_json(KeyResult, data))

    @property
    def estimator(self) -> Any:
        return _NoEstimator()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HallClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _NoEstimator:
    """A remote process estimates nothing itself: the server's answers carry them."""

    def estimate(self, snapshot: Any, priority: Priority) -> WaitEstimate:
        return WaitEstimate(snapshot.waiting, 0, 1)


def _seg(text: str) -> str:
    """One path segment, escaped."""
    from urllib.parse import quote

    return quote(str(text), safe="")


def _answer(r: httpx.Response) -> Any:
    try:
        data = r.json()
    except ValueError:
        if r.status_code >= 400:
            raise error_from_json({}, r.status_code) from None
        raise ServerUnreachable(f"the server answered {r.status_code} without JSON") from None
    if r.status_code >= 400:
        raise error_from_json(data if isinstance(data, Mapping) else {}, r.status_code)
    return data


def _why(exc: Exception | None) -> str:
    if exc is None:
        return "no answer"
    text = str(exc) or type(exc).__name__
    if "CERTIFICATE" in text.upper():
        return f"its TLS certificate is not the one this PC trusts ({text})"
    return text


def _pause(seconds: float, last: Exception | None) -> None:
    if isinstance(last, RateLimited):
        seconds = max(seconds, min(last.retry_after, 5.0))
    threading.Event().wait(seconds)  # between retries of a request that got no answer
