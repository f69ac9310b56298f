"""Tuning of the rollout machinery (the flags themselves are ``tta_core.resolve_flags``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["RolloutSettings"]


class RolloutSettings(BaseSettings):
    """``TTA_ROLLOUT_*`` variables: proxy timeouts and the bounds on shadow work."""

    model_config = SettingsConfigDict(env_prefix="TTA_ROLLOUT_", extra="ignore")

    proxy_connect_timeout: float = Field(default=5.0, gt=0, description="seconds to connect")
    proxy_read_timeout: float = Field(
        default=30.0, gt=0, description="seconds the legacy service may stay silent"
    )
    proxy_write_timeout: float = Field(default=30.0, gt=0)
    shadow_max_in_flight: int = Field(default=16, ge=1)
    shadow_timeout: float = Field(default=10.0, gt=0)
    shadow_max_body_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="bytes of a response kept for comparison"
    )
