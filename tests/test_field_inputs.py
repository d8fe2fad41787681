"""Inputs a hall meets in its first weeks: a store URL that is wrong, a read-only data
folder, a damaged store header, a fixed clock out of range, backup targets that are not
files, files that never end. Each ends with its own exit code and one line naming the
thing, never as "internal error" (exit 1).

Through kiosk.cli.main in this process, and through real `python -m kiosk` processes
where a process is the point (a memory limit, a read-only folder, a USB printer).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk import config, diagnostics
from kiosk.app import load_settings, open_service
from kiosk.cli import main
from kiosk.config import StoreSection
from kiosk.core.clock import ManualClock
from kiosk.core.errors import ConfigError, StoreCorrupt, StoreReadOnly
from kiosk.core.model import Hall
from kiosk.core.service import QueueService
from kiosk.store.engine import sqlite_url
from kiosk.store.schema import open_store

from .conftest import MORNING

NOW = "2026-11-24T10:00:00"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"  # $KIOSK_DATA_DIR (conftest)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`kiosk ARGV` in this process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def process(
    *argv: str, env: dict[str, str] | None = None, limit_memory: bool = False
) -> subprocess.CompletedProcess[str]:
    """`python -m kiosk ARGV` as a real process (with this test's environment)."""

    def two_gigabytes() -> None:  # what a runaway read would need, it does not get
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-m", "kiosk", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
        preexec_fn=two_gigabytes if limit_memory else None,
    )


def one_line(err: str, *named: str) -> str:
    """The single `kiosk: error:` line of a user error, naming each of `named`."""
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(("kiosk: error: ", "kiosk: usage error: ")), err
    for thing in named:
        assert thing in lines[0], (thing, err)
    return lines[0]


def hall_config(tmp_path: Path, url: str) -> Path:
    """The demo hall with store.url set."""
    text, n = re.subn(r'(?m)^url = ""', f"url = {json.dumps(url)}", config.example_text())
    assert n == 1
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


def fill(path: Path, hall: Hall) -> None:
    store = open_store(sqlite_url(path))
    try:
        service = QueueService(hall, store, ManualClock(MORNING))
        for code in ("bill", "plan", "bill"):
            service.issue(code)
    finally:
        store.close()


# -- store.url (item 14) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("x", "expected a database URL"),
        ("ftp://files.hall.local/kiosk", "unknown database kind 'ftp'"),
        # a server: its driver is not installed here, and a server that cannot be
        # reached is the same exit 3 once it is (store.url ... cannot connect)
        ("postgresql://kiosk:s3cret@192.0.2.1:5432/hall", "postgresql"),
        ("sqlite://", "in-memory"),
        ("sqlite:///file:kiosk.db?mode=rwx&uri=true", "mode='rwx'"),
        ("sqlite:///kiosk.db?timeout=soon", "unknown parameter 'timeout'"),
    ],
)
def test_a_wrong_store_url_fails_config_check_and_every_command_with_exit_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str, says: str
) -> None:
    cfg = hall_config(tmp_path, url)
    code, out, err = run(capsys, "config", "check", str(cfg))
    assert (code, out) == (ConfigError.exit_code, "")
    line = one_line(err, "store.url", says, str(cfg))
    assert "s3cret" not in line
    for argv in (["queue", "list"], ["queue", "issue", "bill"], ["db", "check"]):
        code, out, err = run(capsys, "--config", str(cfg), *argv)
        assert (code, out) == (ConfigError.exit_code, ""), (argv, err)
        one_line(err, "store.url")


def test_a_store_url_naming_a_folder_fails_config_check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cfg = hall_config(tmp_path, f"sqlite:///{tmp_path}")
    code, _, err = run(capsys, "config", "check", str(cfg))
    assert code == ConfigError.exit_code
    one_line(err, "store.url", "is a folder")


