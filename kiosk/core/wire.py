"""The hall server's wire format: the domain's values as JSON-able dicts and back.

docs/server-api.md describes every shape. The codec is generic over the domain's
dataclasses (kiosk.core.model, kiosk.core.service, kiosk.core.estimate): a dataclass is
an object with one key per field, named as the field; an enum is its value; a moment is
ISO 8601 hall-local time without an offset, to the microsecond (so a value comes back
equal); a tuple is an array. Decoding ignores keys it does not know and fills fields
that are missing with their defaults, so a server may add fields without breaking older
clients. A value that does not fit raises :class:`BadRequest` naming the field.

Errors travel as ``{"error": KIND, "message": TEXT, ...}`` (:func:`error_to_json`) and
come back as the same :class:`~kiosk.core.errors.KioskError` class
(:func:`error_from_json`), so a command run against a remote hall exits with the same
code as a local one. Pure Python: no HTTP here.

This is not the command line's published JSON (kiosk.cli.jsonview): that one is for
scripts and never changes its keys; this one is richer, for windows that fold the
hall's status from the feed (kiosk.core.hallfold).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from kiosk.core.errors import (
    ConfigError,
    DeviceFailed,
    InvalidTransition,
    KioskError,
    NoDisplay,
    NotFound,
    NothingToCall,
    ServiceUnavailable,
    StoreCorrupt,
    StoreLocked,
    StoreReadOnly,
    Unavailable,
)
from kiosk.core.feed import FeedEvent
from kiosk.core.model import Event, EventKind
from kiosk.core.ports import PrintFailed, PrintProblem

T = TypeVar("T")

API = "/api/v1"  # the prefix of every route but /health and /openapi.json


# -- the errors the wire adds ---------------------------------------------------------


class BadRequest(KioskError):
    """A request the server cannot read: malformed JSON, a missing or wrong field."""

    exit_code = 2


class ServerUnreachable(KioskError):
    """The hall server did not answer (refused, timed out, the link broke, a TLS
    certificate that is not the pinned one)."""

    exit_code = 13


class AccessDenied(KioskError):
    """The server refused this PC: no token, an unknown or revoked one (``status`` 401),
    or one whose role may not do this (403)."""

    exit_code = 14

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.status = status


class RateLimited(KioskError):
    """Too many requests from this token or address: try again after ``retry_after``
    seconds."""

    exit_code = 15

    def __init__(self, message: str, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerBug(KioskError):
    """The server failed on a bug of its own (HTTP 500): its log has the details."""

    exit_code = 1


class KeyConflict(KioskError):
    """An Idempotency-Key already used for a different request."""

    exit_code = 2


# kind on the wire -> (class, HTTP status). Order matters for encoding: the first class
# in an exception's MRO that is listed names its kind (a subclass travels as its base).
ERRORS: dict[str, tuple[type[KioskError], int]] = {
    "not_found": (NotFound, 404),
    "service_unavailable": (ServiceUnavailable, 409),
    "nothing_to_call": (NothingToCall, 409),
    "invalid_transition": (InvalidTransition, 409),
    "print_failed": (PrintFailed, 502),
    "device_failed": (DeviceFailed, 502),
    "config_error": (ConfigError, 500),
    "store_locked": (StoreLocked, 503),
    "store_read_only": (StoreReadOnly, 503),
    "store_corrupt": (StoreCorrupt, 503),
    "no_display": (NoDisplay, 500),
    "bad_request": (BadRequest, 400),
    "key_conflict": (KeyConflict, 422),
    "unauthorized": (AccessDenied, 401),
    "forbidden": (AccessDenied, 403),
    "rate_limited": (RateLimited, 429),
    "unreachable": (ServerUnreachable, 503),
    "internal": (ServerBug, 500),
}


def error_kind(exc: KioskError) -> str:
    """The wire's kind of an error (``internal`` for one it does not know)."""
    if isinstance(exc, AccessDenied):
        return "unauthorized" if exc.status == 401 else "forbidden"
    for cls in type(exc).__mro__:
        for kind, (known, _) in ERRORS.items():
            if known is cls:
                return kind
    return "internal"


def error_status(exc: KioskError) -> int:
    """The HTTP status a server answers this error with."""
    return ERRORS[error_kind(exc)][1]


def error_to_json(exc: KioskError) -> dict[str, Any]:
    body: dict[str, Any] = {"error": error_kind(exc), "message": str(exc)}
    if isinstance(exc, ServiceUnavailable):
        body["reason"] = exc.reason.value
    if isinstance(exc, PrintFailed):
        body["problem"] = exc.problem.value
    if isinstance(exc, RateLimited):
        body["retry_after"] = exc.retry_after
    return body


def error_from_json(body: Mapping[str, Any], status: int = 0) -> KioskError:
    """The exception an error body stands for (one the client does not know: a
    :class:`ServerBug` quoting it)."""
    kind = body.get("error")
    message = str(body.get("message", "")) or f"the server answered {status}"
    if not isinstance(kind, str) or kind not in ERRORS:
        return ServerBug(f"the server answered {status}: {message}")
    cls, code = ERRORS[kind]
    try:
        if cls is ServiceUnavailable:
            return ServiceUnavailable(message, Unavailable(body.get("reason", "disabled")))
        if cls is PrintFailed:
            return PrintFailed(message, PrintProblem(body.get("problem", "error")))
        if cls is AccessDenied:
            return AccessDenied(message, code)
        if cls is RateLimited:
            return RateLimited(message, float(body.get("retry_after", 1.0)))
    except (ValueError, TypeError):
        return ServerBug(f"the server answered {status} with a malformed error: {message}")
    return cls(message)


