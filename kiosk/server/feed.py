"""The hall feed over a WebSocket: ``/api/v1/feed?after=N``.

The server subscribes to its process's :class:`~kiosk.core.feed.HallFeed` after N (the
last sequence number the client handled; absent: from now on): the feed tells the events
already in the log after N first, paged from the log, then each new one once, in order
(kiosk.core.feed). Each batch goes to the client as one message; when nothing happened
for ``heartbeat_s`` the server sends a ping carrying the last seq sent, so a client that
hears nothing for 3 s knows the link is dead and reconnects with its last N: it loses
nothing and gets nothing twice. Messages (docs/server-api.md):

    {"type": "hello", "after": N, "head": H, "heartbeat_ms": 1000}
    {"type": "events", "events": [{"seq": N+1, "kind": "called", ...}, ...]}
    {"type": "ping", "seq": LAST_SENT}
    {"type": "error", "error": KIND, "message": TEXT}   (then the socket closes)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect

from kiosk.core.errors import KioskError
from kiosk.core.feed import FeedEvent
from kiosk.core.service import QueueService
from kiosk.core.wire import BadRequest, error_status, error_to_json, feed_event_to_json
from kiosk.server.access import Gate
from kiosk.server.relay import Relay

log = logging.getLogger(__name__)

BACKLOG = 2000  # batches waiting for a slow client before it is told to reconnect
BATCH = 500  # events per message at most


def feed_endpoint(
    service: QueueService, gate: Gate, heartbeat_s: float, relay: Relay | None = None
) -> Callable[[WebSocket], Awaitable[None]]:
    async def endpoint(ws: WebSocket) -> None:
        try:
            who = gate.admit(ws, None)
            after = _after(ws.query_params.get("after"))
        except KioskError as exc:
            await ws.accept()
            await ws.send_text(json.dumps({"type": "error", **error_to_json(exc)}))
            await ws.close(code=4000 + error_status(exc))
            log.warning("refused the feed to %s: %s", ws.client.host if ws.client else "?", exc)
            return
        await ws.accept()
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[list[FeedEvent]] = asyncio.Queue()
        relayed: asyncio.Queue[dict[str, Any]] = asyncio.Queue()  # a device check, to a host

        def told(events: Sequence[FeedEvent]) -> None:  # on the committing thread
            with contextlib.suppress(RuntimeError):  # the loop is gone: the server stops
                loop.call_soon_threadsafe(queue.put_nowait, list(events))

        def relay_send(message: dict[str, Any]) -> None:  # on a request's thread
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(relayed.put_nowait, message)

        detach = (
            relay.attach(getattr(who, "pc", None), who.role, who.name, relay_send)
            if relay is not None
            else (lambda: None)
        )

        sub = await run_in_threadpool(service.feed.subscribe, f"websocket {who.id}", told, after)
        start = after if after is not None else sub.last
        reader = asyncio.ensure_future(_drain(ws))
        try:
            head = service.feed.last
            await _send(ws, {"type": "hello", "after": start, "head": head,
                             "heartbeat_ms": round(heartbeat_s * 1000)})  # fmt: skip
            last = start
            while True:
                getter = asyncio.ensure_future(queue.get())
                asked = asyncio.ensure_future(relayed.get())
                done, _ = await asyncio.wait(
                    {getter, reader, asked},
                    timeout=heartbeat_s,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if asked in done:
                    await _send(ws, asked.result())
                else:
                    asked.cancel()
                if reader in done:
                    getter.cancel()
                    break
                if getter not in done:
                    getter.cancel()
                    if asked not in done:
                        await _send(ws, {"type": "ping", "seq": last})
                    continue
                if queue.qsize() > BACKLOG:
                    await _send(ws, {"type": "error", "error": "unreachable",
                                     "message": "too far behind: reconnect"})  # fmt: skip
                    await ws.close(code=4503)
                    break
                events = getter.result()
                while not queue.empty() and len(events) < BATCH:
                    events += queue.get_nowait()
                fresh = [e for e in events if e.seq > last]
                if fresh:
                    last = fresh[-1].seq
                    await _send(
                        ws, {"type": "events", "events": [feed_event_to_json(e) for e in fresh]}
                    )
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass  # the client went away; it reconnects with its last seq
        finally:
            detach()
            sub.close()
            reader.cancel()

    return endpoint


def _after(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise BadRequest(
            f"after: expected the last sequence number handled (0 or more), got {raw!r}"
        )
    return int(raw)


async def _send(ws: WebSocket, message: dict[str, Any]) -> None:
    await ws.send_text(json.dumps(message, ensure_ascii=False, separators=(",", ":")))


async def _drain(ws: WebSocket) -> None:
    """Read what the client sends (pongs) until it goes away."""
    try:
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                return
    except (WebSocketDisconnect, RuntimeError):
        return
