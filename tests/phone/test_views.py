"""The page's figures are the kiosk's: people ahead as kiosk.core.policy.ahead_of counts
them (what the kiosk prints at issue), the expected wait as the status estimates it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import config
from kiosk.core import policy
from kiosk.core.clock import ManualClock
from kiosk.core.errors import KioskError
from kiosk.core.memory import MemoryStore
from kiosk.core.model import Placement, Priority
from kiosk.core.service import QueueService
from kiosk.server.phone.views import Shown, Views, view_of

from ..conftest import MORNING

HALL = config.load(None).to_hall()
SERVICES = ("bill", "plan", "broadband", "phone")
step = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from(SERVICES), st.booleans()),
    st.tuples(st.just("call"), st.integers(1, 3), st.booleans()),
    st.tuples(st.just("transfer"), st.integers(1, 3), st.sampled_from((*SERVICES, 1, 2, 3))),
    st.tuples(st.just("front"), st.integers(1, 3), st.sampled_from(SERVICES)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=40))
def test_ahead_is_what_the_kiosk_counts(steps: list[tuple[object, ...]]) -> None:
    demo_hall = HALL
    service = QueueService(demo_hall, MemoryStore(), ManualClock(MORNING))
    for n in (1, 2, 3):
        service.open_counter(n)
    for kind, a, b in steps:
        try:
            if kind == "issue":
                service.issue(str(a), Priority.PRIORITY if b else Priority.NORMAL)
            elif kind == "call":
                assert isinstance(a, int)
                service.serve(a) if b else service.call_next(a)
            elif kind == "transfer":
                assert isinstance(a, int)
                if isinstance(b, int):
                    service.transfer(a, to_counter=b)
                else:
                    service.transfer(a, to_service=str(b))
            else:
                assert isinstance(a, int)
                service.transfer(a, to_service=str(b), placement=Placement.FRONT)
        except KioskError:
            pass
    status = service.status()
    views = Views(demo_hall, status)
    with service._store.read() as state:
        statuses = dict(state.counters)
    for i, t in enumerate(status.waiting):
        view = views.of(t)
        assert view.ahead == policy.call_ahead(demo_hall, statuses, status.waiting, t, status.at)
        expected = status.estimates[i] if i < len(status.estimates) else None
        assert view.wait == expected
        assert view.shown in (Shown.WAITING, Shown.TRANSFERRED)


def test_a_ticket_of_another_day_is_ended(memory_service: QueueService) -> None:
    ticket = memory_service.issue("bill").ticket
    assert view_of(ticket, ticket.day_id + 1).shown is Shown.ENDED
