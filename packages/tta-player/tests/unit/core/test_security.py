from datetime import timedelta

import pytest

from tta_player.core.security import PasswordHasher, TokenCodec
from tta_player.errors import AuthenticationError

SECRET = "unit-test-secret-0123456789abcdefghijklmnop"  # pragma: allowlist secret


def test_passwords_are_argon2id_and_verify() -> None:
    hasher = PasswordHasher(time_cost=1, memory_kib=64, parallelism=1)
    hashed = hasher.hash("Tide-pool-73")
    assert hashed.startswith("$argon2id$")
    assert hasher.verify("Tide-pool-73", hashed)
    assert not hasher.verify("tide-pool-73", hashed)
    assert not hasher.verify("anything", "not-a-hash")
    assert not hasher.verify_unknown("anything")


def test_tokens_carry_type_family_and_expiry() -> None:
    codec = TokenCodec(SECRET, access_ttl=timedelta(minutes=15), refresh_ttl=timedelta(days=7))
    token, issued = codec.issue("player-1", "family-1", "access")
    claims = codec.decode(token, "access")
    assert claims == issued
    assert claims.expires_at - claims.issued_at == timedelta(minutes=15)
    with pytest.raises(AuthenticationError):
        codec.decode(token, "refresh")


def test_a_token_without_the_family_claim_is_refused() -> None:
    from jose import jwt

    codec = TokenCodec(SECRET, access_ttl=timedelta(minutes=1), refresh_ttl=timedelta(days=1))
    token = jwt.encode(
        {"sub": "p", "jti": "j", "type": "access", "iat": 1, "exp": 9_999_999_999},
        SECRET,
        algorithm="HS256",
    )
    with pytest.raises(AuthenticationError, match="missing"):
        codec.decode(token, "access")


def test_a_remembered_token_still_expires_and_keeps_its_type() -> None:
    codec = TokenCodec(SECRET, access_ttl=timedelta(seconds=1), refresh_ttl=timedelta(days=1))
    token, _ = codec.issue("player-1", "family-1", "access")
    assert codec.decode(token, "access").player_id == "player-1"
    assert codec.decode(token, "access").player_id == "player-1"  # from the cache
    with pytest.raises(AuthenticationError):
        codec.decode(token, "refresh")
    import time

    time.sleep(2.1)
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")
