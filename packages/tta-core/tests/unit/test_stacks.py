"""The DOCKER seam: the stack manager the flag asks for, with shadowed status."""

from __future__ import annotations

import asyncio
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from tta_core import (
    Component,
    ComponentFlag,
    LegacyLoadError,
    Mode,
    RolloutMetrics,
    RoutedStackManager,
    build_stack_manager,
    compare_stack_status,
)


@dataclass
class FakeStack:
    """A small behaving stack: services go running on up and vanish on down."""

    services: tuple[str, ...] = ("web", "redis")
    running: set[str] = field(default_factory=set)
    label: str = "new"

    def up(self, services: list[str] | None = None) -> list[dict[str, str]]:
        self.running |= set(services or self.services)
        return self.status()

    def down(self) -> None:
        self.running.clear()

    def status(self) -> list[dict[str, str]]:
        return [
            {"service": s, "state": "running" if s in self.running else "missing"}
            for s in self.services
        ]


def flag(mode: str) -> ComponentFlag:
    name, _, percent = mode.partition(":")
    return ComponentFlag(
        Component.DOCKER,
        Mode(name),
        "TTA_FLAG_DOCKER",
        percent=int(percent) if percent else None,
        legacy="tta_test_legacy_stacks:make",
    )


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


def served(registry: CollectorRegistry, implementation: str) -> float:
    labels = {"component": "DOCKER", "implementation": implementation}
    return registry.get_sample_value("tta_rollout_calls_total", labels) or 0.0


def test_new_and_legacy_modes_drive_one_manager_each(registry: CollectorRegistry) -> None:
    new, legacy = FakeStack(), FakeStack(label="legacy")
    metrics = RolloutMetrics(registry)
    RoutedStackManager(flag("legacy"), new=None, legacy=legacy, metrics=metrics).up(["web"])
    assert legacy.running == {"web"}
    manager = RoutedStackManager(flag("new"), new=new, legacy=None, metrics=metrics)
    manager.up()
    assert new.running == {"web", "redis"}
    manager.down()
    assert new.running == set()
    assert served(registry, "legacy") == 1
    assert served(registry, "new") == 2


def test_shadow_runs_only_status_on_the_new_manager(registry: CollectorRegistry) -> None:
    new, legacy = FakeStack(), FakeStack(label="legacy")
    manager = RoutedStackManager(
        flag("shadow"), new=new, legacy=legacy, metrics=RolloutMetrics(registry)
    )
    manager.up(["web"])
    assert (legacy.running, new.running) == ({"web"}, set())  # up never runs twice
    assert manager.status() == legacy.status()
    asyncio.run(manager.shadow.drain())
    manager.shadow.close()
    labels = {"component": "DOCKER", "field": "service:web"}
    assert registry.get_sample_value("tta_shadow_divergence_total", labels) == 1.0


def test_canary_picks_one_side_for_the_whole_stack(registry: CollectorRegistry) -> None:
    metrics = RolloutMetrics(registry)
    sides = {
        RoutedStackManager(
            flag("canary:50"), new=FakeStack(), legacy=FakeStack(), metrics=metrics, stack_name=n
        ).implementation
        for n in ("tta", "tta-staging", "tta-a", "tta-b", "tta-c", "tta-d")
    }
    assert len(sides) == 2
    stack = RoutedStackManager(
        flag("canary:100"), new=FakeStack(), legacy=FakeStack(), metrics=metrics
    )
    assert stack.up()[0]["state"] == "running"


def test_a_mode_without_its_manager_is_refused(registry: CollectorRegistry) -> None:
    metrics = RolloutMetrics(registry)
    with pytest.raises(ValueError, match="needs the legacy"):
        RoutedStackManager(flag("shadow"), new=FakeStack(), legacy=None, metrics=metrics)
    with pytest.raises(ValueError, match="needs the new"):
        RoutedStackManager(flag("shadow"), new=None, legacy=FakeStack(), metrics=metrics)


def test_build_loads_legacy_and_skips_the_new_one_in_legacy_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: CollectorRegistry
) -> None:
    (tmp_path / "tta_test_legacy_stacks.py").write_text(
        textwrap.dedent(
            """
            class LegacyStandInStack:
                def up(self, services=None):
                    return [{"service": "web", "state": "running"}]

                def down(self):
                    return None

                def status(self):
                    return [{"service": "web", "state": "running"}]

            def make():
                return LegacyStandInStack()
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    metrics = RolloutMetrics(registry)

    def new_factory() -> FakeStack:
        raise AssertionError("the new manager must not be built in legacy mode")

    manager = build_stack_manager(flag("legacy"), new_factory, metrics)
    assert manager.status() == [{"service": "web", "state": "running"}]
    missing = ComponentFlag(Component.DOCKER, Mode.SHADOW, "test", legacy="nowhere_at_all:make")
    with pytest.raises(LegacyLoadError):
        build_stack_manager(missing, FakeStack, metrics)
    assert build_stack_manager(flag("new"), FakeStack, metrics).up()[0]["state"] == "running"


def test_status_comparison_reads_objects_and_mappings() -> None:
    @dataclass
    class Status:
        service: str
        state: str

    assert (
        compare_stack_status([Status("web", "running")], [{"service": "web", "state": "running"}])
        == []
    )
    found = compare_stack_status([Status("web", "running")], [])
    assert [(d.field, d.served, d.shadow) for d in found] == [("service:web", "running", None)]
