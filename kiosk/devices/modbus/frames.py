"""Modbus RTU frames as values, and a parser that finds them in a byte stream.

Only the three functions the hall's devices use (docs/protocols.md): 0x03 read holding
registers, 0x06 write single register, 0x10 write multiple registers, and the exception
replies to them. A frame is ``address, function, data, CRC-16 (low byte first)``.

The function's data (the PDU) is encoded and decoded by pymodbus's PDU classes, and the
CRC is pymodbus's (kiosk.devices.modbus.crc); a frame's length comes from those classes
too. The frame around the PDU and the stream parser are ours (docs/protocols.md says why):
pymodbus's RTU framer drops every byte it holds on a bad CRC and waits on a header that
only looks like a frame, where this parser steps one byte and finds the good frame behind.

:class:`FrameParser` is fed bytes as they arrive, in pieces of any size, and returns every
whole frame whose length, CRC and contents check out. Anything else (line noise, a frame
cut short, a bad CRC, a function it does not know, a PDU whose counts disagree) is skipped a
byte at a time until a good frame starts, and counted in ``discarded``. It never raises on
input.
"""

from __future__ import annotations

import dataclasses
import enum
import struct
from collections.abc import Callable
from typing import Generic, TypeVar

from pymodbus.exceptions import ModbusException
from pymodbus.pdu import DecodePDU, ExceptionResponse, ModbusPDU
from pymodbus.pdu.register_message import (
    ReadHoldingRegistersRequest,
    ReadHoldingRegistersResponse,
    WriteMultipleRegistersRequest,
    WriteMultipleRegistersResponse,
    WriteSingleRegisterRequest,
    WriteSingleRegisterResponse,
)

from kiosk.devices.modbus.crc import append_crc, crc_ok

MIN_ADDRESS, MAX_ADDRESS = 1, 247  # 0 is broadcast (no reply); 248-255 are reserved
MAX_READ = 125  # registers in one read (a 255-byte frame)
MAX_WRITE = 123  # registers in one write multiple
MAX_FRAME = 256


class Function(enum.IntEnum):
    READ_HOLDING = 0x03
    WRITE_SINGLE = 0x06
    WRITE_MULTIPLE = 0x10


class ExceptionCode(enum.IntEnum):
    ILLEGAL_FUNCTION = 1
    ILLEGAL_ADDRESS = 2  # no such register
    ILLEGAL_VALUE = 3
    DEVICE_FAILURE = 4
    BUSY = 6

    @property
    def text(self) -> str:
        return self.name.lower().replace("_", " ")


class ProtocolError(Exception):
    """A reply that is a valid frame but not an answer to the request sent."""


def _check_address(address: int) -> None:
    if not MIN_ADDRESS <= address <= MAX_ADDRESS:
        raise ValueError(f"Modbus address {address} is outside 1-247")


def _check_register(value: int, what: str = "register") -> None:
    if not 0 <= value <= 0xFFFF:
        raise ValueError(f"{what} {value} is outside 0-65535")


def _frame(address: int, pdu: ModbusPDU) -> bytes:
    """A frame on the wire: address, then the PDU (function code and data, as pymodbus
    encodes them), then the CRC."""
    return append_crc(bytes([address, pdu.function_code]) + pdu.encode())


# -- requests (master to device) ---------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReadRegisters:
    address: int
    start: int
    count: int
    function = Function.READ_HOLDING

    def __post_init__(self) -> None:
        _check_address(self.address)
        _check_register(self.start)
        if not 1 <= self.count <= MAX_READ or self.start + self.count > 0x10000:
            raise ValueError(f"cannot read {self.count} registers from {self.start}")

    def encode(self) -> bytes:
        return _frame(
            self.address, ReadHoldingRegistersRequest(address=self.start, count=self.count)
        )


@dataclasses.dataclass(frozen=True)
class WriteRegister:
    """Write one register; the device's reply is the same frame (an echo)."""

    address: int
    register: int
    value: int
    function = Function.WRITE_SINGLE

    def __post_init__(self) -> None:
        _check_address(self.address)
        _check_register(self.register)
        _check_register(self.value, "value")

    def encode(self) -> bytes:
        # The request and its echo are the same bytes (pymodbus's request class is its
        # reply class with a server side added).
        pdu = WriteSingleRegisterRequest(address=self.register, registers=[self.value])
        return _frame(self.address, pdu)


@dataclasses.dataclass(frozen=True)
class WriteRegisters:
    address: int
    start: int
    values: tuple[int, ...]
    function = Function.WRITE_MULTIPLE

    def __post_init__(self) -> None:
        _check_address(self.address)
        _check_register(self.start)
        if not 1 <= len(self.values) <= MAX_WRITE or self.start + len(self.values) > 0x10000:
            raise ValueError(f"cannot write {len(self.values)} registers from {self.start}")
        for v in self.values:
            _check_register(v, "value")

    def encode(self) -> bytes:
        pdu = WriteMultipleRegistersRequest(address=self.start, registers=list(self.values))
        return _frame(self.address, pdu)


