"""The ticket pages' side of the hall feed: every followed ticket's view computed once per
batch of feed events, for all of them at once, rendered once per ticket and language, and
handed to the pages that follow it.

The hall's status is read in full once, then each batch of events is folded into it
(kiosk.core.hallfold, as the windows do: no store read); the wait estimates come from a
full read made beside the folding at most every ESTIMATES_S. Followers are the live
connections (server-sent events) and page loads waiting for a fresh view. Everything runs
on the server's event loop but the computations and reads, which run in worker threads
(one computation at a time); the feed's handler only hands the events over to the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import time
from collections import defaultdict
from collections.abc import Sequence

from kiosk.core.clock import Clock
from kiosk.core.estimate import WaitEstimate
from kiosk.core.feed import FeedEvent, HallFeed, Subscription
from kiosk.core.hallfold import HallFold
from kiosk.core.model import Hall
from kiosk.core.service import HallStatus, QueueService
from kiosk.core.ticketlink import signature
from kiosk.server.phone import render
from kiosk.server.phone.texts import LANGS, Lang, text
from kiosk.server.phone.views import Shown, TicketView, Views, followed_views, own_estimates

log = logging.getLogger(__name__)

MAX_LEFT = 100_000  # tickets remembered as left by their visitor (a few days of a hall)
REFRESH_S = 30.0  # views are recomputed at least this often while followed (estimates age)
ESTIMATES_S = 5.0  # after events, the wait estimates are read again at most this often


class HallUnreadable(Exception):
    """The hall's status could not be read just now (the store is locked or gone)."""


@dataclasses.dataclass(eq=False)
class Follower:
    """One live page: the ticket it follows, its language, the last change it was sent."""

    uid: str
    lang: Lang
    seen: int
    wake: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)
    closed: bool = False


@dataclasses.dataclass(frozen=True)
class Round:
    """What one computation produced: the status's sequence number, every followed view,
    the uids that are no ticket of this hall, the hall's time then (HH:MM)."""

    seq: int
    views: dict[str, TicketView]
    unknown: frozenset[str]
    updated: str


