"""The service's settings: one pydantic-settings object, read from ``TTA_*`` variables.

Nothing reads ``os.environ`` elsewhere: ``create_app(settings)`` receives this object and
hands it on, and the feature flags (``TTA_FLAG_*``, ``TTA_LEGACY_*``) are read from the
mapping ``process_environment()`` returns unless the caller passes its own. In development a
random JWT secret is generated once and kept in the data directory; with
``TTA_ENV=production`` a missing or weak secret refuses to start.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tta_player.core.strength import MIN_SECRET_GUESSES_LOG10, secret_guesses

__all__ = ["Settings", "load_or_create_secret", "process_environment"]

MIN_SECRET_LENGTH = 32
_WEAK_SECRETS = frozenset(
    {
        "secret",
        "changeme",
        "change-me",
        "password",
        "jwt-secret",
        "development",
        "test",
        "local-play-only-jwt-secret-set-your-own-in-dot-env",  # compose.yaml's placeholder
    }
)
_MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TTA_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path(".data")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default SQLite (WAL) in data_dir. postgresql:// works too.",
    )
    redis_url: str | None = Field(
        default=None, description="When set: rate limits and real-time fan-out go through Redis"
    )
    redis_prefix: str = "tta:"

    jwt_secret: SecretStr | None = None
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=7, ge=1, le=90)

    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)

    lockout_threshold: int = Field(default=5, ge=1)
    lockout_base_seconds: int = Field(default=30, ge=1)
    lockout_max_seconds: int = Field(default=3600, ge=1)

    rate_limits_enabled: bool = True
    login_rate_limit: str = "10/minute"
    login_username_rate_limit: str = "20/hour"
    login_failure_rate_limit: str = "20/hour"  # failed sign-ins per address, whatever the name
    register_rate_limit: str = "5/minute"
    register_username_rate_limit: str = "10/hour"  # one name, from any address
    turn_rate_limit: str = "60/minute"

    forwarded_allow_ips: str = Field(
        default="",
        description=(
            "Comma-separated addresses (or networks) of the reverse proxies whose "
            "X-Forwarded-For/-Proto are believed; empty: no one's, the peer address counts"
        ),
    )
    api_docs: bool | None = Field(
        default=None,
        description="Serve /docs, /redoc and /openapi.json (default: on, off in production)",
    )
    metrics_token: SecretStr | None = Field(
        default=None, description="When set, /metrics needs Authorization: Bearer <this>"
    )
    metrics_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="When set, /metrics moves to this port (on metrics_host) and off the API",
    )
    metrics_host: str = "127.0.0.1"

    cors_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    max_active_characters: int = Field(default=5, ge=1)
    log_level: str = "INFO"
    log_json: bool = True
    apply_migrations: bool = True
    retention_sweep_hours: float = Field(
        default=24.0, gt=0, description="Hours between data-retention sweeps"
    )
    serve_web: bool = True
    session_idle_minutes: float = Field(
        default=30.0,
        gt=0,
        description="An active journey with no turn for this long is paused (the tab was closed)",
    )
    idle_sweep_seconds: float = Field(
        default=60.0, gt=0, description="Seconds between sweeps that pause idle journeys"
    )

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str | None) -> str | None:
        if url is None:
            return None
        for plain, driver in (
            ("postgresql://", "postgresql+asyncpg://"),
            ("postgres://", "postgresql+asyncpg://"),
            ("sqlite://", "sqlite+aiosqlite://"),
        ):
            if url.startswith(plain):
                return driver + url.removeprefix(plain)
        return url

    @field_validator("cors_origins")
    @classmethod
    def _named_origins(cls, origins: list[str]) -> list[str]:
        # CORS here allows credentials (the refresh cookie): "*" would be answered with the
        # caller's own origin by the middleware, letting any site in.
        if any(origin.strip() in ("*", "null") for origin in origins):
            raise ValueError(
                "TTA_CORS_ORIGINS must name each allowed origin (https://host[:port]); "
                "'*' and 'null' are refused"
            )
        return origins

    @model_validator(mode="after")
    def _production_needs_a_strong_secret(self) -> Settings:
        if self.env != "production":
            return self
        secret = self.jwt_secret.get_secret_value() if self.jwt_secret else ""
        if len(secret) < MIN_SECRET_LENGTH or secret.lower() in _WEAK_SECRETS:
            raise ValueError(
                f"TTA_JWT_SECRET must be set to a random string of at least "
                f"{MIN_SECRET_LENGTH} characters when TTA_ENV=production"
            )
        # Length and variety say little ("passwordpasswordpasswordpassword1234" has both):
        # what counts is how many guesses the secret would take.
        guesses = secret_guesses(secret)
        if guesses < MIN_SECRET_GUESSES_LOG10:
            raise ValueError(
                f"TTA_JWT_SECRET is too easy to guess (about 10^{guesses:.0f} guesses, at "
                f"least 10^{MIN_SECRET_GUESSES_LOG10:.0f} needed); make a random one: {_MAKE_ONE}"
            )
        return self

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def serves_api_docs(self) -> bool:
        return self.api_docs if self.api_docs is not None else not self.production

    @property
    def metrics_on_api(self) -> bool:
        """Whether the API itself answers /metrics: not once they have their own port, and in
        production only behind a token (crisis and failed-login counts are not public)."""
        if self.metrics_port is not None:
            return False
        return self.metrics_token is not None or not self.production

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'tta.db').as_posix()}"

    def signing_secret(self) -> str:
        """The configured secret, or (outside production) the one kept in the data directory."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value()
        return load_or_create_secret(self.data_dir)


def process_environment() -> Mapping[str, str]:
    """This process's environment, where the feature flags are read from by default."""
    return os.environ


def load_or_create_secret(data_dir: Path) -> str:
    """A development secret: random on first use, then read back so tokens survive restarts."""
    path = data_dir / "jwt-secret"
    if path.exists():
        value = path.read_text().strip()
        if len(value) >= MIN_SECRET_LENGTH:
            return value
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(value)
    return value
