"""`kiosk bench report` runs end to end on a small year; no timing is asserted (the
figures are in docs/benchmarks.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_run import run


def test_bench_report_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "bench"
    code, out, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "bench",
        "report",
        "--tickets",
        "3650",
        "--runs",
        "1",
        "--json",
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["tickets"], data["days"]) == (3650, 365)
    assert data["summarize_days"] == 364  # the newest day is the open one, folded live
    assert data["events"] > 3650
    reports = data["reports"]
    assert reports["year"]["tickets"] == 3650
    assert reports["year_by_month"]["rows"] in (12, 13)
    assert reports["month"]["days"] == 30 and 0 < reports["month"]["tickets"] < 3650
    for figures in reports.values():
        assert figures["median_s"] >= 0
    assert data["goal"] == {"month_s": 1.0, "year_s": 5.0}
    assert list(data_dir.iterdir()) == []  # the store lived in a temporary folder


def test_bench_report_text_and_bad_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bench", "report", "--tickets", "730", "--runs", "1")
    assert code == 0
    assert out.splitlines()[-1] == "goal: a month in at most 1 s, a year in at most 5 s"
    code, _, err = run(capsys, "bench", "report", "--tickets", "10")
    assert code == 2 and "--tickets >= 365" in err
    code, _, err = run(capsys, "bench", "report", "--runs", "0")
    assert code == 2 and "--runs >= 1" in err


def _tables(url: str) -> set[str]:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.postgresql
def test_bench_report_on_postgresql(capsys: pytest.CaptureFixture[str]) -> None:
    """`--store-url URL`: the same year in that PostgreSQL database, its tables dropped
    afterwards; the password never printed."""
    from sqlalchemy.engine import make_url

    from tests.stores import fresh_pg_database

    with fresh_pg_database() as url:
        code, out, err = run(
            capsys, "bench", "report", "--tickets", "3650", "--runs", "1", "--json",
            "--store-url", url,
        )  # fmt: skip
        assert (code, err) == (0, "")
        assert str(make_url(url).password) not in out
        data = json.loads(out)
        assert data["store"] == "postgresql" and data["postgresql"]
        assert (data["tickets"], data["days"], data["summarize_days"]) == (3650, 365, 364)
        reports = data["reports"]
        assert reports["year"]["tickets"] == 3650
        assert reports["month_by_day"]["rows"] == 30
        # The generator is seeded: the same year in a SQLite store gives the same events
        # and the same reports, group for group.
        code, out, err = run(
            capsys, "bench", "report", "--tickets", "3650", "--runs", "1", "--json"
        )
        assert (code, err) == (0, "")
        on_sqlite = json.loads(out)
        assert on_sqlite["store"] == "sqlite"
        assert data["events"] == on_sqlite["events"]
        assert {n: (r["tickets"], r["rows"]) for n, r in reports.items()} == {
            n: (r["tickets"], r["rows"]) for n, r in on_sqlite["reports"].items()
        }
        assert data["file_mb"] > 0  # the database's size
        assert _tables(url) == set()  # the bench's tables and its mark are gone

        code, out, err = run(
            capsys, "bench", "report", "--tickets", "365", "--runs", "1", "--store-url", url
        )
        assert code == 0, err
        lines = out.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("PostgreSQL "))
        assert ":***@" in lines[at] and lines[at].endswith(
            "(the bench's tables, dropped afterwards)"
        )
        assert lines[at + 1].startswith("store: 365 tickets, ")
        assert lines[-1] == "goal: a month in at most 1 s, a year in at most 5 s"


@pytest.mark.postgresql
def test_bench_report_refuses_a_database_holding_a_hall(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A database with a hall in it is refused, naming the flag, and left as it was; one
    the bench marked as its own (a run cut short) is emptied and used."""
    from sqlalchemy import create_engine

    from benchmarks.report import MARK_TABLE
    from kiosk.store.schema import open_store
    from tests.stores import fresh_pg_database

    with fresh_pg_database() as url:
        open_store(url).close()
        hall_tables = _tables(url)
        assert {"tickets", "events", "alembic_version"} <= hall_tables
        code, out, err = run(capsys, "bench", "report", "--tickets", "365", "--store-url", url)
        assert (code, out) == (3, "")
        assert err.startswith("kiosk: --store-url postgresql+psycopg://")
        assert "already holds a hall (tables alembic_version, business_days" in err
        assert _tables(url) == hall_tables

        engine = create_engine(url)
        try:
            with engine.begin() as conn:  # what a run cut short leaves
                conn.exec_driver_sql(f"CREATE TABLE {MARK_TABLE} (note text)")
        finally:
            engine.dispose()
        code, out, err = run(
            capsys, "bench", "report", "--tickets", "365", "--runs", "1", "--json",
            "--store-url", url,
        )  # fmt: skip
        assert (code, err) == (0, "")
        assert json.loads(out)["reports"]["year"]["tickets"] == 365
        assert _tables(url) == set()


def test_bench_report_refuses_a_store_url_that_is_not_postgresql(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "bench", "report", "--store-url", f"sqlite:///{tmp_path / 'kiosk.db'}"
    )
    assert (code, out) == (3, "")
    assert err.startswith("kiosk: --store-url sqlite:///")
    assert "expected a PostgreSQL server" in err
    code, out, err = run(capsys, "bench", "report", "--store-url", "nonsense")
    assert code == 3 and err.startswith("kiosk: --store-url ")
    assert "expected a database URL" in err
    assert not (tmp_path / "kiosk.db").exists()
