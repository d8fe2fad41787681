"""The hall devices' Modbus register map (docs/protocols.md is the vendor's copy).

Every device answers the identity block at 0x0000; each kind adds its own block.
Registers are 16-bit, read with function 0x03 and written with 0x06 or 0x10.
"""

from __future__ import annotations

import enum

PROTOCOL_VERSION = 1


class DeviceKind(enum.IntEnum):
    COUNTER_DISPLAY = 1
    STRIP_DISPLAY = 2  # the main LED strip
    KEYPAD = 3
    EVALUATOR = 4

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", " ")


# Identity (read only): kind, protocol version, characters per line (displays), flags.
ID_KIND = 0x0000
ID_VERSION = 0x0001
ID_WIDTH = 0x0002
ID_FLAGS = 0x0003
ID_COUNT = 4

# Displays. A line is its length in bytes, then its GB2312 bytes two to a register,
# first byte in the high half, padded with 0x00. Writing a line's block (one 0x10
# write from its length register) shows it; the line is shown as a whole, never half.
DISPLAY_COMMAND = 0x0010  # write: 1 clear, 2 test pattern (every LED lit until the next text)
LINE_BASE = (0x0100, 0x0140)  # line 1 and line 2
# Times the next text blinks when shown (0-9): written alone, or as the first register of
# line 1's write (one frame from 0x00FF: the blink, then line 1) so a new number costs
# one frame.
DISPLAY_BLINK = LINE_BASE[0] - 1
LINE_BYTES = 64  # at most, per line; a device scrolls a line wider than itself
LINE_REGISTERS = 1 + LINE_BYTES // 2
CMD_CLEAR = 1
CMD_TEST_PATTERN = 2

# Keypads. Key presses wait in the keypad's queue (at least 16 deep), each with a
# sequence number 1-65535 (then 1 again; 0 means none). The master reads the oldest and
# acknowledges it by writing its sequence number; only then is it removed. A press read
# twice (the reply was lost, the acknowledgement was lost) has the same number, so the
# master applies it once.
KEY_PENDING = 0x0200  # presses waiting
KEY_SEQ = 0x0201  # the oldest one's sequence number (0: none)
KEY_CODE = 0x0202  # its key (kiosk.core.devices.Key)
KEY_ARG = 0x0203  # digits typed before it (a transfer's counter), else 0
KEY_BLOCK = 4
KEY_ACK = 0x0210  # write the sequence number read: removes that press, nothing else

# Evaluators. Arm with one 0x10 write of (1, token) from EVAL_STATE: the keys light; the
# first press is kept as the rating and the keys go dark. Disarm by writing 0.
EVAL_STATE = 0x0300  # read: 0 idle, 1 armed, 2 rated; write 1 (with the token) or 0
EVAL_TOKEN = 0x0301  # read/write: the master's token for this arming (a ticket), 1-65535
EVAL_RATING = 0x0302  # read: kiosk.core.devices.Rating value, 0 while none
EVAL_BLOCK = 3
EVAL_IDLE, EVAL_ARMED, EVAL_RATED = 0, 1, 2


def pack_text(data: bytes) -> tuple[int, ...]:
    """A line's registers: its length, then its bytes two to a register."""
    data = data[:LINE_BYTES]
    padded = data + b"\x00" * (len(data) % 2)
    words = tuple(int.from_bytes(padded[i : i + 2], "big") for i in range(0, len(padded), 2))
    return (len(data), *words)


def unpack_text(registers: tuple[int, ...]) -> bytes:
    """The bytes of a line's registers (length first); ValueError when they disagree."""
    if not registers:
        raise ValueError("no length register")
    size, words = registers[0], registers[1:]
    if size > LINE_BYTES or (size + 1) // 2 != len(words):
        raise ValueError(f"a line of {size} bytes in {len(words)} registers")
    return b"".join(w.to_bytes(2, "big") for w in words)[:size]
