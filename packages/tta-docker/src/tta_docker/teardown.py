"""Tearing a stack down: every resource labelled ``<prefix>.stack=<name>``, dependents first.

One listing finds the containers, their services and dependencies (labels ``up`` wrote).
Each service stops as soon as every service depending on it has stopped (a DAG, not waves),
and is removed while its own dependencies stop; then the stack's networks go, and with
``volumes`` its volumes. The engine API is the SDK's ``APIClient`` (with
:meth:`Engine.call <tta_docker.engine.Engine.call>` for retries and translation) or the
standard-library :class:`~tta_docker.wire.WireClient`, which has the same methods; nothing
here imports the SDK or pydantic, so the CLI's ``down`` starts quickly.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

from tta_docker.errors import (
    ContainerNotFoundError,
    NetworkNotFoundError,
    TTADockerError,
    VolumeNotFoundError,
)

__all__ = ["Caller", "Change", "EngineAPI", "direct", "teardown"]


class Change(NamedTuple):
    """A step of one service: ``stopping``, ``removed`` or ``failed``."""

    service: str
    state: str
    detail: str = ""


class EngineAPI(Protocol):
    """The slice of the SDK's ``APIClient`` a teardown uses."""

    def containers(self, *, all: bool, filters: Any) -> Any: ...
    def inspect_container(self, container: str) -> Any: ...
    def stop(self, container: str, *, timeout: int) -> Any: ...
    def remove_container(self, container: str, *, force: bool, v: bool) -> Any: ...
    def networks(self, *, filters: Any) -> Any: ...
    def remove_network(self, net_id: str) -> Any: ...
    def volumes(self, *, filters: Any) -> Any: ...
    def remove_volume(self, name: str) -> Any: ...


class Caller(Protocol):
    """How each request is made: ``Engine.call`` (retries, SDK errors translated) or direct."""

    def __call__(
        self, action: Callable[..., Any], *args: Any, subject: str = "", **kwargs: Any
    ) -> Any: ...


def direct(action: Callable[..., Any], *args: Any, subject: str = "", **kwargs: Any) -> Any:
    """A Caller for an API that raises tta_docker errors itself (the WireClient)."""
    return action(*args, **kwargs)


_GONE = (ContainerNotFoundError, NetworkNotFoundError, VolumeNotFoundError)


def teardown(
    api: EngineAPI,
    stack: str,
    *,
    label_prefix: str,
    default_stop_timeout: int,
    volumes: bool = False,
    timeout: int | None = None,
    emit: Callable[[Change], None] = lambda _: None,
    call: Caller = direct,
) -> dict[str, str]:
    """Stop and remove the stack; what failed, by service (or ``network NAME``)."""
    label = {"label": [f"{label_prefix}.stack={stack}"]}
    found = _by_service(call(api.containers, all=True, filters=label, subject=stack), label_prefix)
    dependents: dict[str, list[str]] = {service: [] for service in found}
    for service, summary in found.items():
        depends = (summary.get("Labels") or {}).get(f"{label_prefix}.depends-on", "")
        for dependency in filter(None, depends.split(",")):
            if dependency in dependents:
                dependents[dependency].append(service)
    done = {service: threading.Event() for service in found}
    failures: dict[str, str] = {}

    def stop_timeout(container: str) -> int | None:
        """Seconds to wait before SIGKILL; None when the container is already gone."""
        if timeout is not None:
            return timeout
        try:
            attrs = call(api.inspect_container, container, subject=container)
        except ContainerNotFoundError:
            return None
        own = (attrs.get("Config") or {}).get("StopTimeout")
        return int(own) if own is not None else default_stop_timeout

    def stop(service: str) -> None:
        container = found[service]["Id"]
        try:
            seconds = stop_timeout(container)  # while dependents stop: off the critical path
            for dependent in dependents[service]:
                done[dependent].wait()
            emit(Change(service, "stopping"))
            if seconds is not None:
                # a container removed by someone else meanwhile is as stopped as can be
                with contextlib.suppress(ContainerNotFoundError):
                    call(api.stop, container, timeout=seconds, subject=service)
            done[service].set()  # its dependencies may stop while it is being removed
            with contextlib.suppress(ContainerNotFoundError):
                call(api.remove_container, container, force=True, v=volumes, subject=service)
            emit(Change(service, "removed"))
        except TTADockerError as exc:
            failures[service] = str(exc)
            emit(Change(service, "failed", str(exc)))
        finally:
            done[service].set()

    # plain threads, one per service: concurrent.futures would add its import to start-up
    threads = [threading.Thread(target=stop, args=(s,), name=f"down-{s}") for s in found]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failures.update(_remove_the_rest(api, call, label, stack, volumes=volumes))
    return failures


def _by_service(summaries: list[dict[str, Any]], label_prefix: str) -> dict[str, dict[str, Any]]:
    found = {}
    for summary in summaries:
        names = summary.get("Names") or [summary["Id"]]
        service = (summary.get("Labels") or {}).get(f"{label_prefix}.service")
        found[service or names[0].lstrip("/")] = summary
    return found


def _remove_the_rest(
    api: EngineAPI, call: Caller, label: dict[str, list[str]], stack: str, *, volumes: bool
) -> dict[str, str]:
    """The stack's networks (its containers are gone) and, with ``volumes``, its volumes."""
    failures: dict[str, str] = {}
    for network in call(api.networks, filters=label, subject=stack) or []:
        name = network.get("Name") or network["Id"]
        try:
            call(api.remove_network, network["Id"], subject=name)
        except _GONE:
            continue
        except TTADockerError as exc:
            failures[f"network {name}"] = str(exc)
    if volumes:
        listed = call(api.volumes, filters=label, subject=stack) or {}
        for volume in listed.get("Volumes") or []:
            try:
                call(api.remove_volume, volume["Name"], subject=volume["Name"])
            except _GONE:
                continue
            except TTADockerError as exc:
                failures[f"volume {volume['Name']}"] = str(exc)
    return failures
