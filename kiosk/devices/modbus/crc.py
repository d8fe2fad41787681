"""CRC-16/MODBUS, computed by pymodbus (its RTU framer's ``compute_CRC``).

Polynomial 0xA001 (reflected 0x8005), initial value 0xFFFF, over address, function and
data; sent low byte first, after the frame's other bytes. pymodbus returns the CRC with
its bytes already swapped into wire order (``to_bytes(2, "big")`` is what is sent), so
:func:`crc16` swaps it back to the value the specification names (0xCDC5 for its example
``01 03 00 00 00 0A``, sent ``C5 CD``).
"""

from __future__ import annotations

from pymodbus.framer import FramerRTU


def crc_bytes(body: bytes) -> bytes:
    """The two CRC bytes of a frame's body, in the order they go on the wire."""
    return FramerRTU.compute_CRC(body).to_bytes(2, "big")


def crc16(data: bytes) -> int:
    """The CRC as the specification writes it (sent low byte first)."""
    return int.from_bytes(crc_bytes(data), "little")


def append_crc(body: bytes) -> bytes:
    """The body with its CRC, low byte first, as it goes on the wire."""
    return body + crc_bytes(body)


def crc_ok(frame: bytes) -> bool:
    """A whole frame (body and its two CRC bytes) checks out."""
    return len(frame) >= 4 and FramerRTU.check_CRC(frame[:-2], int.from_bytes(frame[-2:], "big"))
