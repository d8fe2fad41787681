"""Printer URLs and the [printer] table: what each URL means, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import config
from kiosk.core.errors import ConfigError
from kiosk.devices.escpos.transport import Endpoint, parse_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sim", ("sim", "ok")),
        ("sim:paper-out", ("sim", "paper-out")),
        ("serial:///dev/ttyUSB0", ("serial", "/dev/ttyUSB0", 9600, "none")),
        ("serial:///dev/ttyS1?baudrate=19200&flow=rtscts",
         ("serial", "/dev/ttyS1", 19200, "rtscts")),
        ("serial:COM3?baudrate=115200&flow=dsrdtr", ("serial", "COM3", 115200, "dsrdtr")),
        ("serial:loop://", ("serial", "loop://", 9600, "none")),
        ("serial:socket://10.0.0.5:4001?baudrate=9600", ("serial", "socket://10.0.0.5:4001")),
        ("serial:spy:///dev/ttyUSB0?file=/tmp/w.txt&flow=xonxoff",
         ("serial", "spy:///dev/ttyUSB0?file=%2Ftmp%2Fw.txt", 9600, "xonxoff")),
        ("usb://04B8:0202", ("usb", "04b8:0202")),
        ("tcp://192.168.1.50", ("tcp", "192.168.1.50")),
        ("tcp://printer.hall:9101?timeout=500", ("tcp", "printer.hall")),
        ("file:///dev/usb/lp0", ("file", "/dev/usb/lp0")),
        ("/var/spool/tickets.bin", ("file", "/var/spool/tickets.bin")),
        ("cups://Kiosk_Printer", ("cups", "Kiosk_Printer")),
    ],
)  # fmt: skip
def test_printer_urls(url: str, expected: tuple[object, ...]) -> None:
    ep = parse_url(url)
    got = (ep.kind, ep.target, ep.baudrate, ep.flow)[: len(expected)]
    assert got == expected


def test_usb_and_tcp_always_have_a_timeout() -> None:
    """python-escpos's Usb waits forever by default; ours never does."""
    assert parse_url("usb://04b8:0202").timeout_ms == 2000
    assert parse_url("usb://04b8:0202?timeout=500&out_ep=0x02").timeout_ms == 500
    assert parse_url("usb://04b8:0202?out_ep=0x02").out_ep == 2
    tcp = parse_url("tcp://printer.hall:9101?timeout=500")
    assert (tcp.port, tcp.timeout_ms) == (9101, 500)
    assert parse_url("tcp://[fe80::1]:9100").target == "fe80::1"


def test_status_is_read_only_where_the_link_can_read() -> None:
    readable = {k: parse_url(u).can_read for k, u in [
        ("serial", "serial:loop://"), ("tcp", "tcp://h"), ("sim", "sim"),
        ("usb", "usb://04b8:0202"), ("file", "/x"), ("cups", "cups://q")]}  # fmt: skip
    assert readable == {"serial": True, "tcp": True, "sim": True,
                        "usb": False, "file": False, "cups": False}  # fmt: skip


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("", "empty printer URL"),
        ("sim:jammed", "unknown simulated state 'jammed'"),
        ("lpt://1", "unknown kind of printer 'lpt'"),
        ("serial:///dev/ttyUSB0?flow=hardware", "flow='hardware'"),
        ("serial:///dev/ttyUSB0?baud=9600", "unknown setting 'baud'"),
        ("serial:///dev/ttyUSB0?baudrate=fast", "baudrate='fast'"),
        ("usb://04b8", "usb://VVVV:PPPP"),
        ("usb://04b8:0202?timeout=0", "timeout=0"),
        ("tcp://", "tcp://HOST:PORT"),
        ("tcp://h:70000", "out of range"),
        ("cups://", "cups://QUEUE"),
        ("tickets.bin", "a path must be absolute"),
    ],
)
def test_bad_urls_say_what_was_expected(url: str, says: str) -> None:
    with pytest.raises(ValueError, match=says.replace("?", r"\?").replace("(", r"\(")):
        parse_url(url)


