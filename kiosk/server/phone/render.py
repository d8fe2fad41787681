"""The ticket page's HTML, rendered on the server: the whole page (which works with
scripts off) and the ticket's panel, the part the live updates replace.

Plain strings and ``html.escape``: no template engine, no front-end framework. The
script and the style are inline (one request on a slow phone) and allowed by their
hashes in the Content-Security-Policy (``CSP``); nothing else may run or load.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from html import escape
from importlib import resources

from kiosk.core.estimate import NoEstimate, Wording
from kiosk.core.model import Hall
from kiosk.server.phone.texts import Lang, text
from kiosk.server.phone.views import Shown, TicketView


def _asset(name: str) -> str:
    return resources.files("kiosk.server.phone").joinpath(name).read_text(encoding="utf-8")


SCRIPT = _asset("phone.js")
STYLE = _asset("phone.css")


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


CSP = (
    "default-src 'none'; "
    f"script-src {_sha256(SCRIPT)}; style-src {_sha256(STYLE)}; "
    "connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
# Every answer of the page: the link in the address bar is the ticket's key, so it must
# not leak through a Referer, be cached on a shared phone, or be framed.
HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
LIVE_RETRY_MS = 3000  # the browser's EventSource reconnects after this long
REFRESH_S = 30  # with scripts off, the page reloads itself this often


@dataclasses.dataclass(frozen=True)
class Links:
    """The page's own addresses, relative to the page (``<base>/t/<uid>``) or, with
    ``on_leave``, to its leave page (``<base>/t/<uid>/leave``): the same page works
    wherever the hall server mounts it. Each carries the signature and the language."""

    uid: str
    sig: str
    lang: Lang
    on_leave: bool = False

    def _q(self, lang: Lang | None = None) -> str:
        return f"?s={self.sig}&lang={lang or self.lang}"

    def page(self, lang: Lang | None = None) -> str:
        return ("../" if self.on_leave else "") + self.uid + self._q(lang)

    def other_language(self) -> str:
        other: Lang = "en" if self.lang == "zh" else "zh"
        return ("leave" + self._q(other)) if self.on_leave else self.page(other)

    def leave(self) -> str:
        return ("leave" if self.on_leave else f"{self.uid}/leave") + self._q()

    def events(self) -> str:
        return f"{self.uid}/events{self._q()}"

    def state(self) -> str:
        return f"{self.uid}/state{self._q()}"


def counter_name(hall: Hall, number: int | None, lang: Lang) -> str:
    for c in hall.counters:
        if c.number == number:
            return c.name_zh if lang == "zh" else c.name_en
    return f"{number} 号窗口" if lang == "zh" else f"counter {number}"


def service_name(hall: Hall, code: str, lang: Lang) -> str:
    for s in hall.services:
        if s.code == code:
            return s.name_zh if lang == "zh" else s.name_en
    return code


def _wait(view: TicketView, lang: Lang) -> str:
    w = view.wait
    if w is None:
        return text("wait_unknown", lang)
    shown = w.shown
    if shown is Wording.NONE:
        if w.reason is NoEstimate.CLOSED and w.resumes_at is not None:
            return text("wait_closed", lang, time=w.resumes_at.strftime("%H:%M"))
        if w.resumes_at is not None:  # a paused counter is expected back
            return text("wait_no_counter_back", lang, time=w.resumes_at.strftime("%H:%M"))
        return text("wait_no_counter", lang)
    if shown is Wording.NO_WAIT:
        return text("wait_none", lang)
    if shown is Wording.ABOUT:
        return text("wait", lang, wait=text("wait_about", lang, n=w.about_min))
    if shown is Wording.UNDER:
        return text("wait", lang, wait=text("wait_short", lang, n=w.high_min))
    return text("wait", lang, wait=text("wait_range", lang, low=w.low_min, high=w.high_min))


def alert_key(view: TicketView) -> str:
    """Changes with every call and recall: the script alerts when it changes to a call."""
    return f"{view.shown}:{view.counter or ''}:{view.call_count}"


def _p(cls: str, words: str) -> str:
    return f'<p class="{cls}">{escape(words)}</p>'


def _ahead(n: int, lang: Lang) -> str:
    return text("ahead_0", lang) if n == 0 else text("ahead_n", lang, n=n)


def panel(view: TicketView, hall: Hall, links: Links, updated: str) -> str:
    """The ticket's part of the page (``<section id="t">``), the same with or without
    scripts: the live updates replace it with a fresh one."""
    lang = links.lang
    where = counter_name(hall, view.counter, lang)
    lines: list[str] = []
    shown = view.shown
    if shown is Shown.WAITING:
        if view.ahead is not None:
            lines.append(_p("big", _ahead(view.ahead, lang)))
        lines.append(_p("wait", _wait(view, lang)))
        lines.append(_p("note", text("keep_page", lang)))
    elif shown is Shown.TRANSFERRED:
        target = where if view.counter else service_name(hall, view.service, lang)
        lines.append(_p("big", text("transferred", lang, where=target)))
        if view.ahead is not None:
            lines.append(_p("wait", f"{_ahead(view.ahead, lang)} · {_wait(view, lang)}"))
        lines.append(_p("note", text("transferred_do", lang)))
    elif shown is Shown.CALLED:
        lines.append(_p("call", text("called", lang, counter=where)))
        if view.call_count > 1:
            lines.append(_p("note", text("called_again", lang, n=view.call_count)))
    elif shown is Shown.SERVING:
        lines.append(_p("big", text("serving", lang, counter=where)))
    elif shown is Shown.PARKED:
        lines.append(_p("big", text("parked", lang, counter=where)))
        lines.append(_p("note", text("parked_do", lang, counter=where)))
    elif shown is Shown.DONE:
        lines.append(_p("big", text("done", lang)))
    else:  # no-show, left, cancelled, ended: what happened and what to do
        lines.append(_p("big", text(str(shown), lang)))
        lines.append(_p("note", text(f"{shown}_do", lang)))
    if view.can_leave:
        leave = escape(links.leave())
        lines.append(
            f'<p><a class="btn leave" href="{leave}">{escape(text("leave", lang))}</a></p>'
        )
    lines.append(_p("upd", text("updated", lang, time=updated)))
    return (
        f'<section id="t" class="s-{shown}" data-state="{shown}" '
        f'data-alert="{escape(alert_key(view))}" data-final="{int(shown.final)}">\n'
        + _p("svc", service_name(hall, view.service, lang))
        + f'\n<p class="num">{escape(view.number)}</p>\n'
        + "\n".join(lines)
        + "\n</section>"
    )


def _head(lang: Lang, title: str, refresh: bool) -> str:
    again = (
        f'<noscript><meta http-equiv="refresh" content="{REFRESH_S}"></noscript>' if refresh else ""
    )
    return (
        "<!doctype html>\n"
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>{again}\n<style>{STYLE}</style></head>\n"
    )


def _link(cls: str, href: str, words: str, extra: str = "") -> str:
    return f'<a class="{cls}" href="{escape(href)}"{extra}>{escape(words)}</a>'


def _top(hall_name: str, links: Links) -> str:
    other = "en" if links.lang == "zh" else "zh"
    switch = _link(
        "lang", links.other_language(), text("switch", links.lang), f' hreflang="{other}"'
    )
    return f'<header><span class="hall">{escape(hall_name)}</span>{switch}</header>\n'


def page(view: TicketView, hall: Hall, hall_name: str, links: Links, seq: int, updated: str) -> str:
    """The whole page: the panel, a refresh link, the script for live updates."""
    lang = links.lang
    live = (
        ""
        if view.shown.final
        else (
            f'<button id="snd" class="btn" hidden>{escape(text("sound_on", lang))}</button>'
            f'<p id="off" class="note" hidden>{escape(text("offline", lang))}</p>'
        )
    )
    data = (
        f'data-events="{escape(links.events())}" data-state-url="{escape(links.state())}" '
        f'data-seq="{seq}"'
    )
    refresh = _link("btn ghost", links.page(), text("refresh", lang), ' id="refresh"')
    return (
        _head(lang, f"{view.number} · {text('title', lang)}", not view.shown.final)
        + f"<body {data}>\n"
        + _top(hall_name, links)
        + "<main>\n"
        + panel(view, hall, links, updated)
        + f"\n{live}<p>{refresh}</p>\n"
        + f"</main>\n<script>{SCRIPT}</script>\n</body></html>\n"
    )


def leave_page(view: TicketView, hall: Hall, hall_name: str, links: Links) -> str:
    """Leave the queue? A form that posts the answer (no script needed)."""
    lang = links.lang
    if not view.can_leave:
        body = _p("big", text("left_gone", lang))
    else:
        yes = escape(text("leave_yes", lang))
        body = (
            _p("big", text("leave_q", lang))
            + _p("note", text("leave_note", lang))
            + f'<form method="post" action="{escape(links.leave())}">'
            + '<input type="hidden" name="confirm" value="yes">'
            + f'<button class="btn leave" type="submit">{yes}</button></form>\n'
        )
    stay = _link("btn ghost", links.page(), text("leave_no", lang), ' id="stay"')
    return (
        _head(lang, f"{view.number} · {text('leave', lang)}", False)
        + "<body>\n"
        + _top(hall_name, links)
        + '<main><section id="t" class="s-leave">\n'
        + _p("svc", service_name(hall, view.service, lang))
        + f'\n<p class="num">{escape(view.number)}</p>\n{body}\n</section>\n'
        + f"<p>{stay}</p>\n</main>\n</body></html>\n"
    )


def plain_page(key: str) -> str:
    """A page that says one thing in both languages and nothing else (a link that is not
    valid, too many requests): no ticket, no hall, no hint of why."""
    zh, en = text(key, "zh"), text(key, "en")
    return (
        _head("zh", f"{zh} / {en}", False)
        + f'<body><main><section id="t" class="s-plain">{_p("big", zh)}'
        + f'<p class="big" lang="en">{escape(en)}</p></section></main></body></html>\n'
    )
