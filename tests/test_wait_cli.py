"""`kiosk export-trace`, `kiosk replay` and `kiosk bench wait`, run through
kiosk.waitcli.main as the kiosk command runs them."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from kiosk.app import load_settings, open_service
from kiosk.cli import wait as waitcli
from kiosk.core.clock import ManualClock
from kiosk.core.wait.model import seconds
from kiosk.core.wait.replay import replay
from kiosk.core.wait.trace import read_predictions, read_trace

from .test_wait_replay import HAND


def test_replay_writes_one_prediction_per_ticket_from_the_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace = tmp_path / "trace.csv"
    trace.write_text(HAND, encoding="utf-8")
    out = tmp_path / "pred.csv"
    code = waitcli.main(["replay", str(trace), "--out", str(out), "--from", "2026-01-05T09:01"])
    assert code == 0
    with out.open(encoding="utf-8") as stream:
        preds = read_predictions(stream)
    assert [p.ticket for p in preds] == ["B", "C", "D"]
    # what the library's replay says (its arithmetic by hand: tests/test_wait_replay.py)
    start = seconds(dt.datetime(2026, 1, 5, 9, 1))
    expected = replay(read_trace(io.StringIO(HAND)), start)
    assert [p.predicted_s for p in preds] == pytest.approx(
        [round(r.forecast.point, 1) for r in expected], abs=0.051
    )
    assert "3 predictions written" in capsys.readouterr().out


def test_replay_names_the_malformed_row_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace = tmp_path / "trace.csv"
    trace.write_text(HAND + "E,bill,0,yesterday,,,,abandoned\n", encoding="utf-8")
    code = waitcli.main(["replay", str(trace), "--out", str(tmp_path / "p.csv")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kiosk: error: {trace} row 6: issued_at 'yesterday'")
    assert not (tmp_path / "p.csv").exists()


def test_replay_of_a_missing_file_is_an_error_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = waitcli.main(["replay", str(tmp_path / "none.csv"), "--out", str(tmp_path / "p")])
    assert code == 2 and "cannot read" in capsys.readouterr().err


def test_export_trace_writes_the_finished_tickets_of_the_days(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = ManualClock(dt.datetime(2026, 11, 24, 9, 0))
    with open_service(load_settings(None, None), clock) as q:
        q.open_counter(1)
        first = q.issue("bill")
        clock.advance(minutes=2)
        q.issue("bill")
        q.call_next(1)
        clock.advance(minutes=1)
        q.serve(1)
        clock.advance(minutes=3)
        q.done(1)
        gone = q.issue("plan")
        q.cancel(gone.ticket.number)
        clock.advance(minutes=10)  # 09:16: a 15-minute break, then one it ends by closing
        q.pause_counter(1)
        clock.advance(minutes=15)
        q.open_counter(1)
        clock.advance(minutes=30)
        q.pause_counter(1)
        clock.advance(minutes=5)
        q.close_counter(1)
    out = tmp_path / "trace.csv"
    assert (
        waitcli.main(["export-trace", "--from", "2026-11-24", "--to", "2026-11-24", str(out)]) == 0
    )
    assert "2 tickets and 2 counter pauses written" in capsys.readouterr().out
    rows = read_trace(io.StringIO(out.read_text(encoding="utf-8")))
    served, cancelled, back, closed = rows
    assert back.pause and back.counter == "1"
    assert (back.issued_at, back.done_at) == (
        dt.datetime(2026, 11, 24, 9, 16),
        dt.datetime(2026, 11, 24, 9, 31),
    )
    assert closed.pause and closed.issued_at == dt.datetime(2026, 11, 24, 10, 1)
    assert closed.done_at is None  # closed, not back
    assert served.ticket == first.ticket.uid and served.outcome == "served"
    assert served.counter == "1" and served.wait_s == 120.0
    assert served.done_at == dt.datetime(2026, 11, 24, 9, 6)
    assert cancelled.outcome == "cancelled" and cancelled.service == "plan"
    empty = tmp_path / "none.csv"
    assert waitcli.main(["export-trace", "--from", "2026-11-25", str(empty)]) == 0
    assert empty.read_text(encoding="utf-8").count("\n") == 1  # the header only


def test_bench_wait_prints_every_predictor_for_every_scenario(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert waitcli.main(["bench", "wait", "--no-log", "--days", "8", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    speed = figures.pop("latency_ms")
    assert speed["waiting"] == 500 and speed["new_ms"] > 0
    refresh = figures.pop("refresh")  # the live estimator's first and incremental learning
    assert 0 < refresh["incremental_tickets"] < refresh["first_tickets"] / 10
    assert refresh["first_tickets"] > 7 * 1500  # a real hall's week: about 2,000 a day
    assert refresh["first_cpu_s"] > 0
    # estimates on that hall, with what it learned
    assert refresh["estimate_waiting"] == 200 and refresh["estimate_new_ms"] > 0
    assert list(figures) == ["quiet 0.50", "load 0.70", "load 0.85", "load 0.95", "overload"]
    for scenario in figures.values():
        assert scenario["scored"] > 100
        assert set(scenario["scores"]) == {
            "ours", "hist_mean", "ahead_mean", "ahead1_mean", "ql", "ql_ab", "les", "hol",
        }  # fmt: skip
        assert 0.0 <= scenario["scores"]["ours"]["coverage"] <= 1.0
        # the tails, and the best achievable on a sample of the same tickets
        ours = scenario["scores"]["ours"]
        assert ours["below"] + ours["above"] + ours["coverage"] == pytest.approx(1.0)
        assert scenario["reference"]["n"] == scenario["sampled"]["n"] > 0
        assert scenario["efficiency"] == pytest.approx(
            scenario["reference"]["rmse"] / scenario["sampled"]["rmse"]
        )
        # the least RMSE ratio any estimator can expect there, against the best baseline
        best = scenario["sampled_best"]
        assert best["n"] == scenario["reference"]["n"]
        assert scenario["ceiling"] == pytest.approx(scenario["reference"]["rmse"] / best["rmse"])
        assert scenario["scores"]["les"]["coverage"] is None


def test_bench_wait_settings_are_tried_only_on_the_tuning_weeks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert waitcli.main(["bench", "wait", "--no-log", "--set", "ridge=3"]) == 2
    assert "only with --tune" in capsys.readouterr().err
    assert waitcli.main(["bench", "wait", "--no-log", "--tune"]) == 2
    assert "--tune needs the Anonymous Bank log" in capsys.readouterr().err
