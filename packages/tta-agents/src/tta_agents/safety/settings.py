"""Settings of the safety engine (environment prefix ``TTA_SAFETY_``), passed in, never global."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["SafetySettings"]


class SafetySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TTA_SAFETY_", frozen=True, extra="ignore")

    rule_packs: tuple[Path, ...] = Field(
        default=(), description="Operator rule packs layered, in order, over the default pack."
    )
    resources_file: Path | None = Field(
        default=None, description="Crisis resources per region; the shipped file when unset."
    )
    reload_interval_s: float = Field(
        default=2.0, ge=0, description="How often pack files are checked for changes (mtime)."
    )
    concern_threshold: int = Field(
        default=3, ge=2, description="Concern verdicts within the window that raise one to crisis."
    )
    concern_window_s: float = Field(default=1800.0, gt=0)
    max_sessions: int = Field(default=10_000, ge=1, description="Sessions remembered at most.")
    record_text: bool = Field(
        default=False, description="Whether recorded safety events keep the player's text."
    )
    model: bool = Field(
        default=True,
        description=(
            "Read input with the learned tier (the sentence encoder) beside the rules. Off "
            "only on purpose (TTA_SAFETY_MODEL=false, e.g. to measure the rules alone): a "
            "missing model stops start-up, it never switches itself off."
        ),
    )
    repeated_check_ins: int = Field(
        default=2,
        ge=1,
        description="Check-ins already asked in a session after which an unsure line is a crisis.",
    )
