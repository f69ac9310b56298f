"""Validators shared by the update schemas."""

from __future__ import annotations

from typing import Any

__all__ = ["refuse_nulls"]


def refuse_nulls(data: Any, fields: tuple[str, ...]) -> Any:
    """In a partial update, leaving a field out keeps it; sending ``null`` is an error."""
    if isinstance(data, dict):
        nulls = [name for name in fields if name in data and data[name] is None]
        if nulls:
            raise ValueError(f"{', '.join(nulls)} may be left out but not set to null")
    return data
