"""The Modbus RTU codec: exact bytes, the CRC, and a parser that survives any input.

pymodbus is the independent reference: it builds the same requests and replies and
decodes ours.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pymodbus.framer import FramerRTU
from pymodbus.pdu import DecodePDU
from pymodbus.pdu import register_message as rm

from kiosk.devices.modbus.crc import append_crc, crc16, crc_ok
from kiosk.devices.modbus.frames import (
    ExceptionReply,
    ProtocolError,
    ReadRegisters,
    RegistersRead,
    RegistersWritten,
    ReplyParser,
    RequestParser,
    WriteRegister,
    WriteRegisters,
    reply_for,
)

addresses = st.integers(1, 247)
registers = st.integers(0, 0xFFFF)
values = st.lists(registers, min_size=1, max_size=123).map(tuple)


@st.composite
def requests(draw: st.DrawFn) -> ReadRegisters | WriteRegister | WriteRegisters:
    kind = draw(st.sampled_from(("read", "one", "many")))
    address = draw(addresses)
    if kind == "read":
        count = draw(st.integers(1, 125))
        return ReadRegisters(address, draw(st.integers(0, 0x10000 - count)), count)
    if kind == "one":
        return WriteRegister(address, draw(registers), draw(registers))
    vals = draw(values)
    return WriteRegisters(address, draw(st.integers(0, 0x10000 - len(vals))), vals)


@st.composite
def replies(draw: st.DrawFn) -> RegistersRead | WriteRegister | RegistersWritten | ExceptionReply:
    kind = draw(st.sampled_from(("read", "one", "many", "exception")))
    address = draw(addresses)
    if kind == "read":
        return RegistersRead(address, draw(st.lists(registers, max_size=125).map(tuple)))
    if kind == "one":
        return WriteRegister(address, draw(registers), draw(registers))
    if kind == "many":
        return RegistersWritten(address, draw(registers), draw(st.integers(1, 123)))
    return ExceptionReply(address, draw(st.sampled_from((3, 6, 16))), draw(st.integers(1, 11)))


def chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


# -- exact bytes ---------------------------------------------------------------------------


def test_crc_of_the_specification_example() -> None:
    """Modbus over serial line, 6.2.2: 01 03 00 00 00 0A has CRC C5 CD (sent low first)."""
    assert ReadRegisters(1, 0, 10).encode().hex(" ") == "01 03 00 00 00 0a c5 cd"
    assert crc16(b"") == 0xFFFF
    assert crc_ok(append_crc(b"\x11\x06\x00\x01\x00\x03"))


def test_requests_are_the_bytes_pymodbus_builds() -> None:
    framer = FramerRTU(DecodePDU(is_server=False))
    cases = [
        (ReadRegisters(17, 0x0200, 3), rm.ReadHoldingRegistersRequest(address=0x200, count=3)),
        (WriteRegister(5, 0x0010, 2), rm.WriteSingleRegisterRequest(address=0x10, registers=[2])),
        (
            WriteRegisters(1, 0x0100, (3, 0xB0A1, 0x4100)),
            rm.WriteMultipleRegistersRequest(address=0x100, registers=[3, 0xB0A1, 0x4100]),
        ),
    ]
    for ours, theirs in cases:
        theirs.dev_id = ours.address
        assert ours.encode() == framer.buildFrame(theirs)


@given(replies())
def test_pymodbus_decodes_every_reply_we_encode(reply: object) -> None:
    assert isinstance(reply, RegistersRead | WriteRegister | RegistersWritten | ExceptionReply)
    framer = FramerRTU(DecodePDU(is_server=False))
    used, pdu = framer.handleFrame(reply.encode(), 0, 0)
    assert used == len(reply.encode())
    assert pdu is not None and pdu.dev_id == reply.address
    if isinstance(reply, RegistersRead):
        assert tuple(pdu.registers) == reply.values
    elif isinstance(reply, ExceptionReply):
        assert pdu.exception_code == reply.code


@given(requests())
def test_pymodbus_decodes_every_request_we_encode(request: object) -> None:
    assert isinstance(request, ReadRegisters | WriteRegister | WriteRegisters)
    framer = FramerRTU(DecodePDU(is_server=True))
    _used, pdu = framer.handleFrame(request.encode(), 0, 0)
    assert pdu is not None and pdu.dev_id == request.address
    assert pdu.address == getattr(request, "start", getattr(request, "register", None))


def test_out_of_range_frames_are_refused_when_built() -> None:
    for build in (
        lambda: ReadRegisters(0, 0, 1),
        lambda: ReadRegisters(248, 0, 1),
        lambda: ReadRegisters(1, 0, 126),
        lambda: WriteRegister(1, 0, 0x10000),
        lambda: WriteRegisters(1, 0xFFFF, (1, 2)),
    ):
        with pytest.raises(ValueError):
            build()


# -- the parser, fed bytes ---------------------------------------------------------------


@given(requests(), st.lists(st.integers(0, 300), max_size=8))
def test_a_request_split_anywhere_parses_once(request: object, cuts: list[int]) -> None:
    assert isinstance(request, ReadRegisters | WriteRegister | WriteRegisters)
    parser = RequestParser()
    found = []
    for piece in chunks(request.encode(), cuts):
        found += parser.feed(piece)
    assert found == [request]
    assert parser.discarded == 0 and parser.pending == 0


@given(st.lists(replies(), min_size=1, max_size=4), st.lists(st.integers(0, 2000), max_size=8))
def test_back_to_back_replies_split_anywhere(batch: list[object], cuts: list[int]) -> None:
    data = b"".join(r.encode() for r in batch)  # type: ignore[attr-defined]
    parser = ReplyParser()
    found = []
    for piece in chunks(data, cuts):
        found += parser.feed(piece)
    assert found == batch


@given(replies(), st.binary(max_size=40), st.lists(st.integers(0, 400), max_size=6))
def test_garbage_before_a_reply_is_skipped(reply: object, noise: bytes, cuts: list[int]) -> None:
    frame = reply.encode()  # type: ignore[attr-defined]
    parser = ReplyParser()
    found = []
    for piece in chunks(noise + frame, cuts):
        found += parser.feed(piece)
    assert found[-1:] == [reply]
    for extra in found[:-1]:  # noise that happens to hold a whole good frame is a frame
        assert crc_ok(extra.encode())  # type: ignore[union-attr]


@given(replies(), st.data())
def test_a_truncated_reply_yields_nothing(reply: object, data: st.DataObject) -> None:
    frame = reply.encode()  # type: ignore[attr-defined]
    cut = data.draw(st.integers(0, len(frame) - 1))
    assert ReplyParser().feed(frame[:cut]) == []


@given(requests(), st.data())
def test_any_flipped_bit_is_caught_by_the_crc(request: object, data: st.DataObject) -> None:
    frame = bytearray(request.encode())  # type: ignore[attr-defined]
    bit = data.draw(st.integers(0, len(frame) * 8 - 1))
    frame[bit // 8] ^= 1 << (bit % 8)
    assert request not in RequestParser().feed(bytes(frame))


@given(st.binary(max_size=600), st.lists(st.integers(0, 700), max_size=10))
def test_random_bytes_never_raise_and_yield_only_checked_frames(
    noise: bytes, cuts: list[int]
) -> None:
    for kind in (True, False):
        parser: RequestParser | ReplyParser = RequestParser() if kind else ReplyParser()
        for piece in chunks(noise, cuts):
            for frame in parser.feed(piece):
                assert crc_ok(frame.encode())
        assert parser.pending <= 256


def test_bad_crc_then_good_frame() -> None:
    good = RegistersRead(3, (1, 2, 3)).encode()
    bad = bytearray(good)
    bad[-1] ^= 0xFF
    parser = ReplyParser()
    assert parser.feed(bytes(bad) + good) == [RegistersRead(3, (1, 2, 3))]
    assert parser.discarded == len(bad)


def test_a_reply_must_answer_its_request() -> None:
    read = ReadRegisters(9, 0x200, 3)
    assert reply_for(read, RegistersRead(9, (1, 2, 3))) == RegistersRead(9, (1, 2, 3))
    with pytest.raises(ProtocolError, match="asked for 3 registers, got 2"):
        reply_for(read, RegistersRead(9, (1, 2)))
    write = WriteRegister(9, 0x300, 1)
    with pytest.raises(ProtocolError, match="echo"):
        reply_for(write, WriteRegister(9, 0x300, 0))
    many = WriteRegisters(9, 0x100, (1, 2))
    assert reply_for(many, RegistersWritten(9, 0x100, 2)) == RegistersWritten(9, 0x100, 2)
    with pytest.raises(ProtocolError, match="other registers"):
        reply_for(many, RegistersWritten(9, 0x100, 1))
    exc = ExceptionReply(9, 3, 2)
    assert reply_for(read, exc) is exc and exc.text == "illegal address"
