"""A running stack: ``up`` (parallel, dependency-driven), ``down`` (reverse order), ``status``
and ``build``.

Everything ``up`` creates carries ``<prefix>.stack=<name>`` (plus any extra labels), and
``down``/``status`` find resources by that label alone, so they work without the compose
file and touch nothing else. Containers are named ``tta-{stack}-{service}``; ``up`` is
idempotent: an unchanged service is left running, a changed one is recreated.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tta_docker.errors import (
    ContainerNotFoundError,
    NameConflictError,
    StackError,
)
from tta_docker.models import (
    Container,
    ContainerSpec,
    Image,
    Mount,
    Network,
    ServiceEvent,
    ServiceStatus,
    Volume,
)
from tta_docker.stack_config import Service, StackConfig, resource_name
from tta_docker.stack_up import EventCallback, UpContainers, UpImages, UpRun
from tta_docker.teardown import teardown

if TYPE_CHECKING:
    from tta_docker.config import DockerSettings
    from tta_docker.engine import Engine

__all__ = [
    "EventCallback",
    "Stack",
    "StackContainers",
    "StackHost",
    "StackImages",
    "StackNetworks",
    "StackVolumes",
]


class StackContainers(UpContainers, Protocol):
    """The slice of ``Containers`` a stack uses."""

    def list(
        self, labels: Mapping[str, str] | None = None, *, stack: str | None = None
    ) -> list[Container]: ...

    def create(self, spec: ContainerSpec) -> Container: ...

    def remove(self, name: str, *, force: bool = False) -> None: ...


class StackImages(UpImages, Protocol):
    """The slice of ``Images`` a stack uses (``build``'s options as ``Images.build`` has them)."""

    def build(self, context: str | Path, tag: str, *args: Any, **options: Any) -> Image: ...


class StackNetworks(Protocol):
    def get(self, name: str) -> Network: ...

    def ensure(
        self, name: str, *, labels: Mapping[str, str] | None = None, driver: str = "bridge"
    ) -> Network: ...


class StackVolumes(Protocol):
    def get(self, name: str) -> Volume: ...

    def ensure(self, name: str, *, labels: Mapping[str, str] | None = None) -> Volume: ...


class StackHost(Protocol):
    """What a stack needs of its manager: ``DockerManager`` fits it; unit tests pass a fake."""

    @property
    def settings(self) -> DockerSettings: ...

    @property
    def engine(self) -> Engine: ...

    @property
    def containers(self) -> StackContainers: ...

    @property
    def images(self) -> StackImages: ...

    @property
    def networks(self) -> StackNetworks: ...

    @property
    def volumes(self) -> StackVolumes: ...


def _ignore(_: ServiceEvent) -> None:
    return None


class Stack:
    """One stack on one engine; ``up``/``build`` need its config, ``down``/``status`` do not."""

    def __init__(
        self,
        manager: StackHost,
        config: StackConfig | None = None,
        *,
        name: str | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        if config is None and not name:
            raise ValueError("a stack needs a config or a name")
        self.manager = manager
        self.config = config
        self.name = name or (config.name if config else "")
        prefix = manager.settings.label_prefix
        self.stack_label = f"{prefix}.stack"
        self.service_label = f"{prefix}.service"
        self.depends_label = f"{prefix}.depends-on"
        self.hash_label = f"{prefix}.config-hash"
        self.labels = {**dict(labels or {}), self.stack_label: self.name}

    def require_config(self) -> StackConfig:
        """The stack's config; ValueError for a stack opened by name only."""
        if self.config is None:
            raise ValueError(f"stack {self.name!r} was opened without a compose file")
        return self.config

    def up(
        self,
        services: list[str] | None = None,
        *,
        profiles: list[str] | None = None,
        build: bool = False,
        wait: bool = True,
        timeout: float | None = None,
        on_event: EventCallback | None = None,
    ) -> list[ServiceStatus]:
        """Start the selected services, each as soon as its dependencies meet their conditions.

        With ``wait`` every service must end healthy (or running, without a HEALTHCHECK; or
        exited 0, for a one-shot). StackError lists every service that failed and why.
        """
        config = self.require_config()
        selected = config.select(services, profiles)
        emit = on_event or _ignore
        self._ensure_networks(selected)
        self._ensure_volumes(selected)
        run = UpRun(
            self,
            config,
            selected,
            containers=self.manager.containers,
            images=self.manager.images,
            build=build,
            wait=wait,
            timeout=timeout,
            emit=emit,
        )
        failures = run.execute()
        if failures:
            raise StackError(self.name, failures)
        return self.status()

    def down(
        self,
        *,
        volumes: bool = False,
        timeout: int | None = None,
        on_event: EventCallback | None = None,
    ) -> None:
        """Stop dependents before their dependencies (each as soon as its dependents have
        stopped), then remove the stack's containers and networks (and its volumes with
        ``volumes``); see :mod:`tta_docker.teardown`."""
        emit = on_event or _ignore
        engine = self.manager.engine
        failures = teardown(
            engine.client.api,
            self.name,
            label_prefix=engine.settings.label_prefix,
            default_stop_timeout=engine.settings.stop_timeout,
            volumes=volumes,
            timeout=timeout,
            emit=lambda change: emit(ServiceEvent(**change._asdict())),
            call=engine.call,
        )
        if failures:
            raise StackError(self.name, failures)

    def status(self) -> list[ServiceStatus]:
        """Every service of the stack (from the config and from the engine's labels)."""
        found = {
            c.labels.get(self.service_label, c.name): c
            for c in self.manager.containers.list(stack=self.name)
        }
        names = set(found) | set(self.config.services if self.config else ())
        result = []
        for service in sorted(names):
            container = found.get(service)
            if container is None:
                result.append(
                    ServiceStatus(
                        service=service,
                        container=resource_name(self.name, service),
                        state="missing",
                    )
                )
                continue
            result.append(
                ServiceStatus(
                    service=service,
                    container=container.name,
                    state=container.status.value,
                    health=container.health,
                    exit_code=container.exit_code,
                    ports=container.ports,
                )
            )
        return result

    def build(
        self, services: list[str] | None = None, *, on_event: EventCallback | None = None
    ) -> list[str]:
        """Build every selected service that has ``build:``; the image tags built."""
        config = self.require_config()
        emit = on_event or _ignore
        built = []
        for name in config.select(services, profiles=list(_all_profiles(config))):
            service = config.services[name]
            if service.build is not None:
                self.build_service(service, emit)
                built.append(service.image_ref(self.name))
        return built

    def build_service(self, service: Service, emit: EventCallback) -> str:
        assert service.build is not None  # noqa: S101 - callers check
        tag = service.image_ref(self.name)
        emit(ServiceEvent(service=service.name, state="building", detail=tag))
        image = self.manager.images.build(
            service.build.context,
            tag,
            dockerfile=service.build.dockerfile,
            build_args=service.build.args,
            target=service.build.target,
            labels=self.labels,
            on_progress=lambda event: emit(
                ServiceEvent(service=service.name, state="building", detail=event.message)
            ),
        )
        emit(ServiceEvent(service=service.name, state="built", detail=tag))
        return image.id

    def container_spec(self, service: Service, image_id: str) -> ContainerSpec:
        """The container ``up`` creates for ``service``, labelled and hashed."""
        config = self.require_config()
        networks = [config.network_name(n) for n in config.service_networks(service)]
        mounts = tuple(
            Mount(
                target=m.target,
                source=config.volume_name(m.source)
                if m.type == "volume" and m.source
                else m.source,
                type=m.type,
                read_only=m.read_only,
            )
            for m in service.volumes
        )
        grace = service.stop_grace_period
        spec = ContainerSpec(
            image=service.image_ref(self.name),
            name=resource_name(self.name, service.name),
            command=service.command,
            entrypoint=service.entrypoint,
            environment=service.environment,
            ports=service.ports,
            mounts=mounts,
            labels={
                **service.labels,
                **self.labels,
                self.service_label: service.name,
                self.depends_label: ",".join(sorted(service.depends_on)),
            },
            network=networks[0],
            network_aliases=(service.name,),
            extra_networks=tuple(networks[1:]),
            limits=service.limits,
            restart=service.restart,
            healthcheck=service.healthcheck,
            working_dir=service.working_dir,
            user=service.user,
            hostname=service.hostname,
            stop_signal=service.stop_signal,
            stop_timeout=math.ceil(grace) if grace is not None else None,
        )
        digest = hashlib.sha256(f"{spec.model_dump_json()}|{image_id}".encode()).hexdigest()
        return spec.model_copy(update={"labels": {**spec.labels, self.hash_label: digest[:16]}})

    def prepare_container(self, service: Service, image_id: str, emit: EventCallback) -> str:
        """The service's container created with the current spec (kept when unchanged,
        recreated when changed) but not started; its name."""
        containers = self.manager.containers
        spec = self.container_spec(service, image_id)
        name = spec.name or ""
        try:
            current = containers.get(name)
        except ContainerNotFoundError:
            current = None
        if current is not None:
            if current.labels.get(self.stack_label) != self.name:
                raise NameConflictError(
                    f"container {name!r} exists but is not part of stack {self.name!r}; "
                    "remove it or choose another project name",
                    name=name,
                )
            if current.labels.get(self.hash_label) == spec.labels[self.hash_label]:
                return name
            emit(ServiceEvent(service=service.name, state="recreating"))
            containers.remove(name, force=True)
        emit(ServiceEvent(service=service.name, state="created"))
        containers.create(spec)
        return name

    def _ensure_networks(self, selected: list[str]) -> None:
        config = self.require_config()
        keys = {n for s in selected for n in config.service_networks(config.services[s])}
        for key in sorted(keys):
            definition = config.networks.get(key)
            name = config.network_name(key)
            if definition is not None and definition.external:
                self.manager.networks.get(name)
            else:
                driver = definition.driver if definition else "bridge"
                self.manager.networks.ensure(name, labels=self.labels, driver=driver)

    def _ensure_volumes(self, selected: list[str]) -> None:
        config = self.require_config()
        keys = {
            m.source
            for s in selected
            for m in config.services[s].volumes
            if m.type == "volume" and m.source
        }
        for key in sorted(keys):
            name = config.volume_name(key)
            if config.volumes[key].external:
                self.manager.volumes.get(name)
            else:
                self.manager.volumes.ensure(name, labels=self.labels)


def _all_profiles(config: StackConfig) -> set[str]:
    return {p for s in config.services.values() for p in s.profiles}
