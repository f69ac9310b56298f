"""Does an object implement a Protocol? A stricter check than ``isinstance``.

``isinstance(obj, SomeProtocol)`` on a ``runtime_checkable`` Protocol only asks whether the
attributes exist. A legacy implementation plugged in at startup deserves more: each method
must be callable, async where the Protocol's is async (and sync where it is sync), and
accept the Protocol's positional arguments. Every problem is reported at once.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

__all__ = ["conformance_problems", "protocol_methods"]

_IGNORED = frozenset({"__init__", "__subclasshook__", "__class_getitem__", "__init_subclass__"})


def protocol_methods(protocol: type) -> dict[str, Callable[..., Any]]:
    """The methods a Protocol declares (its own and its Protocol bases'), by name."""
    methods: dict[str, Callable[..., Any]] = {}
    for base in reversed(protocol.__mro__):
        if base is object or not getattr(base, "_is_protocol", False):
            continue
        for name, member in vars(base).items():
            if name in _IGNORED or (name.startswith("_") and name != "__call__"):
                continue
            if inspect.isfunction(member):
                methods[name] = member
    return methods


def _positional_count(function: Callable[..., Any]) -> int:
    parameters = list(inspect.signature(function).parameters.values())[1:]  # drop self
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(1 for parameter in parameters if parameter.kind in positional)


def _accepts(implementation: Callable[..., Any], count: int) -> bool:
    try:
        signature = inspect.signature(implementation)
    except (TypeError, ValueError):  # builtins without a signature: trust them
        return True
    try:
        signature.bind(*([None] * count))
    except TypeError:
        return False
    return True


def _is_async(function: Callable[..., Any]) -> bool:
    return inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)


def conformance_problems(obj: object, protocol: type) -> list[str]:
    """Every way ``obj`` fails to implement ``protocol``; empty when it does."""
    problems: list[str] = []
    for name, declared in protocol_methods(protocol).items():
        member = getattr(obj, name, None)
        if member is None:
            problems.append(f"missing method {name}()")
            continue
        if not callable(member):
            problems.append(f"{name} is not callable")
            continue
        wants_async = _is_async(declared)
        if wants_async and not _is_async(member):
            problems.append(f"{name}() must be async (async def)")
        elif not wants_async and _is_async(member):
            problems.append(f"{name}() must not be async")
        count = _positional_count(declared)
        if not _accepts(member, count):
            problems.append(f"{name}() must accept {count} positional argument(s)")
    return problems
