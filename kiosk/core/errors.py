"""Errors a user can cause. Each kind maps to one exit code (docs/cli.md).

Anything else raised from the domain is a bug, not a user error.
"""

from __future__ import annotations

import enum
import re

_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def one_line(text: str) -> str:
    """A message on one line: a library's text (pyusb, SQLAlchemy) may carry line breaks."""
    return _BREAKS.sub(" ", text).strip()


class KioskError(Exception):
    """Base of every error that is the user's or the environment's, not ours.

    Its text is one line whatever the message it was given: the command line prints it
    as one line on stderr, and self-test reports and staff alerts show it as a sentence."""

    exit_code = 1

    def __str__(self) -> str:
        return one_line(super().__str__())


class ConfigError(KioskError):
    """The configuration file is missing, unreadable or invalid."""

    exit_code = 3


class NotFound(KioskError):
    """An unknown business type, counter or ticket number."""

    exit_code = 4


class Unavailable(enum.StrEnum):
    """Why a business type takes no ticket now, as a value: the kiosk's notice and tiles,
    the hall display and the counter word it; the error's message says it for staff."""

    DISABLED = "disabled"  # switched off in the configuration
    HOURS = "hours"  # outside its opening hours
    CAP = "cap"  # its daily cap is reached
    NUMBERS_IN_USE = "numbers_in_use"  # every number of its range is still active
    NO_PRIORITY = "no_priority"  # a green-channel ticket asked of one without it


class ServiceUnavailable(KioskError):
    """The business type is disabled, outside its opening hours or at its daily cap;
    ``reason`` says which."""

    exit_code = 5

    def __init__(self, message: str, reason: Unavailable) -> None:
        super().__init__(message)
        self.reason = reason


class NothingToCall(KioskError):
    """No waiting ticket that this counter may call."""

    exit_code = 6


class InvalidTransition(KioskError):
    """The counter or ticket is not in a state that allows the operation."""

    exit_code = 7


class StoreLocked(KioskError):
    """Another process held the store longer than the busy timeout."""

    exit_code = 8


class StoreReadOnly(KioskError):
    """The store file or its directory cannot be written."""

    exit_code = 9


class StoreCorrupt(KioskError):
    """The store file is damaged or is not a kiosk store."""

    exit_code = 10


class NoDisplay(KioskError):
    """A window was asked for on a machine with no screen to draw on."""

    exit_code = 11


class DeviceFailed(KioskError):
    """A device did not do its job: the ticket printer is out of paper, open, silent or in
    error, or failed its self-test. The message says what to do."""

    exit_code = 12
