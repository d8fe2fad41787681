"""A hall of several "PCs" on one machine, set up as docs/multi-pc.md says: separate
processes with separate data folders, talking only over HTTP and the WebSocket.

- the server PC: `kiosk serve`, its PCs enrolled with `kiosk server enroll ROLE [N] --json`;
- counter 1's PC: `kiosk server join URL TOKEN`, then `kiosk queue ...` on the server;
- the kiosk PC: `kiosk queue issue bill --json --server URL` with its token in $KIOSK_TOKEN,
  printing on its own (simulated) printer;
- the device host: `kiosk devices --server URL`, following the feed: each call is said by
  its voice, here written as a WAV file (`[voice] output = "folder:..."`);
- the display PC: `kiosk display --server URL`, offscreen.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import START_S, ServerProcess, kiosk_argv, wait_for


def kiosk(data_dir: Path, *argv: str, token: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("KIOSK_TOKEN", None)  # each PC has its own, or none
    if token:
        env["KIOSK_TOKEN"] = token
    return subprocess.run(kiosk_argv("--data-dir", str(data_dir), *argv), capture_output=True,
                          text=True, env=env, timeout=START_S, check=False)  # fmt: skip


@contextmanager
def pc(data_dir: Path, *argv: str, token: str, ready: str) -> Iterator[subprocess.Popen[str]]:
    """A long-running role of a PC: started, its one ready line read, SIGTERM at the end."""
    env = dict(os.environ, KIOSK_TOKEN=token, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(kiosk_argv("--data-dir", str(data_dir), *argv),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)  # fmt: skip
    try:
        assert proc.stdout is not None
        seen, _, _ = select.select([proc.stdout], [], [], START_S)
        assert seen, f"{argv[0]} said nothing within {START_S:.0f} s"
        line = proc.stdout.readline()
        assert line.startswith(ready), line + (proc.stderr.read() if proc.poll() is not None
                                               and proc.stderr else "")  # fmt: skip
        yield proc
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=START_S)
        assert proc.returncode == 0, err
        assert "kiosk: stopped" in out
        assert "Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=START_S)


def test_a_hall_of_several_pcs_on_one_machine(
    server_process: ServerProcess, tmp_path: Path
) -> None:
    server = server_process
    tokens = {
        role: server.enroll(role, counter)
        for role, counter in (("counter", 1), ("kiosk", None), ("devices", None), ("display", None))
    }
    counter_pc, kiosk_pc = tmp_path / "counter1-pc", tmp_path / "kiosk-pc"
    devices_pc, display_pc = tmp_path / "devices-pc", tmp_path / "display-pc"

    # counter 1's PC joins once; its commands find the server and the token from then on
    joined = kiosk(counter_pc, "server", "join", server.url, tokens["counter"])
    assert joined.returncode == 0, joined.stderr
    assert (counter_pc / "server-token").stat().st_mode & 0o077 == 0

    # the device host's own configuration: its voice written to a folder
    example = kiosk(devices_pc, "config", "example").stdout
    said = tmp_path / "said"
    config = devices_pc / "hall.toml"
    devices_pc.mkdir(parents=True, exist_ok=True)
    config.write_text(example.replace('output = "auto"', f'output = "folder:{said}"', 1),
                      encoding="utf-8")  # fmt: skip

    with (
        pc(devices_pc, "--config", str(config), "devices", "--server", server.url,
           token=tokens["devices"], ready="kiosk: device host on hall server"),
        pc(display_pc, "display", "--server", server.url, token=tokens["display"],
           ready="kiosk: display window(s) open for hall"),
    ):  # fmt: skip
        issued = kiosk(kiosk_pc, "queue", "issue", "bill", "--json", "--server", server.url,
                       token=tokens["kiosk"])  # fmt: skip
        assert issued.returncode == 0, issued.stderr
        assert json.loads(issued.stdout)["number"] == "A001"

        assert kiosk(counter_pc, "queue", "open", "1").returncode == 0
        called = kiosk(counter_pc, "queue", "call", "1", "--json")
        assert called.returncode == 0, called.stderr
        assert json.loads(called.stdout)["number"] == "A001"
        # counter 1's token acts for counter 1 only
        refused = kiosk(counter_pc, "queue", "open", "2")
        assert refused.returncode == 14, refused.stderr

        # the device host heard the call from the feed and said it
        wait_for(lambda: any(said.glob("*.wav")), START_S, "the device host's announcement")

        listed = kiosk(server.data_dir, "server", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        roles = {pc["role"] for pc in json.loads(listed.stdout)}
        assert {"counter", "kiosk", "devices", "display"} <= roles


def test_the_kiosk_and_the_device_host_need_a_hall_server(tmp_path: Path) -> None:
    for command in ("kiosk", "devices"):
        done = kiosk(tmp_path / "pc", command)
        assert done.returncode == 3, done.stderr
        assert done.stderr.count("\n") == 1 and "--server URL or KIOSK_SERVER" in done.stderr
        assert "kiosk run" in done.stderr


def test_kiosk_server_names_the_server_for_a_window(
    server_process: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$KIOSK_SERVER is the --server of every role: a device host started with it alone."""
    monkeypatch.setenv("KIOSK_SERVER", server_process.url)
    with pc(tmp_path / "env-pc", "devices", token=server_process.enroll("devices"),
            ready=f"kiosk: device host on hall server {server_process.url}"):  # fmt: skip
        pass
