"""Images against the real engine (no registry is reachable here)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tta_docker import (
    DockerManager,
    ImageBuildError,
    ImageNotFoundError,
    ProgressEvent,
    RegistryUnavailableError,
)


def tag() -> str:
    return f"tta-test/docker-img:{uuid.uuid4().hex[:12]}"


def context(tmp_path: Path, dockerfile: str) -> Path:
    (tmp_path / "Dockerfile").write_text(dockerfile)
    return tmp_path


def test_build_with_args_tags_and_progress(
    manager: DockerManager, test_image: str, label: dict[str, str], tmp_path: Path
) -> None:
    events: list[ProgressEvent] = []
    first, second = tag(), tag()
    build = context(tmp_path, "ARG BASE\nFROM ${BASE}\nARG WORD\nRUN echo $WORD > /word\n")
    image = manager.images.build(
        build,
        first,
        build_args={"BASE": test_image, "WORD": "calm"},
        labels=label,
        extra_tags=(second,),
        on_progress=events.append,
    )
    assert first in image.tags
    assert second in image.tags
    assert image.labels == label
    assert any("Step" in event.message for event in events)
    assert manager.images.exists(first)
    assert [i.id for i in manager.images.list(label)] == [image.id]
    from tta_docker import ContainerSpec

    container = manager.containers.run(
        ContainerSpec(image=first, command=("cat", "/word"), labels=label)
    )
    assert manager.containers.wait(container.id, timeout=30) == 0
    assert manager.containers.logs(container.id) == "calm\n"


def test_failed_build_keeps_the_log(
    manager: DockerManager, test_image: str, label: dict[str, str], tmp_path: Path
) -> None:
    build = context(tmp_path, f"FROM {test_image}\nRUN echo before && exit 9\n")
    with pytest.raises(ImageBuildError, match="failed") as caught:
        manager.images.build(build, tag(), labels=label)
    assert "Step 1" in caught.value.log
    with pytest.raises(ImageBuildError, match="not a directory"):
        manager.images.build(tmp_path / "missing", tag())


def test_tag_remove_and_missing(
    manager: DockerManager, test_image: str, label: dict[str, str], tmp_path: Path
) -> None:
    original = tag()
    manager.images.build(context(tmp_path, f"FROM {test_image}\n"), original, labels=label)
    alias = tag()
    assert alias in manager.images.tag(original, alias).tags
    manager.images.remove(alias)
    assert not manager.images.exists(alias)
    with pytest.raises(ImageNotFoundError):
        manager.images.get(alias)
    with pytest.raises(ImageNotFoundError):
        manager.images.remove(alias)
    manager.images.remove(alias, missing_ok=True)
    assert manager.images.ensure(original).tags


def test_pull_without_a_registry_is_a_clean_typed_error(manager: DockerManager) -> None:
    events: list[ProgressEvent] = []
    with pytest.raises(RegistryUnavailableError, match="registry unreachable") as caught:
        manager.images.pull("busybox:1.36", on_progress=events.append)
    assert caught.value.image == "busybox:1.36"
    with pytest.raises(ImageNotFoundError):
        manager.images.ensure(f"tta-test/never-built-{uuid.uuid4().hex[:8]}")


def test_prune_dangling_only_touches_our_label(
    manager: DockerManager, test_image: str, label: dict[str, str], tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="needs labels"):
        manager.images.prune_dangling({})
    same = tag()
    build = context(tmp_path, f"FROM {test_image}\nRUN echo one > /v\n")
    old = manager.images.build(build, same, labels=label)
    (tmp_path / "Dockerfile").write_text(f"FROM {test_image}\nRUN echo two > /v\n")
    new = manager.images.build(build, same, labels=label)
    assert old.id != new.id
    removed = manager.images.prune_dangling(label)
    assert any(old.id in entry for entry in removed)
    assert manager.images.exists(same)
