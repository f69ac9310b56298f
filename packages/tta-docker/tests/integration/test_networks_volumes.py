"""Networks and volumes against the real engine, with volume backup and restore."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tta_docker import (
    ContainerSpec,
    DockerManager,
    Mount,
    NetworkNotFoundError,
    VolumeNotFoundError,
)


def unique(kind: str) -> str:
    return f"tta-test-{kind}-{uuid.uuid4().hex[:12]}"


def test_network_ensure_is_idempotent_and_connects(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    name = unique("net")
    created = manager.networks.ensure(name, labels=label)
    assert manager.networks.ensure(name, labels=label).id == created.id
    assert created.labels == label
    assert [n.name for n in manager.networks.list(label)] == [name]
    server = manager.containers.run(
        ContainerSpec(
            image=test_image,
            name=unique("srv"),
            command=("httpd", "-f", "-p", "8080", "-h", "/www"),
            labels=label,
            stop_signal="SIGKILL",
        )
    )
    manager.networks.connect(name, server.id, aliases=["pages"])
    assert name in manager.containers.get(server.id).networks
    client = manager.containers.run(
        ContainerSpec(
            image=test_image,
            name=unique("cli"),
            command=("sleep", "60"),
            network=name,
            labels=label,
            stop_signal="SIGKILL",
        )
    )
    fetched = manager.containers.exec(
        client.id, ["sh", "-c", "echo 'GET / HTTP/1.0' | nc pages 8080 -w 3 | tail -n 1"]
    )
    assert fetched.output.strip() == "tta test page"
    manager.networks.disconnect(name, server.id, force=True)
    assert name not in manager.containers.get(server.id).networks
    manager.containers.remove(client.id, force=True)
    manager.networks.remove(name)
    with pytest.raises(NetworkNotFoundError):
        manager.networks.get(name)
    with pytest.raises(NetworkNotFoundError):
        manager.networks.remove(name)
    manager.networks.remove(name, missing_ok=True)


def test_volume_ensure_list_remove(manager: DockerManager, label: dict[str, str]) -> None:
    name = unique("vol")
    assert manager.volumes.ensure(name, labels=label).labels == label
    assert manager.volumes.ensure(name, labels=label).name == name
    assert [v.name for v in manager.volumes.list(label)] == [name]
    manager.volumes.remove(name)
    with pytest.raises(VolumeNotFoundError):
        manager.volumes.get(name)
    with pytest.raises(VolumeNotFoundError):
        manager.volumes.remove(name)
    manager.volumes.remove(name, missing_ok=True)


def write_into(manager: DockerManager, image: str, volume: str, text: str, label: dict) -> None:
    container = manager.containers.run(
        ContainerSpec(
            image=image,
            command=("sh", "-c", f"mkdir -p /v/sub && echo {text} > /v/sub/file"),
            mounts=(Mount(source=volume, target="/v"),),
            labels=label,
        )
    )
    assert manager.containers.wait(container.id, timeout=30) == 0


def read_from(manager: DockerManager, image: str, volume: str, label: dict) -> str:
    container = manager.containers.run(
        ContainerSpec(
            image=image,
            command=("cat", "/v/sub/file"),
            mounts=(Mount(source=volume, target="/v", read_only=True),),
            labels=label,
        )
    )
    manager.containers.wait(container.id, timeout=30)
    return manager.containers.logs(container.id)


def remove_containers(manager: DockerManager, label: dict[str, str]) -> None:
    for container in manager.containers.list(label):
        manager.containers.remove(container.id, force=True)


def test_backup_and_restore_round_trip(
    manager: DockerManager, test_image: str, label: dict[str, str], tmp_path: Path
) -> None:
    first, second = unique("vol"), unique("vol")
    for volume, text in ((first, "one"), (second, "two")):
        manager.volumes.ensure(volume, labels=label)
        write_into(manager, test_image, volume, text, label)
    archive = manager.volumes.backup([first, second], tmp_path / "b.tar.gz", image=test_image)
    remove_containers(manager, label)
    for volume in (first, second):
        manager.volumes.remove(volume)
    assert manager.volumes.restore(archive, image=test_image) == sorted([first, second])
    assert read_from(manager, test_image, first, label) == "one\n"
    assert read_from(manager, test_image, second, label) == "two\n"
    remove_containers(manager, label)
    for volume in (first, second):  # restore created them without our label
        manager.volumes.remove(volume)
    with pytest.raises(VolumeNotFoundError, match="not in backup"):
        manager.volumes.restore(archive, ["tta-test-other"], image=test_image)
    with pytest.raises(FileNotFoundError):
        manager.volumes.restore(tmp_path / "none.tar.gz", image=test_image)
    (tmp_path / "junk.tar.gz").write_text("not a tarball")
    with pytest.raises(ValueError, match="not a tta-docker backup"):
        manager.volumes.restore(tmp_path / "junk.tar.gz", image=test_image)
    with pytest.raises(VolumeNotFoundError):
        manager.volumes.backup([unique("vol")], tmp_path / "c.tar.gz", image=test_image)
