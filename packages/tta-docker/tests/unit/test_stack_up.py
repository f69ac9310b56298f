"""``Stack.up`` against a small in-memory engine: conditions, failures, images, idempotence."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

import pytest

from tta_docker import (
    Container,
    ContainerSpec,
    ContainerStatus,
    ContainerUnhealthyError,
    DockerSettings,
    Image,
    ImageNotFoundError,
    Network,
    ServiceEvent,
    Stack,
    StackError,
    Volume,
    load_stack,
)
from tta_docker.engine import Engine
from tta_docker.errors import ContainerNotFoundError


class FakeContainers:
    """Containers in memory. A started container runs, unless its service is a one-shot
    (``exit_codes``) that exits at once; ``unhealthy`` services never become healthy."""

    def __init__(self) -> None:
        self.specs: dict[str, ContainerSpec] = {}
        self.states: dict[str, ContainerStatus] = {}
        self.foreign: dict[str, dict[str, str]] = {}
        self.exit_codes: dict[str, int] = {}
        self.unhealthy: set[str] = set()
        self.started: list[str] = []
        self.created: list[str] = []
        self.removed: list[str] = []
        self._lock = threading.Lock()

    def _service(self, name: str) -> str:
        return name.rsplit("-", 1)[-1]

    def get(self, name: str) -> Container:
        if name in self.foreign:
            return Container(
                id=name,
                name=name,
                image="x",
                status=ContainerStatus.RUNNING,
                labels=self.foreign[name],
            )
        if name not in self.specs:
            raise ContainerNotFoundError(name)
        spec = self.specs[name]
        state = self.states[name]
        code = self.exit_codes.get(self._service(name)) if state is ContainerStatus.EXITED else None
        return Container(
            id=f"id-{name}",
            name=name,
            image=spec.image,
            status=state,
            exit_code=code,
            labels=spec.labels,
        )

    def list(
        self, labels: Mapping[str, str] | None = None, *, stack: str | None = None
    ) -> list[Container]:
        return [self.get(name) for name in sorted(self.specs)]

    def create(self, spec: ContainerSpec) -> Container:
        name = spec.name or ""
        with self._lock:
            self.specs[name] = spec
            self.states[name] = ContainerStatus.CREATED
            self.created.append(self._service(name))
        return self.get(name)

    def remove(self, name: str, *, force: bool = False) -> None:
        self.removed.append(self._service(name))
        del self.specs[name], self.states[name]

    def start(self, name: str) -> Container:
        service = self._service(name)
        with self._lock:
            self.started.append(service)
            one_shot = service in self.exit_codes
            self.states[name] = ContainerStatus.EXITED if one_shot else ContainerStatus.RUNNING
        return self.get(name)

    def wait(self, name: str, timeout: float | None = None) -> int:
        return self.exit_codes.get(self._service(name), 0)

    def wait_healthy(self, name: str, *, timeout: float | None = None) -> Container:
        container = self.get(name)
        if self._service(name) in self.unhealthy or not container.running:
            raise ContainerUnhealthyError(name, "reported unhealthy")
        return container


class FakeImages:
    def __init__(self, present: tuple[str, ...] = ()) -> None:
        self.present = set(present)
        self.built: list[str] = []
        self.pulled: list[str] = []

    def get(self, ref: str) -> Image:
        if ref not in self.present:
            raise ImageNotFoundError(ref)
        return Image(id=f"sha-{ref}", tags=(ref,))

    def exists(self, ref: str) -> bool:
        return ref in self.present

    def pull(self, ref: str) -> Image:
        self.pulled.append(ref)
        self.present.add(ref)
        return self.get(ref)

    def build(self, context: str | Path, tag: str, **options: object) -> Image:
        self.built.append(tag)
        self.present.add(tag)
        return self.get(tag)


class FakeNetworks:
    def __init__(self) -> None:
        self.names: set[str] = set()

    def get(self, name: str) -> Network:
        return Network(id=name, name=name)

    def ensure(
        self, name: str, *, labels: Mapping[str, str] | None = None, driver: str = "bridge"
    ) -> Network:
        self.names.add(name)
        return self.get(name)


class FakeVolumes:
    def __init__(self) -> None:
        self.names: set[str] = set()

    def get(self, name: str) -> Volume:
        return Volume(name=name)

    def ensure(self, name: str, *, labels: Mapping[str, str] | None = None) -> Volume:
        self.names.add(name)
        return self.get(name)


class FakeHost:
    """What a ``Stack`` needs of its manager, in memory."""

    def __init__(self, images: FakeImages) -> None:
        self.settings = DockerSettings()
        self.containers = FakeContainers()
        self.images = images
        self.networks = FakeNetworks()
        self.volumes = FakeVolumes()

    @property
    def engine(self) -> Engine:
        raise AssertionError("up must go through the collections, not the engine")


def stack_of(
    tmp_path: Path, compose: str, *, present: tuple[str, ...] = ()
) -> tuple[Stack, FakeHost]:
    path = tmp_path / "compose.yaml"
    path.write_text(compose)
    host = FakeHost(FakeImages(present))
    return Stack(host, load_stack(path, name="s")), host


THREE = """
services:
  db:
    image: db:1
    healthcheck: {test: ["CMD", "true"]}
    volumes: ["data:/data"]
  migrate:
    image: tool:1
    depends_on: {db: {condition: service_healthy}}
  api:
    image: api:1
    environment: {MODE: "${MODE:-first}"}
    depends_on:
      migrate: {condition: service_completed_successfully}
      db: {condition: service_started}
