"""Networks: ensure (idempotent create), get, list by label, connect, disconnect, remove."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tta_docker.engine import Engine
from tta_docker.errors import NetworkNotFoundError
from tta_docker.models import Network

__all__ = ["Networks"]


def _network(attrs: Mapping[str, Any]) -> Network:
    return Network(
        id=attrs["Id"],
        name=attrs["Name"],
        driver=attrs.get("Driver") or "bridge",
        labels=dict(attrs.get("Labels") or {}),
    )


class Networks:
    """The network collection of one engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._api = engine.client.api

    def get(self, name: str) -> Network:
        attrs = self._engine.call(self._api.inspect_network, name, subject=name)
        return _network(attrs)

    def ensure(
        self, name: str, *, labels: Mapping[str, str] | None = None, driver: str = "bridge"
    ) -> Network:
        """The network ``name``, created with ``labels`` when it does not exist yet."""
        try:
            return self.get(name)
        except NetworkNotFoundError:
            pass
        self._engine.call(
            self._api.create_network,
            name,
            driver=driver,
            labels=dict(labels or {}),
            check_duplicate=True,
            subject=name,
        )
        return self.get(name)

    def list(self, labels: Mapping[str, str] | None = None) -> list[Network]:
        filters = {"label": [f"{k}={v}" for k, v in (labels or {}).items()]} if labels else None
        found = self._engine.call(self._api.networks, filters=filters)
        return sorted((_network(item) for item in found), key=lambda n: n.name)

    def connect(self, network: str, container: str, *, aliases: list[str] | None = None) -> None:
        self._engine.call(
            self._api.connect_container_to_network,
            container,
            network,
            aliases=aliases,
            subject=network,
        )

    def disconnect(self, network: str, container: str, *, force: bool = False) -> None:
        self._engine.call(
            self._api.disconnect_container_from_network,
            container,
            network,
            force=force,
            subject=network,
        )

    def remove(self, name: str, *, missing_ok: bool = False) -> None:
        try:
            self._engine.call(self._api.remove_network, name, subject=name)
        except NetworkNotFoundError:
            if not missing_ok:
                raise
