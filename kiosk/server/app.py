"""The hall server's ASGI application: Starlette, built around one queue service.

``build_app(host)`` takes what the composition root built (a :class:`Host`: the
settings, the queue service and its feed; kiosk.app's ``ServerRuntime`` for `kiosk
serve`, ``KioskRuntime`` for `kiosk run`) and answers

- ``GET /health``: ``{"status": "ok", "seq": N, ...}``, no token needed;
- ``GET /openapi.json``: the OpenAPI 3.0 document of everything below;
- the routes of :data:`kiosk.server.api.OPS` under ``/api/v1``;
- ``/api/v1/feed``: the hall feed over a WebSocket (kiosk.server.feed);
- the visitor's ticket page (kiosk.server.phone) at ``<path of kiosk.ticket_url>/t``,
  public (the signed link is its key, its own rate limits), not in ``/openapi.json``;
- the manager view (kiosk.server.manager) at ``/manager``: a manager signs in with a
  manager's token (its own session cookie and rate limits), not in ``/openapi.json``.

Why Starlette: small, ASGI (uvicorn runs it), WebSockets built in, and our values
already have a codec (kiosk.core.wire), so FastAPI's pydantic models would be a second
description of the same shapes to keep in step.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute

from kiosk.core.errors import KioskError
from kiosk.core.feed import EventLog
from kiosk.core.service import QueueService
from kiosk.core.wire import (
    API,
    BadRequest,
    KeyConflict,
    error_status,
    error_to_json,
    to_json,
)
from kiosk.server.access import Gate, OpenGate, Principal
from kiosk.server.api import OPS, Download, Op, arguments
from kiosk.server.idempotency import Kept, fingerprint_of
from kiosk.server.relay import Relay
from kiosk.store.access import AccessStore, request_tag

if TYPE_CHECKING:
    from kiosk.core.clock import Clock
    from kiosk.server.manager import ManagerPages
    from kiosk.server.phone import PhonePages

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024  # bytes: every request body is a few fields
REMEMBERED_KEYS = 10_000  # answers of writes kept by Idempotency-Key in memory


class Host(Protocol):
    """What the server needs of its process (kiosk.app's runtimes have it)."""

    @property
    def service(self) -> QueueService: ...

    @property
    def store(self) -> EventLog: ...


class PageHost(Host, Protocol):
    """A host whose server serves the ticket page too: its settings and clock."""

    @property
    def settings(self) -> Any: ...  # kiosk.app.Settings

    @property
    def clock(self) -> Clock: ...


def ticket_pages(host: PageHost) -> PhonePages:
    """The visitor's ticket pages of ``host``'s hall (kiosk.server.phone), on its queue
    service and feed, with the hall's resolved ticket URL and secret. StoreReadOnly or
    StoreCorrupt, naming the file, when the hall's secret cannot be had (the links cannot
    be checked)."""
    from kiosk.app import require_secret
    from kiosk.server.phone import PhonePages, phone_settings

    require_secret(host.settings)
    return PhonePages(host.service, host.service.feed, phone_settings(host.settings), host.clock)


def manager_pages(host: PageHost, access: AccessStore) -> ManagerPages:
    """The manager view of ``host``'s hall (kiosk.server.manager): its report read from
    the host's store as `kiosk report` reads it, managers signed in by the tokens of PCs
    enrolled as manager (or admin) in ``access``; requests limited per address as the
    API's are ([server] rate_per_address)."""
    from kiosk.server.manager import ManagerPages, ManagerSettings
    from kiosk.server.manager.source import HallSource

    cfg = host.settings.config
    settings = ManagerSettings(
        cfg.hall.name_zh,
        cfg.hall.name_en,
        cfg.kiosk.default_language,
        per_minute=cfg.server.rate_per_address,
    )
    return ManagerPages(HallSource(host, access), settings)


class JSON(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def error_response(exc: KioskError, headers: dict[str, str] | None = None) -> JSON:
    return JSON(error_to_json(exc), status_code=error_status(exc), headers=headers)


class Answers:
    """The first answer to each write by its Idempotency-Key (per PC): a repeat gets it
    again and changes nothing. In memory, bounded; kiosk.server.idempotency adds the
    store's record for a restart."""

    def __init__(self, size: int = REMEMBERED_KEYS) -> None:
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple[str, str], tuple[str, int, bytes]] = OrderedDict()
        self._busy: dict[tuple[str, str], threading.Lock] = {}
        self._size = size

    def turn(self, key: tuple[str, str]) -> threading.Lock:
        """A lock per key: the same write sent twice at once runs once."""
        with self._lock:
            return self._busy.setdefault(key, threading.Lock())

    def get(self, key: tuple[str, str], fingerprint: str) -> tuple[int, bytes] | None:
        with self._lock:
            found = self._answers.get(key)
        if found is None:
            return None
        if found[0] != fingerprint:
            raise KeyConflict(
                f"Idempotency-Key {key[1]} was already used for another request: "
                "use a new key per action"
            )
        return found[1], found[2]

    def put(self, key: tuple[str, str], fingerprint: str, status: int, body: bytes) -> None:
        with self._lock:
            self._answers[key] = (fingerprint, status, body)
            self._busy.pop(key, None)
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)