Request = ReadRegisters | WriteRegister | WriteRegisters


# -- replies (device to master) ----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RegistersRead:
    address: int
    values: tuple[int, ...]
    function = Function.READ_HOLDING

    def encode(self) -> bytes:
        return _frame(self.address, ReadHoldingRegistersResponse(registers=list(self.values)))


@dataclasses.dataclass(frozen=True)
class RegistersWritten:
    address: int
    start: int
    count: int
    function = Function.WRITE_MULTIPLE

    def encode(self) -> bytes:
        pdu = WriteMultipleRegistersResponse(address=self.start, count=self.count)
        return _frame(self.address, pdu)


@dataclasses.dataclass(frozen=True)
class ExceptionReply:
    address: int
    function: int  # the request's function, without the 0x80 bit
    code: int

    def encode(self) -> bytes:
        # pymodbus sets the 0x80 bit on the function code itself
        return _frame(self.address, ExceptionResponse(self.function, self.code))

    @property
    def text(self) -> str:
        try:
            return ExceptionCode(self.code).text
        except ValueError:
            return f"exception code {self.code}"


Reply = RegistersRead | WriteRegister | RegistersWritten | ExceptionReply
Frame = Request | Reply


def reply_for(request: Request, reply: Reply) -> Reply:
    """The reply if it answers this request; ProtocolError saying what is wrong otherwise.

    A reply from another address or for another function is not an answer at all: the
    caller skips those (a stray frame on a shared bus) and never asks here.
    """
    if isinstance(reply, ExceptionReply):
        return reply
    if isinstance(request, ReadRegisters):
        if not isinstance(reply, RegistersRead) or len(reply.values) != request.count:
            got = len(reply.values) if isinstance(reply, RegistersRead) else "?"
            raise ProtocolError(f"asked for {request.count} registers, got {got}")
    elif isinstance(request, WriteRegister):
        if reply != request:
            raise ProtocolError("the write's echo differs from what was written")
    elif not isinstance(reply, RegistersWritten) or (reply.start, reply.count) != (
        request.start,
        len(request.values),
    ):
        raise ProtocolError("the write's reply names other registers than were written")
    return reply


# -- the stream parser -------------------------------------------------------------------


# The PDU classes of the three functions, as a device (requests) and as the master
# (replies) reads them. Nothing else is looked up: a stray byte pair on a noisy line that
# happens to name another of pymodbus's functions is noise here, not a frame to wait for.
_REQUESTS: dict[int, type[ModbusPDU]] = {
    Function.READ_HOLDING: ReadHoldingRegistersRequest,
    Function.WRITE_SINGLE: WriteSingleRegisterRequest,
    Function.WRITE_MULTIPLE: WriteMultipleRegistersRequest,
}
_REPLIES: dict[int, type[ModbusPDU]] = {
    Function.READ_HOLDING: ReadHoldingRegistersResponse,
    Function.WRITE_SINGLE: WriteSingleRegisterResponse,
    Function.WRITE_MULTIPLE: WriteMultipleRegistersResponse,
}
# What a PDU's decode may raise on bytes whose CRC is good but whose contents are not
_DECODE_ERRORS = (ModbusException, ValueError, IndexError, struct.error)
_HEADER = 8  # enough bytes of a frame to find its length (a byte count is at offset 6 at most)


def _size(pdu_class: type[ModbusPDU] | None, buf: bytearray, i: int) -> int | None:
    """The frame's whole length by its PDU class (pymodbus's RTU frame size); 0 when more
    bytes are needed to tell; None when no frame we know can start there."""
    if pdu_class is None:
        return None
    return pdu_class.calculateRtuFrameSize(bytes(buf[i : i + _HEADER]))


def _request_size(buf: bytearray, i: int) -> int | None:
    return _size(_REQUESTS.get(buf[i + 1]), buf, i)


def _reply_size(buf: bytearray, i: int) -> int | None:
    fn = buf[i + 1]
    if fn & 0x80:
        return _size(ExceptionResponse if (fn & 0x7F) in _REPLIES else None, buf, i)
    return _size(_REPLIES.get(fn), buf, i)


def _decoded(pdu: ModbusPDU, frame: bytes) -> bool:
    """Decode the frame's PDU data (between the function code and the CRC) into ``pdu``;
    False when pymodbus finds it malformed."""
    try:
        pdu.decode(frame[2:-2])
    except _DECODE_ERRORS:
        return False
    return True


def _decode_request(frame: bytes) -> Request | None:
    address, fn = frame[0], frame[1]
    pdu = _REQUESTS[fn]()
    if not _decoded(pdu, frame):
        return None
    try:
        if fn == Function.READ_HOLDING:
            return ReadRegisters(address, pdu.address, pdu.count)
        if fn == Function.WRITE_SINGLE:
            return WriteRegister(address, pdu.address, pdu.registers[0])
        # pymodbus reads ``count`` registers whatever the byte count says: both must agree
        # with each other and with the frame's length (which came from the byte count).
        values = tuple(pdu.registers)
        if frame[6] != 2 * pdu.count or len(values) != pdu.count:
            return None
        return WriteRegisters(address, pdu.address, values)
    except ValueError:  # a count or range no device accepts
        return None


