"""Containers: create, run, start, stop, remove, inspect, list, logs, exec, wait and stats."""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import requests
from docker.types import Mount as SdkMount
from pydantic import BaseModel, ConfigDict

from tta_docker.engine import Engine
from tta_docker.errors import ContainerNotFoundError, ContainerNotRunningError, WaitTimeoutError
from tta_docker.health import HealthWaiter
from tta_docker.models import (
    Container,
    ContainerSpec,
    ContainerStats,
    ContainerStatus,
    Health,
    HttpProbe,
    PortMapping,
    TcpProbe,
)

__all__ = ["Containers", "ExecResult", "container_from_attrs"]


class ExecResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    exit_code: int
    output: str


def container_from_attrs(attrs: Mapping[str, Any]) -> Container:
    """The typed view of ``docker inspect`` output."""
    state = attrs.get("State") or {}
    config = attrs.get("Config") or {}
    settings = attrs.get("NetworkSettings") or {}
    status = ContainerStatus(state.get("Status", "created"))
    health = Health((state.get("Health") or {}).get("Status", "none") or "none")
    ports: list[PortMapping] = []
    for key, bindings in sorted((settings.get("Ports") or {}).items()):
        number, _, protocol = key.partition("/")
        for binding in bindings or []:
            if ":" in binding.get("HostIp", ""):
                continue  # the IPv6 twin of an IPv4 binding
            ports.append(
                PortMapping(
                    container_port=int(number),
                    host_port=int(binding["HostPort"]) if binding.get("HostPort") else None,
                    host_ip=binding.get("HostIp", ""),
                    protocol="udp" if protocol == "udp" else "tcp",
                )
            )
    return Container(
        id=attrs["Id"],
        name=str(attrs.get("Name", "")).lstrip("/"),
        image=config.get("Image", ""),
        status=status,
        health=health,
        exit_code=state.get("ExitCode") if status is ContainerStatus.EXITED else None,
        labels=dict(config.get("Labels") or {}),
        ports=tuple(ports),
        networks=tuple(sorted((settings.get("Networks") or {}).keys())),
    )


