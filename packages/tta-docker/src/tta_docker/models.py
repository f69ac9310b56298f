"""Typed values tta_docker takes and returns: container specs, container/image/network/volume
views, health probes and progress events. Pure data; no engine calls here."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "Container",
    "ContainerSpec",
    "ContainerStats",
    "ContainerStatus",
    "Health",
    "HealthCheck",
    "HttpProbe",
    "Image",
    "Mount",
    "Network",
    "PortMapping",
    "ProgressEvent",
    "ResourceLimits",
    "RestartPolicy",
    "ServiceEvent",
    "ServiceStatus",
    "TcpProbe",
    "Volume",
    "parse_bytes",
    "parse_duration",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ContainerStatus(StrEnum):
    """The engine's container states."""

    CREATED = "created"
    RUNNING = "running"
    PAUSED = "paused"
    RESTARTING = "restarting"
    REMOVING = "removing"
    EXITED = "exited"
    DEAD = "dead"


class Health(StrEnum):
    """A container's health; ``NONE`` when it has no HEALTHCHECK."""

    HEALTHY = "healthy"
    UNHEALTHY = "unhealthy"
    STARTING = "starting"
    NONE = "none"


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(us|ms|h|m|s)")
_DURATION_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_BYTES = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)
_BYTE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def parse_duration(value: str | float | int) -> float:
    """Seconds in a Compose duration (``1m30s``, ``500ms``, ``2``); ValueError otherwise."""
    if isinstance(value, int | float):
        return float(value)
    text = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    parts = _DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"not a duration: {value!r} (use e.g. 30s, 1m30s, 500ms)")
    return sum(float(n) * _DURATION_UNITS[u] for n, u in parts)


def parse_bytes(value: str | int) -> int:
    """Bytes in a size such as ``512m``, ``1G``, ``1.5gb`` or ``1048576``; ValueError otherwise."""
    if isinstance(value, int):
        return value
    match = _BYTES.match(value)
    if not match:
        raise ValueError(f"not a size: {value!r} (use e.g. 512M or 1G)")
    return int(float(match.group(1)) * _BYTE_UNITS[match.group(2).lower()])


class PortMapping(BaseModel):
    """A container port published on the host; ``host_port`` None/0 lets the engine pick."""

    model_config = _FROZEN
    container_port: int = Field(ge=1, le=65535)
    host_port: int | None = Field(default=None, ge=0, le=65535)
    host_ip: str = ""
    protocol: Literal["tcp", "udp"] = "tcp"


class Mount(BaseModel):
    """A named volume, host path (bind) or tmpfs mounted into a container."""

    model_config = _FROZEN
    target: str
    source: str = ""
    type: Literal["volume", "bind", "tmpfs"] = "volume"
    read_only: bool = False


class ResourceLimits(BaseModel):
    """Memory in bytes and CPUs as a fraction of cores."""

    model_config = _FROZEN
    memory: int | None = Field(default=None, gt=0)
    cpus: float | None = Field(default=None, gt=0)

    @field_validator("memory", mode="before")
    @classmethod
    def _size(cls, value: object) -> object:
        return parse_bytes(value) if isinstance(value, str) else value


class RestartPolicy(BaseModel):
    model_config = _FROZEN
    name: Literal["no", "always", "on-failure", "unless-stopped"] = "no"
    max_retries: int = Field(default=0, ge=0)


class HealthCheck(BaseModel):
    """A HEALTHCHECK: ``test`` in engine form (``["CMD-SHELL", "..."]`` or ``["CMD", ...]``)."""

    model_config = _FROZEN
    test: tuple[str, ...]
    interval: float = 30.0
    timeout: float = 30.0
    retries: int = 3
    start_period: float = 0.0

    def to_engine(self) -> dict[str, object]:
        ns = 1_000_000_000
        return {
            "test": list(self.test),
            "interval": int(self.interval * ns),
            "timeout": int(self.timeout * ns),
            "retries": self.retries,
            "start_period": int(self.start_period * ns),
        }


class ContainerSpec(BaseModel):
    """Everything needed to create a container."""

    model_config = _FROZEN
    image: str
    name: str | None = None
    command: tuple[str, ...] | str | None = None
    entrypoint: tuple[str, ...] | str | None = None
    environment: dict[str, str] = Field(default_factory=dict)
    ports: tuple[PortMapping, ...] = ()
    mounts: tuple[Mount, ...] = ()
    labels: dict[str, str] = Field(default_factory=dict)
    network: str | None = None
    network_aliases: tuple[str, ...] = ()
    extra_networks: tuple[str, ...] = ()
    limits: ResourceLimits = ResourceLimits()
    restart: RestartPolicy = RestartPolicy()
    healthcheck: HealthCheck | None = None
    working_dir: str | None = None
    user: str | None = None
    hostname: str | None = None
    stop_signal: str | None = None
    stop_timeout: int | None = None


class Container(BaseModel):
    """What the engine says about one container, at the moment it was read."""

    model_config = _FROZEN
    id: str
    name: str
    image: str
    status: ContainerStatus
    health: Health = Health.NONE
    exit_code: int | None = None
    labels: dict[str, str] = Field(default_factory=dict)
    ports: tuple[PortMapping, ...] = ()
    networks: tuple[str, ...] = ()

    @property
    def running(self) -> bool:
        return self.status is ContainerStatus.RUNNING

    def host_port(self, container_port: int, protocol: str = "tcp") -> int | None:
        """The host port that publishes ``container_port``, if any."""
        for port in self.ports:
            if port.container_port == container_port and port.protocol == protocol:
                return port.host_port
        return None


class ContainerStats(BaseModel):
    model_config = _FROZEN
    cpu_percent: float
    memory_bytes: int
    memory_limit_bytes: int


class Image(BaseModel):
    model_config = _FROZEN
    id: str
    tags: tuple[str, ...] = ()
    labels: dict[str, str] = Field(default_factory=dict)
    size: int = 0


class Network(BaseModel):
    model_config = _FROZEN
    id: str
    name: str
    driver: str = "bridge"
    labels: dict[str, str] = Field(default_factory=dict)


class Volume(BaseModel):
    model_config = _FROZEN
    name: str
    driver: str = "local"
    labels: dict[str, str] = Field(default_factory=dict)


class TcpProbe(BaseModel):
    """Ready when a TCP connection to ``host:port`` succeeds."""

    model_config = _FROZEN
    port: int = Field(ge=1, le=65535)
    host: str = "127.0.0.1"


class HttpProbe(BaseModel):
    """Ready when ``GET url`` answers with a status below 400."""

    model_config = _FROZEN
    url: str


class ProgressEvent(BaseModel):
    """One line of build or pull progress."""

    model_config = _FROZEN
    message: str
    id: str = ""
    current: int | None = None
    total: int | None = None


class ServiceEvent(BaseModel):
    """A step of ``up``/``down``/``build`` for one service (``state`` is a short verb)."""

    model_config = _FROZEN
    service: str
    state: str
    detail: str = ""


class ServiceStatus(BaseModel):
    """One service of a stack as the engine sees it; ``state`` is ``missing`` when absent."""

    model_config = _FROZEN
    service: str
    container: str
    state: str
    health: Health = Health.NONE
    exit_code: int | None = None
    ports: tuple[PortMapping, ...] = ()

    def port_text(self) -> str:
        return ", ".join(
            f"{p.host_ip or '*'}:{p.host_port}->{p.container_port}/{p.protocol}" for p in self.ports
        )
