"""`kiosk advise` on hand-written days, as a manager or a script runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app import STORE_FILE
from kiosk.core.clock import ManualClock
from kiosk.core.model import Hall
from kiosk.core.service import QueueService
from kiosk.store.schema import open_store
from tests.advise.test_advise_days import NOW, WEEK1, at, write_weeks
from tests.cli_run import ok_json, run

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def data_dir(tmp_path: Path, demo_hall: Hall, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    store = open_store(f"sqlite:///{folder / STORE_FILE}")
    try:
        clock = ManualClock(at(WEEK1, 9, 0))
        write_weeks(QueueService(demo_hall, store, clock), clock)
    finally:
        store.close()
    monkeypatch.setenv("KIOSK_NOW", NOW.isoformat())
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    return folder


def test_json_slots(data_dir: Path, capsys: Capture) -> None:
    out = ok_json(capsys, "advise")  # today's business day: 2026-11-24
    assert (out["day"], out["target_minutes"], out["level"]) == ("2026-11-24", 10.0, 0.8)
    assert len(out["slots"]) == 48
    nine = next(s for s in out["slots"] if s["start"] == "09:00")
    assert set(nine) == {
        "start", "end", "services", "arrivals_expected", "counters_needed", "counters_open",
    }  # fmt: skip
    assert (nine["arrivals_expected"], nine["counters_needed"], nine["counters_open"]) == (
        1.5,
        1,
        1,
    )
    strict = ok_json(capsys, "advise", "--day", "2026-11-24", "--target-minutes", "1",
                     "--level", "0.99")  # fmt: skip
    assert next(s for s in strict["slots"] if s["start"] == "09:00")["counters_needed"] == 3


def test_text_lines(data_dir: Path, capsys: Capture) -> None:
    code, out, err = run(capsys, "advise", "--day", "2026-11-24")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "staffing advice for 2026-11-24: 80% called within 10 min"
    assert "  04:00–09:00: 0 open, 0 needed" in lines
    assert "  09:00–09:30: 1 open, 1 needed" in lines
    assert "  09:30–10:00: 2 open, 0 needed" in lines
    assert "  10:00–10:30: 2 open, 1 needed" in lines


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["--day", "24/11/2026"], "--day"),
        (["--level", "1"], "--level"),
        (["--level", "0"], "--level"),
        (["--level", "high"], "--level"),
        (["--target-minutes", "0"], "--target-minutes"),
        (["--target-minutes", "-5"], "--target-minutes"),
    ],
)
def test_bad_input_names_the_flag(
    data_dir: Path, capsys: Capture, argv: list[str], flag: str
) -> None:
    code, out, err = run(capsys, "advise", *argv)
    assert code == 2
    assert out == ""
    assert f"argument {flag}:" in err
