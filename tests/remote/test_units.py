"""The systemd unit of each role of a hall of several PCs (packaging/, docs/multi-pc.md)
starts the command this package installs, with the arguments kiosk's parser takes."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from kiosk.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
UNITS = {
    "hall-kiosk-server.service": ("serve", {}),
    "hall-kiosk-kiosk.service": ("kiosk", {}),
    "hall-kiosk-counter@.service": ("counter", {"counter": 3}),
    "hall-kiosk-display.service": ("display", {}),
    "hall-kiosk-devices.service": ("devices", {}),
}


def read(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    unit.read_string((ROOT / "packaging" / name).read_text(encoding="utf-8"), source=name)
    return unit


@pytest.mark.parametrize("name", sorted(UNITS))
def test_each_role_has_a_unit_that_starts_its_command(name: str) -> None:
    unit = read(name)
    assert unit.sections() == ["Unit", "Service", "Install"]
    service = unit["Service"]
    assert (service["User"], service["Restart"], service["StateDirectory"]) == (
        "kiosk", "always", "hall-kiosk",
    )  # fmt: skip
    assert "14" in service["RestartPreventExitStatus"].split()  # a refused token: stay stopped
    assert "13" not in service["RestartPreventExitStatus"].split()  # no server yet: retry
    argv = shlex.split(service["ExecStart"].replace("%i", "3"))
    assert argv[0] == "/opt/hall-kiosk/venv/bin/kiosk"
    args = build_parser().parse_args(argv[1:])
    command, extra = UNITS[name]
    assert args.command == command
    assert str(args.data_dir) == "/var/lib/hall-kiosk"
    for key, value in extra.items():
        assert getattr(args, key) == value
    assert "multi-pc.md" in unit["Unit"]["Documentation"]
