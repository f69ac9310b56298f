"""The one error envelope: RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["PROBLEM_RESPONSES", "Problem", "problem_responses"]


class Problem(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "/problems/not-found",
                    "title": "Not found",
                    "status": 404,
                    "detail": "no such character",
                    "instance": "/api/v1/characters/0f3c",
                    "request_id": "5b0e6c2d9a4f4f0e8e1f2a3b4c5d6e7f",
                }
            ]
        },
    )

    type: str = Field(description="A URI reference naming the kind of problem")
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    request_id: str = ""
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="For validation problems: one entry per invalid field"
    )


_DESCRIPTIONS = {
    401: "Missing, expired, revoked or wrong-type token",
    403: "Your role may not do this",
    404: "No such resource (or it belongs to another player)",
    409: "Conflicts with the current state",
    413: "Request body too large",
    422: "Invalid input",
    429: "Rate limited; see Retry-After",
}

PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "model": Problem,
        "description": description,
        "content": {"application/problem+json": {}},
    }
    for status, description in _DESCRIPTIONS.items()
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented error responses of a route, for ``responses=`` in OpenAPI."""
    return {status: PROBLEM_RESPONSES[status] for status in statuses}
