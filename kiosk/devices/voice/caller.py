"""The hall's one announcer: it decides what is spoken, from the hall feed.

Each call is given to the voice once and each recall again, in the order they were
committed, whichever process or window made them and whether or not a display window is
open: the process that owns the voice (`kiosk run`, or `kiosk display` on its own)
follows the feed from the moment it starts (a call made before is not announced again).
The voice (kiosk.devices.voice.announcer.VoiceAnnouncer, or the simulated one) queues
them and speaks one at a time, so announcements never overlap.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from kiosk.core.feed import FeedEvent, HallFeed, Subscription, call_events
from kiosk.core.ports import Announcer
from kiosk.core.voice import announcement_text

log = logging.getLogger(__name__)


class CallAnnouncer:
    """Follows a feed and hands each call and recall to the voice, once, in order."""

    def __init__(self, voice: Announcer) -> None:
        self.voice = voice
        self._subscription: Subscription | None = None

    def follow(self, feed: HallFeed, after: int | None = None) -> None:
        """Announce the calls after ``after`` (None: from now on)."""
        self.stop()
        self._subscription = feed.subscribe("announcer", self._told, after)

    def stop(self) -> None:
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None

    @property
    def last(self) -> int:
        """The last event this announcer was told (where it resumes)."""
        return self._subscription.last if self._subscription is not None else 0

    def _told(self, events: Sequence[FeedEvent]) -> None:
        # On the feed's thread: the voice only queues, it never plays here.
        for call in call_events(events):
            zh, en = announcement_text(call.number, call.counter, call.recall)
            self.voice.announce(call, zh, en)
