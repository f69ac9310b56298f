"""Waiting for a container to be running, healthy or finished, with optional readiness probes."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from tta_docker.errors import ContainerUnhealthyError, HealthTimeoutError
from tta_docker.models import Container, ContainerStatus, Health, HttpProbe, TcpProbe

__all__ = ["HealthWaiter", "probe_ready"]

_STOPPED = (ContainerStatus.EXITED, ContainerStatus.DEAD)


def probe_ready(probe: TcpProbe | HttpProbe, timeout: float = 1.0) -> bool:
    """True when the probe's TCP port accepts a connection or its URL answers below 400."""
    if isinstance(probe, TcpProbe):
        try:
            with socket.create_connection((probe.host, probe.port), timeout=timeout):
                return True
        except OSError:
            return False
    if not probe.url.startswith(("http://", "https://")):
        raise ValueError(f"probe URL must be http(s): {probe.url!r}")
    try:
        # the scheme was checked to be http(s) just above
        url = probe.url
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310  # nosec B310
            return int(response.status) < 400
    except (OSError, urllib.error.URLError, ValueError):
        return False


class HealthWaiter:
    """Polls ``get(name)`` until a condition holds or ``timeout`` seconds pass."""

    def __init__(self, get: Callable[[str], Container], timeout: float, interval: float) -> None:
        self._get = get
        self._timeout = timeout
        self._interval = interval

    def until_healthy(self, name: str, probe: TcpProbe | HttpProbe | None = None) -> Container:
        deadline = time.monotonic() + self._timeout
        last = "unknown"
        while True:
            container = self._get(name)
            last = _describe(container)
            if container.status in _STOPPED:
                raise ContainerUnhealthyError(
                    container.name, f"exited with code {container.exit_code} before it was healthy"
                )
            if container.health is Health.UNHEALTHY:
                raise ContainerUnhealthyError(container.name, "reported unhealthy")
            if container.health is Health.HEALTHY:
                return container
            if container.health is Health.NONE and container.running:
                if probe is None or probe_ready(probe):
                    return container
                last = f"running, probe {probe.model_dump()} not answering"
            if time.monotonic() >= deadline:
                raise HealthTimeoutError(container.name, self._timeout, last)
            time.sleep(self._interval)

    def until_running(self, name: str) -> Container:
        deadline = time.monotonic() + self._timeout
        while True:
            container = self._get(name)
            if container.running:
                return container
            if container.status in _STOPPED:
                raise ContainerUnhealthyError(
                    container.name, f"exited with code {container.exit_code} instead of running"
                )
            if time.monotonic() >= deadline:
                raise HealthTimeoutError(container.name, self._timeout, _describe(container))
            time.sleep(self._interval)


def _describe(container: Container) -> str:
    if container.health is Health.NONE:
        return container.status.value
    return f"{container.status.value}, {container.health.value}"
