"""The hall's gate: tokens of enrolled PCs, what each role may do, rate limits.

Every request but ``/health`` and ``/openapi.json`` needs ``Authorization: Bearer
TOKEN`` of a PC enrolled with `kiosk server enroll` and not revoked (else 401). The role
decides the rest (403 otherwise; docs/server-api.md, "Who may do what"):

| role | may |
|---|---|
| kiosk | read, issue (and report printing) |
| counter N | read, staff operations, the operations of counter N |
| display | read |
| devices | read, staff operations, every counter's operations (its keypads) |
| admin | everything |
| manager | read (its token signs a person in to the manager view, kiosk.server.manager) |

Requests are limited per token and, without a valid token, per address (token
buckets refilled per minute): past the limit, 429 with Retry-After. Every refusal is
logged with its reason by kiosk.server.app.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from starlette.requests import HTTPConnection

from kiosk.core.clock import Clock
from kiosk.core.wire import AccessDenied, RateLimited
from kiosk.server.access import Principal
from kiosk.server.api import Need, Op
from kiosk.server.limits import RateLimit
from kiosk.store.access import AccessStore

MAY: dict[str, frozenset[Need]] = {
    "kiosk": frozenset({Need.READ, Need.ISSUE, Need.PRINT}),
    "counter": frozenset({Need.READ, Need.STAFF, Need.COUNTER, Need.PRINT}),
    "display": frozenset({Need.READ}),
    "devices": frozenset({Need.READ, Need.STAFF, Need.COUNTER, Need.PRINT}),
    "admin": frozenset(Need),
    "manager": frozenset({Need.READ}),  # a person's browser: the manager view, the hall's state
}


class TokenGate:
    def __init__(
        self,
        access: AccessStore,
        clock: Clock,
        *,
        rate_per_token: int = 6000,
        rate_per_address: int = 600,
    ) -> None:
        self.access = access
        self._clock = clock
        self._tokens = RateLimit(rate_per_token, burst=rate_per_token)
        self._addresses = RateLimit(rate_per_address, burst=rate_per_address)

    def admit(self, request: HTTPConnection, op: Op | None) -> Principal:
        address = request.client.host if request.client else "?"
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            self._limit(self._addresses, f"address {address}", address)
            raise AccessDenied(
                "no token: give this PC's token (kiosk server enroll; KIOSK_TOKEN)", 401
            )
        pc = self.access.find(token.strip())
        if pc is None:
            self._limit(self._addresses, f"address {address}", address)
            raise AccessDenied("unknown or revoked token", 401)
        self._limit(self._tokens, f"PC {pc.id} ({pc.label})", f"pc {pc.id}")
        self.access.contact(pc, self._clock.now())
        return Principal(f"pc {pc.id}", pc.role, pc.counter, pc.name, pc=pc.id)

    def _limit(self, buckets: RateLimit, who: str, key: str) -> None:
        wait = buckets.take(key)
        if wait > 0:
            raise RateLimited(
                f"rate limit of {buckets.per_minute} requests a minute for {who}", wait
            )

    def authorize(self, who: Principal, op: Op, args: Mapping[str, Any]) -> None:
        allowed = MAY.get(who.role, frozenset())
        if op.need not in allowed:
            raise AccessDenied(
                f"a {who.role} PC may not {op.name.replace('_', ' ')} ({op.need.value} needed)",
                403,
            )
        if op.need is Need.COUNTER and who.role == "counter" and args.get("counter") != who.counter:
            raise AccessDenied(
                f"counter {who.counter}'s token acts only for counter {who.counter}, "
                f"not counter {args.get('counter')}",
                403,
            )

    @contextlib.contextmanager
    def acting(self, who: Principal, op: Op, args: Mapping[str, Any]) -> Iterator[None]:
        yield
