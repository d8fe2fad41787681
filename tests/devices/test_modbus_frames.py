"""The Modbus RTU codec: exact bytes, the CRC, and a parser that survives any input.

The codec encodes and decodes through pymodbus (its PDU classes and CRC), so pymodbus is
no reference here. The references are independent of it: the worked examples of the
Modbus specifications, written out byte by byte with their CRCs, and a plain encoder and a
bit-by-bit CRC written from the specifications' tables below, which hypothesis checks every
frame against.
"""

from __future__ import annotations

import itertools
import logging
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# -- the independent reference ---------------------------------------------------------


def spec_crc(data: bytes) -> int:
    """CRC-16 as "Modbus over serial line" 6.2.2 describes it, one bit at a time."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def spec_frame(address: int, function: int, data: bytes) -> bytes:
    body = bytes([address, function]) + data
    return body + struct.pack("<H", spec_crc(body))


def spec_encode(frame: object) -> bytes:
    """A frame as the application protocol's function tables lay it out."""
    if isinstance(frame, ReadRegisters):
        return spec_frame(frame.address, 0x03, struct.pack(">HH", frame.start, frame.count))
    if isinstance(frame, WriteRegister):  # the request and its echo
        return spec_frame(frame.address, 0x06, struct.pack(">HH", frame.register, frame.value))
    if isinstance(frame, WriteRegisters):
        n = len(frame.values)
        data = struct.pack(f">HHB{n}H", frame.start, n, 2 * n, *frame.values)
        return spec_frame(frame.address, 0x10, data)
    if isinstance(frame, RegistersRead):
        n = len(frame.values)
        return spec_frame(frame.address, 0x03, struct.pack(f">B{n}H", 2 * n, *frame.values))
    if isinstance(frame, RegistersWritten):
        return spec_frame(frame.address, 0x10, struct.pack(">HH", frame.start, frame.count))
    assert isinstance(frame, ExceptionReply)
    return spec_frame(frame.address, frame.function | 0x80, bytes([frame.code]))


# -- exact bytes: the specifications' examples -------------------------------------------

# (frame, its bytes on the wire). The PDUs are the examples of the Modbus Application
# Protocol Specification V1.1b3 (6.3 read holding registers, 6.6 write single register,
# 6.12 write multiple registers, 7 exception responses) sent to address 1; the CRCs are
# the ones published for them. Then "Modbus over serial line" 6.2.2's CRC example, the
# Modicon guide's read of device 17 (0x11), and docs/protocols.md's display example.
SPEC_REQUESTS = [
    (ReadRegisters(1, 0x006B, 3), "01 03 00 6b 00 03 74 17"),
    (WriteRegister(1, 0x0001, 0x0003), "01 06 00 01 00 03 98 0b"),
    (WriteRegisters(1, 0x0001, (0x000A, 0x0102)), "01 10 00 01 00 02 04 00 0a 01 02 92 30"),
    (ReadRegisters(1, 0x0000, 10), "01 03 00 00 00 0a c5 cd"),
    (ReadRegisters(17, 0x006B, 3), "11 03 00 6b 00 03 76 87"),
    (
        WriteRegisters(3, 0x00FF, (3, 4, 0x4130, 0x3233)),
        "03 10 00 ff 00 04 08 00 03 00 04 41 30 32 33 e0 e8",
    ),
]
SPEC_REPLIES = [
    (RegistersRead(1, (0x022B, 0x0000, 0x0064)), "01 03 06 02 2b 00 00 00 64 05 7a"),
    (WriteRegister(1, 0x0001, 0x0003), "01 06 00 01 00 03 98 0b"),
    (RegistersWritten(1, 0x0001, 2), "01 10 00 01 00 02 10 08"),
    (ExceptionReply(1, 0x03, 2), "01 83 02 c0 f1"),
    (RegistersRead(17, (0xAE41, 0x5652, 0x4340)), "11 03 06 ae 41 56 52 43 40 49 ad"),
    (RegistersWritten(3, 0x00FF, 4), "03 10 00 ff 00 04 f0 18"),
]


@pytest.mark.parametrize(("frame", "wire"), SPEC_REQUESTS + SPEC_REPLIES)
def test_the_specification_examples_encode_to_their_bytes(frame: object, wire: str) -> None:
    assert frame.encode().hex(" ") == wire  # type: ignore[attr-defined]
    assert spec_encode(frame).hex(" ") == wire  # the reference agrees with the examples


