"""The ``up`` run: one thread per service, each starting as soon as its dependencies meet
their ``depends_on`` conditions, so independent services come up in parallel waves.

A readiness check (``service_healthy`` of ``db``, say) is computed once and shared by
every service that waits on it. A failure marks the service failed and every service that
depends on it fails with "dependency ... failed" instead of waiting forever.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from tta_docker.errors import ContainerUnhealthyError, ImageNotFoundError, TTADockerError
from tta_docker.models import Container, ContainerStatus, Image, ServiceEvent
from tta_docker.stack_config import Condition, Service, StackConfig, resource_name

__all__ = ["UpContainers", "UpImages", "UpRun", "UpStack"]

EventCallback = Callable[[ServiceEvent], None]


class UpStack(Protocol):
    """What an up run asks of its stack (``Stack`` fits it)."""

    @property
    def name(self) -> str: ...

    def prepare_container(self, service: Service, image_id: str, emit: EventCallback) -> str: ...

    def build_service(self, service: Service, emit: EventCallback) -> str: ...


class UpContainers(Protocol):
    """The slice of ``Containers`` an up run uses."""

    def get(self, name: str) -> Container: ...

    def start(self, name: str) -> Container: ...

    def wait(self, name: str, timeout: float | None = None) -> int: ...

    def wait_healthy(self, name: str, *, timeout: float | None = None) -> Container: ...


class UpImages(Protocol):
    """The slice of ``Images`` an up run uses."""

    def get(self, ref: str) -> Image: ...

    def exists(self, ref: str) -> bool: ...

    def pull(self, ref: str) -> Image: ...


class _DependencyFailedError(Exception):
    pass


class UpRun:
    """Brings ``selected`` services of ``stack`` up; :meth:`execute` returns the failures."""

    def __init__(
        self,
        stack: UpStack,
        config: StackConfig,
        selected: list[str],
        *,
        containers: UpContainers,
        images: UpImages,
        build: bool,
        wait: bool,
        timeout: float | None,
        emit: EventCallback,
    ) -> None:
        self._stack = stack
        self._config = config
        self._containers = containers
        self._images = images
        self._selected = selected
        self._build = build
        self._wait = wait
        self._timeout = timeout
        self._emit = emit
        self._started = {name: threading.Event() for name in selected}
        self._failed: dict[str, str] = {}
        self._ready: dict[tuple[str, Condition], Future[None]] = {}
        self._lock = threading.Lock()
        self._fetched: dict[str, Future[str]] = {}

    def execute(self) -> dict[str, str]:
        with ThreadPoolExecutor(max_workers=len(self._selected)) as pool:
            list(pool.map(self._bring_up, self._selected))
        return {name: self._failed[name] for name in self._selected if name in self._failed}

    def _bring_up(self, name: str) -> None:
        service = self._config.services[name]
        try:
            # created before the dependencies are ready, so only `start` waits on them
            container = self._stack.prepare_container(service, self._image(name), self._emit)
            for dependency, condition in sorted(service.depends_on.items()):
                self._emit(ServiceEvent(service=name, state="waiting", detail=dependency))
                self._await(dependency, condition)
            self._emit(ServiceEvent(service=name, state="starting"))
            self._containers.start(container)
            self._emit(ServiceEvent(service=name, state="started"))
        except _DependencyFailedError as exc:
            self._fail(name, str(exc))
            return
        except TTADockerError as exc:
            self._fail(name, str(exc))
            return
        finally:
            self._started[name].set()
        if self._wait:
            self._final_wait(name)

    def _fail(self, name: str, reason: str) -> None:
        with self._lock:
            self._failed.setdefault(name, reason)
        self._emit(ServiceEvent(service=name, state="failed", detail=reason))

    def _image(self, name: str) -> str:
        """The image id for ``name``, built or pulled once per image reference.

        A service without ``build:`` whose image another service builds (``image: app``
        on both) waits for that build instead of trying to pull.
        """
        ref = self._config.services[name].image_ref(self._stack.name)
        with self._lock:
            future = self._fetched.get(ref)
            owner = future is None
            if future is None:
                future = self._fetched[ref] = Future()
        if owner:
            try:
                future.set_result(self._fetch_image(name, ref))
            except BaseException as exc:
                future.set_exception(exc)
        return future.result()

    def _fetch_image(self, name: str, ref: str) -> str:
        images = self._images
        builder = next(
            (
                service
                for service in self._config.services.values()
                if service.build is not None and service.image_ref(self._stack.name) == ref
            ),
            None,
        )
        if builder is not None and (self._build or not images.exists(ref)):
            return self._stack.build_service(builder, self._emit)
        try:
            return images.get(ref).id
        except ImageNotFoundError:
            self._emit(ServiceEvent(service=name, state="pulling", detail=ref))
            return images.pull(ref).id

    def _await(self, dependency: str, condition: Condition) -> None:
        key = (dependency, condition)
        with self._lock:
            future = self._ready.get(key)
            owner = future is None
            if future is None:
                future = self._ready[key] = Future()
        if owner:
            try:
                self._check(dependency, condition)
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(None)
        future.result()

    def _check(self, dependency: str, condition: Condition) -> None:
        self._started[dependency].wait()
        if dependency in self._failed:
            raise _DependencyFailedError(f"dependency {dependency!r} failed")
        containers = self._containers
        container = resource_name(self._stack.name, dependency)
        try:
            if condition is Condition.HEALTHY:
                containers.wait_healthy(container, timeout=self._timeout)
            elif condition is Condition.COMPLETED:
                code = containers.wait(container, timeout=self._timeout)
                if code != 0:
                    raise ContainerUnhealthyError(container, f"exited with code {code}")
        except TTADockerError as exc:
            raise _DependencyFailedError(
                f"dependency {dependency!r} did not reach {condition.value}: {exc}"
            ) from exc

    def _final_wait(self, name: str) -> None:
        required = self._config.required_condition(name, self._selected)
        containers = self._containers
        container = resource_name(self._stack.name, name)
        try:
            if required is Condition.COMPLETED:
                self._await(name, Condition.COMPLETED)
                self._emit(ServiceEvent(service=name, state="completed"))
                return
            containers.wait_healthy(container, timeout=self._timeout)
            self._emit(ServiceEvent(service=name, state="healthy"))
        except (_DependencyFailedError, TTADockerError) as exc:
            if self._finished_cleanly(name, container):
                self._emit(ServiceEvent(service=name, state="completed"))
                return
            self._fail(name, str(exc.__cause__ or exc))

    def _finished_cleanly(self, name: str, container: str) -> bool:
        """A one-shot (no restart policy) that exited 0: done, not failed."""
        try:
            current = self._containers.get(container)
        except TTADockerError:
            return False
        return (
            current.status is ContainerStatus.EXITED
            and current.exit_code == 0
            and self._config.services[name].restart.name == "no"
        )
