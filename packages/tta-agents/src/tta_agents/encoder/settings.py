"""Settings of the sentence encoder (environment prefix ``TTA_ENCODER_``), passed in."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["EncoderSettings"]


class EncoderSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TTA_ENCODER_", frozen=True, extra="ignore")

    dir: Path | None = Field(
        default=None,
        description="Where the base model is installed (default: $XDG_CACHE_HOME/tta/encoder).",
    )
    adapter: Path | None = Field(
        default=None, description="The trained adapter file (default: the one shipped)."
    )
    max_tokens: int = Field(default=128, ge=8, le=512, description="Tokens read per text.")
    cache_size: int = Field(
        default=4096, ge=0, description="Readings kept for texts seen recently (0: none)."
    )
