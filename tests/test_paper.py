"""The virtual paper: ESC/POS bytes drawn as the ticket would come out."""

from __future__ import annotations

import pytest
import zxingcpp
from hypothesis import example, given
from hypothesis import strategies as st
from PIL import Image

from benchmarks.printer import SAMPLE
from kiosk.devices.escpos.paper import MARGIN, paper_png, render_paper
from kiosk.devices.escpos.profile import PrinterProfile
from kiosk.devices.escpos.render import TEST_QR_PAYLOAD, render_test_ticket, render_ticket

JOB = SAMPLE  # the benchmark's bilingual ticket


def _qr_texts(image: Image.Image) -> list[str]:
    return sorted(r.text for r in zxingcpp.read_barcodes(image))


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize("native", [True, False])
def test_the_paper_is_as_wide_as_the_roll_and_its_qr_scans_to_the_ticket(
    width: int, native: bool
) -> None:
    data = render_ticket(JOB, PrinterProfile(width_mm=width, native_qr=native))
    paper = render_paper(data, width)
    assert paper.width == (576 if width == 80 else 384) + 2 * MARGIN
    assert 600 < paper.height < 1200
    assert _qr_texts(paper) == [JOB.url]


def test_the_test_ticket_shows_both_qr_codes_with_one_address() -> None:
    paper = render_paper(render_test_ticket(PrinterProfile()))
    assert _qr_texts(paper) == [TEST_QR_PAYLOAD, TEST_QR_PAYLOAD]


def test_large_print_is_dot_doubled_and_bold_is_darker() -> None:
    """GS ! 0x33 (4 x 4) makes the number four times the cell in both directions."""
    small = render_paper(b"\x1b@\x1c&A023\n")
    large = render_paper(b"\x1b@\x1c&\x1d!\x33A023\n")
    bold = render_paper(b"\x1b@\x1c&\x1bE\x01A023\n")

    def ink(img: Image.Image) -> int:
        return sum(img.histogram()[:128])

    assert large.height - small.height == 3 * 24
    assert ink(large) > 10 * ink(small)
    assert ink(bold) > ink(small)


def test_an_inline_picture_character_is_drawn_dot_for_dot() -> None:
    columns = bytes([0xFF, 0xFF, 0xFF] * 24)  # a 24 x 24 black square
    paper = render_paper(b"\x1b@\x1c&\x1b*\x21\x18\x00" + columns + b"\n")
    box = paper.crop((MARGIN, MARGIN, MARGIN + 24, MARGIN + 24))
    assert box.getextrema() == (0, 0)


def test_an_unknown_command_is_written_on_the_paper_not_raised() -> None:
    paper = render_paper(b"\x1b@\x1c&OK\n\x1b\x7f\x01")
    assert paper.width == 576 + 2 * MARGIN  # drawn, with the note below "OK"


@given(st.binary(max_size=300))
@example(b"\x1d(k\x01\x001")  # a QR function with no function number
@example(b"\x1d(k\x02\x001C")  # module size without its value
@example(b"\x1d(k\x03\x001Q0")  # print a QR that was never stored
@example(b"\x1dv0\x00\xff\xff\xff\xff")  # a picture larger than the bytes
def test_any_bytes_make_a_picture(data: bytes) -> None:
    assert paper_png(data).startswith(b"\x89PNG")


def _quiet_rows(paper: Image.Image, top: int, bottom: int) -> bool:
    """Rows top..bottom-1 of the paper are blank from edge to edge."""
    return paper.crop((0, top, paper.width, bottom)).getextrema() == (255, 255)


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize(("native", "module"), [(True, 6), (False, 4)])
def test_the_qr_has_its_quiet_zone_above_and_below_it(
    width: int, native: bool, module: int
) -> None:
    """Four modules of blank paper on every side of the code (ISO/IEC 18004): the lines
    of text before and after it keep their distance, native QR and picture QR alike."""
    data = render_ticket(JOB, PrinterProfile(width_mm=width, native_qr=native))
    paper = render_paper(data, width)
    [code] = zxingcpp.read_barcodes(paper)
    corners = (code.position.top_left, code.position.bottom_right)
    top = min(p.y for p in corners)
    bottom = max(p.y for p in corners) + 1
    quiet = 4 * module
    assert _quiet_rows(paper, top - quiet, top)
    assert _quiet_rows(paper, bottom, bottom + quiet)


def test_esc_d_after_a_printed_line_feeds_only_its_own_lines() -> None:
    """ESC d n prints the line buffer and feeds n lines: after an LF the buffer is empty,
    so it adds n lines, not n + 1."""
    one = render_paper(b"\x1b@A\n")
    fed = render_paper(b"\x1b@A\n\x1bd\x02")
    assert fed.height - one.height == 2 * 30


def test_the_self_tests_request_for_a_reply_prints_nothing() -> None:
    from kiosk.devices.escpos.printer import FINISHED_QUERY

    assert render_paper(b"\x1b@A\n" + FINISHED_QUERY).size == render_paper(b"\x1b@A\n").size
