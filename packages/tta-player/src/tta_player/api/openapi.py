"""The OpenAPI document, told the truth about errors.

Every error the service sends is the one problem envelope (``schemas.problem.Problem``, as
``application/problem+json``), validation errors included, and any operation can meet a
server problem (500), a storage outage (503) or invalid input (422: at the least, an address
holding a NUL character); an operation that takes a body can meet the body limit (413).
FastAPI's generated document knows none of that: it describes 422 as its own
``HTTPValidationError`` and problem responses as ``application/json``. ``install_openapi``
rewrites the generated document once, when it is first asked for.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from tta_player.schemas.problem import Problem

__all__ = ["install_openapi"]

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_EVERYWHERE = {
    "422": "Invalid input",
    "500": "Something failed on the service's side; nothing sent was lost",
    "503": "Storage or a backing service is unreachable; retry after Retry-After seconds",
}
_WITH_BODY = {"413": "Request body too large"}
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def _document_errors(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    extra = {**_EVERYWHERE, **(_WITH_BODY if "requestBody" in operation else {})}
    for status, description in extra.items():
        responses.setdefault(status, {"description": description})
    for status, response in responses.items():
        if status.startswith(("4", "5")):
            response["content"] = {"application/problem+json": {"schema": dict(_PROBLEM_REF)}}
            if status == "422":
                response["description"] = "Invalid input (one entry per field in `errors`)"


def problem_openapi(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            _document_errors(operation)
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    for name in _FASTAPI_VALIDATION:
        schemas.pop(name, None)
    return schema


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problem_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override
