"""What the domain needs from the outside, as small protocols.

kiosk.store implements :class:`QueueStore`; the devices (printer, displays,
keypads, evaluators, voice) declare their own seams as they arrive.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from typing import Protocol

from kiosk.core.model import Call, Ticket
from kiosk.core.state import HallState


class QueueStore(Protocol):
    """Persistence of the queue. One transaction per operation."""

    def transaction(self) -> AbstractContextManager[HallState]:
        """Load the hall state under the store's write lock; write back its changes
        and commit when the block ends normally, roll back when it raises."""
        ...

    def read(self) -> AbstractContextManager[HallState]:
        """Load the hall state for reading; nothing is written back."""
        ...

    def recent_calls(self, day_id: int, limit: int) -> list[Call]:
        """The latest calls and recalls of a business day, newest first."""
        ...

    def tickets_of(self, date: dt.date | None) -> list[Ticket]:
        """Every ticket of the business days of this date (None: the latest day),
        in issue order."""
        ...