@pytest.mark.parametrize(("frame", "wire"), SPEC_REQUESTS)
def test_the_specification_requests_parse_to_their_values(frame: object, wire: str) -> None:
    parser = RequestParser()
    assert parser.feed(bytes.fromhex(wire)) == [frame]
    assert parser.discarded == 0 and parser.pending == 0


@pytest.mark.parametrize(("frame", "wire"), SPEC_REPLIES)
def test_the_specification_replies_parse_to_their_values(frame: object, wire: str) -> None:
    parser = ReplyParser()
    assert parser.feed(bytes.fromhex(wire)) == [frame]
    assert parser.discarded == 0 and parser.pending == 0


def test_crc_of_the_specification_example() -> None:
    """Modbus over serial line, 6.2.2: 01 03 00 00 00 0A has CRC C5 CD (sent low first)."""
    assert crc16(bytes.fromhex("01 03 00 00 00 0A")) == 0xCDC5
    assert append_crc(bytes.fromhex("01 03 00 00 00 0A"))[-2:] == b"\xc5\xcd"
    assert crc16(b"") == 0xFFFF
    assert crc_ok(append_crc(b"\x11\x06\x00\x01\x00\x03"))
    assert not crc_ok(b"\x01\x03") and not crc_ok(bytes.fromhex("01 83 02 f1 c0"))


@given(st.binary(max_size=300))
def test_crc_is_the_bitwise_definition(data: bytes) -> None:
    assert crc16(data) == spec_crc(data)
    frame = data + struct.pack("<H", spec_crc(data))
    assert crc_ok(frame) == (len(frame) >= 4)  # address and function at least


@given(requests())
def test_every_request_is_the_specification_layout(request: object) -> None:
    assert request.encode() == spec_encode(request)  # type: ignore[attr-defined]


@given(replies())
def test_every_reply_is_the_specification_layout(reply: object) -> None:
    assert reply.encode() == spec_encode(reply)  # type: ignore[attr-defined]


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
        assert crc_ok(extra.encode())


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


@pytest.mark.parametrize(
    "body",
    [
        "05 03 03 00 01 02",  # a read reply with an odd byte count: half a register
        "05 03 01 00",  # one byte of a register
        "05 06 00 01",  # a write echo cut short (8 bytes whose CRC holds the rest)
        "05 04 02 00 01",  # read input registers: a function the devices do not speak
        "05 2b 0e 01",  # a function pymodbus knows (device identification), not ours
        "05 84 02",  # an exception to a function we never send
    ],
)
def test_good_crc_bad_contents_is_skipped(body: str) -> None:
    """Frames whose CRC checks out but whose contents do not are noise, then the real
    reply behind them is found."""
    bad = append_crc(bytes.fromhex(body))
    good = RegistersRead(5, (7,))
    assert ReplyParser().feed(bad + good.encode()) == [good]


@pytest.mark.parametrize(
    "body",
    [
        "05 10 00 01 00 02 03 00 0a 01",  # byte count 3 for 2 registers
        "05 10 00 01 00 01 04 00 0a 01 02",  # byte count 4 for 1 register
        "05 10 00 01 00 03 04 00 0a 01 02",  # byte count 4 for 3 registers
        "05 10 00 01 00 00 00",  # no registers at all
        "05 03 00 00 00 00",  # read 0 registers
        "05 03 00 00 00 7e",  # read 126 registers (125 at most)
        "05 03 ff ff 00 02",  # read past register 0xFFFF
    ],
)
def test_requests_no_device_accepts_are_skipped(body: str) -> None:
    bad = append_crc(bytes.fromhex(body))
    good = ReadRegisters(5, 0x200, 4)
    assert RequestParser().feed(bad + good.encode()) == [good]


def test_a_header_that_only_looks_like_a_frame_does_not_hide_the_frame_behind() -> None:
    """Noise reading as 'address 5, read reply of 240 bytes' must not make the parser
    wait for 240 bytes while the real reply is already here."""
    good = RegistersRead(3, (1, 2, 3))
    parser = ReplyParser()
    assert parser.feed(bytes([0x05, 0x03, 0xF0]) + good.encode()) == [good]


def test_the_parser_is_silent(caplog: pytest.LogCaptureFixture) -> None:
    """A noisy line is not a log flood: neither the parser nor pymodbus logs a thing."""
    caplog.set_level(logging.DEBUG)
    noise = bytes(range(256)) * 3 + append_crc(bytes.fromhex("05 03 03 00 01 02"))
    for parser in (ReplyParser(), RequestParser()):
        parser.feed(noise)
    assert caplog.records == []
