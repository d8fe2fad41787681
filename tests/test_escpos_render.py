"""The ticket as ESC/POS bytes: golden files, an independent parser, a real QR decoder.

Golden files live in tests/golden; after an intended change of the ticket, regenerate them
with ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_escpos_render.py`` and review
the change: a failing golden test prints the decoded lines of the old and the new bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.ports import PrintJob
from kiosk.core.ticketlink import ticket_url
from kiosk.devices.escpos import textenc
from kiosk.devices.escpos.profile import Charset, PrinterProfile
from kiosk.devices.escpos.render import (
    TEST_QR_PAYLOAD,
    render_test_ticket,
    render_ticket,
)
from kiosk.devices.escpos.template import (
    TemplateError,
    default_template,
    load_template,
    parse_template,
)
from tests.escpos_parser import Cut, Document, Line, QrCode, Reset, parse

GOLDEN = Path(__file__).parent / "golden"
CHARSETS: tuple[Charset, ...] = get_args(Charset)
ISSUED = dt.datetime(2026, 11, 24, 9, 30, 5)
URL = ticket_url(
    "https://hall.example.cn/renmin", "hall-secret", "0f8e2d7c6b5a49380716253443526170"
)

BILINGUAL = PrintJob(
    hall_zh="人民路政务服务大厅",
    hall_en="Renmin Road Service Hall",
    number="A023",
    service_zh="缴费业务",
    service_en="Bill payment",
    ahead=3,
    wait_low_min=5,
    wait_high_min=9,
    issued_at=ISSUED,
    url=URL,
)
ENGLISH_ONLY = PrintJob(
    hall_zh="",
    hall_en="Downtown Service Centre",
    number="P007",
    service_zh="",
    service_en="Passport renewal and other travel documents",
    ahead=0,
    wait_low_min=0,
    wait_high_min=5,
    issued_at=ISSUED,
    url=URL,
)
CHINESE_HEAVY = PrintJob(
    hall_zh="上海市浦东新区市民中心行政服务大厅",
    hall_en="",
    number="V102",
    service_zh="不动产登记与房屋交易综合窗口",
    service_en="",
    ahead=12,
    wait_low_min=25,
    wait_high_min=40,
    issued_at=ISSUED,
    url=URL,
    priority=True,
)
JOBS = {"bilingual": BILINGUAL, "english": ENGLISH_ONLY, "chinese": CHINESE_HEAVY}


def golden(name: str, data: bytes) -> None:
    """Compare with tests/golden/NAME.bin; UPDATE_GOLDEN=1 writes it instead."""
    path = GOLDEN / f"{name}.bin"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    if data != expected:
        new = "\n".join(parse(data).texts("gb18030"))
        old = "\n".join(parse(expected).texts("gb18030"))
        pytest.fail(
            f"{path.name} differs ({len(expected)} -> {len(data)} bytes)\n"
            f"--- golden\n{old}\n--- now\n{new}\n"
            "run with UPDATE_GOLDEN=1 if the change is intended"
        )


def line_with(doc: Document, charset: str, text: str) -> Line:
    matches = [line for line in doc.lines if text in line.text(charset)]
    assert matches, f"no line with {text!r} in {doc.texts(charset)}"
    return matches[0]


# -- golden bytes -------------------------------------------------------------------------


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize("job_name", sorted(JOBS))
def test_ticket_bytes_match_the_golden_file(width: int, job_name: str) -> None:
    profile = PrinterProfile(width_mm=width, charset="gb18030", native_qr=True)  # type: ignore[arg-type]
    golden(f"ticket-{job_name}-{width}mm", render_ticket(JOBS[job_name], profile))


@pytest.mark.parametrize("width", [58, 80])
def test_gb2312_and_picture_qr_tickets_match_the_golden_files(width: int) -> None:
    gb2312 = PrinterProfile(width_mm=width, charset="gb2312", native_qr=True)  # type: ignore[arg-type]
    golden(f"ticket-bilingual-{width}mm-gb2312", render_ticket(BILINGUAL, gb2312))
    picture = PrinterProfile(width_mm=width, charset="gbk", native_qr=False)  # type: ignore[arg-type]
    golden(f"ticket-bilingual-{width}mm-picture-qr", render_ticket(BILINGUAL, picture))


@pytest.mark.parametrize("width", [58, 80])
def test_self_test_ticket_matches_the_golden_file(width: int) -> None:
    golden(f"selftest-{width}mm", render_test_ticket(PrinterProfile(width_mm=width)))  # type: ignore[arg-type]


def test_rendering_is_deterministic() -> None:
    profile = PrinterProfile(native_qr=False)
    assert render_ticket(BILINGUAL, profile) == render_ticket(BILINGUAL, profile)


# -- decoded by the independent parser ------------------------------------------------------


@pytest.mark.parametrize("charset", CHARSETS)
@pytest.mark.parametrize("width", [58, 80])
def test_bilingual_ticket_decodes_to_both_languages_with_the_right_sizes(
    width: int, charset: Charset
) -> None:
    profile = PrinterProfile(width_mm=width, charset=charset)  # type: ignore[arg-type]
    data = render_ticket(BILINGUAL, profile)
    doc = parse(data)
    assert isinstance(doc.items[0], Reset)
    assert doc.lines[0].runs[0].mode.chinese, "Chinese mode (FS &) before the first text"
    assert isinstance(doc.items[-1], Cut)

    hall = line_with(doc, charset, "人民路政务服务大厅")
    assert (hall.runs[0].mode.width, hall.runs[0].mode.height) == (1, 2)
    assert line_with(doc, charset, "Renmin Road Service Hall").runs[0].mode.width == 1
    service = line_with(doc, charset, "缴费业务")
    assert (service.runs[0].mode.width, service.runs[0].mode.height) == (2, 2)
    assert line_with(doc, charset, "Bill payment").runs[0].mode.width == 1
    number = line_with(doc, charset, "A023")
    assert number.text(charset) == "A023"
    assert (number.runs[0].mode.width, number.runs[0].mode.height) == (4, 4)
    assert number.runs[0].mode.bold
    assert all(line.runs[0].mode.align == 1 for line in doc.lines if line.runs)
    line_with(doc, charset, "前面还有 3 人 / 3 ahead of you")
    dash = "-" if charset == "gb2312" else "–"  # GB2312 has no en dash: folded
    line_with(doc, charset, f"预计等候 5{dash}9 分钟")
    line_with(doc, charset, f"about 5{dash}9 min")
    line_with(doc, charset, "2026-11-24 09:30")
    line_with(doc, charset, "过号请重新取号")
    footer = " ".join(line.text(charset) for line in doc.lines if line.text(charset).isascii())
    assert "If you miss your call, please take a new ticket" in footer
    assert all("绿色通道" not in text for text in doc.texts(charset))

    assert doc.qr_codes == [QrCode(URL.encode(), model=2, module=6, level=49, align=1)]
    assert not doc.rasters
    assert b"?" not in data.replace(URL.encode(), b"")


@pytest.mark.parametrize("width", [58, 80])
def test_english_only_ticket_leaves_out_the_empty_chinese_lines(width: int) -> None:
    doc = parse(render_ticket(ENGLISH_ONLY, PrinterProfile(width_mm=width)))  # type: ignore[arg-type]
    texts = doc.texts("gb18030")
    assert all(text.strip() for text in texts), "no blank line for a missing name"
    joined = " ".join(texts)
    assert "Downtown Service Centre" in joined
    assert "Passport renewal and other travel documents" in joined
    line_with(doc, "gb18030", "预计等候少于 5 分钟")
    line_with(doc, "gb18030", "under 5 min")
    line_with(doc, "gb18030", "前面还有 0 人 / 0 ahead of you")


@pytest.mark.parametrize("width", [58, 80])
def test_chinese_heavy_priority_ticket_wraps_within_the_paper(width: int) -> None:
    profile = PrinterProfile(width_mm=width, charset="gb2312")  # type: ignore[arg-type]
    doc = parse(render_ticket(CHINESE_HEAVY, profile))
    texts = doc.texts("gb2312")
    joined = "".join(texts)
    assert "上海市浦东新区市民中心行政服务大厅" in joined
    assert "不动产登记与房屋交易综合窗口" in joined
    line_with(doc, "gb2312", "绿色通道 Priority")
    line_with(doc, "gb2312", "预计等候 25-40 分钟")
    for line in doc.lines:
        assert line.dots() <= profile.dots, f"{line.text('gb2312')!r} is wider than the paper"
    if width == 58:  # 16 hanzi a line at size 1 x 2, 8 at size 2 x 2
        assert "不动产登记与房屋" in texts


def test_the_ticket_with_a_native_qr_stays_under_600_bytes() -> None:
    """Chinese business type, number, wait range and native QR: at most 600 bytes
    (issue 4), on both widths and every charset, with a realistic signed URL."""
    for width in (58, 80):
        for charset in CHARSETS:
            profile = PrinterProfile(width_mm=width, charset=charset)  # type: ignore[arg-type]
            size = len(render_ticket(BILINGUAL, profile))
            assert size <= 600, (width, charset, size)


# -- QR codes -------------------------------------------------------------------------------


def decode_raster(raster_dots: list[list[bool]]) -> list[str]:
    """Rebuild the printed picture (with a white quiet zone) and read it with zxing-cpp."""
    pad = 40
    width = len(raster_dots[0]) + 2 * pad
    pixels = bytearray(b"\xff" * width * pad)
    for row in raster_dots:
        pixels += b"\xff" * pad + bytes(0 if dot else 255 for dot in row) + b"\xff" * pad
    pixels += b"\xff" * width * pad
    image = memoryview(bytes(pixels)).cast("B", (len(pixels) // width, width))
    return [code.text for code in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("width", [58, 80])
def test_picture_qr_is_read_by_a_real_qr_decoder(width: int) -> None:
    profile = PrinterProfile(width_mm=width, native_qr=False)  # type: ignore[arg-type]
    doc = parse(render_ticket(BILINGUAL, profile))
    assert not doc.qr_codes
    [picture] = doc.rasters
    assert picture.width <= profile.dots
    assert picture.align == 1
    assert decode_raster(picture.dots()) == [URL]


@pytest.mark.parametrize("width", [58, 80])
def test_self_test_ticket_has_chinese_a_large_number_and_both_qr_codes(width: int) -> None:
    profile = PrinterProfile(width_mm=width, charset="gb2312", native_qr=False)  # type: ignore[arg-type]
    doc = parse(render_test_ticket(profile))
    line_with(doc, "gb2312", "中文字体：汉字打印正常")
    number = line_with(doc, "gb2312", "A888")
    assert (number.runs[0].mode.width, number.runs[0].mode.height) == (4, 4)
    assert [qr.payload for qr in doc.qr_codes] == [TEST_QR_PAYLOAD.encode()]
    [picture] = doc.rasters
    assert decode_raster(picture.dots()) == [TEST_QR_PAYLOAD]
    assert isinstance(doc.items[-1], Cut)


# -- characters the printer's font lacks ----------------------------------------------------


def test_no_four_byte_sequence_or_question_mark_for_yen_emoji_and_rare_characters() -> None:
    """python-escpos sends "¥" as four GB18030 bytes (garbage on the printer) and anything
    else it cannot encode as "?". Here "¥" folds to the full-width yen every GB font has;
    an emoji, a character of CJK Extension B and one that GB2312 lacks print as pictures."""
    job = dataclasses.replace(
        BILINGUAL, hall_zh="堃¥5 服务😀大厅𠀀", service_zh="办证™", hall_en="Café — naïve · ok"
    )
    for charset in CHARSETS:
        data = render_ticket(job, PrinterProfile(charset=charset))
        doc = parse(data)
        hall = doc.lines[0]
        text = hall.text(charset, image="▣")
        assert "￥5 服务" in text
        assert "?" not in text
        assert "😀" not in text and "𠀀" not in text  # pictures, not four-byte text
        for run in hall.runs:  # every character sent as text is one or two bytes
            assert all(len(c.encode("gb18030")) <= 2 for c in run.text(charset)), charset
        assert all(image.width == 24 and image.dots_high == 24 for image in hall.images)
        expected_images = 3 if charset == "gb2312" else 2  # 堃 is in GBK and GB18030
        assert len(hall.images) == expected_images, charset
        assert "Caf" in " ".join(doc.texts(charset))
        assert not any("?" in text for text in doc.texts(charset))  # 0x3F in pictures is fine


def test_four_byte_gb18030_is_sent_only_for_extension_a() -> None:
    assert textenc.encode_char("㐀", "gb18030") == "㐀".encode("gb18030")
    assert len("㐀".encode("gb18030")) == 4
    assert textenc.encode_char("¥", "gb18030") is None
    assert textenc.encode_char("😀", "gb18030") is None
    assert [u.data for u in textenc.encode("¥", "gb18030")] == ["￥".encode("gb18030")]


def test_a_character_no_font_has_prints_as_a_hex_box(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textenc, "_fonts", lambda: ())
    textenc.glyph_picture.cache_clear()
    try:
        glyph = textenc.glyph_picture("\U0001f600")
    finally:
        textenc.glyph_picture.cache_clear()
    assert glyph.width == 24 and len(glyph.columns) == 72
    assert glyph.columns[:3] == b"\xff\xff\xff"  # the frame's left edge
    assert any(glyph.columns[6:66])  # the digits


def test_control_characters_in_a_name_cannot_become_commands() -> None:
    job = dataclasses.replace(BILINGUAL, hall_en="Evil\x1b@\x1dV\x00Hall\tOne")
    doc = parse(render_ticket(job, PrinterProfile()))
    assert sum(isinstance(item, Reset) for item in doc.items) == 1
    assert sum(isinstance(item, Cut) for item in doc.items) == 1
    line_with(doc, "gb18030", "Evil@VHall One")


NAME_HANZI = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5).filter(
    lambda c: textenc.encode_char(c, "gb2312") is not None
)


@settings(max_examples=60, deadline=None)
@given(
    zh=st.text(NAME_HANZI, min_size=1, max_size=30),
    en=st.lists(
        st.text(
            st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789&()"),
            min_size=1,
            max_size=12,
        ),
        min_size=1,
        max_size=6,
    ).map(" ".join),
    charset=st.sampled_from(CHARSETS),
    width=st.sampled_from([58, 80]),
)
def test_any_service_name_is_recovered_exactly(
    zh: str, en: str, charset: Charset, width: int
) -> None:
    template = parse_template(
        """
        [[block]]
        text = "{service_zh}"
        size = [2, 2]
        [[block]]
        text = "{service_en}"
        """,
        "property.toml",
        base=None,
    )
    job = dataclasses.replace(BILINGUAL, service_zh=zh, service_en=en)
    profile = PrinterProfile(width_mm=width, charset=charset)  # type: ignore[arg-type]
    data = render_ticket(job, profile, template)
    doc = parse(data)
    big = [line.text(charset) for line in doc.lines if line.runs[0].mode.width == 2]
    small = [line.text(charset) for line in doc.lines if line.runs[0].mode.width == 1]
    assert "".join(big) == zh
    assert " ".join(small) == en
    assert all(line.dots() <= profile.dots for line in doc.lines)
    assert b"?" not in data


# -- the template ---------------------------------------------------------------------------


def test_the_default_template_loads_from_its_file() -> None:
    path = Path(__file__).parents[1] / "kiosk" / "data" / "ticket.template.toml"
    assert load_template(path) == default_template()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('colour = "red"\n[[block]]\ntext = "x"', "t.toml: colour: unknown key"),
        ('[[block]]\ntext = "{name}"', "t.toml: block[0].text: unknown placeholder {name}"),
        ('[[block]]\ntext = "{number.__class__}"', "block[0].text: unknown placeholder"),
        ('[[block]]\ntext = "x"\nsize = [9, 1]', "t.toml: block[0].size: must be"),
        ('[[block]]\ntext = "x"\nalign = "middle"', "t.toml: block[0].align: must be one of"),
        ('[[block]]\nkind = "logo"\npath = "nope.png"', "t.toml: block[0].path: cannot read"),
        ('[wait]\nrange_zh = "{low} {soon}"\n[[block]]\ntext = "x"', "wait.range_zh: unknown"),
        ('[qr]\nmodule_dots = 40\n[[block]]\ntext = "x"', "qr.module_dots: must be between"),
        ("time_format = 3", "t.toml: time_format: must be a str"),
    ],
)
def test_a_wrong_template_names_the_file_and_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match="^" + re.escape(str(path))) as info:
        load_template(path)
    assert message in str(info.value)


def test_a_logo_prints_as_a_raster_picture(tmp_path: Path) -> None:
    from PIL import Image

    logo = Image.new("L", (40, 16), 255)
    for x in range(10, 30):
        logo.putpixel((x, 8), 0)
    logo.save(tmp_path / "logo.png")
    (tmp_path / "t.toml").write_text(
        '[[block]]\nkind = "logo"\npath = "logo.png"\n[[block]]\ntext = "{number}"\n',
        encoding="utf-8",
    )
    doc = parse(render_ticket(BILINGUAL, PrinterProfile(), load_template(tmp_path / "t.toml")))
    [picture] = doc.rasters
    assert (picture.width, picture.height) == (40, 16)
    dots = picture.dots()
    assert [x for x in range(40) if dots[8][x]] == list(range(10, 30))
    assert not any(dots[0])


def test_rendering_does_not_import_python_escpos() -> None:
    """python-escpos costs 0.3 s and a temporary folder per import: not on the kiosk's path."""
    code = (
        "import sys, datetime as dt\n"
        "from kiosk.core.ports import PrintJob\n"
        "from kiosk.devices.escpos.profile import PrinterProfile\n"
        "from kiosk.devices.escpos.render import render_ticket, render_test_ticket\n"
        "job = PrintJob('厅', 'Hall', 'A1', '办', 'Do', 1, 0, 5, dt.datetime(2026, 1, 1), 'u')\n"
        "render_ticket(job, PrinterProfile(native_qr=False))\n"
        "render_test_ticket(PrinterProfile())\n"
        "assert 'escpos' not in sys.modules, 'escpos imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


def test_a_character_an_installed_font_has_is_drawn_from_it() -> None:
    """堃 is outside GB2312; Noto CJK (packaged with the kiosk) draws it, not a hex box."""
    if not textenc._fonts():
        pytest.skip("no font file of textenc.FONT_FILES on this machine")
    glyph = textenc.glyph_picture("堃")
    assert glyph.columns != textenc._columns(textenc._hexbox_bits(ord("堃")))
    assert any(glyph.columns)


def test_bench_printer_reports_bytes_and_wire_time(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse
    import json

    from benchmarks import printer as bench

    assert bench.main(argparse.Namespace(json=True, charset="gb2312", runs=2)) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {(row["width_mm"], row["qr"]): row for row in data["tickets"]}
    assert set(rows) == {(58, "native"), (58, "picture"), (80, "native"), (80, "picture")}
    native = rows[(58, "native")]
    assert native["bytes"] <= 600 < rows[(58, "picture")]["bytes"]
    assert native["wire_s"]["9600"] == round(native["bytes"] * 10 / 9600, 3)
    assert bench.main(argparse.Namespace(json=False, charset="latin1", runs=2)) == 2


@pytest.mark.parametrize(
    ("wording", "about", "zh", "en"),
    [
        ("no_wait", 0, "无需等候", "no wait"),
        ("about", 20, "预计等候约 20 分钟，可能更久", "about 20 min, possibly longer"),
        (
            "none",
            0,
            "暂无窗口办理，请留意叫号",
            "no counter open yet; please watch for your number",
        ),
        ("range", 0, "预计等候 5–9 分钟", "about 5–9 min"),
    ],
)
def test_the_ticket_words_the_wait_as_the_kiosk(wording: str, about: int, zh: str, en: str) -> None:
    """The wait on paper in each of the kiosk's states (kiosk.core.promise)."""
    job = dataclasses.replace(BILINGUAL, wait_wording=wording, wait_about_min=about)
    fields = default_template().fields(job)
    assert (fields["wait_zh"], fields["wait_en"]) == (zh, en)
