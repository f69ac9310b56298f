"""A minimal Engine API client on the standard library, for the CLI's ``down``.

``tta-docker -p NAME down`` needs eight endpoints, so it speaks them itself over a socket
rather than pay for importing the SDK (why, in figures: docs/rewrite/docker_architecture.md):
the same method names and keywords as the SDK's ``APIClient`` (:mod:`tta_docker.teardown`
drives either), errors raised as tta_docker errors. Only plain transports are spoken: a unix
socket or ``tcp://`` without TLS. Anything else (TLS, ``ssh://``, ``TTA_DOCKER_*`` settings)
makes :func:`wire_host` say no, and the CLI takes the full DockerManager path instead.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from tta_docker.errors import (
    ContainerNotFoundError,
    DockerUnavailableError,
    EngineError,
    NetworkNotFoundError,
    TTADockerError,
    VolumeNotFoundError,
)

__all__ = ["CONNECT_TIMEOUT", "LABEL_PREFIX", "REQUEST_TIMEOUT", "STOP_TIMEOUT", "WireClient"]

# DockerSettings' defaults (a unit test keeps them equal); the wire path runs only when no
# TTA_DOCKER_* variable could change them.
LABEL_PREFIX = "tta"
STOP_TIMEOUT = 10
CONNECT_TIMEOUT = 1.5
REQUEST_TIMEOUT = 120.0

_DEFAULT_HOST = "unix:///var/run/docker.sock"
_NOT_FOUND = {
    "containers": ContainerNotFoundError,
    "networks": NetworkNotFoundError,
    "volumes": VolumeNotFoundError,
}


def wire_host(environ: Mapping[str, str]) -> str | None:
    """The engine address the wire client can reach with these settings, else None."""
    if any(key.upper().startswith("TTA_DOCKER_") for key in environ):
        return None
    if environ.get("DOCKER_TLS_VERIFY") or environ.get("DOCKER_CERT_PATH"):
        return None
    host = environ.get("DOCKER_HOST") or _DEFAULT_HOST
    return host if host.startswith(("unix://", "tcp://")) else None


class WireClient:
    """One HTTP/1.0 exchange per connection: threads can share the client, and the engine
    ends each response by closing (no chunked bodies to decode). The engine's current API
    version is used (paths without a version prefix)."""

    def __init__(self, host: str, *, timeout: float = REQUEST_TIMEOUT) -> None:
        self.host = host
        self.timeout = timeout

    def _exchange(self, request: bytes, timeout: float) -> bytes:
        parts = urlsplit(self.host)
        if parts.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            address: str | tuple[str, int] = parts.path
        else:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            address = (parts.hostname or "127.0.0.1", parts.port or 2375)
        with sock:
            sock.settimeout(timeout)
            sock.connect(address)
            sock.sendall(request)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def _request(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None = None,
        *,
        subject: str = "",
        timeout: float | None = None,
    ) -> Any:
        target = path + (f"?{urlencode(params)}" if params else "")
        request = f"{method} {target} HTTP/1.0\r\nHost: docker\r\n\r\n".encode()
        try:
            raw = self._exchange(request, self.timeout if timeout is None else timeout)
        except OSError as exc:
            raise DockerUnavailableError(
                f"Docker daemon at {self.host} is unavailable ({_reason(exc)}); "
                "start it (`make services`) or set DOCKER_HOST",
                base_url=self.host,
            ) from exc
        head, _, body = raw.partition(b"\r\n\r\n")
        status_line = head.split(b"\r\n", 1)[0].split(b" ", 2)
        if len(status_line) < 2 or not status_line[1].isdigit():
            raise DockerUnavailableError(
                f"Docker daemon at {self.host} did not answer HTTP: {head[:80]!r}",
                base_url=self.host,
            )
        status = int(status_line[1])
        if status >= 400:
            raise _error(status, body, path, subject)
        return json.loads(body) if body.strip() else None

    def containers(self, *, all: bool = False, filters: Mapping[str, list[str]]) -> Any:
        # the first request of a run: an absent or silent daemon shows here, quickly
        params = {"all": int(all), "filters": json.dumps(filters)}
        return self._request("GET", "/containers/json", params, timeout=CONNECT_TIMEOUT)

    def inspect_container(self, container: str) -> Any:
        return self._request("GET", f"/containers/{quote(container)}/json", subject=container)

    def stop(self, container: str, *, timeout: int) -> None:
        self._request(
            "POST",
            f"/containers/{quote(container)}/stop",
            {"t": timeout},
            subject=container,
            timeout=self.timeout + timeout,
        )

    def remove_container(self, container: str, *, force: bool = False, v: bool = False) -> None:
        params = {"force": int(force), "v": int(v)}
        self._request("DELETE", f"/containers/{quote(container)}", params, subject=container)

    def networks(self, *, filters: Mapping[str, list[str]]) -> Any:
        return self._request("GET", "/networks", {"filters": json.dumps(filters)})

    def remove_network(self, net_id: str) -> None:
        self._request("DELETE", f"/networks/{quote(net_id)}", subject=net_id)

    def volumes(self, *, filters: Mapping[str, list[str]]) -> Any:
        return self._request("GET", "/volumes", {"filters": json.dumps(filters)})

    def remove_volume(self, name: str, *, force: bool = False) -> None:
        self._request("DELETE", f"/volumes/{quote(name)}", {"force": int(force)}, subject=name)


def _error(status: int, body: bytes, path: str, subject: str) -> TTADockerError:
    try:
        text = str(json.loads(body).get("message", ""))
    except (ValueError, AttributeError):
        text = body.decode(errors="replace").strip()
    kind = path.split("/")[1]
    if status == 404 and kind in _NOT_FOUND:
        return _NOT_FOUND[kind](subject, text)
    return EngineError(f"{subject or path}: {text}", status_code=status)


def _reason(exc: OSError) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission"
    return str(exc) or exc.__class__.__name__