class Containers:
    """The container collection of one engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._api = engine.client.api

    def create(self, spec: ContainerSpec) -> Container:
        """Create (not start) a container; NameConflictError when the name is taken."""
        return self.get(self._create(spec))

    def _create(self, spec: ContainerSpec) -> str:
        api = self._api
        host_config = api.create_host_config(
            port_bindings=_port_bindings(spec),
            mounts=[
                SdkMount(m.target, m.source or None, type=m.type, read_only=m.read_only)
                for m in spec.mounts
            ],
            mem_limit=spec.limits.memory,
            nano_cpus=int(spec.limits.cpus * 1e9) if spec.limits.cpus else None,
            restart_policy=_restart_policy(spec),
            network_mode=spec.network,
        )
        networking = None
        if spec.network:
            endpoint = api.create_endpoint_config(aliases=list(spec.network_aliases) or None)
            networking = api.create_networking_config({spec.network: endpoint})
        created = self._engine.call(
            api.create_container,
            spec.image,
            command=_argv(spec.command),
            entrypoint=_argv(spec.entrypoint),
            name=spec.name,
            environment=dict(spec.environment),
            labels=dict(spec.labels),
            ports=[(p.container_port, p.protocol) for p in spec.ports] or None,
            host_config=host_config,
            networking_config=networking,
            healthcheck=spec.healthcheck.to_engine() if spec.healthcheck else None,
            working_dir=spec.working_dir,
            user=spec.user,
            hostname=spec.hostname,
            stop_signal=spec.stop_signal,
            stop_timeout=spec.stop_timeout,
            detach=True,
            subject=spec.name or spec.image,
            image=spec.image,
        )
        for network in spec.extra_networks:
            self._engine.call(
                api.connect_container_to_network,
                created["Id"],
                network,
                aliases=list(spec.network_aliases) or None,
                subject=network,
            )
        return created["Id"]

    def run(self, spec: ContainerSpec) -> Container:
        """Create and start; the container is removed again if it cannot start."""
        container_id = self._create(spec)
        try:
            self._engine.call(self._api.start, container_id, subject=spec.name or spec.image)
        except Exception:
            self.remove(container_id, force=True, missing_ok=True)
            raise
        return self.get(container_id)

    def get(self, name: str) -> Container:
        return container_from_attrs(self.inspect(name))

    def inspect(self, name: str) -> dict[str, Any]:
        return self._engine.call(self._api.inspect_container, name, subject=name)

    def exists(self, name: str) -> bool:
        try:
            self.inspect(name)
        except ContainerNotFoundError:
            return False
        return True

    def list(
        self, labels: Mapping[str, str] | None = None, *, stack: str | None = None
    ) -> list[Container]:
        """Every container (running or not) carrying all of ``labels`` (and the stack label)."""
        wanted = dict(labels or {})
        if stack is not None:
            wanted[f"{self._engine.settings.label_prefix}.stack"] = stack
        filters = {"label": [f"{k}={v}" for k, v in wanted.items()]} if wanted else None
        found = self._engine.call(self._api.containers, all=True, filters=filters)
        result = []
        for summary in found:
            try:
                result.append(self.get(summary["Id"]))
            except ContainerNotFoundError:
                continue  # removed between the listing and the inspection
        return sorted(result, key=lambda c: c.name)

    def start(self, name: str) -> Container:
        """Start; a no-op for a running container."""
        self._engine.call(self._api.start, name, subject=name)
        return self.get(name)

    def stop(self, name: str, timeout: int | None = None) -> Container:
        """Stop (its stop signal, then SIGKILL after ``timeout`` s; default: the container's
        own stop timeout, else ``settings.stop_timeout``); a no-op when already stopped."""
        self._engine.call(
            self._api.stop, name, timeout=self._stop_timeout(name, timeout), subject=name
        )
        return self.get(name)

    def restart(self, name: str, timeout: int | None = None) -> Container:
        """Stop (as :meth:`stop`) and start again."""
        self._engine.call(
            self._api.restart, name, timeout=self._stop_timeout(name, timeout), subject=name
        )
        return self.get(name)

    def _stop_timeout(self, name: str, timeout: int | None) -> int:
        if timeout is not None:
            return timeout
        own = (self.inspect(name).get("Config") or {}).get("StopTimeout")
        return int(own) if own is not None else self._engine.settings.stop_timeout

    def remove(
        self, name: str, *, force: bool = False, volumes: bool = False, missing_ok: bool = False
    ) -> None:
        """Remove; ``force`` kills a running one, ``volumes`` drops its anonymous volumes."""
        try:
            self._engine.call(
                self._api.remove_container, name, force=force, v=volumes, subject=name
            )
        except ContainerNotFoundError:
            if not missing_ok:
                raise

    def logs(
        self,
        name: str,
        *,
        tail: int | None = None,
        since: datetime | float | None = None,
        timestamps: bool = False,
    ) -> str:
        """Output so far (stdout and stderr interleaved)."""
        raw = self._engine.call(
            self._api.logs,
            name,
            tail="all" if tail is None else tail,
            since=since,
            timestamps=timestamps,
            subject=name,
        )
        return bytes(raw).decode(errors="replace")  # type: ignore[arg-type]

    def follow(
        self, name: str, *, tail: int | None = None, since: datetime | float | None = None
    ) -> Iterator[str]:
        """Lines of output as they come, until the container stops (from ``since`` on)."""
        stream = self._engine.call(
            self._api.logs,
            name,
            stream=True,
            follow=True,
            tail="all" if tail is None else tail,
            since=since,
            subject=name,
        )
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pending = ""
        for chunk in stream:
            pending += decoder.decode(chunk)
            *lines, pending = pending.split("\n")
            yield from lines
        if pending:
            yield pending

    def exec(self, name: str, command: str | list[str], *, user: str = "") -> ExecResult:
        """Run ``command`` inside a running container; ContainerNotRunningError otherwise."""
        container = self.get(name)
        if not container.running:
            raise ContainerNotRunningError(container.name, container.status.value)
        exec_id = self._engine.call(
            self._api.exec_create, container.id, command, user=user, subject=name
        )
        output = self._engine.call(self._api.exec_start, exec_id["Id"], subject=name)
        result = self._engine.call(self._api.exec_inspect, exec_id["Id"], subject=name)
        return ExecResult(exit_code=int(result["ExitCode"]), output=output.decode(errors="replace"))

    def wait(self, name: str, timeout: float | None = None) -> int:
        """Block until the container exits; its exit code. WaitTimeoutError past ``timeout``."""
        api = self._api

        def wait_or_none(target: str) -> Mapping[str, Any] | None:
            try:
                return api.wait(target, timeout=timeout)  # type: ignore[arg-type,return-value]
            except requests.exceptions.ReadTimeout:
                return None
            except requests.exceptions.ConnectionError as exc:
                if "timed out" in str(exc):  # the body read timed out, not the daemon
                    return None
                raise

        result = self._engine.call(wait_or_none, name, subject=name)
        if result is None:
            raise WaitTimeoutError(f"container {name!r} still running after {timeout:g}s")
        return int(result["StatusCode"])

    def wait_healthy(
        self,
        name: str,
        *,
        timeout: float | None = None,
        probe: TcpProbe | HttpProbe | None = None,
    ) -> Container:
        """Block until healthy: its HEALTHCHECK says so, or (without one) it runs and ``probe``
        answers. HealthTimeoutError past ``timeout``; ContainerUnhealthyError when it exits or
        reports unhealthy."""
        settings = self._engine.settings
        waiter = HealthWaiter(self.get, timeout or settings.health_timeout, settings.poll_interval)
        return waiter.until_healthy(name, probe)

    def wait_running(self, name: str, *, timeout: float | None = None) -> Container:
        settings = self._engine.settings
        waiter = HealthWaiter(self.get, timeout or settings.health_timeout, settings.poll_interval)
        return waiter.until_running(name)

    def stats(self, name: str) -> ContainerStats:
        """One sample of CPU and memory use; ContainerNotRunningError when not running."""
        container = self.get(name)
        if not container.running:
            raise ContainerNotRunningError(container.name, container.status.value)
        raw = self._engine.call(self._api.stats, container.id, stream=False, subject=name)
        return _stats(raw)


def _argv(value: tuple[str, ...] | str | None) -> list[str] | str | None:
    return list(value) if isinstance(value, tuple) else value


def _restart_policy(spec: ContainerSpec) -> dict[str, object] | None:
    if spec.restart.name == "no":
        return None
    return {"Name": spec.restart.name, "MaximumRetryCount": spec.restart.max_retries}


def _port_bindings(spec: ContainerSpec) -> dict[str, list[tuple[str, int | None]]]:
    bindings: dict[str, list[tuple[str, int | None]]] = {}
    for port in spec.ports:
        key = f"{port.container_port}/{port.protocol}"
        bindings.setdefault(key, []).append((port.host_ip, port.host_port or None))
    return bindings


def _stats(raw: Mapping[str, Any]) -> ContainerStats:
    cpu = raw.get("cpu_stats") or {}
    pre = raw.get("precpu_stats") or {}
    cpu_delta = (cpu.get("cpu_usage") or {}).get("total_usage", 0) - (
        pre.get("cpu_usage") or {}
    ).get("total_usage", 0)
    system_delta = cpu.get("system_cpu_usage", 0) - pre.get("system_cpu_usage", 0)
    cores = cpu.get("online_cpus") or len((cpu.get("cpu_usage") or {}).get("percpu_usage") or [1])
    percent = cpu_delta / system_delta * cores * 100 if system_delta > 0 and cpu_delta > 0 else 0.0
    memory = raw.get("memory_stats") or {}
    details = memory.get("stats") or {}
    used = memory.get("usage", 0) - details.get("total_inactive_file", details.get("cache", 0))
    return ContainerStats(
        cpu_percent=round(percent, 3),
        memory_bytes=max(used, 0),
        memory_limit_bytes=memory.get("limit", 0),
    )
