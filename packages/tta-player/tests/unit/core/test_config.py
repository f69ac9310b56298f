import os
import stat

import pytest
from pydantic import SecretStr, ValidationError

from tta_player.core.config import Settings


def test_defaults_are_embedded_sqlite_in_the_data_directory(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.sqlalchemy_url == f"sqlite+aiosqlite:///{tmp_path}/tta.db"
    assert settings.access_token_minutes == 15
    assert settings.max_active_characters == 5


def test_plain_database_urls_get_async_drivers() -> None:
    assert Settings(database_url="postgresql://u@h/db").sqlalchemy_url == (
        "postgresql+asyncpg://u@h/db"
    )
    assert Settings(database_url="postgres://u@h/db").sqlalchemy_url.startswith(
        "postgresql+asyncpg://"
    )
    assert Settings(database_url="sqlite:///x.db").sqlalchemy_url == "sqlite+aiosqlite:///x.db"
    assert Settings(database_url="mysql+aiomysql://h/db").sqlalchemy_url == "mysql+aiomysql://h/db"


def test_settings_come_from_tta_environment_variables(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("TTA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TTA_ACCESS_TOKEN_MINUTES", "5")
    monkeypatch.setenv("TTA_CORS_ORIGINS", '["https://play.example.org"]')
    settings = Settings()
    assert settings.data_dir == tmp_path
    assert settings.access_token_minutes == 5
    assert settings.cors_origins == ["https://play.example.org"]


@pytest.mark.parametrize(
    "secret",
    [
        None,
        "changeme",
        "short-secret",
        "a" * 64,
        "secret",
        "passwordpasswordpasswordpassword1234",  # long and varied, yet guessed at once
        "abcdefghijklmnopqrstuvwxyz0123456789",
        "local-play-only-jwt-secret-set-your-own-in-dot-env",  # compose's placeholder
    ],
)
def test_production_refuses_missing_or_weak_secrets(secret) -> None:
    with pytest.raises(ValidationError, match="TTA_JWT_SECRET"):
        Settings(env="production", jwt_secret=SecretStr(secret) if secret else None)


def test_production_accepts_a_strong_secret() -> None:
    strong = "k3J9-x8Qw_2mZr7Tq5Lp0Vn4Hs6Yb1Cd"  # pragma: allowlist secret
    settings = Settings(env="production", jwt_secret=SecretStr(strong))
    assert settings.production
    assert settings.signing_secret() == strong


def test_development_generates_a_secret_once_and_keeps_it_private(tmp_path) -> None:
    first = Settings(data_dir=tmp_path).signing_secret()
    second = Settings(data_dir=tmp_path).signing_secret()
    assert first == second
    assert len(first) >= 32
    mode = stat.S_IMODE(os.stat(tmp_path / "jwt-secret").st_mode)
    assert mode == 0o600
    (tmp_path / "jwt-secret").write_text("too-short")
    assert Settings(data_dir=tmp_path).signing_secret() != "too-short"


@pytest.mark.parametrize("origins", [["*"], ["https://play.example.org", "*"], ["null"]])
def test_cors_refuses_wildcard_and_null_origins(origins) -> None:
    """Credentialed CORS (the refresh cookie) with "*" would let any site in: name them."""
    with pytest.raises(ValidationError, match="TTA_CORS_ORIGINS"):
        Settings(cors_origins=origins)


def test_cors_takes_listed_origins() -> None:
    assert Settings(cors_origins=["https://play.example.org"]).cors_origins == [
        "https://play.example.org"
    ]


def test_a_refused_secret_says_why_and_how_to_make_one() -> None:
    with pytest.raises(ValidationError, match="guess") as refused:
        Settings(env="production", jwt_secret=SecretStr("passwordpasswordpasswordpassword1234"))
    assert "token_urlsafe" in str(refused.value)


def test_random_secrets_of_the_usual_kinds_are_accepted() -> None:
    import secrets

    for _ in range(20):
        for secret in (secrets.token_urlsafe(24), secrets.token_hex(16), secrets.token_urlsafe(48)):
            Settings(env="production", jwt_secret=SecretStr(secret))