class PhoneHub:
    def __init__(
        self,
        service: QueueService,
        feed: HallFeed,
        hall: Hall,
        clock: Clock,
        secret: str,
        estimates_s: float = ESTIMATES_S,
    ) -> None:
        self._service = service
        self._estimates_s = estimates_s
        self._secret = secret
        self._feed = feed
        self._hall = hall
        self._clock = clock
        self._followers: dict[str, set[Follower]] = defaultdict(set)
        self._views: dict[str, TicketView] = {}
        self._changed: dict[str, int] = {}  # uid -> the seq at which its view last changed
        self._updated: dict[str, str] = {}  # uid -> the hall's time (HH:MM) of that change
        self._frames: dict[tuple[str, Lang], bytes] = {}
        self._unknown: frozenset[str] = frozenset()
        self._seq = -1  # the status sequence number the views were computed at
        self._computed_at = 0.0  # time.monotonic() of the last computation
        self._heard = 0  # the newest feed sequence number heard of
        self._wanted: set[str] = set()
        self._left: dict[str, None] = {}  # tickets their visitor left the queue of, here
        self._loop: asyncio.AbstractEventLoop | None = None
        self._dirty: asyncio.Event | None = None
        self._done: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._sub: Subscription | None = None
        self._starting: asyncio.Lock | None = None
        self._ended = False  # aclose() was called
        self.rounds = 0  # computations so far (the benchmark's count)
        self.reads = 0  # of which full status reads
        # the hall status, folded from the feed's events between full reads, and the
        # waiting tickets' estimates of the last full read (as the windows keep them)
        self._fold: HallFold | None = None
        self._estimates: dict[str, WaitEstimate] = {}
        self._read_at = 0.0  # time.monotonic() of the last full read
        self._pending: list[FeedEvent] = []  # told by the feed, not folded yet
        self._refresh: asyncio.Task[HallStatus] | None = None  # a full read under way
        self._since: list[FeedEvent] | None = None  # the events told since it began

    # -- life ----------------------------------------------------------------------

    async def _start(self) -> None:
        if self._task is not None:
            return
        if self._ended:  # the server is stopping: no following again
            raise HallUnreadable("the hall server is stopping")
        if self._starting is None:
            self._starting = asyncio.Lock()
        async with self._starting:
            if self._task is not None:
                return
            self._loop = asyncio.get_running_loop()
            self._dirty = asyncio.Event()
            self._done = asyncio.Event()
            # subscribing reads the log's head: off the loop
            self._sub = await asyncio.to_thread(
                self._feed.subscribe, "ticket pages", self._on_events
            )
            self._heard = max(self._heard, self._sub.last)
            self._task = self._loop.create_task(self._run(), name="ticket pages")

    async def aclose(self) -> None:
        """Stop following the feed and end every live page's stream."""
        self._ended = True
        if self._sub is not None:
            self._sub.close()
            self._sub = None
        for followers in self._followers.values():
            for f in followers:
                f.closed = True
                f.wake.set()
        if self._refresh is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._refresh
            self._refresh = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _on_events(self, events: Sequence[FeedEvent]) -> None:
        """The feed's handler (any thread, under the feed's lock): hand over, no more."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._news, list(events))

    def _news(self, events: list[FeedEvent]) -> None:
        self._heard = max(self._heard, events[-1].seq)
        self._pending.extend(events)
        assert self._dirty is not None
        self._dirty.set()

    # -- pages ---------------------------------------------------------------------

    def _fresh(self, uid: str) -> bool:
        return (
            self._seq >= self._heard
            and time.monotonic() - self._computed_at < REFRESH_S
            and (uid in self._views or uid in self._unknown)
        )

    async def view(self, uid: str) -> tuple[TicketView | None, int, str]:
        """The ticket's view now (None: no ticket of this hall), the sequence number of its
        last change and the hall's time of it: a page load's. Waits for a computation when
        the hall changed since the last one; many page loads share one."""
        await self._start()
        for _ in range(3):  # a computation already running may have started before us
            if self._fresh(uid):
                break
            self._wanted.add(uid)
            assert self._dirty is not None and self._done is not None
            done = self._done
            self._dirty.set()
            await done.wait()
        view = self._views.get(uid)
        if view is None and uid not in self._unknown:
            raise HallUnreadable(uid)  # the store failed (logged): neither known nor unknown
        return view, self._changed.get(uid, 0), self._updated.get(uid, "")

    async def follow(self, uid: str, lang: Lang, after: int) -> Follower:
        """A live page of this ticket that has seen its changes up to ``after``."""
        await self._start()
        f = Follower(uid, lang, after)
        self._followers[uid].add(f)
        if self._changed.get(uid, -1) > after:
            f.wake.set()
        elif not self._fresh(uid):
            self._wanted.add(uid)
            assert self._dirty is not None
            self._dirty.set()
        return f

    def leaving(self, uid: str) -> bool:
        """The visitor is leaving: noted before the operation, so that any view computed
        after it says "you left". False when it was noted already (a second try)."""
        if uid in self._left:
            return False
        self._left[uid] = None
        while len(self._left) > MAX_LEFT:
            del self._left[next(iter(self._left))]
        return True

    def stayed(self, uid: str) -> None:
        """The leaving was refused (the ticket was no longer in the queue)."""
        self._left.pop(uid, None)

    def unfollow(self, f: Follower) -> None:
        f.closed = True
        followers = self._followers.get(f.uid)
        if followers is not None:
            followers.discard(f)
            if not followers:
                del self._followers[f.uid]

    def frame(self, f: Follower) -> bytes | None:
        """The newest change of the follower's ticket as a server-sent event, once."""
        changed = self._changed.get(f.uid, -1)
        if changed <= f.seen or f.uid not in self._views:
            return None
        f.seen = changed
        key = (f.uid, f.lang)
        frame = self._frames.get(key)
        if frame is None:
            frame = self._frames[key] = self._render(f.uid, f.lang, changed)
        return frame

    def data(self, uid: str, lang: Lang, links: render.Links) -> dict[str, object]:
        """What a live update carries (the polling fallback's answer too)."""
        view = self._views[uid]
        return {
            "seq": self._changed.get(uid, 0),
            "state": str(view.shown),
            "ahead": view.ahead,
            "title": f"{view.number} · {text('title', lang)}",
            "html": render.panel(view, self._hall, links, self._updated.get(uid, "")),
        }

    def _render(self, uid: str, lang: Lang, changed: int) -> bytes:
        links = render.Links(uid, signature(self._secret, uid), lang)
        payload = json.dumps(self.data(uid, lang, links), ensure_ascii=False, separators=(",", ":"))
        return f"id: {changed}\nevent: ticket\ndata: {payload}\n\n".encode()

    # -- the computation -------------------------------------------------------------

    async def _run(self) -> None:
        assert self._dirty is not None
        while True:
            idle = False
            try:
                await asyncio.wait_for(self._dirty.wait(), REFRESH_S)
            except TimeoutError:
                if not self._followers:
                    continue
                idle = True  # nothing happened for a while: the estimates age
            self._dirty.clear()
            uids = set(self._followers) | self._wanted
            self._wanted = set()
            events, self._pending = self._pending, []
            if self._since is not None:
                self._since.extend(events)
            refreshed = None
            if self._refresh is not None and self._refresh.done():
                refreshed = self._refreshed()
            full = self._fold is None or self._fold.stale
            try:
                result = await asyncio.to_thread(
                    self._compute, uids, dict(self._views), events, full, refreshed
                )
            except Exception:  # the store failed (locked, gone): pages keep the last views
                log.exception("ticket pages: the hall's status could not be read")
                self._fold = None  # read it all again next time
                result = None
            if result is not None:
                self._apply(result)
            assert self._done is not None
            done, self._done = self._done, asyncio.Event()
            done.set()
            due = time.monotonic() - self._read_at >= self._estimates_s
            if (idle or due) and self._refresh is None and not full:
                self._start_refresh()

    def _start_refresh(self) -> None:
        """Read the status in full, estimates and all, beside the folding: the pages get
        each change from the fold meanwhile, and the new estimates when the read is done."""
        assert self._loop is not None and self._dirty is not None
        self._since = []
        dirty = self._dirty
        self._refresh = self._loop.create_task(
            asyncio.to_thread(self._service.status, last_calls=1), name="ticket pages: read"
        )
        self._refresh.add_done_callback(lambda _task: dirty.set())

    def _refreshed(self) -> tuple[HallStatus, list[FeedEvent]] | None:
        """The finished full read and the events told since it began (None: it failed)."""
        assert self._refresh is not None
        task, self._refresh = self._refresh, None
        since, self._since = self._since or [], None
        if task.cancelled() or task.exception() is not None:
            log.warning("ticket pages: the estimates could not be read: %s", task.exception())
            return None
        return task.result(), since

    def _status(
        self,
        events: list[FeedEvent],
        full: bool,
        fresh: tuple[HallStatus, list[FeedEvent]] | None = None,
    ) -> HallStatus:
        """The hall now: folded from the events (no store read); from a full read made
        beside the folding (``fresh``: its status and the events since it began, which are
        folded into it); or from a full read now, at first or when the fold cannot go on
        (a new business day)."""
        if fresh is not None and not full:
            status, since = fresh
            fold = HallFold(self._hall, status, calls=1)
            if fold.apply(since):
                self._fold = fold
                self._estimates = own_estimates(status)
                self._read_at = time.monotonic()
                self.reads += 1
                return fold.status(self._clock.now())
            full = True  # a new day began meanwhile
        if not full and self._fold is not None and self._fold.apply(events):
            return self._fold.status(self._clock.now())
        status = self._service.status(last_calls=1)
        self.reads += 1
        self._fold = HallFold(self._hall, status, calls=1)
        self._estimates = own_estimates(status)
        self._read_at = time.monotonic()
        return status

    def _compute(
        self,
        uids: set[str],
        previous: dict[str, TicketView],
        events: list[FeedEvent],
        full: bool,
        refreshed: tuple[HallStatus, list[FeedEvent]] | None = None,
    ) -> Round:
        """Every followed ticket's view from one status (worker thread; one at a time). A
        finished ticket's view never changes: it is kept, not read again."""
        status = self._status(events, full, refreshed)
        views = Views(self._hall, status, self._estimates)
        finished = {}
        kept: dict[str, TicketView] = {}
        for uid in uids:
            if views.active(uid) is not None:
                continue
            old = previous.get(uid)
            if old is not None and old.shown.final:
                kept[uid] = old
                continue
            ticket = self._service.ticket(uid)
            if ticket is not None:
                finished[uid] = ticket
        fresh = followed_views(views, uids - kept.keys(), finished)
        for uid, view in fresh.items():
            if view.shown is Shown.CANCELLED and uid in self._left:
                fresh[uid] = dataclasses.replace(view, shown=Shown.LEFT)
        fresh.update(kept)
        self.rounds += 1
        return Round(
            status.seq,
            fresh,
            frozenset(uids - fresh.keys()),
            self._clock.now().strftime("%H:%M"),
        )

    def _apply(self, result: Round) -> None:
        self._seq = result.seq
        self._computed_at = time.monotonic()
        self._unknown = result.unknown
        for uid, view in result.views.items():
            if self._views.get(uid) != view:
                self._changed[uid] = result.seq
                self._updated[uid] = result.updated
                for lang in LANGS:
                    self._frames.pop((uid, lang), None)
        gone = self._views.keys() - result.views.keys()
        self._views = result.views
        for uid in gone:
            if uid not in self._followers:
                self._changed.pop(uid, None)
                self._updated.pop(uid, None)
                for lang in LANGS:
                    self._frames.pop((uid, lang), None)
        for uid, followers in self._followers.items():
            if self._changed.get(uid, -1) > min((f.seen for f in followers), default=0):
                for f in followers:
                    if self._changed[uid] > f.seen:
                        f.wake.set()
