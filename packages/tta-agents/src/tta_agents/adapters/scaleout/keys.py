"""The names of every stream and key the scale-out uses, all under one prefix."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["StreamKeys"]


@dataclass(frozen=True, slots=True)
class StreamKeys:
    prefix: str = "tta:"

    @property
    def turns(self) -> str:
        """The work stream: one entry per turn to run."""
        return f"{self.prefix}agents:turns"

    @property
    def group(self) -> str:
        return "turn-workers"

    @property
    def dead(self) -> str:
        """The dead-letter stream: turns that failed ``max_attempts`` times or never parsed."""
        return f"{self.prefix}agents:dead"

    @property
    def workers(self) -> str:
        """Hash of worker name -> unix time of its last heartbeat."""
        return f"{self.prefix}agents:workers"

    def replies(self, caller: str) -> str:
        """The stream a caller reads its events and results from."""
        return f"{self.prefix}agents:replies:{caller}"
