"""Load a legacy implementation from ``module:factory`` and check it against its seam.

A missing module, a missing factory, a factory that raises or an object that does not fit
the Protocol is a startup error (``LegacyLoadError``), never a silent fallback to the new
code.
"""

from __future__ import annotations

import importlib
from typing import Any, TypeVar, cast

from tta_core.conformance import conformance_problems
from tta_core.errors import LegacyLoadError, LegacyNotConfiguredError, ProtocolMismatchError

__all__ = ["load_factory", "load_implementation"]

T = TypeVar("T")


def load_factory(variable: str, spec: str | None) -> Any:
    """Import ``module:factory`` (the factory may be a dotted attribute path)."""
    if not spec or not spec.strip():
        raise LegacyNotConfiguredError(variable, None, "not set; expected module:factory")
    module_name, sep, attribute = spec.strip().partition(":")
    if not sep or not module_name or not attribute:
        raise LegacyLoadError(variable, spec, "expected the form module:factory")
    try:
        target: Any = importlib.import_module(module_name)
    except Exception as exc:  # any import-time failure of foreign code is a startup error
        raise LegacyLoadError(
            variable, spec, f"cannot import {module_name} ({exc.__class__.__name__}: {exc})"
        ) from exc
    for part in attribute.split("."):
        try:
            target = getattr(target, part)
        except AttributeError as exc:
            raise LegacyLoadError(variable, spec, f"{module_name} has no {attribute}") from exc
    if not callable(target):
        raise LegacyLoadError(variable, spec, f"{attribute} is not callable")
    return target


def load_implementation(variable: str, spec: str | None, protocol: type[T]) -> T:
    """Call the factory named by ``spec`` and check what it returns implements ``protocol``."""
    factory = load_factory(variable, spec)
    try:
        implementation = factory()
    except Exception as exc:  # the factory is foreign code: report whatever it raised
        raise LegacyLoadError(
            variable, spec, f"the factory raised {exc.__class__.__name__}: {exc}"
        ) from exc
    problems = conformance_problems(implementation, protocol)
    if problems:
        raise ProtocolMismatchError(variable, spec, protocol.__name__, problems)
    return cast(T, implementation)
