"""Unit-test fixtures. Unit tests run without the model files: the safety engine reads with
the rules alone unless a test hands it a ``FakeEncoder``; the real encoder is exercised in
``tests/integration``."""

from __future__ import annotations

import pytest

from tta_agents import (
    AgentPipeline,
    AgentSettings,
    TurnRequest,
    WorldState,
    build_pipeline,
)
from tta_agents.testing import KeywordChecker


@pytest.fixture(autouse=True)
def _rules_only_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTA_SAFETY_MODEL", "false")
    monkeypatch.setenv("TTA_UNDERSTANDING_MODEL", "false")


@pytest.fixture
def checker() -> KeywordChecker:
    return KeywordChecker()


@pytest.fixture
def pipeline(checker: KeywordChecker) -> AgentPipeline:
    return build_pipeline(AgentSettings(), checker=checker)


class Player:
    """Plays one session turn by turn, keeping the state the way tta_player would."""

    def __init__(self, pipeline: AgentPipeline, world_id: str, session_id: str = "s-1") -> None:
        self.pipeline = pipeline
        self.world_id = world_id
        self.session_id = session_id
        self.state: WorldState = pipeline.catalog.new_state(world_id)
        self.results = []

    async def say(self, text: str, **extra):
        result = await self.pipeline.run_turn(
            TurnRequest(
                session_id=self.session_id,
                world_id=self.world_id,
                text=text,
                state=self.state,
                **extra,
            )
        )
        self.state = result.state
        self.results.append(result)
        return result


@pytest.fixture
def garden(pipeline: AgentPipeline) -> Player:
    return Player(pipeline, "mindfulness_garden")
