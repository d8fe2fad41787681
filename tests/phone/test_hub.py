"""A dozen live pages cost one computation per batch of feed events, not one per page:
the hall's status is read once, then the events are folded in (kiosk.core.hallfold)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx

from .conftest import PhoneServer

PAGES = 12
TIMEOUT = 60.0


def test_every_page_is_told_from_one_status_read(
    make_phone_server: Callable[..., PhoneServer],
) -> None:
    # one address for every page; no estimates' read in between
    phone_server = make_phone_server(estimates_s=3600, streams_per_address=PAGES)
    service = phone_server.service
    tickets = [service.issue("bill").ticket for _ in range(PAGES)]
    service.open_counter(1)
    told: dict[str, list[dict[str, object]]] = {t.uid: [] for t in tickets}
    following = threading.Barrier(PAGES + 1, timeout=TIMEOUT)
    done = threading.Event()
    errors: list[BaseException] = []

    def follow(uid: str) -> None:
        parts = urlsplit(phone_server.url(uid))
        live = f"{phone_server.base}{parts.path}/events?{parts.query}&after=0"
        try:
            with httpx.Client(timeout=TIMEOUT) as client, client.stream("GET", live) as r:
                for line in r.iter_lines():
                    if not line.startswith("data: "):
                        continue
                    told[uid].append(json.loads(line[6:]))
                    if len(told[uid]) == 1:
                        following.wait()
                    else:
                        break
        except BaseException as exc:  # reported by the test, not lost in a thread
            errors.append(exc)
            following.abort()

    threads = [threading.Thread(target=follow, args=(t.uid,)) for t in tickets]
    for t in threads:
        t.start()
    following.wait()  # every page has its first view
    reads, rounds = phone_server.pages.hub.reads, phone_server.pages.hub.rounds
    assert reads == 1
    service.call_next(1)  # every page changes: the first is called, the others move up
    for t in threads:
        t.join(TIMEOUT)
    done.set()
    assert not errors, errors
    first, *others = tickets
    assert told[first.uid][-1]["state"] == "called"
    for i, t in enumerate(others):
        assert told[t.uid][0]["state"] == told[t.uid][-1]["state"] == "waiting"
        expected = "下一位就是您" if i == 0 else f"您前面还有 {i} 人"
        assert expected in str(told[t.uid][-1]["html"])
    hub = phone_server.pages.hub
    assert hub.reads == reads  # folded: no read of the store's status
    assert hub.rounds - rounds <= 2  # one batch (two if the events arrived apart)
