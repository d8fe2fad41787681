"""`./hall.sh run` on a machine with no screen, stopped as a person or a service manager
stops it: Ctrl+C in the terminal (SIGINT to the whole foreground process group) or SIGTERM
to the script. The hall stops cleanly: exit 0, no kiosk or virtual screen left running, no
temporary folder left behind."""

from __future__ import annotations

import glob
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LEFTOVERS = ("/tmp/hall-xvfb.*", "/tmp/xvfb-run.*")


def _leftovers() -> set[str]:
    return {path for pattern in LEFTOVERS for path in glob.glob(pattern)}


def _children_of(pid: int) -> list[str]:
    """Processes still running in the hall's session (the kiosk, Xvfb)."""
    out = subprocess.run(
        ["ps", "-eo", "sid=,pid=,args="], capture_output=True, text=True, check=True
    ).stdout
    alive = []
    for line in out.splitlines():
        sid, _, rest = line.strip().partition(" ")
        if sid == str(pid) and "ps -eo" not in rest:
            alive.append(rest.strip())
    return alive


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="Xvfb and POSIX signals")
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_the_headless_hall_stops_cleanly(how: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}  # fmt: skip
    env["KIOSK_DATA_DIR"] = str(tmp_path / "data")
    before = _leftovers()
    with subprocess.Popen(
        [str(ROOT / "hall.sh"), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as in a terminal
    ) as proc:
        xvfb: list[str] = []
        out = err = ""
        try:
            assert proc.stdout is not None and proc.stderr is not None
            ready, _, _ = select.select([proc.stdout], [], [], 180)
            assert ready, "hall.sh run printed nothing within 180 s"
            line = proc.stdout.readline()
            if not line.startswith("kiosk: hall window(s) open"):
                proc.wait(timeout=60)
                pytest.fail(f"hall.sh run did not start the hall: {line!r} {proc.stderr.read()}")
            xvfb = _xvfb_of(proc.pid)
            assert xvfb, "hall.sh run started no Xvfb of its own"
            if how == "ctrl-c":
                os.killpg(proc.pid, signal.SIGINT)
            else:
                proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert out == "kiosk: stopped\n"
    assert "X11 connection broke" not in err
    assert "Traceback" not in err
    assert _children_of(proc.pid) == []
    assert [pid for pid in xvfb if Path(f"/proc/{pid}").exists()] == [], "Xvfb outlived hall.sh"
    assert _leftovers() - before == set()


def _xvfb_of(parent: int) -> list[str]:
    """The Xvfb processes hall.sh started (their parent is the script)."""
    out = subprocess.run(
        ["ps", "-eo", "pid=,ppid=,comm="], capture_output=True, text=True, check=True
    )
    return [
        fields[0]
        for fields in (line.split() for line in out.stdout.splitlines())
        if fields[1:] == [str(parent), "Xvfb"]
    ]