def test_a_good_store_url_still_passes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "elsewhere" / "hall.db"
    cfg = hall_config(tmp_path, sqlite_url(store))
    assert run(capsys, "config", "check", str(cfg))[0] == 0
    monkeypatch.setenv("KIOSK_NOW", NOW)
    code, out, err = run(capsys, "--config", str(cfg), "queue", "issue", "bill", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["number"] == "A001" and store.exists()


# -- a password in the store URL (item 15) ------------------------------------------------


def test_a_password_given_as_a_query_parameter_stays_out_of_the_bundle(
    tmp_path: Path,
) -> None:
    """A server URL is valid where its driver is installed (not here): built without the
    check, as such a machine would load it."""
    url = "postgresql://kiosk@db.hall.local/hall?password=s3cret-pw&sslmode=require"
    base = load_settings(None, tmp_path / "data")
    cfg = base.config.model_copy(update={"store": StoreSection.model_construct(url=url)})
    settings = type(base)(cfg, "hall.toml", base.data_dir)
    assert diagnostics.hide_url_password(url) == (
        "postgresql://kiosk@db.hall.local/hall?password=***&sslmode=require"
    )
    out = diagnostics.build_bundle(settings, ["a log line"], [], tmp_path / "diag.zip")
    with zipfile.ZipFile(out) as zf:
        everything = "".join(zf.read(name).decode("utf-8") for name in zf.namelist())
    assert "s3cret-pw" not in everything
    assert "password=***" in everything
    from kiosk.app import store_name

    assert "s3cret-pw" not in store_name(settings)


# -- $KIOSK_NOW (item 15) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2026-11-24T10:00:00+08:00", "without a time zone"),
        ("2026-11-24T02:00:00Z", "without a time zone"),
        ("9999-12-31T23:00:00", "expected a year"),
        ("0001-01-01T00:00:00", "expected a year"),
    ],
)
def test_kiosk_now_with_a_time_zone_or_out_of_range_is_exit_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, value: str, says: str
) -> None:
    monkeypatch.setenv("KIOSK_NOW", value)
    for argv in (["queue", "issue", "bill"], ["queue", "list"], ["queue", "status"]):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (ConfigError.exit_code, ""), (argv, err)
        one_line(err, "KIOSK_NOW", says, repr(value))


def test_kiosk_now_at_the_edges_of_its_range_works(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for value in ("1970-01-01T00:00:00", "9998-12-31T23:59:59"):
        monkeypatch.setenv("KIOSK_NOW", value)
        code, _, err = run(capsys, "queue", "issue", "bill", "--json")
        assert (code, err) == (0, ""), value
        code, _, err = run(capsys, "queue", "status")
        assert (code, err) == (0, ""), value


# -- export-trace --to the last day (item 15) --------------------------------------------


def test_export_trace_to_the_last_day_a_date_holds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    clock = ManualClock(dt.datetime(2026, 11, 24, 9, 0))
    with open_service(load_settings(None, None), clock) as q:
        q.open_counter(1)
        q.issue("bill")
        q.call_next(1)
        q.serve(1)
        clock.advance(minutes=3)
        q.done(1)
    out = tmp_path / "trace.csv"
    code, text, err = run(capsys, "export-trace", "--to", "9999-12-31", str(out))
    assert (code, err) == (0, "")
    assert "1 tickets and 0 counter pauses written" in text
    code, text, err = run(
        capsys, "export-trace", "--from", "0001-01-01", "--to", "9999-12-31", str(out)
    )
    assert (code, err) == (0, "")
    assert "1 tickets and 0 counter pauses written" in text


# -- one line, whatever a library says (item 15) ------------------------------------------


def test_selftest_of_a_missing_usb_printer_fails_on_one_line() -> None:
    """pyusb's message carries a line break; the error and each step stay one line."""
    done = process("selftest", "printer", "--printer", "usb://04b8:0202")
    assert done.returncode == 12, done.stderr
    one_line(done.stderr, "usb://04b8:0202", "failed its self-test")
    report = done.stdout.splitlines()
    assert report[0] == "printer usb://04b8:0202: fail"
    assert all(line.startswith("  ") for line in report[1:]), done.stdout
    assert any(line.startswith("  fail connection: ") for line in report[1:])


# -- db backup targets (item 15) ----------------------------------------------------------


@pytest.fixture
def filled(data_dir: Path, demo_hall: Hall) -> Path:
    data_dir.mkdir()
    fill(data_dir / "kiosk.db", demo_hall)
    return data_dir / "kiosk.db"


def test_backup_to_an_empty_name_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], filled: Path
) -> None:
    code, out, err = run(capsys, "db", "backup", "")
    assert (code, out) == (2, "")
    one_line(err, "FILE", "''")


