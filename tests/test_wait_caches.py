"""What the wait learning keeps instead of working out again (issue 14, part 5) gives
the same answers to the bit as working them out each time: the lazily sorted
durations, a counter's business types from counts kept as its jobs come and go, the
precedence's cached leads, and the replay's desks, rates and waiting groups kept from
one view to the next."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import hallsim
from kiosk.core.wait.learn import Durations
from kiosk.core.wait.model import HallView, Learned, Precedence, seconds
from kiosk.core.wait.replay import Record, Replayer, forecast_start
from kiosk.core.wait.trace import TraceRow

# -- durations ---------------------------------------------------------------------------

_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.floats(-5.0, 900.0)),
        st.tuples(st.just("residual"), st.floats(0.0, 1000.0)),
        st.tuples(st.just("quantile"), st.floats(0.0, 1.0)),
        st.tuples(st.just("mean"), st.just(0.0)),
    ),
    max_size=300,
)


def _read(d: Durations, op: str, x: float) -> float:
    if op == "residual":
        return d.residual(x)
    return d.quantile(x) if op == "quantile" else d.mean()


class _Eager(Durations):
    LAZY = 10**9  # sorted at every add, as before


class _Lazy(Durations):
    LAZY = 3  # lazy soon, so that both ways are exercised


@settings(max_examples=60, deadline=None)
@given(_OPS, st.integers(1, 40))
def test_durations_sorted_lazily_read_the_same_as_sorted_at_each_add(
    ops: list[tuple[str, float]], size: int
) -> None:
    lazy, eager = _Lazy(size), _Eager(size)
    kept: collections.deque[float] = collections.deque(maxlen=size)
    for op, x in ops:
        if op == "add":
            lazy.add(x)
            eager.add(x)
            kept.append(max(0.0, x))
            continue
        a, b = (_read(d, op, x) for d in (lazy, eager))
        assert repr(a) == repr(b)  # the same float (nan when empty)
        assert lazy.values() == eager.values() == sorted(kept)
        assert len(lazy) == len(kept)


def test_durations_added_unread_are_sorted_at_the_first_read() -> None:
    d = _Lazy(3)
    for x in (5.0, 1.0, 4.0, 2.0):  # 5.0 leaves: the last three are kept
        d.add(x)
    assert d.quantile(0.0) == 1.0 and d.values() == [1.0, 2.0, 4.0]
    assert d.mean() == 7.0 / 3.0
    assert d.residual(1.5) == 3.0 - 1.5  # (2 + 4) / 2 - 1.5


# -- a counter's business types ----------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["bill", "plan", "broadband", "complaint", "a"]), max_size=700))
def test_a_counters_business_types_are_those_of_at_least_3_percent_of_its_last_300_jobs(
    jobs: list[str],
) -> None:
    learned = Learned()
    for service in jobs:
        learned.finished(service, "1", 60.0, 0.0)
    last = collections.Counter(jobs[-300:])
    for share in (0.03, 0.2):
        least = max(1.0, share * len(jobs[-300:]))
        expected = tuple(sorted(s for s, n in last.items() if n >= least))
        assert learned.desk_services("1", share) == expected
    assert learned.desk_services("2") == ()


def test_a_business_type_served_once_in_a_hundred_jobs_is_dropped() -> None:
    learned = Learned()
    for i in range(100):
        learned.finished("plan" if i == 0 else "bill", "1", 60.0, 0.0)
    assert learned.desk_services("1") == ("bill",)  # plan: 1 of 100, under 3 %
    for _ in range(3):
        learned.finished("plan", "1", 60.0, 0.0)
    assert learned.desk_services("1") == ("bill", "plan")  # 4 of 103, 3 % is 3.09


# -- who goes before whom ----------------------------------------------------------------

_KINDS = [("bill", 0), ("bill", 1), ("plan", 0)]


def _uncached(prec: Precedence, a: tuple[str, int], b: tuple[str, int]) -> float:
    """Learned.lead as it was worked out before it was cached."""
    if a == b:
        return 0.0
    fresh = Precedence(prec.limit)
    fresh._counts = prec._counts  # the same counts, no cache
    ahead = fresh.lead(a, b)
    if ahead is not None and ahead > 0.0:
        return ahead
    behind = fresh.lead(b, a)
    if behind is not None and behind > 0.0:
        return -behind
    if ahead is None and behind is None:
        return float("inf") if a[1] > b[1] else float("-inf") if a[1] < b[1] else 0.0
    return 0.0


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_KINDS),
            st.floats(0.0, 1000.0),
            st.lists(st.tuples(st.sampled_from(_KINDS), st.floats(0.0, 1000.0)), max_size=8),
        ),
        max_size=150,
    )
)
def test_cached_leads_are_the_leads_of_the_calls_seen_so_far(
    calls: list[tuple[tuple[str, int], float, list[tuple[tuple[str, int], float]]]],
) -> None:
    one, each = Precedence(limit=50.0), Precedence(limit=50.0)
    for called, since, others in calls:
        one.observe_call(called, since, others)
        for kind, start in others:  # one observation at a time, as before
            if start < since:
                each.observe(called, kind, since - start, True)
            elif start > since:
                each.observe(kind, called, start - since, False)
        assert one._counts == each._counts
        for a in _KINDS:
            for b in _KINDS:
                assert one.signed(a, b) == _uncached(one, a, b)


def test_a_lead_learned_one_way_is_the_other_ways_lead_read_again() -> None:
    prec = Precedence()
    a, b = ("bill", 0), ("plan", 0)
    assert prec.signed(a, b) == prec.signed(b, a) == 0.0  # the same class: in order
    for _ in range(20):  # bill called first over plan waiting 100 s longer, 20 times
        prec.observe_call(a, 1000.0, [(b, 900.0)])
    # the threshold that separates them best: after step 6 (90-105 s), so 105 s
    assert prec.signed(a, b) == 105.0
    assert prec.signed(b, a) == -105.0


# -- the replay's views ------------------------------------------------------------------


class _Fresh(Replayer):
    """A replayer that keeps nothing from one view to the next: every desk made again,
    the waiting groups copied, the rates left to the forecast."""

    def view(self) -> HallView:
        self._desks.clear()
        view = super().view()
        groups = view.groups()
        return HallView(
            view.now,
            view.waiting,
            view.desks,
            _groups={key: list(starts) for key, starts in groups.items()},
        )


class _Looking(Replayer):
    """A replayer that looks at each view again after the ticket forecast from it has
    joined the queue (as the benchmark's forward simulation does)."""

    changed = 0

    def _issue(self, row: TraceRow, view: HallView, wanted: bool) -> Record | None:
        before = {key: list(starts) for key, starts in view.groups().items()}
        record = super()._issue(row, view, wanted)
        self.changed += view.groups() != before
        return record


def test_a_view_keeps_the_waiting_groups_it_was_made_with() -> None:
    replayer = _Looking()
    assert len(list(replayer.run(_rows(days=2)))) > 500
    assert replayer.changed == 0


def _rows(days: int = 9) -> list[TraceRow]:
    busy = next(s for s in hallsim.SCENARIOS if s.name == "load 0.95")
    rows = hallsim.simulate(dataclasses.replace(busy, days=days), seed=3)
    return sorted(rows, key=lambda r: (r.issued_at, r.ticket))


def _same(a: list[Record], b: list[Record]) -> None:
    """The same tickets forecast to the bit (repr: a float's exact value, nan too)."""
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert repr((x.row, x.base, x.forecast)) == repr((y.row, y.base, y.forecast))


def test_views_kept_from_one_to_the_next_forecast_as_views_made_afresh() -> None:
    rows = _rows()
    _same(list(Replayer().run(rows)), list(_Fresh().run(rows)))


def test_a_live_learning_pushed_hour_by_hour_forecasts_as_one_replay() -> None:
    """Events pushed in parts (what finished since the last read) and advanced to each
    hour: the same forecasts as the whole trace replayed at once."""
    rows = _rows()
    start = dt.datetime.combine(rows[0].issued_at.date() + dt.timedelta(days=7), dt.time(9))
    parts = Replayer()
    parts.forecast_from = forecast_start(rows)
    got: list[Record] = []
    pushed: set[str] = set()
    until = -math.inf
    for hour in range(-7 * 24, 7):
        now = start + dt.timedelta(hours=hour)
        finished = [r for r in rows if r.ticket not in pushed and (r.done_at or r.issued_at) <= now]
        pushed.update(r.ticket for r in finished)
        parts.push(finished)
        waiting = [r.issued_at for r in rows if r.ticket not in pushed and r.issued_at <= now]
        until = seconds(min([*waiting, now]))
        got.extend(parts.advance(until))
    whole = Replayer()
    whole.forecast_from = parts.forecast_from
    expected = [r for r in whole.run(rows) if seconds(r.row.issued_at) < until]
    assert len(expected) > 1000
    _same(expected, got)
