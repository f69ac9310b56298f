"""Names a package exports but loads on first use (PEP 562 module ``__getattr__``).

A package whose public names include something heavy that only some uses need (httpx for an
LLM, the Redis driver for a Redis bus) lists those names here instead of importing them,
so a start that does not need them does not pay for them. It is the one way tta_core,
tta_agents and tta_player export lazily; tta_docker, which imports nothing of ours, keeps the
same kind of table in its ``__init__``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` loading each name of ``where`` from its module on first use."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    return __getattr__
