"""The boundary with the Docker SDK: connecting, retrying transient failures, translating errors.

Every SDK call in tta_docker goes through :meth:`Engine.call`, so SDK exceptions never leak
and transient failures (a reset connection, a 502/503/504) are retried with backoff while
user errors (a name conflict, a busy port, a missing image) fail at once.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import TypeVar

import docker
from docker import DockerClient
from docker.errors import DockerException

from tta_docker.config import DockerSettings
from tta_docker.errors import DockerUnavailableError, is_transient, translate

__all__ = ["Engine", "connect"]

T = TypeVar("T")


def connect(settings: DockerSettings, environ: Mapping[str, str] | None = None) -> DockerClient:
    """A client on a daemon that answered; :class:`DockerUnavailableError` otherwise.

    The first request (the API version probe) runs with ``settings.connect_timeout`` so an
    absent, refusing or silent daemon is reported in about that long, never a hang.
    """
    env = dict(os.environ if environ is None else environ)
    if settings.base_url:
        env["DOCKER_HOST"] = settings.base_url
    where = env.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    try:
        # building the client asks the daemon for its API version: that is the ping
        client = docker.from_env(
            timeout=settings.connect_timeout,  # type: ignore[arg-type]  # float works
            environment=env,
        )
    except DockerException as exc:
        raise DockerUnavailableError(
            f"Docker daemon at {where} is unavailable ({_reason(exc)}); "
            "start it (`make services`) or set DOCKER_HOST",
            base_url=where,
        ) from exc
    client.api.timeout = settings.request_timeout  # type: ignore[assignment]
    return client


def _reason(exc: Exception) -> str:
    text = str(exc)
    for fragment in ("Connection refused", "No such file or directory", "timed out", "Permission"):
        if fragment.lower() in text.lower():
            return fragment.lower()
    return text.splitlines()[-1][:200] if text else exc.__class__.__name__


class Engine:
    """A connected client plus the retry and translation policy every call goes through."""

    def __init__(self, client: DockerClient, settings: DockerSettings) -> None:
        self.client = client
        self.settings = settings

    def call(
        self,
        action: Callable[..., T],
        *args: object,
        subject: str = "",
        image: str = "",
        **kwargs: object,
    ) -> T:
        """``action(*args, **kwargs)``, retried when transient, SDK errors translated."""
        attempt = 1
        while True:
            try:
                return action(*args, **kwargs)
            except Exception as exc:
                if attempt < self.settings.retries and is_transient(exc):
                    time.sleep(self.settings.retry_backoff * 2 ** (attempt - 1))
                    attempt += 1
                    continue
                if isinstance(exc, DockerException | OSError) or _is_requests_error(exc):
                    raise translate(exc, subject=subject, image=image) from exc
                raise

    def ping(self) -> bool:
        """The daemon's ``/_ping``, bounded by ``settings.connect_timeout`` (not the long
        per-request timeout): a daemon that stopped answering is reported, not waited on."""
        api = self.client.api

        def ping_once() -> bool:
            response = api.get(f"{api.base_url}/_ping", timeout=self.settings.connect_timeout)
            response.raise_for_status()
            return response.text == "OK"

        return self.call(ping_once, subject="ping")

    def close(self) -> None:
        self.client.close()


def _is_requests_error(exc: Exception) -> bool:
    return type(exc).__module__.startswith(("requests", "urllib3"))
