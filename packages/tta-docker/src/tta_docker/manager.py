"""DockerManager: one connected engine and its collections (containers, images, networks,
volumes), and stacks on it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from docker import DockerClient

from tta_docker.compose import load_stack
from tta_docker.config import DockerSettings
from tta_docker.container import Containers
from tta_docker.engine import Engine, connect
from tta_docker.image import Images
from tta_docker.network import Networks
from tta_docker.stack import Stack
from tta_docker.stack_config import StackConfig
from tta_docker.volume import Volumes

__all__ = ["DockerManager"]


class DockerManager:
    """The entry point: ``with DockerManager() as docker: docker.containers.run(spec)``.

    Connects on construction (from ``settings``, else the environment: ``DOCKER_HOST``...)
    and raises DockerUnavailableError within about ``settings.connect_timeout`` seconds when
    the daemon is absent or refuses. ``client`` injects an already-built SDK client.
    """

    def __init__(
        self,
        settings: DockerSettings | None = None,
        *,
        client: DockerClient | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.settings = settings or DockerSettings()
        self._engine = Engine(client or connect(self.settings, environ), self.settings)
        self.containers = Containers(self._engine)
        self.images = Images(self._engine)
        self.networks = Networks(self._engine)
        self.volumes = Volumes(self._engine)

    @property
    def engine(self) -> Engine:
        """The client with the retry and error-translation policy every call goes through."""
        return self._engine

    @property
    def client(self) -> DockerClient:
        """The underlying SDK client, for what tta_docker does not cover."""
        return self._engine.client

    def ping(self) -> bool:
        """True when the daemon answers within ``settings.connect_timeout``;
        DockerUnavailableError otherwise."""
        return self._engine.ping()

    def version(self) -> str:
        """The engine's version, e.g. ``20.10.24``."""
        info = self._engine.call(self._engine.client.version, subject="version")
        return str(info.get("Version", ""))

    def stack(
        self,
        config: StackConfig | None = None,
        *,
        name: str | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> Stack:
        """A stack to bring up (from ``config``) or to inspect/tear down (by ``name``)."""
        return Stack(self, config, name=name, labels=labels)

    def load_stack(
        self,
        path: str | Path,
        *,
        name: str | None = None,
        labels: Mapping[str, str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Stack:
        """The stack of a compose file (StackConfigError when it cannot be used)."""
        return Stack(self, load_stack(path, name=name, environ=environ), labels=labels)

    def close(self) -> None:
        self._engine.close()

    def __enter__(self) -> DockerManager:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