def test_backup_to_a_name_too_long_is_a_plain_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, filled: Path
) -> None:
    code, out, err = run(capsys, "db", "backup", str(tmp_path / ("b" * 300)))
    assert (code, out) == (StoreReadOnly.exit_code, "")
    one_line(err, "cannot write backup", "File name too long")
    # the longest name a file may have is a good target: nothing is added to it
    longest = tmp_path / ("c" * 255)
    code, out, err = run(capsys, "db", "backup", str(longest))
    assert (code, err) == (0, "")
    assert longest.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["data", longest.name])


@contextlib.contextmanager
def unchanged(path: Path) -> Iterator[None]:
    before = path.lstat()
    content = path.read_bytes() if stat.S_ISREG(before.st_mode) else None
    yield
    after = path.lstat()
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode,
        before.st_ino,
        before.st_rdev,
    )
    if content is not None:
        assert path.read_bytes() == content


def _null_device(tmp_path: Path) -> Path | None:
    """A character device like /dev/null, made in the test's folder (root only)."""
    path = tmp_path / "null"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        return None
    return path


def test_backup_refuses_anything_but_a_new_file_or_a_regular_one_with_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, filled: Path
) -> None:
    targets: dict[str, Path] = {}
    folder = tmp_path / "a-folder"
    folder.mkdir()
    targets["a folder"] = folder
    fifo = tmp_path / "a-pipe"
    os.mkfifo(fifo)
    targets["a pipe"] = fifo
    link = tmp_path / "link-to-null"
    link.symlink_to(os.devnull)
    targets["a character device"] = link
    device = _null_device(tmp_path)
    if device is not None:
        targets["a character device "] = device
    for kind, target in targets.items():
        with unchanged(target), unchanged(Path(os.devnull)):
            code, out, err = run(capsys, "db", "backup", str(target))
            assert (code, out) == (StoreReadOnly.exit_code, ""), (kind, err)
            one_line(err, str(target), kind.strip(), "not a file")
            # --force replaces regular files only
            code, out, err = run(capsys, "db", "backup", "--force", str(target))
            assert code == StoreReadOnly.exit_code, (kind, err)
    assert not list(tmp_path.glob("**/*.partial")) and not list(tmp_path.glob("**/.kiosk-*"))

    existing = tmp_path / "monday.db"
    existing.write_bytes(b"yesterday's backup")
    with unchanged(existing):
        code, out, err = run(capsys, "db", "backup", str(existing))
        assert (code, out) == (StoreReadOnly.exit_code, "")
        one_line(err, str(existing), "exists", "--force")
    code, out, err = run(capsys, "db", "backup", "--force", str(existing))
    assert (code, err) == (0, "")
    conn = sqlite3.connect(f"{existing.as_uri()}?mode=ro", uri=True)
    try:
        assert [r[0] for r in conn.execute("SELECT number FROM tickets ORDER BY id")] == [
            "A001",
            "B001",
            "A002",
        ]
    finally:
        conn.close()


# -- files that never end (item 15) -------------------------------------------------------


def test_config_check_of_an_endless_file_stops_at_a_bound() -> None:
    """Unbounded, /dev/zero is read until memory runs out (24 GB were seen): here the
    process gets 2 GB, and must stop long before."""
    done = process("config", "check", "/dev/zero", limit_memory=True)
    assert (done.returncode, done.stdout) == (ConfigError.exit_code, ""), done.stderr
    one_line(done.stderr, "/dev/zero", "longer than 1 MB")


