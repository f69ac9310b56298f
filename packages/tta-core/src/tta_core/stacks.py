"""The DOCKER component's seam, wired outside tta_docker (which stands alone).

``RoutedStackManager`` is a ``DockerStackManager`` that hands each call to the new or the
legacy stack manager by flag:

- ``new`` / ``legacy``: that one, always.
- ``canary:<p>``: one choice for the whole stack, sticky by the stack's name (a deployment
  has no player to stick to; every process managing the same stack agrees).
- ``shadow``: legacy serves every call; only ``status`` (read-only) also runs on the new
  manager, in a worker thread, and the two are compared service by service. ``up`` and
  ``down`` change the world, so they are never run twice.

``build_stack_manager`` loads the legacy one from ``TTA_LEGACY_DOCKER=module:factory`` and
the new one from a factory the caller passes (for example one returning
``tta_docker.DockerManager().load_stack("compose.yaml")``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tta_core.canary import choose_implementation
from tta_core.flags import Component, ComponentFlag, Implementation, Mode
from tta_core.legacy import load_implementation
from tta_core.metrics import RolloutMetrics
from tta_core.seams import DockerStackManager
from tta_core.shadow import Divergence, ShadowRunner

__all__ = ["RoutedStackManager", "build_stack_manager", "compare_stack_status"]

COMPONENT = Component.DOCKER


def _states(status: Any) -> dict[str, str]:
    """``{service: state}`` from a list of service statuses (objects or mappings)."""
    states: dict[str, str] = {}
    for item in status or ():
        if isinstance(item, Mapping):
            states[str(item.get("service"))] = str(item.get("state"))
        else:
            states[str(getattr(item, "service", item))] = str(getattr(item, "state", ""))
    return states


def compare_stack_status(served: Any, shadow: Any) -> list[Divergence]:
    """One divergence per service whose state differs (``service:<name>``)."""
    left, right = _states(served), _states(shadow)
    return [
        Divergence(f"service:{name}", left.get(name), right.get(name))
        for name in sorted(set(left) | set(right))
        if left.get(name) != right.get(name)
    ]


class RoutedStackManager:
    def __init__(
        self,
        flag: ComponentFlag,
        *,
        new: DockerStackManager | None,
        legacy: DockerStackManager | None,
        metrics: RolloutMetrics,
        stack_name: str = "tta",
        shadow: ShadowRunner[Any] | None = None,
    ) -> None:
        if flag.mode is not Mode.NEW and legacy is None:
            raise ValueError(f"{flag.value} mode of DOCKER needs the legacy stack manager")
        if flag.mode is not Mode.LEGACY and new is None:
            raise ValueError(f"{flag.value} mode of DOCKER needs the new stack manager")
        self.flag = flag
        self.new = new
        self.legacy = legacy
        self.metrics = metrics
        self.implementation = choose_implementation(flag, stack_name)
        self.shadow = shadow or ShadowRunner(COMPONENT, compare_stack_status, metrics)

    def _served(self) -> DockerStackManager:
        self.metrics.record_served(COMPONENT, self.implementation)
        chosen = self.new if self.implementation is Implementation.NEW else self.legacy
        if chosen is None:  # pragma: no cover - ruled out in __init__
            raise RuntimeError("no stack manager for the chosen implementation")
        return chosen

    def up(self, services: list[str] | None = None) -> Any:
        return self._served().up(services)

    def down(self) -> Any:
        return self._served().down()

    def status(self) -> Any:
        served = self._served()
        if self.flag.mode is Mode.SHADOW and self.new is not None:
            return self.shadow.run_sync(served.status, self.new.status)
        return served.status()


def build_stack_manager(
    flag: ComponentFlag,
    new_factory: Callable[[], DockerStackManager],
    metrics: RolloutMetrics,
    *,
    stack_name: str = "tta",
) -> RoutedStackManager:
    """The stack manager the flag asks for; a broken legacy one is a ``LegacyLoadError``.

    The new one is not built in ``legacy`` mode (it may need a Docker engine to connect to).
    """
    legacy = None
    if flag.needs_legacy:
        legacy = load_implementation("TTA_LEGACY_DOCKER", flag.legacy, DockerStackManager)
    new = new_factory() if flag.mode is not Mode.LEGACY else None
    return RoutedStackManager(flag, new=new, legacy=legacy, metrics=metrics, stack_name=stack_name)