def build_app(
    host: Host,
    gate: Gate | None = None,
    *,
    access: AccessStore | None = None,
    heartbeat_s: float = 1.0,
    mounts: Sequence[BaseRoute] = (),
    pages: PhonePages | None = None,
    manager: ManagerPages | None = None,
) -> Starlette:
    """The application serving ``host``'s queue service. ``gate``: who may do what
    (kiosk.server.tokens.TokenGate); None: everyone may do everything (tests of the
    routes alone, never a hall). ``access``: the store's records of PCs, staff and kept
    answers (the gate's, by default): writes are answered once per Idempotency-Key across
    restarts, staff sign in. ``mounts``: more routes (the phone ticket page of
    kiosk.server.phone), which do their own checks. ``pages``: the visitor's ticket pages
    (:func:`ticket_pages`), mounted at their path, outside the token gate (public: the
    signed link is the key; their own per-address limits), closed when the server stops
    (``app.state.closers``, run by kiosk.server.run before uvicorn's shutdown); their
    links are what ``GET /api/v1/tickets/{uid}/link`` gives. ``manager``: the manager
    view (:func:`manager_pages`) at ``/manager``, outside the token gate (its own
    sign-in)."""
    from kiosk.server.feed import feed_endpoint
    from kiosk.server.schema import openapi

    service = host.service
    the_gate: Gate = gate or OpenGate()
    access = access or getattr(gate, "access", None)
    answers = Answers()
    kept = Kept(service, access) if access is not None else None
    relay = Relay()
    reports = getattr(host, "reports", None)  # the daily reports (kiosk.app.daily)
    document = openapi()
    link: Callable[[str], str] | None = None
    if pages is not None:
        from kiosk.core.ticketlink import ticket_url

        link = functools.partial(ticket_url, pages.settings.ticket_url, pages.settings.secret)

    async def health(request: Request) -> Response:
        seq = await run_in_threadpool(lambda: service.feed.last)
        return JSON({"status": "ok", "seq": seq, "api": API})

    async def schema(request: Request) -> Response:
        return JSON(document)

    def handler(op: Op) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                principal = the_gate.admit(request, op)
                raw = await request.body()
                if len(raw) > MAX_BODY:
                    raise BadRequest(f"the request body is over {MAX_BODY} bytes")
                body = _json_body(raw) if op.body else None
                args = arguments(op, request.path_params, request.query_params, body)
                args["_log"] = host.store
                args["_access"] = access
                args["_relay"] = relay
                args["_who"] = principal
                args["_link"] = link
                args["_reports"] = reports
                the_gate.authorize(principal, op, args)
                if op.writes:
                    response = await _write(op, args, raw, principal, request)
                    if response.status_code in (401, 403):  # the operation's own refusal
                        _log_refusal(request, response.status_code, bytes(response.body))
                    return response
                result = await run_in_threadpool(op.call, service, args)
                if isinstance(result, Download):  # a file: its bytes
                    return Response(result.content, media_type=result.media_type)
                return JSON(to_json(result) if op.answer is not None else {})
            except KioskError as exc:
                return _refused(exc, op, request)

        endpoint.__name__ = op.name
        return endpoint

    async def _write(
        op: Op, args: dict[str, Any], raw: bytes, who: Principal, request: Request
    ) -> Response:
        key = request.headers.get("idempotency-key", "")
        if not key:
            return await run_in_threadpool(_apply, op, args, who)
        if len(key) > 200:
            raise BadRequest("Idempotency-Key: at most 200 characters")
        slot = (who.id, key)
        fingerprint = fingerprint_of(op.name, request.url.path, raw)

        def once() -> Response:
            with answers.turn(slot):
                seen = answers.get(slot, fingerprint)
                if seen is None and kept is not None:
                    seen = kept.find(op, who.pc, key, fingerprint)
                if seen is not None:
                    status, body = seen
                    return Response(
                        body, status, media_type="application/json",
                        headers={"Idempotent-Replay": "true"},
                    )  # fmt: skip
                with request_tag(key, who.pc):
                    response = _apply(op, args, who)
                if response.status_code < 500 and response.status_code not in (429, 503):
                    body = bytes(response.body)
                    answers.put(slot, fingerprint, response.status_code, body)
                    if kept is not None:
                        kept.keep(who.pc, key, fingerprint, response.status_code, body)
                return response

        return await run_in_threadpool(once)

    def _apply(op: Op, args: dict[str, Any], who: Principal) -> JSON:
        try:
            with the_gate.acting(who, op, args):
                result = op.call(service, args)
        except KioskError as exc:
            return error_response(exc)
        return JSON(to_json(result) if op.answer is not None else {})

    def _log_refusal(request: Request, status: int, why: object) -> None:
        if isinstance(why, bytes):
            try:
                why = json.loads(why).get("message", "")
            except (ValueError, AttributeError):
                why = ""
        client = request.client.host if request.client else "?"
        log.warning(
            "refused %s %s from %s: %d %s", request.method, request.url.path, client, status, why
        )

    def _refused(exc: KioskError, op: Op, request: Request) -> Response:
        status = error_status(exc)
        if status in (401, 403, 429):
            _log_refusal(request, status, exc)
        headers = None
        retry = getattr(exc, "retry_after", None)
        if retry is not None:
            headers = {"Retry-After": str(max(1, round(retry)))}
        return error_response(exc, headers)

    routes: list[BaseRoute] = [
        Route("/health", health, methods=["GET"]),
        Route("/openapi.json", schema, methods=["GET"]),
        WebSocketRoute(API + "/feed", feed_endpoint(service, the_gate, heartbeat_s, relay)),
    ]
    routes += [Route(op.route, handler(op), methods=[op.method]) for op in OPS]
    routes += list(mounts)
    if pages is not None:
        routes.append(pages.mount())
    if manager is not None:
        routes += manager.routes

    async def not_found(request: Request, exc: Exception) -> Response:
        from kiosk.core.errors import NotFound

        return error_response(NotFound(f"no route {request.method} {request.url.path}"))

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return JSON(
            {"error": "bad_request", "message": f"{request.method} is not allowed here"},
            status_code=405,
        )

    async def bug(request: Request, exc: Exception) -> Response:
        log.exception("hall server: a bug on %s %s", request.method, request.url.path)
        return JSON({"error": "internal", "message": "internal error (the server's log)"}, 500)

    app = Starlette(
        routes=routes,
        exception_handlers={404: not_found, 405: not_allowed, Exception: bug},
    )
    app.state.closers = [pages.aclose] if pages is not None else []
    return app


def _json_body(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"the request body is not JSON: {exc}") from None
