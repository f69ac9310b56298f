"""Fixtures for tests against the real engine: every resource a test creates carries that
test's own label and is removed afterwards (other engineers share the engine)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tta_docker import DockerManager, DockerSettings, TTADockerError

SESSION_LABEL = {"tta.test-session": uuid.uuid4().hex[:12]}


def remove_labelled(manager: DockerManager, labels: dict[str, str]) -> None:
    for container in manager.containers.list(labels):
        manager.containers.remove(container.id, force=True, volumes=True, missing_ok=True)
    for network in manager.networks.list(labels):
        manager.networks.remove(network.id, missing_ok=True)
    for volume in manager.volumes.list(labels):
        manager.volumes.remove(volume.name, force=True, missing_ok=True)
    for image in manager.images.list(labels):
        with contextlib.suppress(TTADockerError):  # still used by another fixture's container
            manager.images.remove(image.id, force=True, missing_ok=True)


@pytest.fixture
def label() -> dict[str, str]:
    """A label unique to this test; put it on everything the test creates."""
    return {"tta.test": uuid.uuid4().hex[:12]}


@pytest.fixture
def settings() -> DockerSettings:
    return DockerSettings(stop_timeout=1, poll_interval=0.1, health_timeout=30)


@pytest.fixture
def manager(
    docker_client: object, settings: DockerSettings, label: dict[str, str]
) -> Iterator[DockerManager]:
    with DockerManager(settings) as manager:
        yield manager
        remove_labelled(manager, label)


@pytest.fixture(scope="session")
def session_manager(docker_client: object) -> Iterator[DockerManager]:
    with DockerManager(DockerSettings(stop_timeout=1, poll_interval=0.1)) as manager:
        yield manager
        remove_labelled(manager, SESSION_LABEL)


HEALTHY_DOCKERFILE = """\
ARG BASE
FROM ${BASE}
HEALTHCHECK --interval=1s --timeout=1s --retries=3 CMD test -f /tmp/healthy
CMD ["sh", "-c", "sleep 1; touch /tmp/healthy; exec httpd -f -p 8080 -h /www"]
"""


@pytest.fixture(scope="session")
def healthy_image(
    session_manager: DockerManager, test_image: str, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """A local image FROM the test image whose HEALTHCHECK passes after about a second and
    that serves /www over HTTP on port 8080."""
    context: Path = tmp_path_factory.mktemp("healthy")
    (context / "Dockerfile").write_text(HEALTHY_DOCKERFILE)
    tag = f"tta-test/docker-healthy:{SESSION_LABEL['tta.test-session']}"
    session_manager.images.build(
        context, tag, build_args={"BASE": test_image}, labels=SESSION_LABEL
    )
    return tag
