"""``create_app`` reads the feature flags from the environment its caller passes."""

from pathlib import Path

import pytest

from tta_core import Component, Mode, TTACoreError
from tta_player import Settings, create_app


def test_flags_come_from_the_environment_passed_in_not_the_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTA_FLAG_DOCKER", "nonsense")
    settings = Settings(data_dir=tmp_path)

    app = create_app(settings, environ={"TTA_FLAG_PLAYER_EXPERIENCE": "new"})
    assert app.state.rollout_flags[Component.DOCKER].mode is Mode.NEW

    with pytest.raises(TTACoreError, match="nonsense"):
        create_app(settings, environ={"TTA_FLAG_DOCKER": "nonsense"})


def test_without_one_the_process_environment_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTA_FLAG_DOCKER", "nonsense")
    with pytest.raises(TTACoreError, match="nonsense"):
        create_app(Settings(data_dir=tmp_path))
