"""tools/test-postgres.sh: the throwaway PostgreSQL server ./hall.sh test starts for the
suite (a real cluster, started and stopped by the script as a person runs it)."""

from __future__ import annotations

import glob
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.stores import in_ci

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "test-postgres.sh"
TIMEOUT = 120


def _script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON": sys.executable}
    env.pop("KIOSK_TEST_PG_DIR", None)
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=TIMEOUT, check=False
    )


@pytest.mark.slow
def test_the_script_starts_a_server_that_takes_the_url_it_prints_and_stops_it() -> None:
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        reason = "PostgreSQL's server is not installed (./hall.sh test installs it)"
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    started = _script("start")
    assert started.returncode == 0, started.stderr
    exports = dict(
        line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines()
    )
    url = exports["KIOSK_TEST_PG_URL"].strip("'")
    folder = Path(exports["KIOSK_TEST_PG_DIR"].strip("'"))
    try:
        assert folder.is_dir()
        parsed = make_url(url)
        assert (parsed.drivername, parsed.host, parsed.username) == (
            "postgresql+psycopg",
            "127.0.0.1",
            "kiosk",
        )
        import psycopg

        conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo, connect_timeout=30) as conn:
            row = conn.execute("SHOW fsync").fetchone()
            assert row == ("off",)  # a throwaway server: no fsync
        wrong = parsed.set(drivername="postgresql", password="wrong")
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(wrong.render_as_string(hide_password=False), connect_timeout=30)
    finally:
        stopped = _script("stop", str(folder))
    assert stopped.returncode == 0, stopped.stderr
    assert not folder.exists()


def test_the_script_says_how_it_is_used() -> None:
    done = _script()
    assert done.returncode == 2
    assert "usage: tools/test-postgres.sh start | stop DIR" in done.stderr
    done = _script("stop")
    assert done.returncode == 2
    assert "no test server folder given" in done.stderr


def test_without_a_server_postgresql_tests_skip_and_fail_under_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.stores import PG_ENV, pg_admin_url

    monkeypatch.delenv(PG_ENV, raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=PG_ENV):
        pg_admin_url()
    monkeypatch.setenv("CI", "true")
    expected = f"CI=true: a PostgreSQL test needs \\${PG_ENV}"
    with pytest.raises(pytest.fail.Exception, match=expected):
        pg_admin_url()
    monkeypatch.setenv(PG_ENV, "postgresql+psycopg://kiosk@127.0.0.1:5432/postgres")
    assert pg_admin_url() == "postgresql+psycopg://kiosk@127.0.0.1:5432/postgres"
