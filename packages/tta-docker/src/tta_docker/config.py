"""Settings for tta_docker, read from the environment once and passed in (never global)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DockerSettings"]


class DockerSettings(BaseSettings):
    """How to reach the engine and how long to wait for it.

    ``base_url`` left empty means the Docker SDK's own environment handling
    (``DOCKER_HOST``, ``DOCKER_TLS_VERIFY``, ``DOCKER_CERT_PATH``). Every other field can be
    set as ``TTA_DOCKER_<FIELD>``.
    """

    model_config = SettingsConfigDict(env_prefix="TTA_DOCKER_", extra="ignore")

    base_url: str = ""
    connect_timeout: float = Field(default=1.5, gt=0, le=60)
    request_timeout: float = Field(default=120.0, gt=0)
    stop_timeout: int = Field(default=10, ge=0)
    health_timeout: float = Field(default=120.0, gt=0)
    poll_interval: float = Field(default=0.1, gt=0, le=5)
    retries: int = Field(default=3, ge=1, le=10)
    retry_backoff: float = Field(default=0.5, ge=0)
    label_prefix: str = "tta"
    helper_image: str = "busybox:latest"
