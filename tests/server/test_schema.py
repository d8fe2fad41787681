"""schemathesis against the live server's /openapi.json: generated requests for every
operation (bounded: 10 each, a few hundred in all, seconds) get no 5xx and no answer
outside the schema (status, content type, body)."""

from __future__ import annotations

from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.server.conftest import LiveServer

EXAMPLES = 10  # per operation
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_the_api_keeps_to_its_schema(hall_server: LiveServer) -> None:
    document = httpx.get(hall_server.url + "/openapi.json", timeout=30).json()
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    headers = {"Authorization": f"Bearer {hall_server.token}"}
    calls = 0
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            nonlocal calls
            calls += 1
            response = case.call(base_url=hall_server.url, headers=headers, timeout=30)
            case.validate_response(response, checks=CHECKS)

        check()
    assert calls >= 150