# -- values -----------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """A domain value (a dataclass, an enum, a moment, a tuple of them...) as JSON-able
    data."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, FeedEvent):
        return feed_event_to_json(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")
        }
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(v) for v in value]
    raise TypeError(f"no wire form for {type(value).__name__}")


def from_json(kind: type[T], data: Any, where: str = "") -> T:
    """The value of type ``kind`` that ``data`` (from :func:`to_json`) stands for.
    BadRequest names the field that does not fit."""
    if kind is FeedEvent:
        return typing.cast(T, feed_event_from_json(data, where))
    return typing.cast(T, _decode(kind, data, where or kind.__name__))


def feed_event_to_json(e: FeedEvent) -> dict[str, Any]:
    """One event of the feed, flat: ``seq`` with the event's own fields."""
    return {
        "seq": e.seq,
        "kind": e.event.kind.value,
        "at": e.event.at.isoformat(),
        "day_id": e.event.day_id,
        "ticket": e.event.ticket,
        "counter": e.event.counter,
        "data": to_json(dict(e.event.data)),
    }


def feed_event_from_json(data: Any, where: str = "") -> FeedEvent:
    where = where or "event"
    if not isinstance(data, Mapping):
        raise BadRequest(f"{where}: expected an object, got {type(data).__name__}")
    return FeedEvent(
        _decode(int, data.get("seq"), f"{where}.seq"),
        Event(
            _decode(EventKind, data.get("kind"), f"{where}.kind"),
            _decode(dt.datetime, data.get("at"), f"{where}.at"),
            _decode(int, data.get("day_id"), f"{where}.day_id"),
            _decode(str | None, data.get("ticket"), f"{where}.ticket"),
            _decode(int | None, data.get("counter"), f"{where}.counter"),
            _decode(dict[str, Any], data.get("data", {}), f"{where}.data"),
        ),
    )


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fail(where: str, expected: str, data: Any) -> BadRequest:
    shown = repr(data)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return BadRequest(f"{where}: expected {expected}, got {shown}")


def _decode(kind: Any, data: Any, where: str) -> Any:
    if kind is Any:
        return data
    origin = typing.get_origin(kind)
    if origin is typing.Union or origin is types.UnionType:
        options = typing.get_args(kind)
        if data is None:
            if type(None) in options:
                return None
            raise _fail(where, "a value", data)
        real = [o for o in options if o is not type(None)]
        if len(real) == 1:
            return _decode(real[0], data, where)
        for option in real:
            try:
                return _decode(option, data, where)
            except BadRequest:
                continue
        raise _fail(where, " or ".join(getattr(o, "__name__", str(o)) for o in real), data)
    if origin in (tuple, list, set, frozenset):
        if not isinstance(data, list):
            raise _fail(where, "an array", data)
        args = typing.get_args(kind)
        item = args[0] if args else Any
        values = [_decode(item, v, f"{where}[{i}]") for i, v in enumerate(data)]
        return values if origin is list else origin(values)
    if (
        origin in (dict, Mapping)
        or kind in (dict, Mapping)
        or origin is typing.get_origin(Mapping[str, Any])
    ):
        if not isinstance(data, Mapping):
            raise _fail(where, "an object", data)
        return dict(data)
    if isinstance(kind, type):
        if issubclass(kind, enum.Enum):
            try:
                return kind(data)
            except ValueError:
                known = ", ".join(repr(m.value) for m in kind)
                raise _fail(where, f"one of {known}", data) from None
        if kind is bool:
            if not isinstance(data, bool):
                raise _fail(where, "true or false", data)
            return data
        if kind is int:
            if isinstance(data, bool) or not isinstance(data, int):
                raise _fail(where, "an integer", data)
            return data
        if kind is float:
            if isinstance(data, bool) or not isinstance(data, int | float):
                raise _fail(where, "a number", data)
            return float(data)
        if kind is str:
            if not isinstance(data, str):
                raise _fail(where, "a string", data)
            return data
        if kind in (dt.datetime, dt.date, dt.time):
            if not isinstance(data, str):
                raise _fail(where, f"an ISO 8601 {kind.__name__}", data)
            try:
                return kind.fromisoformat(data)
            except ValueError:
                raise _fail(where, f"an ISO 8601 {kind.__name__}", data) from None
        if dataclasses.is_dataclass(kind):
            if not isinstance(data, Mapping):
                raise _fail(where, "an object", data)
            hints = _hints(kind)
            given = {
                f.name: _decode(hints[f.name], data[f.name], f"{where}.{f.name}")
                for f in dataclasses.fields(kind)
                if f.init and f.name in data
            }
            try:
                return kind(**given)
            except TypeError as exc:
                raise BadRequest(f"{where}: {exc}") from None
    raise TypeError(f"no wire form for {kind!r}")  # a bug: a type the codec was not taught
