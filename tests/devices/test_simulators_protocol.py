"""The simulated devices follow docs/protocols.md exactly, as a vendor's would: every
documented register is read and written through a third-party Modbus master (pymodbus's
own serial client) over a real pseudo-terminal, and what the document says is refused is
refused with its exception code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pymodbus.client import ModbusSerialClient

from kiosk.core.devices import DisplayText, Key, Rating
from kiosk.devices.modbus import registers as reg
from kiosk.devices.simulators import PtyLine, SimDisplay, SimEvaluator, SimKeypad

DISPLAY, KEYPAD, EVALUATOR = 3, 103, 203


@pytest.fixture
def hall() -> Iterator[tuple[PtyLine, ModbusSerialClient]]:
    line = PtyLine([SimDisplay(DISPLAY, width=16), SimKeypad(KEYPAD), SimEvaluator(EVALUATOR)])
    with line:
        client = ModbusSerialClient(line.url, baudrate=9600, timeout=2, retries=0)
        assert client.connect()
        try:
            yield line, client
        finally:
            client.close()


def read(client: ModbusSerialClient, device: int, start: int, count: int = 1) -> list[int]:
    reply = client.read_holding_registers(start, count=count, device_id=device)
    assert not reply.isError(), f"reading {start:#06x} x{count} at {device}: {reply}"
    return list(reply.registers)


def refused(reply: object) -> int:
    """The exception code of a refused request (the reply must be an exception)."""
    assert reply.isError(), reply  # type: ignore[attr-defined]
    code = reply.exception_code  # type: ignore[attr-defined]
    assert isinstance(code, int)
    return code


def text_registers(text: str) -> list[int]:
    return list(reg.pack_text(text.encode("gb2312")))


def test_every_identity_register_reads_alone_and_as_a_block(
    hall: tuple[PtyLine, ModbusSerialClient],
) -> None:
    _line, client = hall
    kinds = {DISPLAY: 1, KEYPAD: 3, EVALUATOR: 4}
    for device, kind in kinds.items():
        whole = [kind, 1, 16 if device == DISPLAY else 0, 0]
        assert read(client, device, 0x0000, 4) == whole
        for i in range(4):
            assert read(client, device, 0x0000 + i) == [whole[i]]
        assert read(client, device, 0x0001, 3) == whole[1:]
        # read only, and nothing past the block
        assert refused(client.write_register(0x0000, 1, device_id=device)) == 2
        assert refused(client.read_holding_registers(0x0002, count=3, device_id=device)) == 2


def test_every_display_register_is_written_as_documented(
    hall: tuple[PtyLine, ModbusSerialClient],
) -> None:
    line, client = hall
    sim = line.devices[DISPLAY]
    assert isinstance(sim, SimDisplay)
    assert not client.write_register(0x0010, 2, device_id=DISPLAY).isError()
    assert sim.mode == "test"
    assert not client.write_register(0x0010, 1, device_id=DISPLAY).isError()
    assert sim.mode == "clear"
    assert not client.write_register(0x00FF, 5, device_id=DISPLAY).isError()
    line1 = text_registers("A023")
    assert not client.write_registers(0x0100, line1, device_id=DISPLAY).isError()
    assert sim.blink == 5  # the blink written alone: the next text blinks
    line2 = text_registers("请到3号窗口")
    assert not client.write_registers(0x0140, line2, device_id=DISPLAY).isError()
    assert sim.text == DisplayText("A023", "请到3号窗口")
    blinking = [3, *text_registers("B7")]  # the blink in line 1's frame
    assert not client.write_registers(0x00FF, blinking, device_id=DISPLAY).isError()
    assert (sim.text.line1, sim.blink) == ("B7", 3)
    longest = text_registers("窗" * 32)  # 64 bytes: 33 registers
    assert not client.write_registers(0x0140, longest, device_id=DISPLAY).isError()
    assert sim.text.line2 == "窗" * 32
    # what the document refuses
    assert refused(client.write_register(0x0010, 3, device_id=DISPLAY)) == 3  # no command 3
    assert refused(client.write_register(0x00FF, 10, device_id=DISPLAY)) == 3  # blink 0-9
    assert refused(client.write_registers(0x0100, [5, 0x4130], device_id=DISPLAY)) == 3
    assert refused(client.write_registers(0x0100, [65, *[0] * 32], device_id=DISPLAY)) == 3
    assert refused(client.write_registers(0x0100, [66, *[0] * 33], device_id=DISPLAY)) == 2
    assert refused(client.read_holding_registers(0x0100, count=1, device_id=DISPLAY)) == 2


def test_every_keypad_register_is_read_and_the_press_acknowledged(
    hall: tuple[PtyLine, ModbusSerialClient],
) -> None:
    line, client = hall
    sim = line.devices[KEYPAD]
    assert isinstance(sim, SimKeypad)
    assert read(client, KEYPAD, 0x0200, 4) == [0, 0, 0, 0]
    first = sim.press(Key.TRANSFER, 5)
    second = sim.press(Key.DONE)
    assert read(client, KEYPAD, 0x0200) == [2]
    assert read(client, KEYPAD, 0x0201) == [first]
    assert read(client, KEYPAD, 0x0202) == [Key.TRANSFER]
    assert read(client, KEYPAD, 0x0203) == [5]
    assert read(client, KEYPAD, 0x0202, 2) == [Key.TRANSFER, 5]
    assert not client.write_register(0x0210, second, device_id=KEYPAD).isError()  # not the oldest
    assert sim.pending == 2
    assert not client.write_register(0x0210, first, device_id=KEYPAD).isError()
    assert read(client, KEYPAD, 0x0200, 4) == [1, second, Key.DONE, 0]
    assert not client.write_registers(0x0210, [second], device_id=KEYPAD).isError()
    assert read(client, KEYPAD, 0x0200, 4) == [0, 0, 0, 0]
    assert sim.acked == [first, second]
    assert refused(client.write_register(0x0200, 0, device_id=KEYPAD)) == 2  # read only
    assert refused(client.read_holding_registers(0x0210, count=1, device_id=KEYPAD)) == 2


def test_every_evaluator_register_is_read_and_written(
    hall: tuple[PtyLine, ModbusSerialClient],
) -> None:
    line, client = hall
    sim = line.devices[EVALUATOR]
    assert isinstance(sim, SimEvaluator)
    assert not client.write_registers(0x0300, [1, 77], device_id=EVALUATOR).isError()
    assert read(client, EVALUATOR, 0x0300, 3) == [1, 77, 0]
    assert sim.press(Rating.SATISFIED)
    assert read(client, EVALUATOR, 0x0300) == [2]
    assert read(client, EVALUATOR, 0x0301) == [77]
    assert read(client, EVALUATOR, 0x0302) == [3]
    assert not client.write_register(0x0300, 0, device_id=EVALUATOR).isError()  # disarm
    assert read(client, EVALUATOR, 0x0300, 3) == [0, 77, 0]
    assert not client.write_register(0x0301, 78, device_id=EVALUATOR).isError()  # the token
    assert read(client, EVALUATOR, 0x0301) == [78]
    assert not client.write_register(0x0300, 1, device_id=EVALUATOR).isError()  # arm with it
    assert read(client, EVALUATOR, 0x0300, 2) == [1, 78]
    assert refused(client.write_register(0x0300, 2, device_id=EVALUATOR)) == 3
    assert refused(client.write_register(0x0301, 0, device_id=EVALUATOR)) == 3  # 1-65535
    assert refused(client.write_register(0x0302, 4, device_id=EVALUATOR)) == 2  # read only
    assert refused(client.read_holding_registers(0x0301, count=3, device_id=EVALUATOR)) == 2


def test_a_function_the_devices_do_not_implement_is_exception_1(
    hall: tuple[PtyLine, ModbusSerialClient],
) -> None:
    _line, client = hall
    for device in (DISPLAY, KEYPAD, EVALUATOR):
        assert refused(client.read_input_registers(0, count=1, device_id=device)) == 1
        assert refused(client.read_coils(0, count=1, device_id=device)) == 1
        assert refused(client.write_coil(0, True, device_id=device)) == 1
