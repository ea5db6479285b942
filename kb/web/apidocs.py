"""The OpenAPI document -> what the human-readable API page (``/api``) shows.

Each endpoint with its parameters (name, where, type, required, allowed values,
default, description), its responses and an example request; then the objects
the responses hold, field by field. Made from the document alone, so the page
says what ``/api/openapi.json`` says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

WHERE = {"query": "i adressen (?navn=verdi)", "path": "i stien"}
REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Parameter:
    """One parameter of an endpoint, as the page's table shows it."""

    name: str
    where: str
    type: str
    required: bool
    allowed: str
    default: str
    description: str


@dataclass(frozen=True)
class Answer:
    """One response of an endpoint: status, what it means, media type and object."""

    status: str
    description: str
    media_type: str
    schema: str


@dataclass(frozen=True)
class Endpoint:
    """One operation of the API."""

    method: str
    path: str
    summary: str
    parameters: list[Parameter]
    answers: list[Answer]
    example: str | None
    anchor: str


@dataclass(frozen=True)
class Field:
    """One property of a response object."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Schema:
    """A named object of the responses and its fields."""

    name: str
    fields: list[Field]


@dataclass(frozen=True)
class ApiDescription:
    """The whole page: title, description, endpoints and objects."""

    title: str
    description: str
    version: str
    endpoints: list[Endpoint]
    schemas: list[Schema]

    @property
    def schema_names(self) -> set[str]:
        """The names of the objects described (a response's object links to them)."""
        return {schema.name for schema in self.schemas}


def type_text(schema: Mapping[str, Any]) -> str:
    """A schema's type as text: ``string``, ``integer``, ``array of string``, ``Hit``,
    ``string | null``."""
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(REF_PREFIX)
    kind = schema.get("type", "")
    if kind == "array":
        return f"array of {type_text(schema.get('items', {}))}"
    if isinstance(kind, list):
        return " | ".join(str(k) for k in kind)
    return str(kind) or "object"


def allowed_text(schema: Mapping[str, Any]) -> str:
    """The values a schema allows, as text: its enum, its range, or "" when any."""
    inner = schema.get("items", schema) if schema.get("type") == "array" else schema
    if "enum" in inner:
        return ", ".join(str(v) for v in inner["enum"])
    low, high = inner.get("minimum"), inner.get("maximum")
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return f"fra {low}"
    return ""


def _parameter(raw: Mapping[str, Any]) -> Parameter:
    schema = raw.get("schema", {})
    repeat = " (kan gjentas)" if schema.get("type") == "array" else ""
    default = schema.get("default")
    return Parameter(name=raw["name"], where=WHERE.get(raw.get("in", ""), raw.get("in", "")),
                     type=type_text(schema) + repeat, required=bool(raw.get("required")),
                     allowed=allowed_text(schema),
                     default="" if default is None else str(default),
                     description=raw.get("description", ""))


def _answers(responses: Mapping[str, Any]) -> list[Answer]:
    out = []
    for status, response in responses.items():
        content = response.get("content", {}) or {"": {}}
        for media_type, body in content.items():
            schema = body.get("schema", {}) if isinstance(body, Mapping) else {}
            out.append(Answer(status, response.get("description", ""), media_type,
                              type_text(schema) if schema else ""))
    return out


def _anchor(method: str, path: str) -> str:
    cleaned = "".join(c if c.isalnum() else "-" for c in path.strip("/"))
    return f"{method}-{cleaned}".strip("-")


def describe(document: Mapping[str, Any]) -> ApiDescription:
    """Return what the ``/api`` page shows of an OpenAPI 3.1 ``document``."""
    endpoints = []
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            endpoints.append(Endpoint(
                method=method.upper(), path=path, summary=operation.get("summary", ""),
                parameters=[_parameter(p) for p in operation.get("parameters", [])],
                answers=_answers(operation.get("responses", {})),
                example=operation.get("x-example"), anchor=_anchor(method, path)))
    schemas = [Schema(name, [Field(field, type_text(spec), spec.get("description", ""))
                             for field, spec in schema.get("properties", {}).items()])
               for name, schema in document.get("components", {}).get("schemas", {}).items()]
    info = document.get("info", {})
    return ApiDescription(title=info.get("title", ""), description=info.get("description", ""),
                          version=str(info.get("version", "")), endpoints=endpoints,
                          schemas=schemas)
