"""`kiosk db upgrade|check|backup` and the store's environment errors.

StoreLocked, StoreReadOnly and StoreCorrupt must reach the user as one line with
their own exit code, never as a traceback: in-process through kiosk.cli.main, and
through a real `python -m kiosk` process for the exit code and stderr.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import config
from kiosk.cli import main
from kiosk.core.clock import ManualClock
from kiosk.core.errors import StoreCorrupt, StoreLocked, StoreReadOnly
from kiosk.core.model import Hall, TicketState
from kiosk.core.service import QueueService
from kiosk.store import maintenance, schema
from kiosk.store.engine import sqlite_url
from kiosk.store.schema import open_store

from .conftest import MORNING

GARBAGE = b"this is not a database, just some bytes\n" * 200


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


def kiosk(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line in this process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def kiosk_process(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command line as a real process, the way a technician or script does."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def one_line_error(err: str) -> str:
    """The single line a user error prints on stderr."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("kiosk: error: ")
    return lines[0]


def fill(path: Path, hall: Hall, numbers: int = 3) -> list[str]:
    """A store at PATH with a few tickets; returns their numbers."""
    store = open_store(sqlite_url(path))
    try:
        service = QueueService(hall, store, ManualClock(MORNING))
        return [service.issue(code).ticket.number for code in ["bill", "plan", "bill"][:numbers]]
    finally:
        store.close()


def numbers_in(path: Path) -> list[tuple[str, str]]:
    """(number, state) of every ticket in an SQLite file, read with plain sqlite3."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in conn.execute("SELECT number, state FROM tickets ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def writer(data_dir: Path) -> Iterator[sqlite3.Connection]:
    """Another connection to the store, to hold its write lock (BEGIN IMMEDIATE)."""
    conn = sqlite3.connect(data_dir / "kiosk.db", isolation_level=None)
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def config_file(tmp_path: Path, *, url: str = "", busy_timeout_ms: int = 5000) -> Path:
    """The demo hall's configuration with another [store] section."""
    text = config.example_text()
    text, n = re.subn(r'(?m)^url = ""', f"url = {json.dumps(url)}", text)
    assert n == 1
    text, n = re.subn(r"(?m)^busy_timeout_ms = \d+", f"busy_timeout_ms = {busy_timeout_ms}", text)
    assert n == 1
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- upgrade and check -------------------------------------------------------------------


def test_upgrade_creates_the_store_at_head_then_does_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = kiosk(capsys, "--data-dir", str(data_dir), "db", "upgrade")
    assert (code, err) == (0, "")
    assert schema.HEAD in out
    before = (data_dir / "kiosk.db").read_bytes()
    code, out, err = kiosk(capsys, "--data-dir", str(data_dir), "db", "upgrade")
    assert (code, err) == (0, "")
    assert schema.HEAD in out
    assert (data_dir / "kiosk.db").read_bytes() == before
    store = open_store(sqlite_url(data_dir / "kiosk.db"))
    try:
        assert schema.current_revision(store.engine) == schema.HEAD == schema.alembic_head()
    finally:
        store.close()


def test_check_passes_on_a_healthy_store(
    capsys: pytest.CaptureFixture[str], data_dir: Path, demo_hall: Hall
) -> None:
    fill(data_dir / "kiosk.db", demo_hall)
    code, out, err = kiosk(capsys, "--data-dir", str(data_dir), "db", "check")
    assert (code, err) == (0, "")
    assert "store is healthy" in out.splitlines()[-1]
    assert "3 tickets" in out
    assert "journal mode wal" in out


def test_check_of_a_missing_store_fails(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = kiosk(capsys, "--data-dir", str(data_dir), "db", "check")
    assert code == StoreCorrupt.exit_code
    assert "does not exist" in out
    assert not (data_dir / "kiosk.db").exists()  # checking does not create it


def test_check_of_a_garbage_file_fails_in_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    (data_dir / "kiosk.db").write_bytes(GARBAGE)
    code, out, err = kiosk(capsys, "--data-dir", str(data_dir), "db", "check")
    assert code == StoreCorrupt.exit_code == 10
    assert "Traceback" not in out + err
    assert len(out.splitlines()) == 1
    assert out.startswith("FAIL ")
    assert "is damaged" in out and "not a database" in out
    assert (data_dir / "kiosk.db").read_bytes() == GARBAGE  # left as it was


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        ("UPDATE alembic_version SET version_num = '9999'", "schema revision 9999"),
        ("DELETE FROM alembic_version", "no schema revision"),
        ("DROP TABLE alembic_version", "no schema revision"),
    ],
)
def test_a_tampered_schema_revision_fails_check_and_every_command(
    capsys: pytest.CaptureFixture[str], data_dir: Path, demo_hall: Hall, tamper: str, expected: str
) -> None:
    fill(data_dir / "kiosk.db", demo_hall)
    conn = sqlite3.connect(data_dir / "kiosk.db")
    with conn:
        conn.execute(tamper)
    conn.close()
    code, out, _ = kiosk(capsys, "--data-dir", str(data_dir), "db", "check")
    assert code == StoreCorrupt.exit_code
    assert any(line.startswith("FAIL") and expected in line for line in out.splitlines())
    assert "store is healthy" not in out
    for args in (["queue", "issue", "bill"], ["queue", "list"], ["db", "upgrade"]):
        code, out, err = kiosk(capsys, "--data-dir", str(data_dir), *args)
        assert code == StoreCorrupt.exit_code, args
        assert "schema revision" in one_line_error(err)
    assert [n for n, _ in numbers_in(data_dir / "kiosk.db")] == ["A001", "B001", "A002"]