def test_a_ticket_template_or_a_trace_that_never_ends_stops_at_a_bound(
    tmp_path: Path,
) -> None:
    cfg = tmp_path / "hall.toml"
    cfg.write_text(
        config.example_text().replace("[printer]\n", '[printer]\ntemplate = "/dev/zero"\n', 1),
        encoding="utf-8",
    )
    assert 'template = "/dev/zero"' in cfg.read_text(encoding="utf-8")
    done = process("config", "check", str(cfg), limit_memory=True)
    assert done.returncode == ConfigError.exit_code, done.stderr
    one_line(done.stderr, "printer.template", "/dev/zero", "longer than 1 MB")

    out = tmp_path / "pred.csv"
    done = process("replay", "/dev/zero", "--out", str(out), limit_memory=True)
    assert done.returncode == 2, done.stderr
    one_line(done.stderr, "/dev/zero", "cannot read")
    assert not out.exists()


def test_bounded_reads_take_what_fits_and_refuse_the_rest(tmp_path: Path) -> None:
    from kiosk.files import FileTooLarge, read_bytes, read_text

    path = tmp_path / "f.txt"
    path.write_text("营业厅\n", encoding="utf-8")
    assert read_text(path, len("营业厅\n".encode())) == "营业厅\n"
    with pytest.raises(FileTooLarge, match="longer than 5 bytes"):
        read_bytes(path, 5)
    with pytest.raises(OSError, match="longer than 1 MB"):
        read_bytes(Path("/dev/zero"), 1 << 20)


# -- a damaged header (item 14) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "value", "says"),
    [
        (18, 3, "write version 3"),  # SQLite then refuses every write, yet reads
        (19, 3, "read version 3"),
        (47, 5, "schema format 5"),  # "unsupported file format" was an internal error
        (21, 0, "payload fractions"),
        (16, 3, "page size"),
    ],
)
def test_a_damaged_header_is_exit_10_for_every_command_and_db_check_says_so(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    filled: Path,
    monkeypatch: pytest.MonkeyPatch,
    offset: int,
    value: int,
    says: str,
) -> None:
    monkeypatch.setenv("KIOSK_NOW", NOW)
    data = bytearray(filled.read_bytes())
    data[offset] = value
    filled.write_bytes(bytes(data))
    for argv in (["queue", "issue", "bill"], ["queue", "list"], ["db", "upgrade"]):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (StoreCorrupt.exit_code, ""), (argv, err)
        one_line(err, str(filled), "damaged", says)
    code, out, err = run(capsys, "db", "backup", str(tmp_path / "copy.db"))
    assert code == StoreCorrupt.exit_code
    one_line(err, "damaged", says)
    assert not (tmp_path / "copy.db").exists()
    code, out, err = run(capsys, "db", "check")
    assert (code, err) == (StoreCorrupt.exit_code, "")
    assert out.startswith("FAIL ") and says in out and "healthy" not in out
    assert filled.read_bytes() == bytes(data)  # looked at, not touched


def test_db_check_proves_a_write_and_leaves_nothing_of_it(
    capsys: pytest.CaptureFixture[str], filled: Path
) -> None:
    code, out, err = run(capsys, "db", "check")
    assert (code, err) == (0, ""), out
    assert "ok   a write (rolled back)" in out.splitlines()
    conn = sqlite3.connect(filled)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert "kiosk_write_check" not in tables


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes a read-only file anyway")
def test_db_check_of_a_store_file_that_cannot_be_written_fails_with_exit_9(
    capsys: pytest.CaptureFixture[str], filled: Path
) -> None:
    filled.chmod(0o444)
    try:
        code, out, _ = run(capsys, "db", "check")
    finally:
        filled.chmod(0o644)
    assert code == StoreReadOnly.exit_code
    assert any(line.startswith("FAIL") and "cannot be written" in line for line in out.splitlines())


