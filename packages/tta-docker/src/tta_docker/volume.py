"""Volumes: ensure (idempotent create), get, list by label, remove, backup to and restore from
a tarball.

A backup is a gzipped tar holding ``tta-backup/<volume>/...`` for each volume; restore puts
each folder back into the volume of the same name. Backup and restore mount
the volumes into a container that is created but never started, so any local image will do
and nothing runs inside it.
"""

from __future__ import annotations

import gzip
import tarfile
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tta_docker.engine import Engine
from tta_docker.errors import VolumeNotFoundError
from tta_docker.models import Volume

__all__ = ["Volumes", "backup_volumes"]

_BACKUP_ROOT = "/tta-backup"


def backup_volumes(path: Path) -> list[str]:
    """The volume names a backup file holds."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            names = {
                member.name.split("/")[1]
                for member in archive.getmembers()
                if member.name.startswith(f"{_BACKUP_ROOT[1:]}/")
            }
    except (tarfile.TarError, OSError) as exc:
        raise ValueError(f"{path} is not a tta-docker backup ({exc})") from exc
    return sorted(names)


def _volume(attrs: Mapping[str, Any]) -> Volume:
    return Volume(
        name=attrs["Name"],
        driver=attrs.get("Driver") or "local",
        labels=dict(attrs.get("Labels") or {}),
    )


class Volumes:
    """The volume collection of one engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._api = engine.client.api

    def get(self, name: str) -> Volume:
        try:
            attrs = self._engine.call(self._api.inspect_volume, name, subject=name)
        except LookupError as exc:
            raise VolumeNotFoundError(name) from exc
        return _volume(attrs)

    def ensure(self, name: str, *, labels: Mapping[str, str] | None = None) -> Volume:
        """The volume ``name``, created with ``labels`` when it does not exist yet."""
        attrs = self._engine.call(
            self._api.create_volume, name, labels=dict(labels or {}), subject=name
        )
        return _volume(attrs)

    def list(self, labels: Mapping[str, str] | None = None) -> list[Volume]:
        filters = {"label": [f"{k}={v}" for k, v in (labels or {}).items()]} if labels else None
        found = self._engine.call(self._api.volumes, filters=filters)
        return sorted((_volume(v) for v in found.get("Volumes") or []), key=lambda v: v.name)

    def remove(self, name: str, *, force: bool = False, missing_ok: bool = False) -> None:
        try:
            self._engine.call(self._api.remove_volume, name, force=force, subject=name)
        except LookupError:
            if not missing_ok:
                raise VolumeNotFoundError(name) from None

    def backup(self, names: Sequence[str], destination: str | Path, *, image: str) -> Path:
        """Write the volumes' files to ``destination`` (a .tar.gz); ``image`` is any local image."""
        for name in names:
            self.get(name)
        target = Path(destination)
        helper = self._helper(names, image)
        try:
            stream, _ = self._engine.call(
                self._api.get_archive, helper, _BACKUP_ROOT, subject=helper
            )
            with gzip.open(target, "wb") as out:
                for chunk in stream:
                    out.write(chunk)
        finally:
            self._api.remove_container(helper, force=True)
        return target

    def restore(self, source: str | Path, names: Sequence[str] = (), *, image: str) -> list[str]:
        """Put a backup's files back into its volumes (created when missing); the volumes
        restored: ``names``, or every volume in the backup."""
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"backup file {str(path)!r} does not exist")
        in_archive = backup_volumes(path)
        missing = [name for name in names if name not in in_archive]
        if missing:
            raise VolumeNotFoundError(", ".join(missing), f"not in backup {path}")
        names = list(names) or in_archive
        for name in names:
            self.ensure(name)
        helper = self._helper(names, image)
        try:
            with gzip.open(path, "rb") as archive:
                data = archive.read()
            self._engine.call(self._api.put_archive, helper, "/", data, subject=helper)
        finally:
            self._api.remove_container(helper, force=True)
        return list(names)

    def _helper(self, names: Sequence[str], image: str) -> str:
        mounts = [f"{name}:{_BACKUP_ROOT}/{name}" for name in names]
        created = self._engine.call(
            self._api.create_container,
            image,
            command=["true"],
            name=f"tta-backup-{uuid.uuid4().hex[:12]}",
            host_config=self._api.create_host_config(binds=mounts),
            subject="backup helper",
            image=image,
        )
        return created["Id"]
