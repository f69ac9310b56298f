"""A stack's typed configuration (the Compose subset TTA uses), its validation and its order.

:class:`StackConfig` is pure data: :mod:`tta_docker.compose` builds it from a file and
:mod:`tta_docker.stack` acts on it. Validation names the services involved, so the user
can fix the file: an unknown dependency, a dependency cycle, a host port two services
publish, a service with neither ``image`` nor ``build``.
"""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from tta_docker.errors import StackConfigError
from tta_docker.models import HealthCheck, Mount, PortMapping, ResourceLimits, RestartPolicy

__all__ = [
    "BuildSpec",
    "Condition",
    "NetworkDef",
    "Service",
    "StackConfig",
    "VolumeDef",
    "resource_name",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


def _any_address(ip: str) -> bool:
    """True for a binding on every interface (empty, 0.0.0.0 or ::)."""
    try:
        return not ip or ipaddress.ip_address(ip).is_unspecified
    except ValueError:
        return False


def resource_name(stack: str, name: str) -> str:
    """The engine name of a stack's container, network or volume: ``tta-{stack}-{name}``."""
    return f"tta-{stack}-{name}"


class Condition(StrEnum):
    """What a dependent waits for before it starts (Compose ``depends_on.condition``)."""

    STARTED = "service_started"
    HEALTHY = "service_healthy"
    COMPLETED = "service_completed_successfully"


class BuildSpec(BaseModel):
    model_config = _FROZEN
    context: Path
    dockerfile: str | None = None
    args: dict[str, str] = Field(default_factory=dict)
    target: str | None = None


class Service(BaseModel):
    """One service of a stack."""

    model_config = _FROZEN
    name: str
    image: str | None = None
    build: BuildSpec | None = None
    command: tuple[str, ...] | str | None = None
    entrypoint: tuple[str, ...] | str | None = None
    environment: dict[str, str] = Field(default_factory=dict)
    ports: tuple[PortMapping, ...] = ()
    volumes: tuple[Mount, ...] = ()
    networks: tuple[str, ...] = ()
    depends_on: dict[str, Condition] = Field(default_factory=dict)
    healthcheck: HealthCheck | None = None
    restart: RestartPolicy = RestartPolicy()
    limits: ResourceLimits = ResourceLimits()
    profiles: tuple[str, ...] = ()
    labels: dict[str, str] = Field(default_factory=dict)
    stop_grace_period: float | None = None
    stop_signal: str | None = None
    working_dir: str | None = None
    user: str | None = None
    hostname: str | None = None

    def image_ref(self, stack: str) -> str:
        """The image this service runs: ``image``, or the tag its build produces."""
        return self.image or f"{resource_name(stack, self.name)}:latest"


class NetworkDef(BaseModel):
    model_config = _FROZEN
    name: str | None = None
    external: bool = False
    driver: str = "bridge"


class VolumeDef(BaseModel):
    model_config = _FROZEN
    name: str | None = None
    external: bool = False


class StackConfig(BaseModel):
    """A whole stack; ``check()`` raises StackConfigError for anything ``up`` could not do."""

    model_config = _FROZEN
    name: str
    services: dict[str, Service]
    networks: dict[str, NetworkDef] = Field(default_factory=dict)
    volumes: dict[str, VolumeDef] = Field(default_factory=dict)
    source: str = "<memory>"

    def network_name(self, key: str) -> str:
        definition = self.networks.get(key) or NetworkDef()
        return definition.name or resource_name(self.name, key)

    def volume_name(self, key: str) -> str:
        definition = self.volumes.get(key) or VolumeDef()
        return definition.name or resource_name(self.name, key)

    def service_networks(self, service: Service) -> tuple[str, ...]:
        return service.networks or ("default",)

    def check(self) -> StackConfig:
        """Self, once every rule holds; StackConfigError naming the services otherwise."""
        if not self.services:
            raise StackConfigError(f"{self.source}: no services defined")
        for service in self.services.values():
            self._check_service(service)
        self._check_ports()
        self.start_order()
        return self

    def _check_service(self, service: Service) -> None:
        where = f"{self.source}: service {service.name!r}"
        if not service.image and not service.build:
            raise StackConfigError(f"{where} needs `image` or `build`")
        for dependency in service.depends_on:
            if dependency == service.name:
                raise StackConfigError(f"{where} depends on itself")
            if dependency not in self.services:
                raise StackConfigError(f"{where} depends on unknown service {dependency!r}")
        for network in service.networks:
            if network not in self.networks and network != "default":
                raise StackConfigError(f"{where} uses undeclared network {network!r}")
        for mount in service.volumes:
            if mount.type == "volume" and mount.source and mount.source not in self.volumes:
                raise StackConfigError(
                    f"{where} mounts undeclared volume {mount.source!r}; declare it under "
                    "top-level `volumes:`"
                )

    def _check_ports(self) -> None:
        taken: list[tuple[str, int, str, str]] = []
        for service in self.services.values():
            for port in service.ports:
                if not port.host_port:
                    continue
                for ip, number, protocol, owner in taken:
                    same_ip = ip == port.host_ip or _any_address(ip) or _any_address(port.host_ip)
                    if (number, protocol) == (port.host_port, port.protocol) and same_ip:
                        raise StackConfigError(
                            f"{self.source}: services {owner!r} and {service.name!r} both "
                            f"publish host port {port.host_port}/{port.protocol}"
                        )
                taken.append((port.host_ip, port.host_port, port.protocol, service.name))

    def start_order(self, services: list[str] | None = None) -> list[str]:
        """Service names, dependencies first; StackConfigError naming a cycle."""
        order: list[str] = []
        state: dict[str, str] = {}

        def visit(name: str, path: list[str]) -> None:
            if state.get(name) == "done":
                return
            if state.get(name) == "visiting":
                cycle = [*path[path.index(name) :], name]
                raise StackConfigError(f"{self.source}: dependency cycle: {' -> '.join(cycle)}")
            state[name] = "visiting"
            for dependency in sorted(self.services[name].depends_on):
                visit(dependency, [*path, name])
            state[name] = "done"
            order.append(name)

        for name in sorted(services if services is not None else self.services):
            visit(name, [])
        return order

    def waves(self, services: list[str] | None = None) -> list[list[str]]:
        """Groups that can start together: each depends only on earlier groups."""
        depth: dict[str, int] = {}
        for name in self.start_order(services):
            deps = self.services[name].depends_on
            depth[name] = 1 + max((depth[d] for d in deps), default=-1)
        grouped: dict[int, list[str]] = {}
        for name, level in depth.items():
            grouped.setdefault(level, []).append(name)
        return [sorted(grouped[level]) for level in sorted(grouped)]

    def select(
        self, services: list[str] | None = None, profiles: list[str] | None = None
    ) -> list[str]:
        """The services ``up`` starts, dependencies first.

        Named services (and what they depend on) when given; otherwise every service
        without ``profiles`` plus those in an active profile, and their dependencies.
        """
        active = set(profiles or ())
        if services:
            unknown = [name for name in services if name not in self.services]
            if unknown:
                raise StackConfigError(
                    f"{self.source}: no such service: {', '.join(unknown)} "
                    f"(services: {', '.join(sorted(self.services))})"
                )
            chosen = set(services)
        else:
            chosen = {
                name
                for name, service in self.services.items()
                if not service.profiles or active.intersection(service.profiles)
            }
        pending = list(chosen)
        while pending:
            for dependency in self.services[pending.pop()].depends_on:
                if dependency not in chosen:
                    chosen.add(dependency)
                    pending.append(dependency)
        return self.start_order(sorted(chosen))

    def required_condition(self, name: str, among: list[str]) -> Condition | None:
        """The strongest condition any of ``among`` waits on ``name`` for."""
        wanted = {
            self.services[other].depends_on[name]
            for other in among
            if name in self.services[other].depends_on
        }
        for condition in (Condition.COMPLETED, Condition.HEALTHY, Condition.STARTED):
            if condition in wanted:
                return condition
        return None
