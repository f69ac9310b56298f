"""The components' seams that tta_core itself can name.

The safety checker's seam is ``tta_agents.safety.SafetyChecker`` (it speaks tta_agents'
types). The turn orchestrator's and the Docker stack manager's are here:

- ``TurnOrchestrator``: ``async run_turn(request, sink) -> result``, generic in the request
  and result types so tta_core need not import tta_agents (``tta_agents.pipeline``'s
  ``TurnRequest``/``TurnResult`` fill them in).
- ``DockerStackManager``: ``up``/``down``/``status`` of one stack. tta_docker stands alone
  (it imports nothing of ours), so its ``Stack`` fits this Protocol structurally and the
  seam is wired outside it (``tta_core.stacks``).
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
    """One stack of containers: bring it up, tear it down, report each service's status.

    ``tta_docker.Stack`` (from ``DockerManager().load_stack(path)``) fits it as it is.
    """

    def up(self, services: list[str] | None = None) -> Any: ...

    def down(self) -> Any: ...

    def status(self) -> Any: ...
