import time
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jose import jwt

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
    time.sleep(2.1)
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


# Any value a signed token may carry in a claim: JSON scalars at their extremes, containers.
_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([2**63, 10**20, -(2**63), 253_402_300_800, -62_135_596_801])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([1e300, -1e300, 1.5])
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
_CLAIMS = ("sub", "sid", "jti", "type", "iat", "exp")


@given(
    overrides=st.dictionaries(st.sampled_from(_CLAIMS), _JSON_VALUES, min_size=1, max_size=3),
    dropped=st.sets(st.sampled_from(_CLAIMS), max_size=2),
)
@settings(max_examples=300, deadline=None)
def test_any_claim_value_is_a_token_or_an_authentication_error(
    overrides: dict[str, object], dropped: set[str]
) -> None:
    codec = TokenCodec(SECRET, access_ttl=timedelta(minutes=1), refresh_ttl=timedelta(days=1))
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": "player-1",
        "sid": "family-1",
        "jti": "j-1",
        "type": "access",
        "iat": now,
        "exp": now + 60,
    }
    claims.update(overrides)
    for name in dropped:
        claims.pop(name, None)
    token = jwt.encode(claims, SECRET, algorithm="HS256")
    try:
        decoded = codec.decode(token, "access")
    except AuthenticationError:
        return
    # Whatever was accepted is a well-formed, unexpired access token of string ids.
    assert decoded.type == "access"
    assert all(isinstance(v, str) and v for v in (decoded.player_id, decoded.family_id))
    assert decoded.expires_at > datetime.now(UTC)


@pytest.mark.parametrize("value", [10**20, 2**63, 1e300, -(10**20), "9999999999", [1], None, True])
def test_an_out_of_range_or_mistyped_expiry_or_issue_time_is_refused(value: object) -> None:
    codec = TokenCodec(SECRET, access_ttl=timedelta(minutes=1), refresh_ttl=timedelta(days=1))
    for claim in ("exp", "iat"):
        claims = {"sub": "p", "sid": "f", "jti": "j", "type": "access", "iat": 1}
        claims["exp"] = int(time.time()) + 60
        claims[claim] = value
        with pytest.raises(AuthenticationError):
            codec.decode(jwt.encode(claims, SECRET, algorithm="HS256"), "access")
