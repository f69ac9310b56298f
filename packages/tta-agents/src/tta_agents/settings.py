"""Settings of the turn pipeline, read from ``TTA_*`` environment variables by the caller."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["AgentSettings"]


class AgentSettings(BaseSettings):
    """Everything the pipeline, the LLM client and the scale-out workers can be told.

    Built by the caller (``AgentSettings()`` reads the environment) and passed in; nothing in
    tta_agents reads ``os.environ`` itself.
    """

    model_config = SettingsConfigDict(env_prefix="TTA_", extra="ignore")

    agent_mode: Literal["inprocess", "redis"] = Field(
        default="inprocess", description="inprocess: run turns here; redis: hand them to workers"
    )
    ipa_timeout: float = Field(default=8.0, gt=0, description="seconds for input processing")
    wba_timeout: float = Field(default=12.0, gt=0, description="seconds for the world step")
    nga_timeout: float = Field(default=15.0, gt=0, description="seconds for narrative")
    safety_timeout: float = Field(default=5.0, gt=0, description="seconds per safety check")
    understanding_model: bool = Field(
        default=True,
        description=(
            "Let the input processor fall back on the shared sentence encoder when its rules "
            "miss (TTA_UNDERSTANDING_MODEL=false: rules only)"
        ),
    )
    isolate_steps: bool = Field(
        default=False,
        description=(
            "run the safety, IPA and WBA steps in a thread so their timeouts are enforced "
            "(a hung checker cannot stall the turn); costs tens of microseconds per step"
        ),
    )

    llm_base_url: str | None = Field(
        default=None, description="OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1"
    )
    llm_model: str = "llama3.1"
    llm_second_opinion: bool = Field(
        default=True,
        description="With a model configured, let it also judge lines the safety engine is "
        "unsure about (it can raise a check-in to a crisis, never lower a verdict)",
    )
    llm_second_opinion_timeout: float = Field(
        default=3.0, gt=0, le=15, description="seconds the second opinion may take"
    )
    llm_api_key: SecretStr | None = None
    llm_max_tokens: int = Field(default=300, gt=0)
    llm_temperature: float = Field(default=0.7, ge=0, le=2)
    llm_stream: bool = True

    retry_attempts: int = Field(default=2, ge=0, description="retries after the first try")
    retry_base_delay: float = Field(default=0.2, ge=0)
    retry_max_delay: float = Field(default=2.0, ge=0)
    breaker_threshold: int = Field(default=5, ge=1, description="consecutive failures to open")
    breaker_reset: float = Field(default=30.0, gt=0, description="seconds open before a trial")

    redis_url: str = "redis://127.0.0.1:6379/0"
    stream_prefix: str = Field(default="tta:", description="prefix of every stream and key")
    visibility_timeout: float = Field(
        default=30.0, gt=0, description="seconds before another worker reclaims a turn"
    )
    max_attempts: int = Field(default=3, ge=1, description="deliveries before dead-lettering")
    worker_concurrency: int = Field(default=8, ge=1)
    worker_name: str | None = None
    worker_metrics_port: int | None = Field(
        default=None, description="serve the worker's /metrics on this port (none: off)"
    )
    worker_metrics_host: str = "127.0.0.1"
    safety_checker: str | None = Field(
        default=None,
        description="module:factory of the safety checker (none: tta_agents.safety default)",
    )
    turn_timeout: float = Field(default=60.0, gt=0, description="caller's wait for a worker")

    worlds_dir: str | None = Field(
        default=None, description="an extra folder of world files loaded after the shipped ones"
    )
