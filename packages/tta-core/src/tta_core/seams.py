"""The components' seams that tta_core itself can name.

The safety checker's seam is ``tta_agents.safety.SafetyChecker`` (it speaks tta_agents'
types). The turn orchestrator's and the Docker stack manager's are here:

- ``TurnOrchestrator``: ``async run_turn(request, sink) -> result``, generic in the request
  and result types so tta_core need not import tta_agents (``tta_agents.pipeline``'s
  ``TurnRequest``/``TurnResult`` fill them in).
- ``DockerStackManager``: ``up``/``down``/``status`` of a named stack. tta_docker stands
  alone (it imports nothing of ours), so its manager fits this Protocol structurally and the
  seam is wired here, outside it.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar, runtime_checkable

__all__ = ["DockerStackManager", "TurnOrchestrator"]

RequestT_contra = TypeVar("RequestT_contra", contravariant=True)
ResultT_co = TypeVar("ResultT_co", covariant=True)


@runtime_checkable
class TurnOrchestrator(Protocol[RequestT_contra, ResultT_co]):
    """Runs one turn, streaming events to ``sink``, and returns its result."""

    async def run_turn(self, request: RequestT_contra, sink: Any) -> ResultT_co: ...


@runtime_checkable
class DockerStackManager(Protocol):
    """Brings a named stack of containers up and down and reports its status."""

    def up(self, stack: Any) -> Any: ...

    def down(self, stack: Any) -> Any: ...

    def status(self, stack: Any) -> Any: ...
