"""The trace format: what reading accepts, what it refuses (naming the row), and
that writing gives back exactly what was read."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.wait.trace import (
    OUTCOMES,
    PAUSED,
    Prediction,
    TraceError,
    TraceRow,
    read_predictions,
    read_trace,
    write_predictions,
    write_trace,
)

HEADER = "ticket,service,priority,issued_at,called_at,done_at,counter,outcome\n"


def read(text: str) -> list[TraceRow]:
    return read_trace(io.StringIO(text), "t.csv")


def test_a_trace_reads_in_file_order_with_empty_times_as_none() -> None:
    rows = read(
        HEADER
        + "A2,bill,0,1999-02-22T07:05:00,,1999-02-22T07:09:00,,abandoned\n"
        + "A1,bill,1,1999-02-22T07:02:47,1999-02-22T07:03:10,1999-02-22T07:08:00,3,served\n"
    )
    assert [r.ticket for r in rows] == ["A2", "A1"]
    assert rows[0].called_at is None and rows[0].wait_s is None
    assert rows[1].priority == 1 and rows[1].counter == "3" and rows[1].wait_s == 23.0


def test_extra_columns_are_ignored_and_columns_may_come_in_any_order() -> None:
    text = (
        "note,outcome,counter,done_at,called_at,issued_at,priority,service,ticket\n"
        "hello,served,1,2026-01-05T09:10:00,2026-01-05T09:05:00,2026-01-05T09:00:00,0,bill,X\n"
    )
    [row] = read(text)
    assert row.ticket == "X" and row.wait_s == 300.0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("A1,bill,0,22/02/1999 07:00,,,,abandoned", "t.csv row 2: issued_at '22/02/1999 07:00'"),
        ("A1,bill,x,1999-02-22T07:00:00,,,,abandoned", "t.csv row 2: priority 'x'"),
        ("A1,bill,0,1999-02-22T07:00:00,,,,gone", "t.csv row 2: outcome 'gone'"),
        ("A1,bill,0,1999-02-22T07:00:00,,,,served", "t.csv row 2: called_at is empty"),
        (
            "A1,bill,0,1999-02-22T07:00:00,1999-02-22T06:00:00,,1,served",
            "t.csv row 2: called_at 1999-02-22T06:00:00 is before issued_at",
        ),
        ("A1,bill,0", "t.csv row 2: 3 fields, expected at least 8"),
        (",bill,0,1999-02-22T07:00:00,,,,cancelled", "t.csv row 2: ticket is empty"),
        ("P1,,0,1999-02-22T12:00:00,,1999-02-22T12:30:00,,paused", "t.csv row 2: counter is empty"),
        (
            "P1,,0,1999-02-22T12:00:00,1999-02-22T12:01:00,,3,paused",
            "t.csv row 2: a paused row has no called_at",
        ),
        (
            "P1,,0,1999-02-22T12:00:00,,1999-02-22T11:00:00,3,paused",
            "t.csv row 2: done_at 1999-02-22T11:00:00 is before issued_at",
        ),
        ("P1,,0,,,,3,paused", "t.csv row 2: issued_at is empty"),
    ],
)
def test_a_malformed_row_is_named_with_its_column(line: str, message: str) -> None:
    with pytest.raises(TraceError) as err:
        read(HEADER + line + "\n")
    assert str(err.value).startswith(message)
    assert err.value.exit_code == 2


def test_a_duplicate_ticket_names_both_rows() -> None:
    row = "A1,bill,0,1999-02-22T07:00:00,,,,cancelled\n"
    with pytest.raises(TraceError, match=r"t\.csv row 3: ticket 'A1' already on row 2"):
        read(HEADER + row + row)


def test_a_header_without_the_columns_is_refused() -> None:
    with pytest.raises(TraceError, match=r"t\.csv row 1: missing column\(s\) outcome"):
        read("ticket,service,priority,issued_at,called_at,done_at,counter\n")
    with pytest.raises(TraceError, match="empty file"):
        read("")


moments = st.datetimes(min_value=dt.datetime(1999, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
    lambda m: m.replace(microsecond=0)
)


def test_a_paused_row_is_a_counters_pause_not_a_ticket() -> None:
    """A counter's break: no service, call or priority needed; the end may be empty (it
    did not come back that day)."""
    back, gone = read(
        HEADER
        + "P1,,,1999-02-22T12:00:00,,1999-02-22T12:30:00,3,paused\n"
        + "P2,,0,1999-02-22T15:00:00,,,5,paused\n"
    )
    assert back.pause and back.counter == "3" and back.wait_s is None
    assert back.done_at == dt.datetime(1999, 2, 22, 12, 30)
    assert gone.pause and gone.done_at is None
    assert not read(HEADER + "A1,bill,0,1999-02-22T07:00:00,,,,cancelled\n")[0].pause


@st.composite
def pauses(draw: st.DrawFn) -> TraceRow:
    start = draw(moments)
    end = start + dt.timedelta(seconds=draw(st.integers(0, 7200)))
    return TraceRow(
        draw(st.text(min_size=1, max_size=8).map(str.strip).filter(bool).filter(str.isprintable)),
        "",
        0,
        start,
        None,
        end if draw(st.booleans()) else None,
        draw(st.sampled_from(["1", "窗口 2"])),
        PAUSED,
    )


@st.composite
def rows(draw: st.DrawFn) -> TraceRow:
    if draw(st.integers(0, 5)) == 0:
        return draw(pauses())
    issued = draw(moments)
    outcome = draw(st.sampled_from(OUTCOMES))
    wait = dt.timedelta(seconds=draw(st.integers(0, 7200)))
    service = dt.timedelta(seconds=draw(st.integers(0, 7200)))
    called = None if outcome in ("abandoned", "cancelled") else issued + wait
    done = (called or issued) + service if draw(st.booleans()) or called else None
    text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1)
    return TraceRow(
        draw(text).strip() or "t",
        draw(text).strip() or "s",
        draw(st.integers(0, 3)),
        issued,
        called,
        done,
        draw(st.sampled_from(["", "1", "窗口 2"])),
        outcome,
    )


@given(st.lists(rows(), max_size=20, unique_by=lambda r: r.ticket))
def test_writing_then_reading_gives_the_same_rows(trace: list[TraceRow]) -> None:
    out = io.StringIO()
    write_trace(out, trace)
    assert read_trace(io.StringIO(out.getvalue())) == trace


def test_predictions_round_trip_to_a_tenth_of_a_second() -> None:
    p = Prediction("A1", dt.datetime(2026, 1, 5, 9, 0), 3, 123.44, 60.0, 300.06)
    out = io.StringIO()
    write_predictions(out, [p])
    assert out.getvalue().splitlines()[0] == "ticket,issued_at,ahead,predicted_s,low_s,high_s"
    [back] = read_predictions(io.StringIO(out.getvalue()))
    assert back == Prediction("A1", p.issued_at, 3, 123.4, 60.0, 300.1)
