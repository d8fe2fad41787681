"""Reports of the hand-written days (conftest.write_days) against answers worked out by
hand (docs/reports.md shows the same example)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from kiosk.core import report as rep
from kiosk.core.model import Hall
from kiosk.store import report as store_report
from kiosk.store.sql import SqlStore
from tests.report.conftest import DAY1, DAY2, REPORT_AT


def make(store: SqlStore, hall: Hall, *by: str, first: Any = DAY1, last: Any = DAY2) -> Any:
    return store_report.report(store, first, last, by, rep.target_seconds(hall), REPORT_AT)


def pick(row: dict[str, Any], names: str) -> dict[str, Any]:
    return {n: row[n] for n in names.split()}


def test_the_total_of_both_days(written: SqlStore, demo_hall: Hall) -> None:
    total = make(written, demo_hall).total
    assert pick(
        total,
        "issued served no_show cancelled cancelled_visitor cancelled_staff "
        "cancelled_day_end open called",
    ) == {
        "issued": 8,
        "served": 3,
        "no_show": 1,
        "cancelled": 3,
        "cancelled_visitor": 1,
        "cancelled_staff": 1,
        "cancelled_day_end": 1,
        "open": 1,
        "called": 4,
    }
    # waits of the called: 360, 390, 480, 720 (nearest rank: p50 the 2nd, p90 the 4th)
    assert pick(total, "wait_p50_s wait_p90_s wait_max_s wait_mean_s") == {
        "wait_p50_s": 390,
        "wait_p90_s": 720,
        "wait_max_s": 720,
        "wait_mean_s": 487.5,
    }
    # within target: A001 (390 <= 600), A002 (480); B001 720 > 600, E001 360 > 300
    assert total["service_level"] == 0.5
    # past the target: B001 by 120, E001 by 60, day 2's A001 still waiting by 600
    # (A005, never called and ended with the day, is not counted)
    assert pick(total, "care care_excess_s care_excess_mean_s") == {
        "care": 3,
        "care_excess_s": 780,
        "care_excess_mean_s": 260.0,
    }
    assert pick(total, "service_mean_s service_p90_s") == {
        "service_mean_s": 440.0,
        "service_p90_s": 840,
    }
    assert pick(
        total,
        "rated_very_satisfied rated_satisfied rated_neutral "
        "rated_dissatisfied satisfied rated_share",
    ) == {
        "rated_very_satisfied": 1,
        "rated_satisfied": 0,
        "rated_neutral": 1,
        "rated_dissatisfied": 0,
        "satisfied": 0.5,
        "rated_share": 0.6667,
    }
    assert total["print_failures"] == 1
    # quoted 5-10 min: A001 390 s and A002 480 s kept; E001 quoted 2-4 min waited 360 s
    assert pick(
        total, "promise_kept quoted quote_low_mean_s quote_high_mean_s quoted_wait_mean_s"
    ) == {
        "promise_kept": 0.6667,
        "quoted": 3,
        "quote_low_mean_s": 240.0,
        "quote_high_mean_s": 480.0,
        "quoted_wait_mean_s": 410.0,
    }


def test_by_day(written: SqlStore, demo_hall: Hall) -> None:
    rows = make(written, demo_hall, "day").rows
    assert [r["day"] for r in rows] == ["2026-11-24", "2026-11-25"]
    one, two = rows
    assert pick(
        one,
        "issued served no_show cancelled wait_p50_s wait_p90_s wait_max_s "
        "service_level care service_mean_s service_p90_s satisfied rated_share "
        "print_failures promise_kept",
    ) == {
        "issued": 6,
        "served": 2,
        "no_show": 1,
        "cancelled": 3,
        "wait_p50_s": 480,
        "wait_p90_s": 720,
        "wait_max_s": 720,
        "service_level": 0.6667,
        "care": 1,
        "service_mean_s": 240.0,
        "service_p90_s": 300,
        "satisfied": 0.5,
        "rated_share": 1.0,
        "print_failures": 1,
        "promise_kept": 1.0,
    }
    assert pick(
        two,
        "issued served open wait_p50_s wait_max_s service_level care "
        "care_excess_s satisfied rated_share promise_kept",
    ) == {
        "issued": 2,
        "served": 1,
        "open": 1,
        "wait_p50_s": 360,
        "wait_max_s": 360,
        "service_level": 0.0,
        "care": 2,
        "care_excess_s": 660,
        "satisfied": None,
        "rated_share": 0.0,
        "promise_kept": 0.0,
    }


def test_by_service_and_by_counter(written: SqlStore, demo_hall: Hall) -> None:
    rows = {r["service"]: r for r in make(written, demo_hall, "service").rows}
    assert sorted(rows) == ["bill", "complaint", "plan"]
    assert pick(
        rows["bill"],
        "issued served cancelled open wait_p50_s wait_p90_s service_level care promise_kept",
    ) == {
        "issued": 6,
        "served": 2,
        "cancelled": 3,
        "open": 1,
        "wait_p50_s": 390,
        "wait_p90_s": 480,
        "service_level": 1.0,
        "care": 1,
        "promise_kept": 1.0,
    }
    assert pick(rows["plan"], "issued no_show wait_max_s service_level care_excess_s") == {
        "issued": 1,
        "no_show": 1,
        "wait_max_s": 720,
        "service_level": 0.0,
        "care_excess_s": 120,
    }
    assert pick(rows["complaint"], "served service_level care_excess_s promise_kept") == {
        "served": 1,
        "service_level": 0.0,
        "care_excess_s": 60,
        "promise_kept": 0.0,
    }
    counters = make(written, demo_hall, "counter").rows
    assert [(r["counter"], r["issued"], r["called"]) for r in counters] == [
        (1, 3, 3),
        (4, 1, 1),
        (None, 4, 0),
    ]


def test_quoted_and_actual_side_by_side_per_hour(written: SqlStore, demo_hall: Hall) -> None:
    rows = make(written, demo_hall, "hour").rows
    assert [(r["hour"], r["issued"], r["open"]) for r in rows] == [(9, 7, 0), (10, 1, 1)]
    nine = rows[0]
    assert pick(nine, "quote_low_mean_s quote_high_mean_s quoted_wait_mean_s promise_kept") == {
        "quote_low_mean_s": 240.0,
        "quote_high_mean_s": 480.0,
        "quoted_wait_mean_s": 410.0,
        "promise_kept": 0.6667,
    }
    assert rows[1]["promise_kept"] is None  # nobody served: no promise to keep or break


def test_combined_groups_and_staff_unknown(written: SqlStore, demo_hall: Hall) -> None:
    report = make(written, demo_hall, "day", "service")
    assert [(r["day"], r["service"], r["issued"]) for r in report.rows] == [
        ("2026-11-24", "bill", 5),
        ("2026-11-24", "plan", 1),
        ("2026-11-25", "bill", 1),
        ("2026-11-25", "complaint", 1),
    ]
    # nobody signed in at a counter (no hall server): every ticket's staff is unknown
    staff = make(written, demo_hall, "staff").rows
    assert [(r["staff"], r["issued"]) for r in staff] == [(None, 8)]
    weeks = make(written, demo_hall, "week", "month").rows
    assert [(r["week"], r["month"], r["issued"]) for r in weeks] == [("2026-W48", "2026-11", 8)]


def test_closed_days_are_summarized_once_and_agree_with_the_live_fold(
    written: SqlStore, demo_hall: Hall
) -> None:
    targets = rep.target_seconds(demo_hall)
    # the fold of every day ticket by ticket, as a store that cannot be written would
    with written._read.begin() as session:
        days = store_report._days(session, DAY1, DAY2)
        facts = [
            f
            for day_id, date, _ in days
            for _, f in store_report._day_facts(session, day_id, date, targets, REPORT_AT)
        ]
    for by in [(), ("day",), ("hour", "service"), ("counter", "staff"), ("week",)]:
        live = rep.build(DAY1, DAY2, by, rep.tally_facts(facts, by))
        assert make(written, demo_hall, *by) == live
    with written.engine.connect() as conn:
        summarized = conn.execute(text("SELECT day_id, tickets FROM report_days")).all()
    assert summarized == [(1, 6)]  # day 1 (closed) only; day 2 is still open


def test_a_span_without_days_is_empty(written: SqlStore, demo_hall: Hall) -> None:
    import datetime as dt

    report = make(written, demo_hall, "day", first=dt.date(2026, 1, 1), last=dt.date(2026, 1, 31))
    assert report.rows == []
    assert report.total["issued"] == 0
    assert report.total["wait_p50_s"] is None
    assert report.total["service_level"] is None


def test_the_issued_event_records_the_quote_and_cancel_records_who(
    written: SqlStore,
) -> None:
    events = written.events(1)
    issued = [e.data for e in events if e.kind == "issued"]
    assert issued[0]["quote_low_min"] == 5 and issued[0]["quote_high_min"] == 10
    cancelled = [e.data["by"] for e in events if e.kind == "cancelled"]
    assert cancelled == ["visitor", "staff"]


@pytest.mark.parametrize("p,expected", [(0.5, 2), (0.9, 4), (1.0, 4), (0.01, 1)])
def test_nearest_rank_percentile(p: float, expected: int) -> None:
    assert rep.percentile({1: 1, 2: 1, 3: 1, 4: 1}, p) == expected


def test_a_store_that_cannot_be_written_is_reported_all_the_same(
    written: SqlStore, demo_hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core.errors import StoreReadOnly

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise StoreReadOnly("store kiosk.db cannot be written")

    monkeypatch.setattr(store_report, "summarize", refuse)
    report = make(written, demo_hall, "day")
    assert [(r["day"], r["issued"], r["wait_p50_s"]) for r in report.rows] == [
        ("2026-11-24", 6, 480),
        ("2026-11-25", 2, 360),
    ]
    with written.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM report_days")).scalar_one() == 0


def test_a_day_is_summarized_once(written: SqlStore, demo_hall: Hall) -> None:
    targets = rep.target_seconds(demo_hall)
    assert store_report.summarize(written, targets, REPORT_AT) == 1
    assert store_report.summarize(written, targets, REPORT_AT) == 0
    first = make(written, demo_hall, "service")
    assert make(written, demo_hall, "service") == first
    with written.engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM report_groups")).scalar_one()
    assert rows == 3  # day 1, hour 9: bill at counter 1, bill never called, plan at counter 1


def test_by_staff_signed_in_at_the_counter(report_store: SqlStore, demo_hall: Hall) -> None:
    """The hall server tags a counter's events with the staff signed in there
    (kiosk.store.access.TaggedStore): the report groups the calls by them."""
    from kiosk.core.clock import ManualClock
    from kiosk.core.ports import QueueStore
    from kiosk.core.service import QueueService
    from kiosk.store.access import AccessStore, TaggedStore
    from tests.report.conftest import FixedQuote, at

    clock = ManualClock(at(DAY1, 9, 0))
    access = AccessStore(report_store)
    access.add_staff("li", "Li Na", "not-a-real-hash", clock.now())
    access.sign_in(1, "li", clock.now())
    tagged: QueueStore = TaggedStore(report_store, access)  # type: ignore[assignment]
    service = QueueService(demo_hall, tagged, clock, FixedQuote())
    for code in ("bill", "bill", "plan"):
        service.issue(code)
    service.open_counter(1)
    service.open_counter(2)
    clock.set(at(DAY1, 9, 5))
    service.call_next(1)  # A001 by li
    service.call_next(2)  # B001 (plan first at counter 2): nobody signed in there
    report = store_report.report(
        report_store, DAY1, DAY1, ("staff",), rep.target_seconds(demo_hall), clock.now()
    )
    assert [(r["staff"], r["issued"], r["called"]) for r in report.rows] == [
        ("li", 1, 1),
        (None, 2, 1),
    ]
