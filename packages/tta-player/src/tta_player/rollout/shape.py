"""What shadow comparison of HTTP responses looks at: the status code and the JSON shape.

Values differ between two implementations for good reasons (ids, timestamps, tokens); the
shape (which keys, which JSON types) should not. ``json_shape`` reduces a body to it: an
object to its keys' shapes, an array to the shape of its first item, a scalar to its type.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tta_core import Comparator, Divergence

__all__ = ["ResponseSummary", "compare_responses", "json_shape"]


def json_shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): json_shape(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        return [json_shape(value[0])] if value else []
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "null"


@dataclass
class ResponseSummary:
    """A response's status and the first bytes of its body, gathered while it streams by."""

    limit: int
    status: int = 0
    body: bytearray = field(default_factory=bytearray)
    truncated: bool = False

    def tap(self, chunk: bytes) -> None:
        room = self.limit - len(self.body)
        if len(chunk) > room:
            self.truncated = True
        self.body.extend(chunk[: max(room, 0)])

    @property
    def shape(self) -> Any:
        if self.truncated:
            return "<too large to compare>"
        if not self.body:
            return "<empty>"
        try:
            return json_shape(json.loads(bytes(self.body)))
        except ValueError:
            return "<not json>"


def _compare(served: ResponseSummary, shadow: ResponseSummary) -> list[Divergence]:
    found = []
    if served.status != shadow.status:
        found.append(Divergence("status", served.status, shadow.status))
    elif served.shape != shadow.shape:
        found.append(Divergence("shape", served.shape, shadow.shape))
    return found


compare_responses: Comparator[ResponseSummary] = _compare