def test_real_processes_exit_with_the_error_code_and_one_line(
    data_dir: Path, demo_hall: Hall
) -> None:
    (data_dir / "kiosk.db").write_bytes(GARBAGE)
    issued = kiosk_process("--data-dir", str(data_dir), "queue", "issue", "bill", "--json")
    assert issued.returncode == StoreCorrupt.exit_code
    assert issued.stdout == ""
    assert "not a database" in one_line_error(issued.stderr)

    checked = kiosk_process("--data-dir", str(data_dir), "db", "check")
    assert checked.returncode == StoreCorrupt.exit_code
    assert "Traceback" not in checked.stdout + checked.stderr
    assert checked.stderr == ""
    assert len(checked.stdout.splitlines()) == 1

    (data_dir / "kiosk.db").unlink()
    fill(data_dir / "kiosk.db", demo_hall)
    healthy = kiosk_process("--data-dir", str(data_dir), "db", "check")
    assert (healthy.returncode, healthy.stderr) == (0, "")
    assert "store is healthy" in healthy.stdout


# -- backup ------------------------------------------------------------------------------


def test_backup_is_consistent_while_another_connection_writes(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    data_dir: Path,
    demo_hall: Hall,
    writer: sqlite3.Connection,
) -> None:
    fill(data_dir / "kiosk.db", demo_hall)
    committed = numbers_in(data_dir / "kiosk.db")
    assert committed == [("A001", "waiting"), ("B001", "waiting"), ("A002", "waiting")]
    writer.execute("BEGIN IMMEDIATE")  # an operation in the middle of its transaction
    writer.execute("UPDATE tickets SET state = 'cancelled'")
    writer.execute("DELETE FROM events")

    target = tmp_path / "backups" / "monday.db"  # the directory does not exist yet
    code, out, err = kiosk(capsys, "--data-dir", str(data_dir), "db", "backup", str(target))
    assert (code, err) == (0, "")
    assert str(target) in out
    assert writer.in_transaction  # the backup neither waited for it nor broke it
    writer.execute("COMMIT")

    # The copy holds what was committed, not the half-done transaction ...
    assert numbers_in(target) == committed
    assert not target.with_name("monday.db.partial").exists()
    # ... is a store of its own that passes every check, and opens for the queue.
    report = maintenance.check(sqlite_url(target))
    assert report.ok, report.lines
    store = open_store(sqlite_url(target))
    try:
        tickets = QueueService(demo_hall, store, ManualClock(MORNING)).tickets()
        assert [(t.number, t.state) for t in tickets] == [
            ("A001", TicketState.WAITING),
            ("B001", TicketState.WAITING),
            ("A002", TicketState.WAITING),
        ]
    finally:
        store.close()
    assert [s for _, s in numbers_in(data_dir / "kiosk.db")] == ["cancelled"] * 3


def test_backup_onto_the_store_itself_is_refused(
    capsys: pytest.CaptureFixture[str], data_dir: Path, demo_hall: Hall
) -> None:
    fill(data_dir / "kiosk.db", demo_hall)
    before = (data_dir / "kiosk.db").read_bytes()
    for target in (data_dir / "kiosk.db", data_dir / ".." / data_dir.name / "kiosk.db"):
        code, _, err = kiosk(capsys, "--data-dir", str(data_dir), "db", "backup", str(target))
        assert code == StoreReadOnly.exit_code
        assert "is the store itself" in one_line_error(err)
    assert (data_dir / "kiosk.db").read_bytes() == before
    code, out, _ = kiosk(capsys, "--data-dir", str(data_dir), "db", "check")
    assert code == 0 and "store is healthy" in out


def test_backup_replaces_an_older_backup_when_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, demo_hall: Hall
) -> None:
    fill(data_dir / "kiosk.db", demo_hall, numbers=1)
    target = tmp_path / "backup.db"
    assert kiosk(capsys, "--data-dir", str(data_dir), "db", "backup", str(target))[0] == 0
    assert numbers_in(target) == [("A001", "waiting")]
    fill(data_dir / "kiosk.db", demo_hall, numbers=1)
    code, _, err = kiosk(capsys, "--data-dir", str(data_dir), "db", "backup", str(target))
    assert code == StoreReadOnly.exit_code and "--force" in one_line_error(err)
    assert numbers_in(target) == [("A001", "waiting")]
    args = ["--data-dir", str(data_dir), "db", "backup", "--force", str(target)]
    assert kiosk(capsys, *args)[0] == 0
    assert numbers_in(target) == [("A001", "waiting"), ("A002", "waiting")]