def _hall(extra: str) -> str:
    return config.example_text() + "\n" + extra


def test_the_demo_hall_prints_on_the_simulator_by_default() -> None:
    cfg = config.load(None)
    assert cfg.printer_url == "sim"
    assert (cfg.printer.width_mm, cfg.printer.charset, cfg.printer.qr) == (80, "gb18030", "native")
    assert cfg.printer.status_timeout_ms == 500


def test_the_printer_table() -> None:
    text = config.example_text().replace(
        '[printer]\nurl = "sim"',
        '[printer]\nurl = "serial:///dev/ttyUSB0?baudrate=9600&flow=none"\nwidth_mm = 58\n'
        'charset = "gb2312"\nqr = "picture"\nstatus_timeout_ms = 300',
    )
    cfg = config.parse(text, "hall.toml")
    assert cfg.printer_url == "serial:///dev/ttyUSB0?baudrate=9600&flow=none"
    assert (cfg.printer.width_mm, cfg.printer.charset, cfg.printer.qr) == (58, "gb2312", "picture")


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ('url = "usb://epson"', "printer.url: 'usb://epson': expected usb://VVVV:PPPP"),
        ('url = "ttyUSB0"', "printer.url: 'ttyUSB0': a path must be absolute"),
        ("width_mm = 76", "printer.width_mm: Input should be 58 or 80"),
        ('charset = "big5"', "printer.charset: Input should be 'gb18030', 'gbk' or 'gb2312'"),
        ('qr = "image"', "printer.qr: Input should be 'native' or 'picture'"),
        ('status = "dle"', "printer.status: Input should be 'full', 'basic' or 'none'"),
    ],
)
def test_printer_settings_errors_name_the_key(setting: str, says: str) -> None:
    text = config.example_text().replace('[printer]\nurl = "sim"', f"[printer]\n{setting}")
    with pytest.raises(ConfigError) as failed:
        config.parse(text, "hall.toml")
    assert str(failed.value).startswith("hall.toml: ")
    assert says in str(failed.value)


@pytest.mark.parametrize(
    ("mode", "queries"), [("full", (1, 2, 3, 4)), ("basic", (1,)), ("none", ())]
)
def test_printer_status_chooses_the_queries_the_printer_is_asked(
    mode: str, queries: tuple[int, ...], tmp_path: Path
) -> None:
    from kiosk.app import build_printer, load_settings

    text = config.example_text().replace(
        '[printer]\nurl = "sim"', f'[printer]\nurl = "tcp://192.0.2.1"\nstatus = "{mode}"'
    )
    hall = tmp_path / "hall.toml"
    hall.write_text(text, encoding="utf-8")
    printer = build_printer(load_settings(hall, tmp_path))
    assert printer.queries == queries
    assert printer.can_read is bool(queries)
    assert config.load(None).printer.status == "full"


def test_the_older_devices_printer_key_still_works_but_not_with_printer_url() -> None:
    text = (
        config.example_text()
        .replace("simulate = true", 'simulate = true\nprinter = "sim:near-end"')
        .replace('[printer]\nurl = "sim"', "[printer]")
    )
    assert config.parse(text, "old.toml").printer_url == "sim:near-end"
    both = text.replace("[printer]\n", '[printer]\nurl = "tcp://h"\n')
    with pytest.raises(ConfigError, match=r"devices\.printer: the printer is set twice"):
        config.parse(both, "both.toml")
    with pytest.raises(ConfigError, match=r"devices\.printer: unknown simulated state"):
        config.parse(text.replace("sim:near-end", "sim:bogus"), "old.toml")


def test_endpoint_keeps_the_url_as_written() -> None:
    assert parse_url(" tcp://h ") == Endpoint(" tcp://h ", "tcp", "h", timeout_ms=3000)
