"""The ticket page over real HTTP (uvicorn on the loopback, httpx): what it shows, its
live updates, leaving, and its safety (issue 12, items 2 and 3)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from kiosk.core.clock import ManualClock
from kiosk.core.errors import NothingToCall
from kiosk.core.estimate import Wording
from kiosk.core.model import EventKind, TicketState
from kiosk.core.service import QueueService
from kiosk.server.phone.render import SCRIPT, STYLE
from kiosk.store.sql import SqlStore

from .conftest import PhoneServer

TIMEOUT = 30.0  # generous: a loaded two-core machine


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=TIMEOUT, headers={"Accept-Language": "zh-CN,zh;q=0.9"}) as c:
        yield c


def _text(html: str) -> str:
    """The page's words, without tags, script or style."""
    html = re.sub(r"(?s)<(script|style)>.*?</\1>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_shows_the_number_business_type_ahead_and_wait_as_the_kiosk(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    service = phone_server.service
    service.open_counter(1)
    service.issue("bill")
    service.issue("bill")
    issued = service.issue("bill")  # the kiosk shows: 2 ahead, and its expected wait
    r = client.get(phone_server.url(issued.ticket.uid))
    assert r.status_code == 200
    words = _text(r.text)
    assert "A003" in words and "缴费充值" in words and "人民路营业厅" in words
    assert f"您前面还有 {issued.ahead} 人" in words and issued.ahead == 2
    status = service.status()
    (mine,) = [i for i, t in enumerate(status.waiting) if t.uid == issued.ticket.uid]
    wait = status.estimates[mine]
    if wait.shown is Wording.ABOUT:
        expected = f"约 {wait.about_min} 分钟，可能更久"
    elif wait.is_short:
        expected = f"少于 {wait.high_min} 分钟"
    else:
        expected = f"约 {wait.low_min}–{wait.high_min} 分钟"
    assert f"预计等候：{expected}" in words
    assert "离开队伍" in words and "刷新" in words
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["cache-control"] == "no-store"
    assert "script-src 'sha256-" in r.headers["content-security-policy"]


def test_the_page_counts_a_plan_ticket_after_four_bills_as_the_kiosk_does(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    """The issue's case on the page: counter 1 alone open (bill, plan, broadband: bill
    first); four bill tickets, then a plan ticket: 4 ahead, not "You are next"."""
    service = phone_server.service
    service.open_counter(1)
    for _ in range(4):
        service.issue("bill")
    plan = service.issue("plan")
    assert plan.ahead == 4
    words = _text(client.get(phone_server.url(plan.ticket.uid)).text)
    assert "您前面还有 4 人" in words and "下一位就是您" not in words


def test_with_every_counter_closed_the_page_promises_no_time(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    issued = phone_server.service.issue("bill")
    words = _text(client.get(phone_server.url(issued.ticket.uid)).text)
    assert "暂无窗口办理此业务，请留意叫号" in words and "分钟" not in words


def test_page_script_and_style_are_under_30_kb_together(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    """The page carries its script and style inline: one request, its bytes are all."""
    issued = phone_server.service.issue("bill")
    r = client.get(phone_server.url(issued.ticket.uid))
    assert SCRIPT in r.text and STYLE in r.text
    assert len(r.content) < 30 * 1024, len(r.content)


def test_with_scripts_off_the_page_refreshes_itself_and_has_a_refresh_link(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    issued = phone_server.service.issue("bill")
    url = phone_server.url(issued.ticket.uid)
    html = client.get(url).text
    assert '<noscript><meta http-equiv="refresh" content="30"></noscript>' in html
    again = client.get(httpx.URL(url).join(_href(html, 'id="refresh"')))
    assert again.status_code == 200 and "A001" in again.text


def test_language_from_the_phone_with_a_switch(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    issued = phone_server.service.issue("bill")
    url = phone_server.url(issued.ticket.uid)
    en = client.get(url, headers={"Accept-Language": "en-US,en;q=0.9,zh;q=0.5"})
    assert "You are next" in _text(en.text) and "Bill payment" in en.text
    assert '<html lang="en">' in en.text
    zh = client.get(httpx.URL(url).join(_href(en.text, 'class="lang"')))
    assert "下一位就是您" in _text(zh.text)
    assert "You are next" in _text(client.get(url + "&lang=en").text)


def _href(html: str, marker: str) -> str:
    """The href of the one link whose tag holds ``marker`` (an id or a class)."""
    (tag,) = [t for t in re.findall(r"<a [^>]*>", html) if marker in t]
    (href,) = re.findall(r'href="([^"]+)"', tag)
    return href.replace("&amp;", "&")


def _events(client: httpx.Client, url: str) -> Iterator[dict[str, object]]:
    """The live updates of a page, as they come."""
    parts = urlsplit(url)
    live = f"{parts.scheme}://{parts.netloc}{parts.path}/events?{parts.query}"
    with client.stream("GET", live) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if line.startswith("data: "):
                yield json.loads(line[6:])


def test_a_call_at_a_counter_reaches_the_live_page(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    service = phone_server.service
    issued = service.issue("bill")
    url = phone_server.url(issued.ticket.uid)
    seq = re.search(r'data-seq="(\d+)"', client.get(url).text)
    assert seq is not None
    updates = _events(client, f"{url}&after={seq.group(1)}")
    service.open_counter(1)  # nothing changes for the ticket: no update
    service.call_next(1)
    first = next(updates)
    assert first["state"] == "called"
    assert "请到 1号窗口" in _text(str(first["html"]))
    service.recall(1)
    again = next(updates)
    assert "第 2 次呼叫" in _text(str(again["html"]))
    service.serve(1)
    assert next(updates)["state"] == "serving"
    service.done(1)
    assert next(updates)["state"] == "done"


def test_the_polling_fallback_answers_the_same(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    service = phone_server.service
    issued = service.issue("bill")
    parts = urlsplit(phone_server.url(issued.ticket.uid))
    state = f"{phone_server.base}{parts.path}/state?{parts.query}"
    assert client.get(state).json()["state"] == "waiting"
    service.open_counter(2)
    service.call_next(2)
    data = client.get(state).json()
    assert data["state"] == "called" and "请到 2号窗口" in _text(data["html"])


@pytest.mark.parametrize(
    ("act", "shown", "words"),
    [
        (lambda s: (s.call_next(1), s.no_show(1)), "no_show", "请到取号机重新取号"),
        (
            lambda s: (s.call_next(1), s.serve(1), s.transfer(1, to_service="plan")),
            "transferred",
            "已为您转到：业务办理",
        ),
        (lambda s: (s.call_next(1), s.serve(1), s.park(1)), "parked", "1号窗口 已为您暂时挂起"),
        (lambda s: s.cancel("A001"), "cancelled", "此号码已取消"),
        (lambda s: s.reset_day(), "ended", "今日营业已结束"),
    ],
)
def test_what_happened_and_what_to_do(
    phone_server: PhoneServer,
    client: httpx.Client,
    act: Callable[..., object],
    shown: str,
    words: str,
) -> None:
    service = phone_server.service
    issued = service.issue("bill")
    service.open_counter(1)
    act(service)
    html = client.get(phone_server.url(issued.ticket.uid)).text
    assert f'data-state="{shown}"' in html
    assert words in _text(html)


def test_a_ticket_of_an_earlier_day_shows_as_ended(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    """Even before anything happened today (the store still holds it as waiting)."""
    issued = phone_server.service.issue("bill")
    phone_server.clock.advance(minutes=24 * 60)
    html = client.get(phone_server.url(issued.ticket.uid)).text
    assert 'data-state="ended"' in html and "离开队伍" not in html


def test_leaving_asks_first_then_cancels_by_the_visitor_and_no_counter_calls_it(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    service = phone_server.service
    mine = service.issue("bill").ticket
    other = service.issue("bill").ticket
    url = phone_server.url(mine.uid)
    leave = httpx.URL(url).join(_href(client.get(url).text, 'class="btn leave"'))
    ask = client.get(leave)
    assert "确定要离开队伍吗？" in _text(ask.text)
    assert service.ticket(mine.uid).state is TicketState.WAITING  # asking changes nothing
    assert client.post(leave, data={}).status_code == 303  # no confirmation: nothing
    assert service.ticket(mine.uid).state is TicketState.WAITING

    done = client.post(leave, data={"confirm": "yes"})
    assert done.status_code == 303
    page = client.get(httpx.URL(str(leave)).join(done.headers["location"]))
    assert str(page.url) == url + "&lang=zh"
    assert 'data-state="left"' in page.text and "您已离开队伍" in page.text
    assert service.ticket(mine.uid).state is TicketState.CANCELLED
    store = service._store
    assert isinstance(store, SqlStore)
    (event,) = [e for e in store.events() if e.ticket == mine.uid][-1:]
    assert event.kind is EventKind.CANCELLED and event.data["by"] == "visitor"
    service.open_counter(1)
    assert service.call_next(1).uid == other.uid
    service.serve(1)
    with pytest.raises(NothingToCall):
        service.call_next(1)
    assert client.post(leave, data={"confirm": "yes"}).status_code == 303  # again: harmless


def test_a_forged_or_altered_link_gets_the_same_plain_404(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    mine = phone_server.service.issue("bill").ticket
    other = phone_server.service.issue("plan").ticket
    good = phone_server.url(mine.uid)
    sig = good.rsplit("=", 1)[1]
    base = good.split("?")[0]
    flipped = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    bad = [
        f"{base}?s={flipped}",  # altered signature
        good.replace(mine.uid, other.uid),  # another ticket with this one's signature
        phone_server.url(mine.uid, "another-halls-secret"),  # forged with another key
        f"{base}",  # none
        f"{base}?s={sig}0",  # too long
        phone_server.url("0" * 32),  # signed, but no ticket of this hall
        f"{phone_server.base}/ticket/t/..%2F..%2Fetc?s={sig}",
    ]
    answers = [client.get(u) for u in bad]
    parts = urlsplit(good)
    for path in ("events", "state", "leave"):
        answers.append(client.get(f"{phone_server.base}{parts.path}/{path}?s={flipped}"))
    answers.append(client.post(f"{phone_server.base}{parts.path}/leave?s={flipped}",
                               data={"confirm": "yes"}))  # fmt: skip
    first = answers[0]
    assert first.status_code == 404
    assert "此号票链接无效" in first.text and "This ticket link is not valid" in first.text
    for r in answers:
        assert (r.status_code, r.text) == (404, first.text), r.url
    assert mine.number not in first.text and "缴费" not in first.text
    assert phone_server.service.ticket(mine.uid).state is TicketState.WAITING


def test_the_page_can_do_nothing_but_follow_and_leave(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    mine = phone_server.service.issue("bill").ticket
    url = phone_server.url(mine.uid)
    assert client.post(url, data={"confirm": "yes"}).status_code == 404
    assert client.delete(url).status_code == 405
    assert phone_server.service.ticket(mine.uid).state is TicketState.WAITING
    parts = urlsplit(url)
    for op in ("call", "done", "cancel", "status"):
        assert client.get(f"{phone_server.base}{parts.path}/{op}?{parts.query}").status_code == 404


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_requests_are_limited_per_client_address(
    make_phone_server: Callable[..., PhoneServer], client: httpx.Client
) -> None:
    ticks = FakeMonotonic()
    server = make_phone_server(ticks, per_minute=60, burst=3)
    url = server.url(server.service.issue("bill").ticket.uid)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    busy = client.get(url)
    assert busy.status_code == 429 and busy.headers["retry-after"] == "1"
    assert "请求过于频繁" in busy.text and "A001" not in busy.text
    assert client.get(url.replace("s=", "s=x")).status_code == 429  # bad links count too
    ticks.now += 2.0  # two requests' worth
    assert client.get(url).status_code == 200


def test_live_pages_are_limited_per_client_address(
    make_phone_server: Callable[..., PhoneServer], client: httpx.Client
) -> None:
    server = make_phone_server(streams_per_address=1)
    url = server.url(server.service.issue("bill").ticket.uid)
    parts = urlsplit(url)
    live = f"{server.base}{parts.path}/events?{parts.query}"
    with client.stream("GET", live) as first:
        assert first.status_code == 200
        assert client.get(live).status_code == 429


def test_no_personal_data_and_nothing_but_the_ticket(
    phone_server: PhoneServer, client: httpx.Client
) -> None:
    """The page holds the ticket's number, business type and place, and the hall's name:
    no other ticket's number, no staff, no counter list."""
    service = phone_server.service
    before = service.issue("bill").ticket
    mine = service.issue("bill").ticket
    html = client.get(phone_server.url(mine.uid)).text
    assert before.number not in html and before.uid not in html
    assert mine.uid in html  # its own links


def test_a_store_that_cannot_be_read_is_a_503_not_an_invalid_link(
    phone_server: PhoneServer, client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core.errors import StoreLocked

    mine = phone_server.service.issue("bill").ticket

    def locked(*_args: object, **_kwargs: object) -> None:
        raise StoreLocked("the store is locked")

    monkeypatch.setattr(phone_server.service, "status", locked)
    r = client.get(phone_server.url(mine.uid))
    assert r.status_code == 503 and r.headers["retry-after"] == "10"
    assert "暂时无法显示排队进度" in r.text and mine.number not in r.text
    monkeypatch.undo()
    assert client.get(phone_server.url(mine.uid)).status_code == 200  # read again


def test_mounted_at_the_root_the_pages_leave_the_servers_other_routes_alone(
    sql_service: QueueService, clock: ManualClock
) -> None:
    """A ticket_url without a path mounts the pages at the root of the hall server."""
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from kiosk.core.ticketlink import ticket_url
    from kiosk.server.phone import PhonePages, PhoneSettings

    from .conftest import SECRET, serve

    settings = PhoneSettings("https://queue.hall.example", SECRET, "厅", "Hall")
    pages = PhonePages(sql_service, sql_service.feed, settings, clock)
    assert settings.path == ""

    async def health(_request: object) -> PlainTextResponse:
        return PlainTextResponse("ok")

    app = Starlette(routes=[pages.mount(), Route("/health", health)])
    base, stop = serve(app)
    try:
        with httpx.Client(timeout=TIMEOUT) as client:
            assert client.get(f"{base}/health").text == "ok"
            mine = sql_service.issue("bill").ticket
            assert client.get(ticket_url(base, SECRET, mine.uid)).status_code == 200
    finally:
        stop()
