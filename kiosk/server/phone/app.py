"""The ticket page's routes, mounted on the hall server under the path of ``kiosk.ticket_url``.

    <path>/t/<uid>?s=<sig>[&lang=zh|en]          the page (HTML; works with scripts off)
    <path>/t/<uid>/events?s=<sig>&lang=..        its live updates (server-sent events)
    <path>/t/<uid>/state?s=<sig>&lang=..         the same as JSON (the polling fallback)
    <path>/t/<uid>/leave?s=<sig>&lang=..         GET: "leave the queue?"; POST: leave

A link whose signature does not verify, or that names no ticket of this hall, gets the
same plain "this ticket link is not valid" page with status 404, whatever was wrong.
Requests are limited per client address (429 with Retry-After). The page can follow its
own ticket and leave the queue, nothing else: no other ticket, no staff operation.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import BaseRoute, Mount, Route

from kiosk.core.clock import Clock
from kiosk.core.errors import InvalidTransition
from kiosk.core.feed import HallFeed
from kiosk.core.model import Hall
from kiosk.core.service import QueueService
from kiosk.core.ticketlink import SIGNATURE_LENGTH, verify
from kiosk.server.phone import render
from kiosk.server.phone.hub import HallUnreadable, PhoneHub
from kiosk.server.phone.texts import Lang, choose
from kiosk.server.phone.views import TicketView

log = logging.getLogger(__name__)

UID = re.compile(r"[0-9A-Za-z_-]{1,64}")
SIG = re.compile(rf"[0-9a-f]{{{SIGNATURE_LENGTH}}}")
HEARTBEAT_S = 15.0  # a comment line on a quiet live stream: proxies keep it, dead ones show
MAX_FORM = 1024  # bytes of a leave form read


@dataclasses.dataclass(frozen=True)
class PhoneSettings:
    """What the ticket page takes from the hall's settings (kiosk.app): where it lives,
    the secret its links are signed with, the hall's names and language, the limits."""

    ticket_url: str  # kiosk.ticket_url as resolved (never empty)
    secret: str
    hall_zh: str
    hall_en: str
    default_language: Lang = "zh"
    per_minute: int = 60  # requests a minute per client address...
    burst: int = 30  # ...with bursts up to this many
    streams_per_address: int = 8  # live connections at once per client address
    estimates_s: float = 5.0  # the wait estimates are read again at most this often

    @property
    def path(self) -> str:
        """The path to mount the routes at: the ticket URL's ("/ticket")."""
        return urlsplit(self.ticket_url).path.rstrip("/")


def phone_settings(settings: Any) -> PhoneSettings:
    """From kiosk.app's Settings (its configuration, resolved: the ticket URL is never
    empty there, the secret is the hall's own)."""
    cfg = settings.config
    return PhoneSettings(
        cfg.kiosk.ticket_url,
        cfg.kiosk.secret,
        cfg.hall.name_zh,
        cfg.hall.name_en,
        cfg.kiosk.default_language,
    )