volumes:
  data:
"""


def test_each_service_starts_once_its_dependencies_meet_their_conditions(tmp_path: Path) -> None:
    stack, host = stack_of(tmp_path, THREE, present=("db:1", "tool:1", "api:1"))
    host.containers.exit_codes["migrate"] = 0
    events: list[ServiceEvent] = []

    statuses = stack.up(on_event=events.append)

    assert host.containers.started == ["db", "migrate", "api"]
    assert {s.service: s.state for s in statuses} == {
        "api": "running",
        "db": "running",
        "migrate": "exited",
    }
    assert ServiceEvent(service="migrate", state="completed") in events
    assert ServiceEvent(service="api", state="waiting", detail="migrate") in events
    assert host.networks.names == {"tta-s-default"}
    assert host.volumes.names == {"tta-s-data"}


def test_a_failed_dependency_fails_its_dependents_and_spares_the_rest(tmp_path: Path) -> None:
    compose = THREE.replace("services:\n", "services:\n  cache: {image: cache:1}\n")
    stack, host = stack_of(tmp_path, compose, present=("db:1", "tool:1", "api:1", "cache:1"))
    host.containers.unhealthy.add("db")

    with pytest.raises(StackError) as raised:
        stack.up()

    failures = raised.value.failures
    assert set(failures) == {"db", "migrate", "api"}
    assert "dependency 'db'" in failures["migrate"]
    assert "dependency 'db' failed" in failures["api"]
    assert "cache" in host.containers.started
    assert "migrate" not in host.containers.started


def test_an_image_two_services_share_is_built_once_and_a_missing_one_is_pulled(
    tmp_path: Path,
) -> None:
    compose = """
services:
  web: {build: ./app, image: app:dev}
  worker: {build: ./app, image: app:dev}
  cache: {image: cache:1}
"""
    stack, host = stack_of(tmp_path, compose)

    stack.up(wait=False)

    assert host.images.built == ["app:dev"]
    assert host.images.pulled == ["cache:1"]
    assert sorted(host.containers.started) == ["cache", "web", "worker"]


def test_up_again_keeps_an_unchanged_container_and_recreates_a_changed_one(
    tmp_path: Path,
) -> None:
    stack, host = stack_of(tmp_path, THREE, present=("db:1", "tool:1", "api:1"))
    host.containers.exit_codes["migrate"] = 0
    stack.up()
    host.containers.created.clear()

    stack.up()
    assert host.containers.created == []

    changed, _ = stack_of(tmp_path, THREE.replace("${MODE:-first}", "second"))
    changed.manager = host
    events: list[ServiceEvent] = []
    changed.up(on_event=events.append)
    assert host.containers.created == ["api"]
    assert host.containers.removed == ["api"]
    assert ServiceEvent(service="api", state="recreating") in events


def test_a_container_of_the_same_name_outside_the_stack_is_a_conflict(tmp_path: Path) -> None:
    stack, host = stack_of(tmp_path, "services:\n  db: {image: db:1}\n", present=("db:1",))
    host.containers.foreign["tta-s-db"] = {"owner": "someone else"}

    with pytest.raises(StackError) as raised:
        stack.up()

    assert "not part of stack 's'" in raised.value.failures["db"]
    assert host.containers.created == []
