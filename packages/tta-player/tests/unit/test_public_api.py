import tta_player


def test_the_public_api_is_what_we_mean_to_export() -> None:
    assert sorted(tta_player.__all__) == [
        "AccountLockedError",
        "AuthenticationError",
        "ConfigurationError",
        "ConflictError",
        "InvalidInputError",
        "LimitReachedError",
        "NotFoundError",
        "PermissionDeniedError",
        "PlayerServiceError",
        "RateLimitedError",
        "ServiceUnavailableError",
        "Settings",
        "create_app",
    ]
    for name in tta_player.__all__:
        assert getattr(tta_player, name) is not None


def test_every_error_is_a_player_service_error() -> None:
    errors = [getattr(tta_player, n) for n in tta_player.__all__ if n.endswith("Error")]
    assert all(issubclass(e, tta_player.PlayerServiceError) for e in errors)
