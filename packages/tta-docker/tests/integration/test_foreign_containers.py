"""Containers started by another tool (testcontainers) are visible to DockerManager, and a
stack's ``down`` never touches them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from testcontainers.core.container import DockerContainer

from tta_docker import DockerManager


@pytest.fixture
def foreign(
    test_image: str, label: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[DockerContainer]:
    monkeypatch.setenv("TESTCONTAINERS_RYUK_DISABLED", "true")  # the Ryuk image cannot be pulled
    container = DockerContainer(test_image, labels=label).with_command(
        ["sh", "-c", "echo from-testcontainers; exec sleep 300"]
    )
    container.with_name(f"tta-test-tc-{uuid.uuid4().hex[:12]}")
    container.start()
    yield container
    container.stop(force=True)


def test_manager_sees_and_drives_a_foreign_container(
    manager: DockerManager, foreign: DockerContainer, label: dict[str, str]
) -> None:
    found = manager.containers.get(foreign.get_wrapped_container().id or "")
    assert found.running
    assert found.labels["tta.test"] == label["tta.test"]
    assert [c.id for c in manager.containers.list(label)] == [found.id]
    assert manager.containers.exec(found.id, ["echo", "hi"]).output == "hi\n"
    manager.containers.wait_running(found.id)
    assert "from-testcontainers" in manager.containers.logs(found.id)
    manager.stack(name=f"t{uuid.uuid4().hex[:12]}").down(volumes=True)
    assert manager.containers.get(found.id).running
