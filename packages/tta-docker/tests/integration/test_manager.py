"""DockerManager itself, and stacks meeting containers they do not own."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tta_docker import (
    ContainerSpec,
    DockerManager,
    StackError,
    load_stack,
)


def test_ping_version_and_client(manager: DockerManager) -> None:
    assert manager.ping() is True
    assert manager.version().startswith("20.") or manager.version()
    assert manager.client.api.base_url


def test_a_stack_needs_a_config_or_a_name(manager: DockerManager) -> None:
    with pytest.raises(ValueError, match="config or a name"):
        manager.stack()
    with pytest.raises(ValueError, match="without a compose file"):
        manager.stack(name="x").up()


def test_up_refuses_to_take_over_a_foreign_container(
    manager: DockerManager, test_image: str, label: dict[str, str], tmp_path: Path
) -> None:
    name = f"t{uuid.uuid4().hex[:12]}"
    foreign = manager.containers.create(
        ContainerSpec(image=test_image, name=f"tta-{name}-db", command=("true",), labels=label)
    )
    (tmp_path / "compose.yaml").write_text(f"services:\n  db:\n    image: {test_image}\n")
    stack = manager.stack(load_stack(tmp_path / "compose.yaml", name=name), labels=label)
    try:
        with pytest.raises(StackError, match="not part of stack"):
            stack.up()
        assert manager.containers.get(foreign.id).name == f"tta-{name}-db"
    finally:
        stack.down()
