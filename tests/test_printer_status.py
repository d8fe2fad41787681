"""DLE EOT status: exact reply bytes decode to the right condition and sentence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.devices.escpos import status
from kiosk.devices.escpos.status import PrinterStatus, decode, valid

FINE = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}


def test_queries_are_dle_eot_n() -> None:
    assert [status.query(n) for n in (1, 2, 3, 4)] == [
        b"\x10\x04\x01",
        b"\x10\x04\x02",
        b"\x10\x04\x03",
        b"\x10\x04\x04",
    ]
    with pytest.raises(ValueError):
        status.query(5)


@pytest.mark.parametrize(
    ("byte", "ok"),
    [(0x12, True), (0x1E, True), (0x72, True), (0x16, True), (0x7E, True), (0x6C, False),
     (0x13, False), (0x92, False), (0x10, False), (0x02, False), (0xFF, False), (0x00, False),
     (None, False)],
)  # fmt: skip
def test_valid_needs_bits_1_4_set_and_0_7_clear(byte: int | None, ok: bool) -> None:
    assert valid(byte) is ok


def test_all_fine_bytes_decode_to_a_printable_status() -> None:
    s = decode(FINE)
    assert s == PrinterStatus(
        online=True,
        cover_open=False,
        paper_near_end=False,
        paper_end=False,
        cutter_error=False,
        unrecoverable=False,
        auto_recoverable=False,
        error=False,
    )
    assert s.problem() is None
    assert s.warning() is None


def test_n1_bit3_is_offline() -> None:
    assert decode({**FINE, 1: 0x1A}).online is False
    assert decode({**FINE, 1: 0x1A}).problem() == status.OFFLINE


def test_n4_0x1e_is_near_end_a_warning_not_a_problem() -> None:
    s = decode({**FINE, 4: 0x1E})
    assert s.paper_near_end is True
    assert s.paper_end is False
    assert s.problem() is None
    assert s.warning() == "paper near end: prepare a new roll"


def test_n4_0x72_is_paper_end() -> None:
    s = decode({**FINE, 4: 0x72})
    assert s.paper_end is True
    assert s.problem() == "paper out: load a new roll"


def test_n2_bit5_stopped_by_paper_end_is_paper_out_even_without_the_sensor() -> None:
    assert decode({2: 0x32}).paper_end is True
    assert decode({2: 0x32}).problem() == status.PAPER_OUT


def test_n2_0x16_is_cover_open() -> None:
    s = decode({**FINE, 1: 0x1A, 2: 0x16})
    assert s.cover_open is True
    assert s.problem() == "the cover is open: close it"


def test_n3_bit3_is_cutter_error() -> None:
    s = decode({**FINE, 1: 0x1A, 2: 0x52, 3: 0x1A})
    assert s.cutter_error is True
    assert s.error is True
    assert s.problem() == "cutter error: clear the paper jam at the cutter"


@pytest.mark.parametrize("n3", [0x32, 0x52])  # bit 5 unrecoverable, bit 6 auto-recoverable
def test_n3_other_errors_ask_for_a_power_cycle(n3: int) -> None:
    s = decode({**FINE, 3: n3})
    assert (s.unrecoverable, s.auto_recoverable) == ((True, False) if n3 == 0x32 else (False, True))
    assert s.problem() == "printer error: switch it off and on"


def test_paper_out_comes_before_the_offline_it_causes() -> None:
    s = decode({1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E})
    assert s.paper_near_end is True
    assert s.problem() == status.PAPER_OUT


@pytest.mark.parametrize(
    "replies",
    [
        {},
        {1: None, 2: None, 3: None, 4: None},
        {**FINE, 4: None},
        {**FINE, 2: 0xFF},
        {**FINE, 3: 0x10},
    ],
)
def test_missing_or_invalid_replies_are_no_reply_never_fine(replies: dict[int, int | None]) -> None:
    s = decode(replies)
    assert not s.known
    assert s.problem() == "no reply: check cable, baud rate and power"


@given(st.dictionaries(st.integers(), st.one_of(st.none(), st.integers())))
def test_decode_never_crashes_on_arbitrary_replies(replies: dict[int, int | None]) -> None:
    s = decode(replies)
    assert s.problem() is None or isinstance(s.problem(), str)


@given(st.integers(0, 255).filter(lambda b: not valid(b)), st.sampled_from([1, 2, 3, 4]))
def test_an_invalid_byte_leaves_what_it_would_tell_unknown(byte: int, n: int) -> None:
    s = decode({**FINE, n: byte})
    told = {
        1: ["online"],
        2: ["cover_open", "error"],
        3: ["cutter_error", "unrecoverable", "auto_recoverable"],
        4: ["paper_near_end", "paper_end"],
    }[n]
    assert all(getattr(s, name) is None for name in told)
    assert s.problem() == status.NO_REPLY


@given(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))
def test_a_status_is_printable_only_when_every_reply_is_valid(
    a: int, b: int, c: int, d: int
) -> None:
    s = decode({1: a, 2: b, 3: c, 4: d})
    if s.problem() is None:
        assert all(valid(x) for x in (a, b, c, d))
        assert s.online is True
