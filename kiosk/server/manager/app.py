"""The manager view's routes on the hall server (docs/reports.md, "The manager view"):

    GET  /manager                     the page: ?period=today|yesterday|week|month|custom
                                      &from=YYYY-MM-DD&to=YYYY-MM-DD&by=GROUP&lang=zh|en
    GET  /manager/report.{csv,xlsx,pdf,json}?...   the same report, to download
    GET  /manager/daily/YYYY-MM-DD.{pdf,csv}       a daily report
    GET  /manager/signin, POST /manager/signin     sign in with a manager's token
    POST /manager/signout

Signing in: the token of a PC enrolled as ``manager`` (or ``admin``) starts a session
kept in memory (a random id in an HttpOnly, SameSite=Strict cookie, Secure on https;
12 hours; a server restart signs everyone out); every request checks the PC is still
enrolled (`kiosk server revoke` ends its sessions at once). The pages only read (GET);
the two POSTs refuse another site's Origin. Requests are limited per address, sign-in
attempts more strictly; refusals are logged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import math
import secrets
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import BaseRoute, Route

from kiosk.core.daily import parse_name
from kiosk.core.errors import ConfigError, KioskError
from kiosk.core.report import check_groups
from kiosk.server.limits import RateLimit
from kiosk.server.manager import render, sections
from kiosk.server.manager.period import BadPeriod, Period, parse
from kiosk.server.manager.source import FORMATS, Manager, Source
from kiosk.server.manager.texts import Lang, choose, text

log = logging.getLogger(__name__)

COOKIE = "kiosk_manager"
MAX_FORM = 1024  # bytes of a sign-in form read
MAX_SESSIONS = 1000  # the oldest is dropped past this
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


@dataclasses.dataclass(frozen=True)
class ManagerSettings:
    hall_zh: str
    hall_en: str
    default_language: Lang = "zh"
    per_minute: int = 600  # requests a minute per client address ([server] rate_per_address)
    signin_per_minute: int = 10  # sign-in attempts a minute per address...
    signin_burst: int = 5  # ...with bursts up to this many
    session_s: float = 12 * 3600  # a session's life


@dataclasses.dataclass
class _Session:
    manager: Manager
    until: float  # monotonic


class Sessions:
    """Signed-in managers by a random session id, in memory, bounded."""

    def __init__(self, life_s: float, monotonic: Callable[[], float]) -> None:
        self._life = life_s
        self._now = monotonic
        self._lock = threading.Lock()
        self._by_id: dict[str, _Session] = {}

    def start(self, manager: Manager) -> str:
        sid = secrets.token_urlsafe(32)
        with self._lock:
            self._by_id[sid] = _Session(manager, self._now() + self._life)
            now = self._now()
            for old in [k for k, s in self._by_id.items() if s.until <= now]:
                del self._by_id[old]
            while len(self._by_id) > MAX_SESSIONS:
                del self._by_id[next(iter(self._by_id))]
        return sid

    def find(self, sid: str) -> Manager | None:
        with self._lock:
            found = self._by_id.get(sid)
            if found is None:
                return None
            if found.until <= self._now():
                del self._by_id[sid]
                return None
            return found.manager

    def end(self, sid: str) -> None:
        with self._lock:
            self._by_id.pop(sid, None)

    def end_pc(self, pc: int) -> None:
        with self._lock:
            for sid in [k for k, s in self._by_id.items() if s.manager.pc == pc]:
                del self._by_id[sid]


class ManagerPages:
    """The manager view of one hall: its routes (``routes``, at their full paths)."""

    def __init__(
        self,
        source: Source,
        settings: ManagerSettings,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self.settings = settings
        self.sessions = Sessions(settings.session_s, monotonic)
        self._limit = RateLimit(settings.per_minute, settings.per_minute, monotonic)
        self._signin_limit = RateLimit(settings.signin_per_minute, settings.signin_burst, monotonic)
        self.routes: list[BaseRoute] = [
            Route("/manager", self.page, methods=["GET"]),
            Route("/manager/signin", self.signin, methods=["GET", "POST"]),
            Route("/manager/signout", self.signout, methods=["POST"]),
            Route("/manager/report.{fmt}", self.download, methods=["GET"]),
            Route("/manager/daily/{name}", self.daily, methods=["GET"]),
        ]

    # -- checks --------------------------------------------------------------------

    def _lang(self, request: Request, asked: str | None = None) -> Lang:
        return choose(
            request.headers.get("accept-language", ""),
            asked if asked is not None else request.query_params.get("lang"),
            self.settings.default_language,
        )

    def _name(self, lang: Lang) -> str:
        return self.settings.hall_zh if lang == "zh" else self.settings.hall_en

    def _refuse(self, request: Request, status: int, why: str) -> None:
        client = request.client.host if request.client else "?"
        log.warning(
            "refused %s %s from %s: %d %s", request.method, request.url.path, client, status, why
        )

    def _busy(self, request: Request, limit: RateLimit) -> Response | None:
        address = request.client.host if request.client else "?"
        wait = limit.take(address)
        if not wait:
            return None
        self._refuse(request, 429, "over the rate limit")
        return Response(
            "busy", 429, headers={**render.HEADERS, "Retry-After": str(max(1, math.ceil(wait)))}
        )

    async def _manager(self, request: Request) -> Manager | None:
        sid = request.cookies.get(COOKIE, "")
        manager = self.sessions.find(sid) if sid else None
        if manager is None:
            return None
        if not await run_in_threadpool(self.source.allowed, manager.pc):
            self.sessions.end_pc(manager.pc)  # revoked since: every session of that PC
            return None
        return manager

    def _same_origin(self, request: Request) -> bool:
        """A POST from this server's own page: the browser's Sec-Fetch-Site says so, or
        (an older browser) its Origin is this server's, or it sends none."""
        site = request.headers.get("sec-fetch-site")
        if site is not None:
            return site in ("same-origin", "none")
        origin = request.headers.get("origin")
        if origin is None:
            return True
        return urlsplit(origin).netloc == request.headers.get("host", "")

    async def _signed_in(self, request: Request, page: bool) -> Manager | Response:
        busy = self._busy(request, self._limit)
        if busy is not None:
            return busy
        try:
            manager = await self._manager(request)
        except KioskError as exc:  # the PCs' records cannot be read just now
            log.warning("manager view: cannot check the session: %s", exc)
            return Response("unavailable", 503, headers={**render.HEADERS, "Retry-After": "10"})
        if manager is not None:
            return manager
        self._refuse(request, 401, "not signed in")
        if page:
            lang = self._lang(request)
            return RedirectResponse(
                f"/manager/signin?lang={lang}", status_code=303, headers=render.HEADERS
            )
        return Response("sign in first: /manager/signin", 401, headers=render.HEADERS)

    def _period(self, request: Request) -> Period:
        return parse(request.query_params, self.source.today())

    # -- routes --------------------------------------------------------------------

    async def signin(self, request: Request) -> Response:
        if request.method == "GET":
            busy = self._busy(request, self._limit)
            if busy is not None:
                return busy
            lang = self._lang(request)
            return HTMLResponse(render.signin_page(self._name(lang), lang), headers=render.HEADERS)
        busy = self._busy(request, self._signin_limit)
        if busy is not None:
            lang = self._lang(request)
            body = render.signin_page(self._name(lang), lang, text("signin_busy", lang))
            retry = {"Retry-After": busy.headers["retry-after"]}
            return HTMLResponse(body, 429, headers={**render.HEADERS, **retry})
        form = parse_qs((await _body(request, MAX_FORM)).decode("utf-8", "replace"))
        lang = self._lang(request, (form.get("lang") or [""])[0])
        if not self._same_origin(request):
            self._refuse(request, 403, "a sign-in from another site")
            return HTMLResponse("forbidden", 403, headers=render.HEADERS)
        token = (form.get("token") or [""])[0].strip()
        try:
            manager = await run_in_threadpool(self.source.sign_in, token) if token else None
        except KioskError as exc:
            log.warning("manager view: cannot check a token: %s", exc)
            body = render.signin_page(self._name(lang), lang, text("unavailable", lang))
            return HTMLResponse(body, 503, headers={**render.HEADERS, "Retry-After": "10"})
        if manager is None:
            self._refuse(request, 401, "not a manager's token")
            body = render.signin_page(self._name(lang), lang, text("signin_refused", lang))
            return HTMLResponse(body, 401, headers=render.HEADERS)
        sid = self.sessions.start(manager)
        log.info("manager view: PC %d (%s) signed in", manager.pc, manager.name)
        response = RedirectResponse(
            f"/manager?lang={lang}", status_code=303, headers=render.HEADERS
        )
        response.set_cookie(
            COOKIE, sid, max_age=int(self.settings.session_s), path="/manager",
            secure=request.url.scheme == "https", httponly=True, samesite="strict",
        )  # fmt: skip
        return response

    async def signout(self, request: Request) -> Response:
        busy = self._busy(request, self._limit)
        if busy is not None:
            return busy
        if not self._same_origin(request):
            self._refuse(request, 403, "a sign-out from another site")
            return HTMLResponse("forbidden", 403, headers=render.HEADERS)
        sid = request.cookies.get(COOKIE, "")
        if sid:
            self.sessions.end(sid)
        lang = self._lang(request)
        response = RedirectResponse(
            f"/manager/signin?lang={lang}", status_code=303, headers=render.HEADERS
        )
        response.delete_cookie(COOKIE, path="/manager", httponly=True, samesite="strict")
        return response

    async def page(self, request: Request) -> Response:
        who = await self._signed_in(request, page=True)
        if isinstance(who, Response):
            return who
        lang = self._lang(request)
        try:
            view = await run_in_threadpool(self._view, request, who, lang)
        except BadPeriod as bad:
            message = text(bad.key, lang, **bad.values)
            body = render.error_page(self._name(lang), lang, message, f"lang={lang}")
            return HTMLResponse(body, 400, headers=render.HEADERS)
        except KioskError as exc:  # the store cannot be read just now
            log.warning("manager view: the report cannot be read: %s", exc)
            body = render.error_page(
                self._name(lang), lang, text("unavailable", lang), f"lang={lang}"
            )
            return HTMLResponse(body, 503, headers={**render.HEADERS, "Retry-After": "10"})
        return HTMLResponse(render.page(view), headers=render.HEADERS)

    def _view(self, request: Request, who: Manager, lang: Lang) -> render.View:
        """On a worker thread: the reports the page draws, each through the function
        `kiosk report` uses."""
        period = self._period(request)
        source, first, last = self.source, period.first, period.last
        advice_day = _advice_day(request.query_params.get("advice_day"), last)
        keep = {"lang": lang, **dict(request.query_params)}
        by_hour = source.report(first, last, ("hour",))
        host = source.host
        daily = sections.daily_section(sections.daily_reports(source.daily_folder()), lang)
        by_staff = source.report(first, last, ("staff",)).rows
        table = source.report(first, last, (period.by,))
        ids = {r["staff"] for r in by_staff if r["staff"] is not None}
        return render.View(
            hall=source.hall,
            hall_name=self._name(lang),
            who=who.name,
            period=period,
            lang=lang,
            total=by_hour.total,
            by_hour=by_hour.rows,
            by_service=source.report(first, last, ("service",)).rows,
            by_counter=source.report(first, last, ("counter",)).rows,
            by_staff=by_staff,
            table=table,
            sections=(
                sections.advice_section(host, advice_day, lang, keep),
                sections.follow_ups_html(source.hall, by_hour.follow_ups, lang),
                daily,
            ),
            staff_names=source.staff_names(sorted(ids)),
        )

    async def download(self, request: Request) -> Response:
        who = await self._signed_in(request, page=False)
        if isinstance(who, Response):
            return who
        fmt = request.path_params["fmt"]
        if fmt not in FORMATS:
            return Response(f"no such format {fmt!r} (known: {', '.join(FORMATS)})", 404)
        lang = self._lang(request)
        try:
            data, name = await run_in_threadpool(self._file, request, fmt)
        except BadPeriod as bad:
            return Response(text(bad.key, lang, **bad.values), 400, headers=render.HEADERS)
        except ConfigError as exc:  # no Chinese font for a PDF
            log.warning("manager view: %s", exc)
            return Response(text("no_font", lang), 503, headers=render.HEADERS)
        headers = {**render.HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
        return Response(data, media_type=MEDIA[fmt], headers=headers)

    def _file(self, request: Request, fmt: str) -> tuple[bytes, str]:
        period = self._period(request)
        by = request.query_params.getlist("by") or [period.by]
        try:
            groups = check_groups(by)
        except ValueError:
            raise BadPeriod("bad_by", value=",".join(by)[:20]) from None
        report = self.source.report(period.first, period.last, groups)
        name = f"report-{period.first.isoformat()}-{period.last.isoformat()}.{fmt}"
        if fmt == "json":
            return json.dumps(report.as_json(), ensure_ascii=False).encode("utf-8"), name
        with tempfile.TemporaryDirectory(prefix="kiosk-manager-") as folder:
            path = Path(folder) / name
            self.source.write(report, fmt, path)
            return path.read_bytes(), name

    async def daily(self, request: Request) -> Response:
        who = await self._signed_in(request, page=False)
        if isinstance(who, Response):
            return who
        name = request.path_params["name"]
        if parse_name(name) is None:
            return Response("no such daily report", 404, headers=render.HEADERS)
        path = self.source.daily_folder() / name
        if not path.is_file():
            return Response("no such daily report", 404, headers=render.HEADERS)
        media = MEDIA["pdf" if name.endswith(".pdf") else "csv"]
        return FileResponse(path, media_type=media, filename=name, headers=render.HEADERS)


def _advice_day(asked: str | None, last: dt.date) -> dt.date:
    """The staffing advice's day: ``?advice_day=``, else the day after the period's."""
    if not asked:
        return last + dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(asked.strip())
    except ValueError:
        raise BadPeriod("bad_date", name="advice_day") from None


async def _body(request: Request, limit: int) -> bytes:
    data = b""
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            break
    return data[:limit]