def test_backup_of_a_garbage_store_fails_and_leaves_no_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    (data_dir / "kiosk.db").write_bytes(GARBAGE)
    target = tmp_path / "backup.db"
    code, _, err = kiosk(capsys, "--data-dir", str(data_dir), "db", "backup", str(target))
    assert code == StoreCorrupt.exit_code
    assert "not a database" in one_line_error(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no copy, no .partial


# -- environment errors ------------------------------------------------------------------


def test_a_held_write_lock_past_the_busy_timeout_is_store_locked(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    data_dir: Path,
    demo_hall: Hall,
    writer: sqlite3.Connection,
) -> None:
    fill(data_dir / "kiosk.db", demo_hall, numbers=1)
    store = open_store(sqlite_url(data_dir / "kiosk.db"), busy_timeout_ms=100)
    try:
        service = QueueService(demo_hall, store, ManualClock(MORNING))
        writer.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreLocked, match="locked by another process"):
            service.issue("bill")
        # Readers are not blocked by the writer (WAL): displays keep working.
        assert [t.number for t in service.tickets()] == ["A001"]
        assert service.status().services[0].waiting == 1

        # The command line says so in one line, with its exit code.
        cfg = config_file(tmp_path, busy_timeout_ms=100)
        args = ["--config", str(cfg), "--data-dir", str(data_dir)]
        code, out, err = kiosk(capsys, *args, "queue", "issue", "bill")
        assert (code, out) == (StoreLocked.exit_code, "")
        assert "is locked" in one_line_error(err)
        # A check only reads: it does not wait for the lock.
        code, out, _ = kiosk(capsys, *args, "db", "check")
        assert code == 0 and "store is healthy" in out

        writer.execute("ROLLBACK")
        assert service.issue("bill").ticket.number == "A002"
    finally:
        store.close()


def ro_url(path: Path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_read_only_store_reads_but_refuses_writes(
    tmp_path: Path,
    data_dir: Path,
    demo_hall: Hall,
    journal: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = data_dir / "kiosk.db"
    fill(path, demo_hall)
    if journal == "delete":  # a file that is not in WAL mode (a backup, say) stays so
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
    before = path.read_bytes()
    store = open_store(ro_url(path))
    try:
        service = QueueService(demo_hall, store, ManualClock(MORNING))
        assert [t.number for t in service.tickets()] == ["A001", "B001", "A002"]
        assert service.status().day.id == 1
        with pytest.raises(StoreReadOnly, match="cannot be written"):
            service.issue("bill")
        with pytest.raises(StoreReadOnly):
            service.open_counter(1)
    finally:
        store.close()
    assert path.read_bytes() == before
    assert not [r for r in caplog.records if r.levelname == "WARNING"]
    report = maintenance.check(ro_url(path))
    assert report.ok, report.lines


def test_a_read_only_store_through_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, demo_hall: Hall
) -> None:
    path = data_dir / "kiosk.db"
    fill(path, demo_hall)
    args = ["--config", str(config_file(tmp_path, url=ro_url(path))), "--data-dir", str(data_dir)]
    code, out, err = kiosk(capsys, *args, "queue", "issue", "bill")
    assert (code, out) == (StoreReadOnly.exit_code, "")
    assert "cannot be written" in one_line_error(err)
    code, out, err = kiosk(capsys, *args, "queue", "list", "--json")
    assert (code, err) == (0, "")
    assert [t["number"] for t in json.loads(out)] == ["A001", "B001", "A002"]
    code, out, _ = kiosk(capsys, *args, "db", "check")
    assert code == 0 and "store is healthy" in out


def test_a_garbage_file_is_store_corrupt(data_dir: Path) -> None:
    path = data_dir / "kiosk.db"
    path.write_bytes(GARBAGE)
    with pytest.raises(StoreCorrupt, match="not a database") as info:
        open_store(sqlite_url(path), name=str(path))
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)
    assert path.read_bytes() == GARBAGE


def test_backup_of_a_non_sqlite_store_is_a_configuration_error(tmp_path: Path) -> None:
    from kiosk.core.errors import ConfigError
    from kiosk.store import maintenance

    with pytest.raises(ConfigError, match=r"store.url .*pg_dump"):
        maintenance.backup("postgresql://kiosk@localhost/hall", tmp_path / "b.db")


def test_a_store_folder_that_cannot_be_created_is_a_store_error(tmp_path: Path) -> None:
    from kiosk.core.errors import StoreReadOnly
    from kiosk.store.engine import make_engine

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreReadOnly, match="cannot be created"):
        make_engine(f"sqlite:///{blocker / 'sub' / 'kiosk.db'}")
