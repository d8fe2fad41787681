"""Modbus RTU frames as values, and a parser that finds them in a byte stream.

Only the three functions the hall's devices use (docs/protocols.md): 0x03 read holding
registers, 0x06 write single register, 0x10 write multiple registers, and the exception
replies to them. A frame is ``address, function, data, CRC-16 (low byte first)``.

:class:`FrameParser` is fed bytes as they arrive, in pieces of any size, and returns every
whole frame whose length, CRC and contents check out. Anything else (line noise, a frame
cut short, a bad CRC, a function it does not know) is skipped a byte at a time until a good
frame starts, and counted in ``discarded``. It never raises on input.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from typing import Generic, TypeVar

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


def _words(values: tuple[int, ...]) -> bytes:
    return b"".join(v.to_bytes(2, "big") for v in values)


def _unwords(data: bytes) -> tuple[int, ...]:
    return tuple(int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2))


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
        return append_crc(
            bytes([self.address, self.function])
            + self.start.to_bytes(2, "big")
            + self.count.to_bytes(2, "big")
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
        return append_crc(
            bytes([self.address, self.function])
            + self.register.to_bytes(2, "big")
            + self.value.to_bytes(2, "big")
        )


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
        n = len(self.values)
        return append_crc(
            bytes([self.address, self.function])
            + self.start.to_bytes(2, "big")
            + n.to_bytes(2, "big")
            + bytes([2 * n])
            + _words(self.values)
        )


Request = ReadRegisters | WriteRegister | WriteRegisters


# -- replies (device to master) ----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RegistersRead:
    address: int
    values: tuple[int, ...]
    function = Function.READ_HOLDING

    def encode(self) -> bytes:
        data = _words(self.values)
        return append_crc(bytes([self.address, self.function, len(data)]) + data)


@dataclasses.dataclass(frozen=True)
class RegistersWritten:
    address: int
    start: int
    count: int
    function = Function.WRITE_MULTIPLE

    def encode(self) -> bytes:
        return append_crc(
            bytes([self.address, self.function])
            + self.start.to_bytes(2, "big")
            + self.count.to_bytes(2, "big")
        )


@dataclasses.dataclass(frozen=True)
class ExceptionReply:
    address: int
    function: int  # the request's function, without the 0x80 bit
    code: int

    def encode(self) -> bytes:
        return append_crc(bytes([self.address, self.function | 0x80, self.code]))

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


def _request_size(buf: bytearray, i: int) -> int | None:
    """Length of a request starting at buf[i]; 0 when more bytes are needed to tell;
    None when no request can start there."""
    fn = buf[i + 1]
    if fn in (Function.READ_HOLDING, Function.WRITE_SINGLE):
        return 8
    if fn == Function.WRITE_MULTIPLE:
        if len(buf) < i + 7:
            return 0
        return 9 + buf[i + 6]
    return None


def _reply_size(buf: bytearray, i: int) -> int | None:
    fn = buf[i + 1]
    if fn == Function.READ_HOLDING:
        if len(buf) < i + 3:
            return 0
        return 5 + buf[i + 2]
    if fn in (Function.WRITE_SINGLE, Function.WRITE_MULTIPLE):
        return 8
    if fn & 0x80 and (fn & 0x7F) in tuple(Function):
        return 5
    return None


def _decode_request(frame: bytes) -> Request | None:
    address, fn = frame[0], frame[1]
    a, b = int.from_bytes(frame[2:4], "big"), int.from_bytes(frame[4:6], "big")
    try:
        if fn == Function.READ_HOLDING:
            return ReadRegisters(address, a, b)
        if fn == Function.WRITE_SINGLE:
            return WriteRegister(address, a, b)
        values = _unwords(frame[7:-2])
        if frame[6] != 2 * b or len(values) != b:
            return None
        return WriteRegisters(address, a, values)
    except ValueError:  # a count or range no device accepts
        return None


def _decode_reply(frame: bytes) -> Reply | None:
    address, fn = frame[0], frame[1]
    if fn & 0x80:
        return ExceptionReply(address, fn & 0x7F, frame[2])
    if fn == Function.READ_HOLDING:
        if frame[2] % 2:
            return None
        return RegistersRead(address, _unwords(frame[3:-2]))
    a, b = int.from_bytes(frame[2:4], "big"), int.from_bytes(frame[4:6], "big")
    if fn == Function.WRITE_SINGLE:
        return WriteRegister(address, a, b)
    return RegistersWritten(address, a, b)


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


class ReplyParser(FrameParser[Reply]):
    def __init__(self) -> None:
        super().__init__(_reply_size, _decode_reply)