# -- a read-only data folder (item 14) ---------------------------------------------------


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make a folder read-only for real: by its mode for a user; as root (whom modes do not
    stop) with the immutable attribute. Skips where neither can be done."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        undo = ["chmod", "755", str(folder)]
    else:
        chattr = shutil.which("chattr")
        if chattr is None:
            pytest.skip("no chattr to make a folder read-only as root")
        made = subprocess.run([chattr, "+i", str(folder)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip(f"this file system has no immutable folders: {made.stderr!r}")
        undo = [chattr, "-i", str(folder)]
    try:
        probe = folder / "probe"
        with pytest.raises(OSError):
            probe.touch()
        yield
    finally:
        subprocess.run(undo, check=True)


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_read_only_data_folder_can_be_read_checked_and_backed_up(
    tmp_path: Path, filled: Path
) -> None:
    env = {"KIOSK_NOW": "2026-11-24T10:00:00"}
    folder = filled.parent
    before = listing(folder)
    with read_only(folder):
        listed = process("queue", "list", "--json", env=env)
        assert (listed.returncode, listed.stderr) == (0, "")
        assert [t["number"] for t in json.loads(listed.stdout)] == ["A001", "B001", "A002"]
        status = process("queue", "status", "--json", env=env)
        assert (status.returncode, status.stderr) == (0, "")

        checked = process("db", "check")
        assert checked.returncode == StoreReadOnly.exit_code, checked.stdout + checked.stderr
        lines = checked.stdout.splitlines()
        assert "ok   sqlite integrity_check" in lines and "ok   3 tickets" in lines
        assert any("cannot be written" in line and str(folder) in line for line in lines)

        copy = tmp_path / "rescued.db"
        saved = process("db", "backup", str(copy))
        assert (saved.returncode, saved.stderr) == (0, "")

        issued = process("queue", "issue", "bill", env=env)
        assert (issued.returncode, issued.stdout) == (StoreReadOnly.exit_code, "")
        # the first file of the folder it needs to write, named: the ticket-link secret
        # (made at first start) or the store
        one_line(issued.stderr, str(folder), "cannot be written")
        assert listing(folder) == before  # nothing written beside the store either
    conn = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM tickets").fetchone() == (3,)
    finally:
        conn.close()


def test_a_read_only_folder_with_a_live_write_ahead_log_reads_its_last_changes(
    tmp_path: Path, filled: Path, demo_hall: Hall
) -> None:
    """A hall still running when its folder turned read-only: the last ticket is only in
    kiosk.db-wal, and the reader must see it."""
    store = open_store(sqlite_url(filled))
    try:
        QueueService(demo_hall, store, ManualClock(MORNING)).issue("plan")
        holder = sqlite3.connect(filled)  # keeps -wal and -shm in place
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        holder.execute("SELECT count(*) FROM tickets").fetchone()
        store.close()
        assert Path(f"{filled}-wal").stat().st_size > 0
        with read_only(filled.parent):
            listed = process("queue", "list", "--json", env={"KIOSK_NOW": NOW})
            copy = tmp_path / "rescued.db"
            saved = process("db", "backup", str(copy))
        holder.close()
    finally:
        store.close()
    assert (listed.returncode, listed.stderr) == (0, "")
    assert [t["number"] for t in json.loads(listed.stdout)] == ["A001", "B001", "A002", "B002"]
    assert (saved.returncode, saved.stderr) == (0, "")
    conn = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM tickets").fetchone() == (4,)
    finally:
        conn.close()


def test_a_logo_too_large_is_refused_from_its_header_before_it_is_decoded(
    tmp_path: Path,
) -> None:
    """A 5000 x 5000 picture (25 million dots, a few kB as PNG) is refused by the size its
    header gives, before it is decoded; one past Pillow's own bound (a "decompression
    bomb") is a template error too, not an internal error."""
    image_mod = pytest.importorskip("PIL.Image")
    from kiosk.devices.escpos.template import TemplateError, load_template

    path = tmp_path / "t.toml"
    path.write_text('[[block]]\nkind = "logo"\npath = "big.png"', encoding="utf-8")
    image_mod.new("1", (5000, 5000), 1).save(tmp_path / "big.png")
    convert = image_mod.Image.convert
    decoded: list[tuple[int, int]] = []

    def watching(self: Any, *args: Any, **kwargs: Any) -> Any:
        decoded.append(self.size)
        return convert(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(image_mod.Image, "convert", watching)
        with pytest.raises(TemplateError, match="5000 x 5000 dots; at most 384 x 120"):
            load_template(path)
    assert decoded == []

    image_mod.new("1", (20000, 20000), 1).save(tmp_path / "big.png")
    with pytest.raises(TemplateError, match=r"block\[0\]\.path: cannot read the picture"):
        load_template(path)
