"""Who may do what on the hall server: the gate every request passes.

:class:`Gate` admits a request (who is it: its token's PC, :class:`Principal`),
authorizes an operation for it (a counter's token acts only for its counter) and wraps
the operation (:meth:`Gate.acting`: the staff signed in at a counter). The hall's gate
is kiosk.server.tokens.TokenGate; :class:`OpenGate` lets everything through, for tests
of the routes alone.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from starlette.requests import HTTPConnection

if TYPE_CHECKING:
    from kiosk.server.api import Op


@dataclasses.dataclass(frozen=True)
class Principal:
    """The caller: an enrolled PC (``id``, its role, its counter) or an open gate's
    anonymous caller."""

    id: str
    role: str  # kiosk, counter, display, devices, admin
    counter: int | None = None
    name: str = ""
    pc: int = 0  # the enrolled PC's id (0: the open gate's caller)


class Gate(Protocol):
    def admit(self, request: HTTPConnection, op: Op | None) -> Principal:
        """The caller of this request (op None: the feed). AccessDenied (401) without a
        valid token, RateLimited past the limits."""
        ...

    def authorize(self, who: Principal, op: Op, args: Mapping[str, Any]) -> None:
        """AccessDenied (403) when the caller's role may not do this."""
        ...

    def acting(
        self, who: Principal, op: Op, args: Mapping[str, Any]
    ) -> contextlib.AbstractContextManager[None]:
        """Around the operation's call (the staff at the counter tag its events)."""
        ...


class OpenGate:
    """Everyone is an administrator: tests of the routes alone, never a hall."""

    def admit(self, request: HTTPConnection, op: Op | None) -> Principal:
        return Principal("open", "admin")

    def authorize(self, who: Principal, op: Op, args: Mapping[str, Any]) -> None:
        return None

    @contextlib.contextmanager
    def acting(self, who: Principal, op: Op, args: Mapping[str, Any]) -> Iterator[None]:
        yield
