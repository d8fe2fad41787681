"""The OpenAPI 3.0 document at ``/openapi.json``, made from the route table
(kiosk.server.api.OPS) and the domain's dataclasses, so it cannot drift from what the
routes answer: every dataclass is a schema under ``components/schemas`` with one
property per field, all required (the server always sends every field)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any

from kiosk import __version__
from kiosk.core import daily
from kiosk.core.wire import ERRORS
from kiosk.server.api import MEDIA, OPS, Download, Field, Need, Op, path_params


class _Schemas:
    def __init__(self) -> None:
        self.components: dict[str, Any] = {}

    def of(self, kind: Any) -> dict[str, Any]:
        if kind is Any:
            return {}
        if kind is None or kind is type(None):
            return {"type": "object", "additionalProperties": False}
        origin = typing.get_origin(kind)
        if origin is typing.Union or origin is types.UnionType:
            real = [o for o in typing.get_args(kind) if o is not type(None)]
            inner = self.of(real[0]) if len(real) == 1 else {"anyOf": [self.of(o) for o in real]}
            if "$ref" in inner:
                return {"allOf": [inner], "nullable": True}
            return {**inner, "nullable": True}
        if origin in (tuple, list, set, frozenset):
            items = [a for a in typing.get_args(kind) if a is not Ellipsis]
            return {"type": "array", "items": self.of(items[0]) if items else {}}
        if origin in (dict, Mapping) or kind in (dict, Mapping):
            pair = typing.get_args(kind)
            return {"type": "object", "additionalProperties": self.of(pair[1]) if pair else {}}
        if isinstance(kind, type):
            if issubclass(kind, enum.Enum):
                members = [m.value for m in kind]
                kind_name = "integer" if isinstance(members[0], int) else "string"
                return {"type": kind_name, "enum": members}
            simple = {bool: "boolean", int: "integer", float: "number", str: "string"}
            if kind in simple:
                return {"type": simple[kind]}
            if kind is dt.datetime:
                return {"type": "string", "description": "hall-local ISO 8601, no offset"}
            if kind is dt.date:
                return {"type": "string", "format": "date"}
            if kind is dt.time:
                return {"type": "string", "description": "HH:MM[:SS[.ffffff]]"}
            if dataclasses.is_dataclass(kind):
                return self._dataclass(kind)
        raise TypeError(f"no schema for {kind!r}")

    def _dataclass(self, kind: type) -> dict[str, Any]:
        name = kind.__name__
        if name not in self.components:
            self.components[name] = {}  # recursion guard
            hints = typing.get_type_hints(kind)
            fields = [f for f in dataclasses.fields(kind) if not f.name.startswith("_")]
            self.components[name] = {
                "type": "object",
                "properties": {f.name: self.of(hints[f.name]) for f in fields},
                "required": [f.name for f in fields],
            }
        return {"$ref": f"#/components/schemas/{name}"}


_STATUSES = {
    Need.READ: ("401", "429"),
    Need.ISSUE: ("401", "403", "404", "409", "429"),
    Need.PRINT: ("401", "403", "404", "429"),
}


def _body(schemas: _Schemas, fields: tuple[Field, ...]) -> dict[str, Any]:
    props = {}
    for f in fields:
        prop = schemas.of(f.kind)
        if f.description:
            prop = {**prop, "description": f.description} if "$ref" not in prop else prop
        props[f.name] = prop
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": props,
                    "required": [f.name for f in fields if f.required],
                }
            }
        },
    }


def _operation(schemas: _Schemas, op: Op) -> dict[str, Any]:
    params: list[dict[str, Any]] = []
    for f in path_params(op):
        schema: dict[str, Any] = (
            {"type": "integer", "minimum": 0, "maximum": 999_999_999}
            if f.kind is int
            else {"type": "string", "minLength": 1, "maxLength": 200}
        )
        if f.name == "name":
            schema = {"type": "string", "pattern": daily.NAME_PATTERN}
        params.append({"name": f.name, "in": "path", "required": True, "schema": schema})
    for f in op.query:
        schema = schemas.of(f.kind)
        if f.name == "last_calls":
            schema = {**schema, "minimum": 0, "maximum": 100}
        if f.name in ("after", "limit"):
            schema = {**schema, "minimum": 0 if f.name == "after" else 1,
                      "maximum": 2**62 if f.name == "after" else 500}  # fmt: skip
        if f.name == "days":
            schema = {**schema, "minimum": 1, "maximum": 366}
        if f.name == "target_minutes":
            schema = {**schema, "minimum": 0, "exclusiveMinimum": True, "maximum": 1440}
        if f.name == "level":
            schema = {**schema, "minimum": 0, "maximum": 1, "exclusiveMinimum": True,
                      "exclusiveMaximum": True}  # fmt: skip
        params.append(
            {"name": f.name, "in": "query", "required": False, "schema": schema,
             "description": f.description}
        )  # fmt: skip
    if op.writes:
        params.append(
            {"name": "Idempotency-Key", "in": "header", "required": False,
             "schema": {"type": "string", "maxLength": 200},
             "description": "one per user action, the same on a retry"}
        )  # fmt: skip
    error = {"$ref": "#/components/responses/Error"}
    if op.answer is Download:  # a file: its bytes in one of these types
        binary = {"schema": {"type": "string", "format": "binary"}}
        content = {media.split(";")[0]: binary for media in MEDIA.values()}
    else:
        answer = schemas.of(op.answer) if op.answer is not None else schemas.of(None)
        content = {"application/json": {"schema": answer}}
    doc: dict[str, Any] = {
        "operationId": op.name,
        "summary": op.summary,
        "tags": [op.need.value],
        "parameters": params,
        "responses": {
            "200": {"description": "done", "content": content},
            "default": error,
        },
    }
    if op.body:
        doc["requestBody"] = _body(schemas, op.body)
    return doc


@functools.cache
def openapi() -> dict[str, Any]:
    schemas = _Schemas()
    paths: dict[str, Any] = {}
    for op in OPS:
        paths.setdefault(op.route, {})[op.method.lower()] = _operation(schemas, op)
    schemas.components["Error"] = {
        "type": "object",
        "properties": {
            "error": {"type": "string", "enum": sorted(ERRORS)},
            "message": {"type": "string"},
            "reason": {"type": "string"},
            "problem": {"type": "string"},
            "retry_after": {"type": "number"},
        },
        "required": ["error", "message"],
    }
    schemas.components["Health"] = {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["ok"]},
            "seq": {"type": "integer"},
            "api": {"type": "string"},
        },
        "required": ["status", "seq"],
    }
    paths["/health"] = {
        "get": {
            "operationId": "health",
            "summary": "the server is up; the feed's last seq (no token needed)",
            "security": [],
            "responses": {
                "200": {
                    "description": "up",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Health"}}
                    },
                },
                "default": {"$ref": "#/components/responses/Error"},
            },
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "hall-kiosk hall server",
            "version": __version__,
            "description": "docs/server-api.md. Every route but /health needs "
            "`Authorization: Bearer TOKEN` (`kiosk server enroll`). The hall feed is a "
            "WebSocket at /api/v1/feed?after=N (not described here).",
        },
        "paths": paths,
        "components": {
            "schemas": schemas.components,
            "responses": {
                "Error": {
                    "description": "an error: its kind, its message",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
            },
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"token": []}],
    }