class PhonePages:
    """The ticket pages of one hall: their routes and the hub that keeps them live.

    ``mount()`` (or ``routes``, relative to ``settings.path + "/t"``); ``aclose()`` at
    shutdown ends the live streams and stops following the feed."""

    def __init__(
        self,
        service: QueueService,
        feed: HallFeed,
        settings: PhoneSettings,
        clock: Clock,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        from kiosk.server.limits import RateLimit

        if not settings.secret:
            raise ValueError("the ticket page needs the hall's secret")
        self.settings = settings
        self.hall: Hall = service.hall
        self._service = service
        self.hub = PhoneHub(
            service, feed, service.hall, clock, settings.secret, settings.estimates_s
        )
        self._limit = RateLimit(settings.per_minute, settings.burst, monotonic)
        self._streams: Counter[str] = Counter()
        # relative to <path>/t, where mount() puts them: the hall server's own routes stay
        # its own even when the ticket URL has no path (the pages then live at /t/...)
        self.routes: list[BaseRoute] = [
            Route("/{uid}", self.page, methods=["GET"]),
            Route("/{uid}/events", self.events, methods=["GET"]),
            Route("/{uid}/state", self.state, methods=["GET"]),
            Route("/{uid}/leave", self.leave, methods=["GET", "POST"]),
            # anything else under <path>/t/: the same answer as a bad link
            Route("/{rest:path}", self.elsewhere, methods=["GET", "POST"]),
        ]

    def mount(self) -> Mount:
        """The routes at ``<path>/t``, the tickets' links' own path."""
        return Mount(f"{self.settings.path}/t", routes=self.routes)

    async def aclose(self) -> None:
        await self.hub.aclose()

    # -- checks --------------------------------------------------------------------

    def _check(self, request: Request) -> tuple[str, render.Links] | Response:
        """The ticket and its links, or the answer that refuses the request."""
        address = request.client.host if request.client else "?"
        wait = self._limit.take(address)
        if wait:
            log.info("ticket page: %s refused: over the rate limit", address)
            return _plain("busy", 429, {"Retry-After": str(max(1, math.ceil(wait)))})
        uid = request.path_params["uid"]
        sig = request.query_params.get("s", "")
        if not (
            UID.fullmatch(uid) and SIG.fullmatch(sig) and verify(self.settings.secret, uid, sig)
        ):
            log.info("ticket page: %s refused: a link whose signature does not verify", address)
            return _invalid()
        lang = choose(
            request.headers.get("accept-language", ""),
            request.query_params.get("lang"),
            self.settings.default_language,
        )
        return uid, render.Links(uid, sig, lang)

    async def _view(self, uid: str) -> tuple[TicketView, int, str] | Response:
        """The ticket's view, or the answer: not valid (no ticket of this hall), or 503
        when the hall cannot be read just now."""
        try:
            view, seq, updated = await self.hub.view(uid)
        except HallUnreadable:
            return _plain("unavailable", 503, {"Retry-After": "10"})
        if view is None:
            log.info("ticket page: refused: a signed link to no ticket of this hall")
            return _invalid()
        return view, seq, updated

    def _release(self, address: str) -> None:
        self._streams[address] -= 1
        if self._streams[address] <= 0:
            del self._streams[address]

    def _name(self, lang: Lang) -> str:
        return self.settings.hall_zh if lang == "zh" else self.settings.hall_en

    # -- routes --------------------------------------------------------------------

    async def elsewhere(self, request: Request) -> Response:
        address = request.client.host if request.client else "?"
        wait = self._limit.take(address)
        if wait:
            return _plain("busy", 429, {"Retry-After": str(max(1, math.ceil(wait)))})
        return _invalid()

    async def page(self, request: Request) -> Response:
        checked = self._check(request)
        if isinstance(checked, Response):
            return checked
        uid, links = checked
        found = await self._view(uid)
        if isinstance(found, Response):
            return found
        view, seq, updated = found
        body = render.page(view, self.hall, self._name(links.lang), links, seq, updated)
        return HTMLResponse(body, headers=render.HEADERS)

    async def state(self, request: Request) -> Response:
        checked = self._check(request)
        if isinstance(checked, Response):
            return checked
        uid, links = checked
        found = await self._view(uid)
        if isinstance(found, Response):
            return found
        return JSONResponse(self.hub.data(uid, links.lang, links), headers=render.HEADERS)

    async def events(self, request: Request) -> Response:
        checked = self._check(request)
        if isinstance(checked, Response):
            return checked
        uid, links = checked
        address = request.client.host if request.client else "?"
        if self._streams[address] >= self.settings.streams_per_address:
            log.info("ticket page: %s refused: too many live pages", address)
            return _plain("busy", 429, {"Retry-After": "10"})
        self._streams[address] += 1  # counted at once: pages opening together are too
        after = _int(request.headers.get("last-event-id")) or _int(
            request.query_params.get("after")
        )
        try:
            found = await self._view(uid)
            if isinstance(found, Response):
                self._release(address)
                return found
            follower = await self.hub.follow(uid, links.lang, after)
        except HallUnreadable:  # the server began to stop meanwhile
            self._release(address)
            return _plain("unavailable", 503, {"Retry-After": "10"})
        except BaseException:
            self._release(address)
            raise

        async def stream() -> AsyncIterator[bytes]:
            try:
                yield f"retry: {render.LIVE_RETRY_MS}\n\n".encode()
                while not follower.closed:
                    try:
                        await asyncio.wait_for(follower.wake.wait(), HEARTBEAT_S)
                    except TimeoutError:
                        yield b": ping\n\n"
                        continue
                    follower.wake.clear()
                    frame = self.hub.frame(follower)
                    if frame is not None:
                        yield frame
            finally:
                self.hub.unfollow(follower)
                self._release(address)

        headers = {**render.HEADERS, "X-Accel-Buffering": "no"}
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)

    async def leave(self, request: Request) -> Response:
        checked = self._check(request)
        if isinstance(checked, Response):
            return checked
        uid, links = checked
        if request.method == "POST":
            form = parse_qs((await _body(request, MAX_FORM)).decode("utf-8", "replace"))
            if form.get("confirm") == ["yes"]:
                first = self.hub.leaving(uid)
                try:
                    await run_in_threadpool(self._service.leave, uid)
                    log.info("ticket page: ticket %s left the queue", uid)
                except InvalidTransition:  # gone already: the page says how
                    if first:
                        self.hub.stayed(uid)
            return RedirectResponse(f"../{links.page()}", status_code=303, headers=render.HEADERS)
        found = await self._view(uid)
        if isinstance(found, Response):
            return found
        view = found[0]
        on_leave = dataclasses.replace(links, on_leave=True)
        body = render.leave_page(view, self.hall, self._name(links.lang), on_leave)
        return HTMLResponse(body, headers=render.HEADERS)


def phone_routes(
    service: QueueService, feed: HallFeed, settings: PhoneSettings, clock: Clock
) -> list[BaseRoute]:
    """The ticket page's routes, relative to ``settings.path + "/t"`` (keep ``PhonePages``
    to close them at shutdown)."""
    return PhonePages(service, feed, settings, clock).routes


def _plain(key: str, status: int, extra: dict[str, str] | None = None) -> Response:
    return HTMLResponse(render.plain_page(key), status, headers={**render.HEADERS, **(extra or {})})


def _invalid() -> Response:
    return _plain("invalid", 404)


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 19 else 0


async def _body(request: Request, limit: int) -> bytes:
    data = b""
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            break
    return data[:limit]