def _decode_reply(frame: bytes) -> Reply | None:
    address, fn = frame[0], frame[1]
    if fn & 0x80:
        exc = ExceptionResponse(fn & 0x7F)
        if not _decoded(exc, frame):
            return None
        return ExceptionReply(address, fn & 0x7F, exc.exception_code)
    pdu = _REPLIES[fn]()
    if not _decoded(pdu, frame):
        return None
    if fn == Function.READ_HOLDING:
        values = tuple(pdu.registers)
        if frame[2] != 2 * len(values):  # an odd byte count: half a register
            return None
        return RegistersRead(address, values)
    if fn == Function.WRITE_SINGLE:
        return WriteRegister(address, pdu.address, pdu.registers[0])
    return RegistersWritten(address, pdu.address, pdu.count)


F = TypeVar("F")


class FrameParser(Generic[F]):
    """Finds frames in the bytes fed to it, in any pieces.

    A master parses replies (:class:`ReplyParser`), a device or a simulator parses
    requests (:class:`RequestParser`). Frames for any address 1-247 are returned;
    whether one is for us is the caller's business (a device on a multi-drop bus hears
    every request).
    """

    def __init__(
        self,
        size: Callable[[bytearray, int], int | None],
        decode: Callable[[bytes], F | None],
    ) -> None:
        self._buf = bytearray()
        self.discarded = 0  # bytes skipped as not part of any good frame
        self._size = size
        self._decode: Callable[[bytes], F | None] = decode

    def reset(self) -> None:
        """Forget a partial frame (after a timeout the next bytes start anew)."""
        self.discarded += len(self._buf)
        self._buf.clear()

    @property
    def pending(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes) -> list[F]:
        self._buf += data
        frames: list[F] = []
        while (found := self._next()) is not None:
            frames.append(found)
        if len(self._buf) > MAX_FRAME:  # no frame is longer: the front is noise
            cut = len(self._buf) - MAX_FRAME
            self.discarded += cut
            del self._buf[:cut]
        return frames

    def _next(self) -> F | None:
        buf = self._buf
        first_open = None  # where the first frame that may still complete starts
        for i in range(len(buf) - 1):
            if not MIN_ADDRESS <= buf[i] <= MAX_ADDRESS:
                continue
            size = self._size(buf, i)
            if size is None:
                continue
            if size == 0 or i + size > len(buf):
                if first_open is None:
                    first_open = i
                continue
            raw = bytes(buf[i : i + size])
            frame = self._decode(raw) if crc_ok(raw) else None
            if frame is not None:
                self.discarded += i
                del buf[: i + size]
                return frame
        # Nothing whole: bytes before the first frame that may still complete can never
        # start one (each was no start, or its whole length is here and failed).
        drop = len(buf) if first_open is None else first_open
        if first_open is None and buf and MIN_ADDRESS <= buf[-1] <= MAX_ADDRESS:
            drop -= 1  # a lone last byte may be the next frame's address
        self.discarded += drop
        del buf[:drop]
        return None


class RequestParser(FrameParser[Request]):
    def __init__(self) -> None:
        super().__init__(_request_size, _decode_request)


# -- a device's side: other functions are answered with exception 1 ---------------------


@dataclasses.dataclass(frozen=True)
class OtherFunction:
    """A well-formed request (its CRC checks out) for a Modbus function the hall's devices
    do not implement: a device answers it with exception 1, illegal function."""

    address: int
    function: int
    frame: bytes

    def encode(self) -> bytes:
        return self.frame


_ANY_REQUEST = DecodePDU(is_server=True)  # pymodbus's table of every request it knows


def _device_request_size(buf: bytearray, i: int) -> int | None:
    size = _request_size(buf, i)
    if size is not None or buf[i + 1] & 0x80:
        return size
    # Another standard function: its length from pymodbus's request classes, only to
    # find where it ends (a frame of a function nobody knows cannot be delimited).
    return _size(_ANY_REQUEST.lookupPduClass(bytes(buf[i : i + 2])), buf, i)


def _decode_device_request(frame: bytes) -> Request | OtherFunction | None:
    if frame[1] in _REQUESTS:
        return _decode_request(frame)
    return OtherFunction(frame[0], frame[1], frame)


class DeviceRequestParser(FrameParser[Request | OtherFunction]):
    """What a device hears: the three functions' requests as values, and any other
    standard Modbus request whose CRC checks out as :class:`OtherFunction`."""

    def __init__(self) -> None:
        super().__init__(_device_request_size, _decode_device_request)


class ReplyParser(FrameParser[Reply]):
    def __init__(self) -> None:
        super().__init__(_reply_size, _decode_reply)
