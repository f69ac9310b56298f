"""The errors tta_core raises, all beneath one base.

::

    TTACoreError
     +-- FlagError (ValueError)               a flag variable holds a value that is not allowed
     +-- LegacyLoadError (RuntimeError)       a legacy implementation cannot be used
          +-- LegacyNotConfiguredError        a mode needs a legacy implementation nobody named
          +-- ProtocolMismatchError (TypeError)  the legacy object does not fit its seam

Every one of them is a startup error: the service refuses to start rather than quietly
serving the new code in place of the legacy one that was asked for.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "FlagError",
    "LegacyLoadError",
    "LegacyNotConfiguredError",
    "ProtocolMismatchError",
    "TTACoreError",
]


class TTACoreError(Exception):
    """Base of every error raised by tta_core."""


class FlagError(TTACoreError, ValueError):
    """A flag variable holds a value outside the allowed set (the message lists that set)."""

    def __init__(self, variable: str, value: str, valid: Sequence[str]) -> None:
        self.variable = variable
        self.value = value
        self.valid = tuple(valid)
        super().__init__(f"{variable}={value!r} is not valid; valid values: {', '.join(valid)}")


class LegacyLoadError(TTACoreError, RuntimeError):
    """The legacy implementation named by ``variable`` cannot be imported, built or used."""

    def __init__(self, variable: str, spec: str | None, reason: str) -> None:
        self.variable = variable
        self.spec = spec
        self.reason = reason
        shown = f"={spec}" if spec else ""
        super().__init__(f"{variable}{shown}: {reason}")


class LegacyNotConfiguredError(LegacyLoadError):
    """A mode that needs the legacy implementation was chosen, but none is configured."""


class ProtocolMismatchError(LegacyLoadError, TypeError):
    """The legacy object lacks a method of its seam's Protocol, or has one of the wrong shape."""

    def __init__(self, variable: str, spec: str | None, protocol: str, problems: Sequence[str]):
        self.protocol = protocol
        self.problems = tuple(problems)
        super().__init__(
            variable, spec, f"does not implement {protocol}: {'; '.join(self.problems)}"
        )
