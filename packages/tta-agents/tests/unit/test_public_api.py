import tta_agents


def test_public_api_is_exactly_what_we_mean_to_export() -> None:
    assert sorted(tta_agents.__all__) == []
