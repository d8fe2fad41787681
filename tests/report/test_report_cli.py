"""`kiosk report` on the hand-written days, as a manager or a script runs it."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.app import STORE_FILE, reportfiles
from kiosk.core.clock import ManualClock
from kiosk.core.model import Hall
from kiosk.core.service import QueueService
from kiosk.store.schema import open_store
from tests.cli_run import ok_json, run
from tests.report.conftest import DAY1, REPORT_AT, FixedQuote, at, write_days

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def data_dir(tmp_path: Path, demo_hall: Hall, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The hand-written days in the data directory the command reads; it is 10:20 on
    the second day."""
    folder = tmp_path / "data"
    folder.mkdir()
    store = open_store(f"sqlite:///{folder / STORE_FILE}")
    try:
        clock = ManualClock(at(DAY1, 9, 0))
        write_days(QueueService(demo_hall, store, clock, FixedQuote()), clock)
    finally:
        store.close()
    monkeypatch.setenv("KIOSK_NOW", REPORT_AT.isoformat())
    return folder


def test_json_total_and_rows(data_dir: Path, capsys: Capture) -> None:
    out = ok_json(capsys, "report", "--from", "2026-11-24", "--by", "service")
    assert (out["from"], out["to"], out["by"]) == ("2026-11-24", "2026-11-25", ["service"])
    total = out["total"]
    assert {k: total[k] for k in ("issued", "served", "no_show", "cancelled")} == {
        "issued": 8,
        "served": 3,
        "no_show": 1,
        "cancelled": 3,
    }
    assert (total["wait_p50_s"], total["wait_p90_s"], total["wait_max_s"]) == (390, 720, 720)
    assert (total["service_level"], total["satisfied"], total["promise_kept"]) == (
        0.5,
        0.5,
        0.6667,
    )
    assert [(r["service"], r["issued"]) for r in out["rows"]] == [
        ("bill", 6),
        ("complaint", 1),
        ("plan", 1),
    ]
    assert set(out["rows"][0]) == {"service", *total}


def test_today_by_default(data_dir: Path, capsys: Capture) -> None:
    out = ok_json(capsys, "report")
    assert (out["from"], out["to"]) == ("2026-11-25", "2026-11-25")
    assert (out["total"]["issued"], out["rows"]) == (2, [])


def test_text_table(data_dir: Path, capsys: Capture) -> None:
    code, out, err = run(capsys, "report", "--from", "2026-11-24", "--by", "day")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "business days 2026-11-24 to 2026-11-25"
    assert lines[1].split()[:3] == ["day", "issued", "served"]
    assert lines[2].split()[:3] == ["2026-11-24", "6", "2"]
    assert lines[-1].split()[:3] == ["total", "8", "3"]


def test_csv_xlsx_pdf(data_dir: Path, tmp_path: Path, capsys: Capture) -> None:
    files = {ext: tmp_path / f"report.{ext}" for ext in ("csv", "xlsx", "pdf")}
    argv = ["report", "--from", "2026-11-24", "--by", "hour", "--by", "service"]
    for ext, path in files.items():
        argv += [f"--{ext}", str(path)]
    code, _, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    with files["csv"].open(encoding="utf-8", newline="") as f:
        lines = list(csv.DictReader(f))
    assert [(r["hour"], r["service"], r["issued"]) for r in lines] == [
        ("9", "bill", "5"),
        ("9", "complaint", "1"),
        ("9", "plan", "1"),
        ("10", "bill", "1"),
        ("total", "", "8"),
    ]
    assert lines[-1]["promise_kept"] == "0.6667" and lines[-1]["from"] == "2026-11-24"
    from openpyxl import load_workbook

    sheet = load_workbook(files["xlsx"]).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:4] == ["时段", "业务类型", "取号", "已办理"]
    assert values[2][:4] == ["Hour", "Business type", "Issued", "Served"]
    assert values[3][:3] == [9, "缴费充值 Bill payment & top-up", 5]
    assert values[-1][:3] == ["合计 Total", None, 8]
    pdf = files["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert b"NotoSansCJKSC" in pdf and b"/FontFile" in pdf  # the Chinese font is embedded
    # its text maps back to Chinese: 营 (营业厅报表, the title) and 满 (满意率, a heading)
    assert b"<8425>" in pdf and b"<6EE1>" in pdf


def test_pdf_without_the_cjk_font_says_so(
    data_dir: Path, tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reportfiles, "PDF_FONTS", ((tmp_path / "no-such-font.ttc", 0),))
    target = tmp_path / "report.pdf"
    code, out, err = run(capsys, "report", "--pdf", str(target))
    assert code == 3 and out == ""
    assert "--pdf: no Noto CJK font" in err and "fonts-noto-cjk" in err
    assert not target.exists()


@pytest.mark.parametrize(
    "argv,words",
    [
        (["--from", "2026-13-01"], ["--from", "expected a day YYYY-MM-DD", "2026-13-01"]),
        (["--to", "yesterday"], ["--to", "'yesterday'"]),
        (["--from", "2026-11-25", "--to", "2026-11-24"], ["--from 2026-11-25 is after --to"]),
        (["--from", "2026-12-01"], ["--from 2026-12-01 is after --to 2026-11-25", "today"]),
        (["--by", "year"], ["--by", "'year'", "'day', 'week', 'month'"]),
        (["--csv", ""], ["--csv", "expected a file name"]),
    ],
)
def test_bad_input_exits_2_naming_the_flag(
    data_dir: Path, capsys: Capture, argv: list[str], words: list[str]
) -> None:
    code, out, err = run(capsys, "report", *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    for word in words:
        assert word in err


def test_an_unwritable_output_file_is_named(
    data_dir: Path, tmp_path: Path, capsys: Capture
) -> None:
    target = tmp_path / "missing-folder" / "r.csv"
    code, _, err = run(capsys, "report", "--csv", str(target))
    assert code == 9
    assert f"--csv {target}: cannot write" in err


def test_the_command_in_its_own_process(data_dir: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "report", "--from", "2026-11-24", "--by", "day", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    out = json.loads(proc.stdout)
    assert [(r["day"], r["issued"]) for r in out["rows"]] == [("2026-11-24", 6), ("2026-11-25", 2)]


def test_queue_cancel_by_the_visitor_counts_apart(data_dir: Path, capsys: Capture) -> None:
    for argv in (
        ["queue", "issue", "bill", "--no-print"],
        ["queue", "issue", "plan", "--no-print"],
    ):
        assert run(capsys, *argv)[0] == 0
    assert run(capsys, "queue", "cancel", "A002", "--by", "visitor")[0] == 0
    assert run(capsys, "queue", "cancel", "B001")[0] == 0
    code, _, err = run(capsys, "queue", "cancel", "A001", "--by", "nobody")
    assert code == 2 and "--by" in err
    total = ok_json(capsys, "report")["total"]
    assert (total["cancelled_visitor"], total["cancelled_staff"]) == (1, 1)


def test_text_by_hour_shows_the_quote_beside_the_wait(data_dir: Path, capsys: Capture) -> None:
    code, out, _ = run(capsys, "report", "--from", "2026-11-24", "--by", "hour")
    assert code == 0
    head, nine = out.splitlines()[1:3]
    assert head.split()[-3:] == ["quote_low_mean_s", "quote_high_mean_s", "quoted_wait_mean_s"]
    assert nine.split()[0] == "9" and nine.split()[-3:] == ["240", "480", "410"]
