"""DLE EOT status: exact reply bytes decode to the right condition and sentence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.ports import PrintProblem
from kiosk.devices.escpos import status
from kiosk.devices.escpos.status import PrinterStatus, decode, valid

FINE = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
ANSWERS = "the printer answers DLE EOT 1 but"


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
    ("replies", "sentence"),
    [
        ({}, status.NO_REPLY),
        ({1: None, 2: None, 3: None, 4: None}, status.NO_REPLY),
        ({1: 0xFF, 2: 0x12}, status.NO_REPLY),
        ({**FINE, 4: None}, ANSWERS + " nothing to DLE EOT 4 (paper sensor)"),
        ({1: 0x12}, ANSWERS + " nothing to DLE EOT 2 (offline cause)"),
        ({**FINE, 2: 0xFF}, ANSWERS + " 0xff, not a status byte, to DLE EOT 2"),
        ({**FINE, 3: 0x10}, ANSWERS + " 0x10, not a status byte, to DLE EOT 3"),
    ],
)  # fmt: skip
def test_missing_or_invalid_replies_are_never_fine_and_say_what_came_back(
    replies: dict[int, int | None], sentence: str
) -> None:
    """Nothing valid at all is "no reply"; a printer that answers DLE EOT 1 and not a later
    query is told so, with the setting that fits it (printer.status = "basic")."""
    s = decode(replies)
    assert not s.known
    problem = s.problem()
    assert problem is not None and problem.startswith(sentence)
    assert s.problem_code() is PrintProblem.NO_REPLY
    assert s.health is status.Health.UNKNOWN
    if sentence != status.NO_REPLY:
        assert problem.endswith('set printer.status = "basic" for a printer that reports only '
                                "online/offline")  # fmt: skip


def test_basic_asks_only_dle_eot_1_and_says_offline_without_guessing_why() -> None:
    """printer.status = "basic": the reply to DLE EOT 1 is the whole status."""
    assert status.MODES == {"full": (1, 2, 3, 4), "basic": (1,), "none": ()}
    ready = decode({1: 0x12}, (1,))
    assert ready.known and ready.problem() is None and ready.summary == "ready"
    offline = decode({1: 0x1A}, (1,))
    assert offline.problem() == status.OFFLINE_BASIC
    assert offline.problem_code() is PrintProblem.OFFLINE
    assert decode({1: None}, (1,)).problem() == status.NO_REPLY
    assert decode({1: 0x00}, (1,)).problem() == status.NO_REPLY


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
    if n == 1:
        assert s.problem() == status.NO_REPLY
    else:
        assert s.problem() == status.PARTIAL.format(
            what=f"0x{byte:02x}, not a status byte,", n=n, name=status.QUERY_NAMES[n]
        )


@given(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))
def test_a_status_is_printable_only_when_every_reply_is_valid(
    a: int, b: int, c: int, d: int
) -> None:
    s = decode({1: a, 2: b, 3: c, 4: d})
    if s.problem() is None:
        assert all(valid(x) for x in (a, b, c, d))
        assert s.online is True
